// JSON fixtures (NDJSON and arrays, nested, mixed, escapes, big numbers) with pinned schemas and values.
import TarnCore
import Testing

@testable import TarnFormats

struct JSONFixtureCase: CustomTestStringConvertible, Sendable {
  var file: String
  var columns: [String]
  var rows: [[String?]]
  var testDescription: String { file }
}

func readJSON(_ path: String, _ options: JSONReadOptions = JSONReadOptions()) throws -> (Schema, [[String?]], JSONReader) {
  let reader = try JSONReader(path: path, options: options)
  let batches = try reader.readAll()
  return (reader.schema, rows(batches), reader)
}

@Suite struct JSONReaderTests {
  static let nestedColumns = [
    "id BIGINT", "user STRUCT(name VARCHAR, tags VARCHAR[], age BIGINT)", "points BIGINT[]",
    "events STRUCT(t BIGINT, k VARCHAR)[]",
  ]
  static let nestedRows: [[String?]] = [
    ["1", "{name: ann, tags: [a, b], age: null}", "[1, 2, 3]", nil],
    ["2", "{name: bob, tags: null, age: 41}", "[]", "[{t: 1, k: x}, {t: 2, k: null}]"],
    ["3", nil, nil, nil],
  ]

  static let cases: [JSONFixtureCase] = [
    JSONFixtureCase(
      file: "basic.ndjson", columns: ["id BIGINT", "name VARCHAR", "score DOUBLE", "ok BOOLEAN", "extra VARCHAR"],
      rows: [
        ["1", "alpha", "2.5", "true", nil], ["2", "beta", "3.0", "false", "x"], ["3", nil, "-100.0", nil, nil],
      ]),
    JSONFixtureCase(file: "nested.ndjson", columns: nestedColumns, rows: nestedRows),
    JSONFixtureCase(file: "nested.ndjson.gz", columns: nestedColumns, rows: nestedRows),
    JSONFixtureCase(
      file: "array.json", columns: ["a BIGINT", "b VARCHAR", "c DOUBLE[]"],
      rows: [["1", "x", nil], ["2", "y, z", nil], ["3", nil, "[1.5, 2.0]"]]),
    // Mixed kinds: numbers and strings → VARCHAR of their text; objects with anything → JSON text.
    JSONFixtureCase(
      file: "mixed.ndjson", columns: ["i BIGINT", "d DOUBLE", "s VARCHAR", "o VARCHAR", "l DOUBLE[]"],
      rows: [
        ["1", "1.0", "1", "1", "[1.0, 2.5]"], ["2", "2.5", "two", "{\"k\":\"v\"}", "[3.0]"],
        ["3", nil, "true", "[1,\"x\"]", nil],
      ]),
    JSONFixtureCase(
      file: "escapes.ndjson", columns: ["s VARCHAR"],
      rows: [["line\nbreak\ttab \"quoted\" back\\slash / é 😀 \u{8}\u{c}\r"], ["plain"]]),
    // Beyond int64 → DECIMAL(38,0) (DuckDB: DOUBLE, rounded); 2^53+1 next to 1.5 → DECIMAL(38,1).
    JSONFixtureCase(
      file: "bigints.ndjson", columns: ["big DECIMAL(38,0)", "exact BIGINT", "mix DECIMAL(38,1)"],
      rows: [
        ["9223372036854775808", "9007199254740993", "1.5"],
        ["-123456789012345678901234567890", "1", "9007199254740993.0"],
      ]),
    JSONFixtureCase(file: "scalars.ndjson", columns: ["json VARCHAR"], rows: [["1"], ["2.5"], ["three"]]),
    JSONFixtureCase(
      file: "dates.ndjson", columns: ["d DATE", "ts TIMESTAMP WITH TIME ZONE", "t TIME", "s VARCHAR"],
      rows: [
        ["2024-01-02", "2024-01-02 03:04:05Z", "12:30:00", "2024-01-02x"],
        ["1999-12-31", "2024-06-30 21:59:59.5Z", "00:00:01", "b"],
      ]),
    JSONFixtureCase(file: "pretty.ndjson", columns: ["a BIGINT", "b STRUCT(c VARCHAR)"], rows: [["1", "{c: x\ny}"], ["2", "{c: z}"]]),
    JSONFixtureCase(
      file: "empty_containers.ndjson", columns: ["e VARCHAR", "l VARCHAR[]", "n VARCHAR"],
      rows: [["{}", "[]", nil], ["{}", "[]", nil]]),
    JSONFixtureCase(file: "empty.ndjson", columns: ["json VARCHAR"], rows: []),
    JSONFixtureCase(file: "empty_array.json", columns: ["json VARCHAR"], rows: []),
  ]

  @Test(arguments: cases)
  func readsFixture(_ fixture: JSONFixtureCase) throws {
    for threads in [1, 3] {
      var options = JSONReadOptions()
      options.threads = threads
      let (schema, rows, _) = try readJSON(FormatFixtures.json(fixture.file), options)
      #expect(typeNames(schema) == fixture.columns, "threads \(threads)")
      #expect(rows == fixture.rows, "threads \(threads)")
    }
  }

