// BoxTableWriter: byte-for-byte against DuckDB 1.1.3's box renderer (Fixtures/BoxTable.duckdb-1.1.3.txt).
import Foundation
import Testing
import TarnCore
@testable import TarnFormats

/// Sections of the fixture, by the name after `=====`.
let duckDBBoxTables: [String: String] = {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/BoxTable.duckdb-1.1.3.txt")
  let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
  var sections: [String: String] = [:]
  for chunk in text.components(separatedBy: "===== ").dropFirst() {
    let newline = chunk.firstIndex(of: "\n")!
    let name = String(chunk[..<newline])
    var body = String(chunk[chunk.index(after: newline)...])
    while body.hasSuffix("\n\n") { body.removeLast() }
    sections[name] = body
  }
  return sections
}()

func box(_ batches: [RecordBatch], options: BoxTableWriter.Options = .init()) throws -> String {
  try output(batches) { BoxTableWriter(schema: batches[0].schema, sink: $0, options: options) }
}

func expectMatchesDuckDB(_ name: String, _ batches: [RecordBatch], options: BoxTableWriter.Options = .init()) throws {
  let expected = try #require(duckDBBoxTables[name], "fixture section \(name)")
  let actual = try box(batches, options: options)
  #expect(actual == expected, "\(name):\n\(actual)")
}

func int64s(_ range: Range<Int>) -> ColumnVector { fixed(.int64, range.map { Int64($0) }) }

@Test func boxScalars() throws {
  try expectMatchesDuckDB("scalars", [batch([
    "a": fixed(.int8, [Int8(1)]), "b": fixed(.int64, [Int64(2)]), "c": fixed(.float64, [3.5]),
    "s": strings(["héllo wörld"]), "d": fixed(.date, [Int32(-1)]),
  ])])
}

@Test func boxNestedAndNull() throws {
  let list = vector(.list(Field("element", .int32))) { b in
    for v: Int32 in [1, 2, 3] { b.children[0].append(v) }
    b.closeListRow()
  }
  let structure = vector(.structure([Field("a", .int32), Field("b", .string)])) { b in
    b.children[0].append(Int32(1)); b.children[1].append(string: "x"); b.closeStructRow()
  }
  let map = vector(.map(key: Field("key", .int32), value: Field("value", .string))) { b in
    for (k, v) in [(Int32(1), "a"), (2, "b")] {
      b.children[0].children[0].append(k); b.children[0].children[1].append(string: v); b.children[0].closeStructRow()
    }
    b.closeListRow()
  }
  try expectMatchesDuckDB("nested", [batch([
    "n": fixed(.int32, [Int32?.none]), "l": list, "st": structure, "m": map,
    "dd": fixed(.decimal(precision: 10, scale: 2), [Int64(150)]),
  ])])
}

@Test func boxIntervalBooleanBlobUUID() throws {
  let uuid: [UInt8] = [0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78]
  try expectMatchesDuckDB("misc", [batch([
    "iv": fixedBytes(.interval, [intervalBytes(months: 14, days: 3, micros: 14_706_700_000)]),
    "bo": vector(.boolean) { $0.append(true) },
    "bl": binary([[0xAA, 0x41, 0x27, 0x22]]),
    "u": fixedBytes(.uuid, [uuid]),
  ])])
}

@Test func boxElidesRowsPastTheLimit() throws {
  // Three batches, so the shown rows come from different batches.
  let batches = [0..<300, 300..<600, 600..<1000].map { batch(["x": int64s($0)]) }
  try expectMatchesDuckDB("range1000", batches)
  let two = [0..<500, 500..<1000].map { r in batch(["x": int64s(r), "s": strings(r.map { String($0) })]) }
  try expectMatchesDuckDB("two1000", two)
  let three = batch([
    "a": strings(Array(repeating: "abc", count: 100)), "b": strings(Array(repeating: "x", count: 100)),
    "c": fixed(.int32, Array(repeating: Int32(1), count: 100)),
  ])
  try expectMatchesDuckDB("three100", [three])
}

@Test func boxShowsEveryRowUpToLimitPlusThree() throws {
  try expectMatchesDuckDB("range43", [batch(["x": int64s(0..<43)])])
  #expect(try box([batch(["x": int64s(0..<44)])]).contains("44 rows"))
}

