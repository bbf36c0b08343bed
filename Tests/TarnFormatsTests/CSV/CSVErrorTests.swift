// Malformed CSV: every error names the file, line and field; skipped rows are counted and reported.
import TarnCore
import Testing

@testable import TarnFormats

@Suite struct CSVErrorTests {
  func file(_ name: String, _ text: String) -> String {
    let path = FormatFixtures.scratchDirectory("errors") + "/" + name
    writeFile(path, text)
    return path
  }

  @Test func raggedRowFailsWithLineAndColumn() throws {
    let path = FormatFixtures.csv("ragged.csv")
    let error = #expect(throws: FormatError.self) { try readCSV(path) }
    #expect(error?.reason == .raggedRow(expected: 3, found: 2))
    #expect(error?.location.file == path)
    #expect(error?.location.line == 3)
    #expect(error?.location.column == 3)
    #expect(error?.description == "\(path):3:3: expected 3 fields, found 2")
  }

  @Test func raggedRowsSkippedAndReported() throws {
    var options = CSVReadOptions()
    options.errorPolicy = .skip(keepingFirst: 1)
    let (schema, rows, reader) = try readCSV(FormatFixtures.csv("ragged.csv"), options)
    #expect(typeNames(schema) == ["a BIGINT", "b BIGINT", "c BIGINT"])
    #expect(rows == [["1", "2", "3"], ["6", "7", "8"], ["13", "14", "15"]])
    #expect(reader.rejectedRowCount == 2)
    #expect(reader.rejectedRows == [CSVRejectedRow(file: FormatFixtures.csv("ragged.csv"), line: 3, reason: "expected 3 fields, found 2")])
  }

  @Test func skippedRowLinesCountQuotedLineBreaks() throws {
    let path = file("ragged_multiline.csv", "a,b\n\"x\ny\",1\n2\n3,4\n5,6,7\n")
    var options = CSVReadOptions()
    options.errorPolicy = .skip()
    options.threads = 1
    let (_, rows, reader) = try readCSV(path, options)
    #expect(rows == [["x\ny", "1"], ["3", "4"]])
    #expect(reader.rejectedRows.map(\.line) == [4, 6])
  }

  /// A value that does not fit a fixed type: an error with file:line:column by default, a dropped and
  /// reported row under the skip policy (with every other row of the chunk kept, in order).
  @Test func fixedTypeMisfitsFailOrAreSkipped() throws {
    var text = "id,n,s\n"
    for i in 0..<3000 { text += i == 1500 ? "\(i),oops,x\n" : i == 2999 ? "\(i),NA,y\n" : "\(i),\(i * 2),z\n" }
    let path = file("fixed_misfit.csv", text)
    var options = CSVReadOptions()
    options.columnTypes["n"] = DataTypeOverride(.bigint)
    options.nullStrings = ["", "NA"]
    let error = #expect(throws: FormatError.self) { try readCSV(path, options) }
    #expect(error?.description == "\(path):1502:2: column 'n': value 'oops' does not fit type BIGINT")
    options.errorPolicy = .skip(keepingFirst: 10)
    let (schema, rows, reader) = try readCSV(path, options)
    #expect(typeNames(schema) == ["id BIGINT", "n BIGINT", "s VARCHAR"])
    #expect(rows.count == 2999)
    #expect(rows[1499] == ["1499", "2998", "z"])
    #expect(rows[1500] == ["1501", "3002", "z"])
    #expect(rows.last == ["2999", nil, "y"])
    #expect(reader.rejectedRowCount == 1)
    #expect(reader.rejectedRows.map(\.line) == [1502])
    #expect(reader.rejectedRows.first?.reason == "column 'n': value 'oops' does not fit type BIGINT")
  }

  /// Every row of a whole chunk (1,024 rows) rejected: the rows after it are still read.
  @Test func wholeChunkOfMisfitsSkipped() throws {
    var text = "n\n"
    for i in 0..<5000 { text += (1000..<2100).contains(i) ? "bad\(i)\n" : "\(i)\n" }
    let path = file("chunk_misfits.csv", text)
    var options = CSVReadOptions()
    options.columnTypes["n"] = DataTypeOverride(.bigint)
    options.errorPolicy = .skip(keepingFirst: 0)
    options.threads = 1
    let (_, rows, reader) = try readCSV(path, options)
    #expect(rows.count == 5000 - 1100)
    #expect(rows.last == ["4999"])
    #expect(rows[1000] == ["2100"])
    #expect(reader.rejectedRowCount == 1100)
  }

  @Test func unterminatedQuote() throws {
    let path = file("unterminated.csv", "a,b\n1,2\n3,\"never closed\n4,5\n")
    var options = CSVReadOptions()
    options.quote = .some(UInt8(ascii: "\""))
    options.delimiter = UInt8(ascii: ",")
    options.escape = .some(nil)
    let error = #expect(throws: FormatError.self) { try readCSV(path, options) }
    #expect(error?.location.line == 3)
    if case .truncated = error?.reason {} else { Issue.record("expected .truncated, got \(String(describing: error))") }
  }

  @Test func textAfterClosingQuote() throws {
    let path = file("after_quote.csv", "a,b\n1,\"x\"y\n")
    var options = CSVReadOptions()
    options.quote = .some(UInt8(ascii: "\""))
    options.delimiter = UInt8(ascii: ",")
    let error = #expect(throws: FormatError.self) { try readCSV(path, options) }
    #expect(error?.reason == .malformed("unexpected character after a closing quote"))
    #expect(error?.location.line == 2)
    // Left to the sniffer, a quote that breaks the file is not taken as the quote (as DuckDB does).
    let (_, rows, _) = try readCSV(path)
    #expect(rows == [["1", "\"x\"y"]])
  }

  @Test func invalidUTF8() throws {
    let path = FormatFixtures.scratchDirectory("errors") + "/latin1.csv"
    writeFile(path, Array("name\nok\n".utf8) + [0x63, 0x61, 0x66, 0xe9, 0x0a])
    let error = #expect(throws: FormatError.self) { try readCSV(path) }
    #expect(error?.reason == .invalidUTF8)
    #expect(error?.location.line == 3)
    var options = CSVReadOptions()
    options.validateUTF8 = false
    #expect(throws: Never.self) { try readCSV(path, options) }
  }

  @Test func unknownOverrideColumn() {
    var options = CSVReadOptions()
    options.columnTypes = ["nope": DataTypeOverride(.bigint)]
    let error = #expect(throws: FormatError.self) { try readCSV(FormatFixtures.csv("basic.csv"), options) }
    if case .invalidOption = error?.reason {} else { Issue.record("expected .invalidOption") }
  }

  @Test func typeOverrideParsing() {
    #expect(DataTypeOverride(sqlName: "bigint")?.type == .bigint)
    #expect(DataTypeOverride(sqlName: "DECIMAL(18, 3)")?.type == .decimal(scale: 3))
    #expect(DataTypeOverride(sqlName: "timestamptz")?.type == .timestampTZ(nanoseconds: false))
    #expect(DataTypeOverride(sqlName: "blob") == nil)
    #expect(DataTypeOverride.parseAssignment("price=DOUBLE")?.name == "price")
    #expect(DataTypeOverride.parseAssignment("=DOUBLE") == nil)
  }
}
