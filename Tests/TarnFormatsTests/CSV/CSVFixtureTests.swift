// Every hand-made CSV fixture, with the column names, types and values Tarn must read from it.
import TarnCore
import Testing

@testable import TarnFormats

/// One fixture and what reading it must give.
struct CSVFixtureCase: CustomTestStringConvertible, Sendable {
  var file: String
  var columns: [String]
  var rows: [[String?]]
  var testDescription: String { file }
}

@Suite struct CSVFixtureTests {
  static let basicColumns = [
    "id BIGINT", "price DOUBLE", "name VARCHAR", "day DATE", "seen_at TIMESTAMP", "active BOOLEAN",
  ]
  static let basicRows: [[String?]] = [
    ["1", "2.5", "apple", "2024-01-02", "2024-01-02 03:04:05", "true"],
    ["2", "-3.25", "banana, ripe", "2024-02-29", "2024-02-29 23:59:59.123456", "false"],
    ["-3", "1000.0", nil, "2023-12-31", "2023-12-31 00:00:00", "true"],
  ]

  static let cases: [CSVFixtureCase] = [
    CSVFixtureCase(file: "basic.csv", columns: basicColumns, rows: basicRows),
    // Compression is found from magic bytes, whatever the name.
    CSVFixtureCase(file: "basic.csv.gz", columns: basicColumns, rows: basicRows),
    CSVFixtureCase(file: "basic.csv.zst", columns: basicColumns, rows: basicRows),
    CSVFixtureCase(file: "basic.csv.lz4", columns: basicColumns, rows: basicRows),
    CSVFixtureCase(file: "basic_csv_without_extension", columns: basicColumns, rows: basicRows),
    // Two gzip members, split in the middle of a field.
    CSVFixtureCase(
      file: "multi_member.csv.gz", columns: ["id BIGINT", "name VARCHAR"],
      rows: [["1", "alpha"], ["2", "beta"], ["3", "gamma"]]),
    CSVFixtureCase(
      file: "multi_member_padded.csv.gz", columns: ["id BIGINT", "name VARCHAR"],
      rows: [["1", "alpha"], ["2", "beta"], ["3", "gamma"]]),
    // A quoted "" is an empty string (DuckDB reads NULL); an empty unquoted field is NULL.
    CSVFixtureCase(
      file: "embedded_newlines.csv", columns: ["id BIGINT", "note VARCHAR", "score BIGINT"],
      rows: [
        ["1", "line one\nline two", "10"], ["2", "she said \"hi\"", "20"], ["3", "a,b,c", "30"], ["4", "", "40"],
        ["5", nil, "50"], ["6", "multi\n\nblank lines", "60"],
      ]),
    CSVFixtureCase(
      file: "bom_crlf.csv", columns: ["city VARCHAR", "population BIGINT"],
      rows: [["Oslo", "709037"], ["Bergen\r\nNorway", "291940"], ["Trondheim", "214565"]]),
    CSVFixtureCase(
      file: "semicolon.csv", columns: ["a VARCHAR", "b BIGINT", "c VARCHAR"],
      rows: [["1,5", "2", "x"], ["3,25", "4", "y"]]),
    CSVFixtureCase(
      file: "pipe.csv", columns: ["name VARCHAR", "qty BIGINT", "unit price DOUBLE"],
      rows: [["bolt", "100", "0.05"], ["nut", "250", "0.02"], ["washer", nil, "0.01"]]),
    CSVFixtureCase(
      file: "tab.tsv", columns: ["k BIGINT", "v VARCHAR", "flag BOOLEAN"],
      rows: [["1", "hello world", "true"], ["2", "tab\\tseparated", "false"]]),
    CSVFixtureCase(
      file: "no_header.csv", columns: ["column0 BIGINT", "column1 VARCHAR", "column2 DOUBLE"],
      rows: [["1", "alpha", "2.5"], ["2", "beta", "3.5"], ["3", "gamma", "4.5"]]),
    CSVFixtureCase(
      file: "eleven_columns.csv", columns: (0...10).map { "column" + ($0 < 10 ? "0" : "") + "\($0) BIGINT" },
      rows: [(1...11).map { "\($0)" }, (12...22).map { "\($0)" }]),
    // NULL and NA are text unless asked for (see nullTokensOption).
    CSVFixtureCase(
      file: "null_tokens.csv", columns: ["a VARCHAR", "b VARCHAR", "c VARCHAR"],
      rows: [["1", "NULL", "x"], ["NA", "2", "NULL"], ["3", "NA", "y"]]),
    // Beyond int64: DECIMAL(38,0), exact (DuckDB: HUGEINT). 2^53 + 1 stays a BIGINT.
    CSVFixtureCase(
      file: "bigints.csv",
      columns: [
        "small BIGINT", "exact_big BIGINT", "min_max BIGINT", "beyond_int64 DECIMAL(38,0)", "huge DECIMAL(38,0)",
      ],
      rows: [
        ["1", "9007199254740993", "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890"],
        [
          "-2", "9007199254740992", "9223372036854775807", "-9223372036854775809",
          "-99999999999999999999999999999999999999",
        ],
      ]),
    // 9007199254740993 next to fractions: a double would round it (DuckDB does), so DECIMAL.
    CSVFixtureCase(
      file: "decimal_mix.csv", columns: ["v DECIMAL(38,2)"],
      rows: [["1.50"], ["9007199254740993.00"], ["-0.25"]]),
    CSVFixtureCase(
      file: "temporal.csv",
      columns: [
        "d DATE", "ts TIMESTAMP", "ts_ns TIMESTAMP_NS", "ts_tz TIMESTAMP WITH TIME ZONE", "t TIME",
      ],
      rows: [
        ["2024-01-02", "2024-01-02 03:04:05.5", "2024-01-02 03:04:05.123456789", "2024-01-02 03:04:05Z", "12:30:00"],
        [
          "1969-12-31", "1969-12-31 23:59:59.999999", "1970-01-01 00:00:00.000000001", "2024-01-02 01:04:05.25Z",
          "23:59:59.999999",
        ],
        ["2000-02-29", "2000-02-29 12:00:00", "2000-02-29 12:00:00", "2024-01-02 08:34:05Z", "00:00:00"],
      ]),
    CSVFixtureCase(
      file: "booleans.csv", columns: ["flag BOOLEAN", "yn BOOLEAN", "num BIGINT"],
      rows: [["true", "true", "1"], ["false", "false", "0"], ["true", "true", "1"], ["false", "false", "0"]]),
    CSVFixtureCase(
      file: "boolean_then_text.csv", columns: ["word VARCHAR"], rows: [["T"], ["F"], ["true"], ["maybe"]]),
    CSVFixtureCase(file: "comments.csv", columns: ["a BIGINT", "b BIGINT"], rows: [["1", "2"], ["3", "4"]]),
    CSVFixtureCase(
      file: "backslash_escape.csv", columns: ["id BIGINT", "text VARCHAR"],
      rows: [["1", "a \"quoted\" word"], ["2", "back\\slash"], ["3", "plain"]]),
    CSVFixtureCase(
      file: "duplicate_names.csv",
      columns: ["a BIGINT", "A_1 BIGINT", "a_2 BIGINT", "column3 BIGINT", "b BIGINT", "a_3 BIGINT"],
      rows: [["1", "2", "3", "4", "5", "6"]]),
    CSVFixtureCase(
      file: "single_quote.csv", columns: ["name VARCHAR", "motto VARCHAR"],
      rows: [["Smith, J", "plain"], ["O'Brien", "other"]]),
    // A quote inside an unquoted field is data, as in DuckDB.
    CSVFixtureCase(file: "stray_quote.csv", columns: ["a BIGINT", "b VARCHAR"], rows: [["1", "x\"y"], ["2", "z"]]),
    // Leading zeros keep a column text (zip codes), as in DuckDB.
    CSVFixtureCase(
      file: "leading_zeros.csv", columns: ["zip VARCHAR", "code VARCHAR"], rows: [["00501", "A1"], ["02134", "B2"]]),
    // Quoted numbers are numbers; an empty field in a typed column is NULL, quoted or not.
    CSVFixtureCase(
      file: "quoted_numbers.csv", columns: ["x BIGINT", "y BIGINT"], rows: [["1", "5"], ["2", nil], ["3", nil]]),
    CSVFixtureCase(file: "blank_lines.csv", columns: ["a BIGINT", "b BIGINT"], rows: [["1", "2"], ["3", "4"]]),
    CSVFixtureCase(file: "single_column_blanks.csv", columns: ["only VARCHAR"], rows: [[nil], [nil], ["x"]]),
    CSVFixtureCase(file: "empty.csv", columns: ["column0 VARCHAR"], rows: []),
    CSVFixtureCase(file: "header_only.csv", columns: ["a VARCHAR", "b VARCHAR", "c VARCHAR"], rows: []),
    CSVFixtureCase(file: "no_trailing_newline.csv", columns: ["a BIGINT", "b BIGINT"], rows: [["1", "2"]]),
    // 1e400 overflows a double: text, not infinity (DuckDB stores inf).
    CSVFixtureCase(file: "double_overflow.csv", columns: ["x VARCHAR"], rows: [["1e400"], ["2"]]),
    CSVFixtureCase(
      file: "quoted_first_row.csv", columns: ["name VARCHAR", "value BIGINT"], rows: [["quoted header?", "1"]]),
  ]