  @Test func formats() throws {
    #expect(try JSONSniffer.sniff(path: FormatFixtures.json("array.json")).format == .array)
    #expect(try JSONSniffer.sniff(path: FormatFixtures.json("basic.ndjson")).format == .newlineDelimited)
    // NDJSON whose lines are arrays is not one array.
    let path = FormatFixtures.scratchDirectory("json") + "/arrays.ndjson"
    writeFile(path, "[1,2]\n[3]\n")
    #expect(try JSONSniffer.sniff(path: path).format == .newlineDelimited)
    let (schema, rows, _) = try readJSON(path)
    #expect(typeNames(schema) == ["json BIGINT[]"])
    #expect(rows == [["[1, 2]"], ["[3]"]])
  }

  @Test func errorsNameLineAndColumn() throws {
    let malformed = #expect(throws: FormatError.self) { try readJSON(FormatFixtures.json("malformed.ndjson")) }
    #expect(malformed?.location.line == 2)
    #expect(malformed?.location.column == 8)
    #expect(malformed?.reason == .malformed("expected a key"))
    let duplicate = #expect(throws: FormatError.self) { try readJSON(FormatFixtures.json("duplicate_key.ndjson")) }
    #expect(duplicate?.location.line == 1)
    let dir = FormatFixtures.scratchDirectory("json")
    for (name, text) in [
      ("unterminated.ndjson", "{\"a\":\"abc\n"), ("bad_escape.ndjson", "{\"a\":\"\\x\"}\n"),
      ("leading_zero.ndjson", "{\"a\":01}\n"), ("open_array.json", "[{\"a\":1},\n{\"a\":2}\n"),
      ("control.ndjson", "{\"a\":\"x\u{1}y\"}\n"), ("trailing.json", "[{\"a\":1}] x"),
    ] {
      writeFile(dir + "/" + name, text)
      #expect(throws: FormatError.self, "\(name)") { try readJSON(dir + "/" + name) }
    }
  }

  /// A key or a type seen only after the sample widens the schema, and the file is read again.
  @Test func lateKeysAndTypesWiden() throws {
    let dir = FormatFixtures.scratchDirectory("json")
    var text = ""
    for i in 0..<5000 { text += "{\"a\":\(i),\"s\":{\"x\":\(i)}}\n" }
    text += "{\"a\":1.5,\"s\":{\"x\":1,\"y\":\"new\"},\"late\":true}\n"
    writeFile(dir + "/late.ndjson", text)
    var options = JSONReadOptions()
    options.sampleRows = 100
    let (schema, rows, reader) = try readJSON(dir + "/late.ndjson", options)
    #expect(typeNames(schema) == ["a DOUBLE", "s STRUCT(x BIGINT, y VARCHAR)", "late BOOLEAN"])
    #expect(rows.count == 5001)
    #expect(rows[4] == ["4.0", "{x: 4, y: null}", nil])
    #expect(rows[5000] == ["1.5", "{x: 1, y: new}", "true"])
    #expect(reader.rereadCount >= 1)
  }

  @Test func lateScalarsMakeAJSONColumn() throws {
    let dir = FormatFixtures.scratchDirectory("json")
    var text = ""
    for i in 0..<300 { text += "{\"a\":\(i)}\n" }
    text += "42\n"
    writeFile(dir + "/late_scalar.ndjson", text)
    var options = JSONReadOptions()
    options.sampleRows = 10
    let (schema, rows, _) = try readJSON(dir + "/late_scalar.ndjson", options)
    #expect(typeNames(schema) == ["json VARCHAR"])
    #expect(rows.first == ["{\"a\":0}"])
    #expect(rows.last == ["42"])
  }

  /// Small blocks and batches, several threads: the same rows in the same order, for both layouts.
  @Test func parallelSmallBlocks() throws {
    var rng = SplitMix(seed: 3)
    print("parallelSmallBlocks seed 3")
    var values: [String] = []
    for i in 0..<2000 {
      let name = ["x", "y, \\\"q\\\"", "日本", "a\\nb"][rng.below(4)]
      let pretty = rng.below(5) == 0
      let sep = pretty ? "\n  " : ""
      values.append("{\(sep)\"i\":\(i),\(sep)\"n\":\"\(name)\",\(sep)\"l\":[\(rng.below(9)),\(rng.below(9))]}")
    }
    let ndjson = values.joined(separator: "\n") + "\n"
    let array = "[\n" + values.joined(separator: ",\n") + "\n]"
    for (layout, text) in [(JSONFormat.newlineDelimited, ndjson), (.array, array)] {
      let source = MemoryByteSource(bytes: Array(text.utf8), path: "\(layout)")
      var options = JSONReadOptions()
      options.threads = 1
      let (plan, head) = try JSONSniffer.sniff(source: source, options: options)
      #expect(plan.format == layout)
      let expected = rows(try JSONReader(source: source, head: head, plan: plan).readAll())
      #expect(expected.count == 2000)
      for (block, batch, workers) in [(64, 7, 3), (300, 100, 2), (1 << 20, 1000, 0)] {
        var p = plan
        p.blockSize = block
        p.batchSize = batch
        p.workers = workers
        let reader = JSONReader(source: MemoryByteSource(bytes: Array(text.utf8)), head: [], plan: p)
        #expect(rows(try reader.readAll()) == expected, "\(layout) block \(block)")
      }
    }
  }
}
