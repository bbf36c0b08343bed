// CSV and JSON files in FROM: plain paths sniffed by extension or content, read_csv/read_json options, errors.
#if canImport(Glibc)
import Glibc
#endif
import TarnCore
import TarnFormats
import Testing

@testable import TarnEngine

@Suite struct TextFileSourceTests {
  static let fixtures: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)  // Tests/TarnEngineTests/Catalog/TextFileSourceTests.swift
    return parts.joined(separator: "/") + "/Fixtures"
  }()

  static func scratch(_ name: String, _ text: String) -> String {
    let dir = "/tmp/tarn-engine-tests-\(getpid())"
    mkdir(dir, 0o755)
    let path = dir + "/" + name
    let file = fopen(path, "wb")!
    _ = text.withCString { fputs($0, file) }
    fclose(file)
    return path
  }

  /// Runs one statement; returns column "name TYPE" strings and rows rendered as text (nil for NULL).
  static func run(_ sql: String) throws -> (columns: [String], rows: [[String?]]) {
    let engine = QueryEngine()
    let statement = try engine.parse(sql)[0]
    let result = try engine.execute(statement)
    var rows: [[String?]] = []
    while let batch = try result.next() {
      for r in 0..<batch.count {
        rows.append(batch.columns.map { column in
          var bytes: [UInt8] = []
          return ValueFormatter.appendText(of: column, row: r, to: &bytes) ? String(decoding: bytes, as: UTF8.self) : nil
        })
      }
    }
    return (result.schema.fields.map { "\($0.name) \($0.type.sqlName)" }, rows)
  }

  @Test func plainCSVPathIsSniffed() throws {
    let (columns, rows) = try Self.run("SELECT * FROM '\(Self.fixtures)/csv/basic.csv.gz'")
    #expect(columns == ["id BIGINT", "price DOUBLE", "name VARCHAR", "day DATE", "seen_at TIMESTAMP", "active BOOLEAN"])
    #expect(rows.count == 3)
    #expect(rows[1] == ["2", "-3.25", "banana, ripe", "2024-02-29", "2024-02-29 23:59:59.123456", "false"])
    #expect(rows[2][2] == nil)
  }

  @Test func fileWithoutExtensionIsSniffedByContent() throws {
    let (columns, rows) = try Self.run("SELECT id, name FROM '\(Self.fixtures)/csv/basic_csv_without_extension' WHERE id > 0")
    #expect(columns == ["id BIGINT", "name VARCHAR"])
    #expect(rows == [["1", "apple"], ["2", "banana, ripe"]])
  }

  @Test func readCSVOptionsOverrideSniffing() throws {
    let path = Self.scratch("opts.txt", "1|NA|x\n2|5|NA\n")
    let (columns, rows) = try Self.run(
      "SELECT * FROM read_csv('\(path)', delim='|', header=false, nullstr='NA', columns={'k': 'BIGINT', 'v': 'DOUBLE', 's': 'VARCHAR'})")
    #expect(columns == ["k BIGINT", "v DOUBLE", "s VARCHAR"])
    #expect(rows == [["1", nil, "x"], ["2", "5.0", nil]])
    let typed = try Self.run("SELECT * FROM read_csv('\(path)', delim='|', header=false, types={'column1': 'VARCHAR'}, sample_size=-1)")
    #expect(typed.columns == ["column0 BIGINT", "column1 VARCHAR", "column2 VARCHAR"])
  }

  @Test func readCSVSkipsRaggedRowsWhenAsked() throws {
    let (_, rows) = try Self.run("SELECT a FROM read_csv('\(Self.fixtures)/csv/ragged.csv', ignore_errors=true)")
    #expect(rows == [["1"], ["6"], ["13"]])
    #expect(throws: EngineError.self) { try Self.run("SELECT * FROM '\(Self.fixtures)/csv/ragged.csv'") }
  }

  @Test func readJSONReadsNestedRecords() throws {
    let (columns, rows) = try Self.run("SELECT id FROM read_json('\(Self.fixtures)/json/nested.ndjson') WHERE \"user\" IS NULL")
    #expect(columns == ["id BIGINT"])
    #expect(rows == [["3"]])
    let described = try Self.run("DESCRIBE SELECT * FROM read_json('\(Self.fixtures)/json/nested.ndjson', format='newline_delimited')")
    #expect(described.rows.map { $0[1] } == [
      "BIGINT", "STRUCT(name VARCHAR, tags VARCHAR[], age BIGINT)", "BIGINT[]", "STRUCT(t BIGINT, k VARCHAR)[]",
    ])
    let array = try Self.run("SELECT count(*) FROM '\(Self.fixtures)/json/array.json'")
    #expect(array.rows == [["3"]])
  }

  @Test func unknownOptionIsABindError() {
    do {
      _ = try Self.run("SELECT * FROM read_csv('\(Self.fixtures)/csv/basic.csv', delimeter=',')")
      Issue.record("expected an error")
    } catch let error as EngineError {
      #expect(error.message.contains("Invalid named parameter \"delimeter\""))
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  /// A value past the sample that needs a wider type: the query names the column and both types.
  @Test func lateTypeChangeIsReportedNotTruncated() throws {
    var text = "v\n"
    for i in 0..<30_000 { text += "\(i)\n" }
    text += "2.5\n"
    let path = Self.scratch("late.csv", text)
    do {
      _ = try Self.run("SELECT * FROM read_csv('\(path)', sample_size=100)")
      Issue.record("expected an error")
    } catch let error as EngineError {
      guard case .format(let format) = error.reason,
        case .typeChangedAfterSample(let column, let sniffed, let needed) = format.reason
      else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(column == "v" && sniffed == "BIGINT" && needed == "DOUBLE")
    }
    let (columns, rows) = try Self.run("SELECT max(v) FROM read_csv('\(path)', sample_size=-1)")
    #expect(columns == ["max(v) DOUBLE"])
    #expect(rows == [["29999.0"]])
  }

  @Test func parquetMagicWinsOverText() throws {
    #expect(try Binder.textKind("\(Self.fixtures)/csv/basic_csv_without_extension") == .csv)
    #expect(try Binder.textKind("x.parquet") == nil)
    #expect(try Binder.textKind("y.tsv.gz") == .csv)
    #expect(try Binder.textKind("z.jsonl.zst") == .json)
  }
}