  @Test(arguments: cases)
  func readsFixture(_ fixture: CSVFixtureCase) throws {
    for threads in [1, 3] {
      var options = CSVReadOptions()
      options.threads = threads
      let (schema, rows, _) = try readCSV(FormatFixtures.csv(fixture.file), options)
      #expect(typeNames(schema) == fixture.columns, "threads \(threads)")
      #expect(rows == fixture.rows, "threads \(threads)")
    }
  }

  @Test func nullTokensOption() throws {
    var options = CSVReadOptions()
    options.nullStrings = ["", "NULL", "NA"]
    let (schema, rows, _) = try readCSV(FormatFixtures.csv("null_tokens.csv"), options)
    #expect(typeNames(schema) == ["a BIGINT", "b BIGINT", "c VARCHAR"])
    #expect(rows == [["1", nil, "x"], [nil, "2", nil], ["3", nil, "y"]])
  }

  @Test func detectedDialects() throws {
    func dialect(_ file: String) throws -> CSVDialect { try CSVSniffer.sniff(path: FormatFixtures.csv(file)).plan.dialect }
    #expect(try dialect("semicolon.csv").delimiter == UInt8(ascii: ";"))
    #expect(try dialect("pipe.csv").delimiter == UInt8(ascii: "|"))
    #expect(try dialect("tab.tsv").delimiter == UInt8(ascii: "\t"))
    #expect(try dialect("single_quote.csv").quote == UInt8(ascii: "'"))
    #expect(try dialect("backslash_escape.csv").escape == UInt8(ascii: "\\"))
    #expect(try dialect("comments.csv").comment == UInt8(ascii: "#"))
    #expect(try dialect("basic.csv") == CSVDialect())
  }

  @Test func headerDetection() throws {
    func header(_ file: String) throws -> Bool { try CSVSniffer.sniff(path: FormatFixtures.csv(file)).plan.hasHeader }
    #expect(try header("basic.csv"))
    #expect(try !header("no_header.csv"))
    #expect(try !header("eleven_columns.csv"))
    // All columns VARCHAR: DuckDB's rule takes the first row as the header.
    #expect(try header("null_tokens.csv"))
    #expect(try header("header_only.csv"))
  }
}