@Test func boxEmptyResults() throws {
  try expectMatchesDuckDB("empty1", [batch(["x": fixed(.int32, [Int32?]())])])
  try expectMatchesDuckDB("empty2", [batch(["x": fixed(.int32, [Int32?]()), "y": fixed(.int32, [Int32?]())])])
}

@Test func boxRowCountFooter() throws {
  try expectMatchesDuckDB("ten1", [batch(["x": int64s(0..<10)])])
  try expectMatchesDuckDB("ten2", [batch(["x": int64s(0..<10), "y": fixed(.int64, (0..<10).map { Int64($0 * 2) })])])
  let wide = batch(["x": int64s(0..<30), "s": strings((0..<30).map { String(repeating: "ab", count: $0) })])
  try expectMatchesDuckDB("wide30", [wide], options: .init(maxColumnWidth: 80))
}

@Test func boxEscapesAndWideCharacters() throws {
  try expectMatchesDuckDB("escapes", [batch(["x": strings(["a\nb"]), "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy": strings(["ab"])])])
  try expectMatchesDuckDB("widechars", [batch(["a": strings(["日本語"]), "b": strings(["e\u{301}"])])])
  try expectMatchesDuckDB("nulls", [batch([
    "i": fixed(.int32, [Int32(1), nil]), "s": strings(["x", nil]), "d": fixed(.float64, [nil, 2.5]),
  ])])
}

@Test func boxTruncatesLongValues() throws {
  let text = try box([batch(["s": strings(["abcdefghijklmnop", "short"]), "n": fixed(.int64, [Int64(1), 22])])],
    options: .init(maxColumnWidth: 10))
  #expect(text == """
    ┌────────────┬───────┐
    │     s      │   n   │
    │  varchar   │ int64 │
    ├────────────┼───────┤
    │ abcdefghi… │     1 │
    │ short      │    22 │
    └────────────┴───────┘

    """)
}

@Test func boxAlwaysShowsRowCountWhenAsked() throws {
  let text = try box([batch(["x": int64s(0..<3)])], options: .init(alwaysShowsRowCount: true))
  // DuckDB would end after the rows; the footer widens the column to fit `3 rows`.
  #expect(text == """
    ┌────────┐
    │   x    │
    │ int64  │
    ├────────┤
    │      0 │
    │      1 │
    │      2 │
    ├────────┤
    │ 3 rows │
    └────────┘

    """)
}

@Test func boxTypeNames() {
  #expect(BoxTableWriter.typeName(.int16) == "int16")
  #expect(BoxTableWriter.typeName(.uint64) == "uint64")
  #expect(BoxTableWriter.typeName(.list(Field("e", .list(Field("e", .int32))))) == "int32[][]")
  #expect(BoxTableWriter.typeName(.timestamp(.microsecond, isAdjustedToUTC: true)) == "timestamp with time zone")
  #expect(BoxTableWriter.typeName(.timestamp(.millisecond, isAdjustedToUTC: false)) == "timestamp_ms")
  #expect(BoxTableWriter.typeName(.fixedBinary(4)) == "blob")
  #expect(BoxTableWriter.typeName(.map(key: Field("k", .string), value: Field("v", .float64))) == "map(varchar, double)")
}

@Test func boxResolvesDictionariesAndNestedNulls() throws {
  let words = dictionaryEncoded(strings(["a", "bb"]), [1, nil, 0])
  let list = vector(.list(Field("element", .string))) { b in
    b.children[0].append(string: "x"); b.children[0].appendNull(); b.closeListRow()
    b.appendNull()
    b.closeListRow()
  }
  let text = try box([batch(["w": words, "l": list])])
  #expect(text == """
    ┌─────────┬───────────┐
    │    w    │     l     │
    │ varchar │ varchar[] │
    ├─────────┼───────────┤
    │ bb      │ [x, NULL] │
    │ NULL    │ NULL      │
    │ a       │ []        │
    └─────────┴───────────┘

    """)
}

@Test func boxTruncatesByDisplayWidth() throws {
  let text = try box([batch(["s": strings(["日本語日本", "e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}"])])], options: .init(maxColumnWidth: 5))
  #expect(text == """
    ┌───────┐
    │   s   │
    │ varc… │
    ├───────┤
    │ 日本… │
    │ éééé… │
    └───────┘

    """)
}
