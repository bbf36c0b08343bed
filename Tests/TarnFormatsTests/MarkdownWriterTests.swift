// MarkdownWriter: pipe tables with escaped cells, NULL text, and a header even for no rows.
import Testing
import TarnCore
@testable import TarnFormats

@Test func markdownTable() throws {
  let b = batch([
    "name": strings(["a|b", "line\nbreak", "crlf\r\nx", nil, ""]),
    "n": fixed(.int64, [Int64(1), -2, nil, 4, 5]),
  ])
  let text = try output([b]) { MarkdownWriter(schema: b.schema, sink: $0) }
  #expect(text == #"""
    | name | n |
    | --- | --- |
    | a\|b | 1 |
    | line<br>break | -2 |
    | crlf<br>x | NULL |
    | NULL | 4 |
    |  | 5 |

    """#)
}

@Test func markdownEmptyResultKeepsHeader() throws {
  let b = batch(["x|y": fixed(.int32, [Int32?]())])
  let text = try output([b]) { MarkdownWriter(schema: b.schema, sink: $0, nullText: "") }
  #expect(text == "| x\\|y |\n| --- |\n")
}

@Test func markdownNestedValues() throws {
  let list = vector(.list(Field("element", .int32))) { b in
    b.children[0].append(Int32(1)); b.children[0].appendNull(); b.closeListRow()
  }
  let b = batch(["l": list])
  let text = try output([b]) { MarkdownWriter(schema: b.schema, sink: $0) }
  #expect(text == "| l |\n| --- |\n| [1, NULL] |\n")
}
