// Values past the sample that do not fit the sniffed type: the column widens and the file is read again.
import TarnCore
import Testing

@testable import TarnFormats

@Suite struct CSVWideningTests {
  /// 30,000 integers, then `tail`: past the default 20,480-row sample.
  static func lateValueFile(_ name: String, tail: String, compress: Bool = false) -> String {
    let dir = FormatFixtures.scratchDirectory("widening")
    var text = "id,value\n"
    for i in 0..<30_000 { text += "\(i),\(i * 3)\n" }
    text += "30000,\(tail)\n30001,7\n"
    let path = dir + "/" + name
    writeFile(path, text)
    if compress {
      #expect(shell("gzip -f -n \(path)") == 0)
      return path + ".gz"
    }
    return path
  }

  static func read(_ path: String, spread: Bool = true, threads: Int = 2) throws -> (Schema, [[String?]], CSVReader) {
    var options = CSVReadOptions()
    options.sampleSpread = spread
    options.threads = threads
    return try readCSV(path, options)
  }

  @Test func lateFloatWidensToDouble() throws {
    // Without the spread sample (as for a long compressed stream) the float is found while reading.
    let path = Self.lateValueFile("late_float.csv", tail: "2.5", compress: true)
    var options = CSVReadOptions()
    options.sampleSpread = false
    let sniffed = try CSVSniffer.sniff(path: path, options: options)
    #expect(sniffed.plan.types == [.bigint, .bigint])
    let (schema, rows, reader) = try Self.read(path, spread: false)
    #expect(typeNames(schema) == ["id BIGINT", "value DOUBLE"])
    #expect(rows.count == 30_002)
    #expect(rows[30_000] == ["30000", "2.5"])
    #expect(rows[29_999] == ["29999", "89997.0"])
    #expect(reader.rereadCount == 1)
  }

  @Test func lateStringWidensToVarchar() throws {
    let path = Self.lateValueFile("late_string.csv", tail: "n/a")
    let (schema, rows, _) = try Self.read(path, spread: false)
    #expect(typeNames(schema) == ["id BIGINT", "value VARCHAR"])
    #expect(rows[30_000] == ["30000", "n/a"])
    #expect(rows[5] == ["5", "15"])
  }

  @Test func spreadSampleSeesTheEndOfUncompressedFiles() throws {
    let path = Self.lateValueFile("late_float_spread.csv", tail: "2.5")
    let sniffed = try CSVSniffer.sniff(path: path)
    #expect(sniffed.plan.types == [.bigint, .double])
    #expect(sniffed.sampledRows > 20_480)
  }

  @Test func inexactIntegerAfterFloatsBecomesDecimalNotDouble() throws {
    let path = Self.lateValueFile("late_inexact.csv", tail: "9007199254740993")
    let dir = FormatFixtures.scratchDirectory("widening")
    // Floats first, then a big integer that a double cannot hold.
    var text = "v\n"
    for i in 0..<25_000 { text += "\(i).25\n" }
    text += "9007199254740993\n"
    writeFile(dir + "/floats_then_big.csv", text)
    let (schema, rows, _) = try Self.read(dir + "/floats_then_big.csv", spread: false)
    #expect(typeNames(schema) == ["v DECIMAL(38,2)"])
    #expect(rows.last == ["9007199254740993.00"])
    #expect(rows[1] == ["1.25"])
    // Integers first: BIGINT holds it.
    let (schema2, rows2, _) = try Self.read(path, spread: false)
    #expect(typeNames(schema2) == ["id BIGINT", "value BIGINT"])
    #expect(rows2[30_000] == ["30000", "9007199254740993"])
  }

  @Test func integerBeyondInt64WidensToDecimal() throws {
    let path = Self.lateValueFile("late_huge.csv", tail: "123456789012345678901234567890", compress: true)
    let (schema, rows, _) = try Self.read(path, spread: false)
    #expect(typeNames(schema) == ["id BIGINT", "value DECIMAL(38,0)"])
    #expect(rows[30_000] == ["30000", "123456789012345678901234567890"])
  }

  @Test func dateThenTimestampWidens() throws {
    let dir = FormatFixtures.scratchDirectory("widening")
    var text = "d\n"
    for _ in 0..<21_000 { text += "2024-01-02\n" }
    text += "2024-01-02 10:00:00\n"
    writeFile(dir + "/dates.csv", text)
    let (schema, rows, _) = try Self.read(dir + "/dates.csv", spread: false)
    #expect(typeNames(schema) == ["d TIMESTAMP"])
    #expect(rows.first == ["2024-01-02 00:00:00"])
    #expect(rows.last == ["2024-01-02 10:00:00"])
  }

  /// With small batches, batches are returned before the late value: `next()` throws `.schemaWidened`,
  /// the schema already holds the wider type, and `restart()` reads it all again.
  @Test func widenAfterReturningBatchesAsksForRestart() throws {
    let path = Self.lateValueFile("late_restart.csv", tail: "2.5", compress: true)
    var options = CSVReadOptions()
    options.batchSize = 1000
    options.threads = 1
    options.sampleSpread = false
    let reader = try CSVReader(path: path, options: options)
    var seen = 0
    var widened = false
    do {
      while let batch = try reader.next() { seen += batch.count }
    } catch {
      guard case .schemaWidened(let column, let from, let to) = error.reason else { throw error }
      #expect(column == "value" && from == "BIGINT" && to == "DOUBLE")
      #expect(error.location.line == 30_002)
      widened = true
    }
    #expect(widened)
    #expect(seen > 0)
    #expect(typeNames(reader.schema) == ["id BIGINT", "value DOUBLE"])
    try reader.restart()
    var total = 0
    while let batch = try reader.next() {
      #expect(batch.schema == reader.schema)
      total += batch.count
    }
    #expect(total == 30_002)
  }

  @Test func fixedTypesNeverWidenTheyFail() throws {
    let path = Self.lateValueFile("late_fixed.csv", tail: "2.5", compress: true)
    var options = CSVReadOptions()
    options.sampleSpread = false
    options.columnTypes = ["value": DataTypeOverride(.bigint)]
    let error = #expect(throws: FormatError.self) { try readCSV(path, options) }
    #expect(error?.reason == .valueDoesNotFit(value: "2.5", type: "BIGINT"))
    #expect(error?.location.line == 30_002)
    #expect(error?.location.column == 2)
    #expect(error?.location.columnName == "value")
  }

  @Test func overridesAndAllVarchar() throws {
    var options = CSVReadOptions()
    options.columnTypes = ["unit price": DataTypeOverride(sqlName: "decimal(10,2)")!, "qty": DataTypeOverride(sqlName: "VARCHAR")!]
    let (schema, rows, _) = try readCSV(FormatFixtures.csv("pipe.csv"), options)
    #expect(typeNames(schema) == ["name VARCHAR", "qty VARCHAR", "unit price DECIMAL(38,2)"])
    #expect(rows == [["bolt", "100", "0.05"], ["nut", "250", "0.02"], ["washer", nil, "0.01"]])
    var all = CSVReadOptions()
    all.allVarchar = true
    let (schema2, rows2, _) = try readCSV(FormatFixtures.csv("basic.csv"), all)
    #expect(schema2.fields.allSatisfy { $0.type == .string })
    #expect(rows2[2] == ["-3", "1e3", nil, "2023-12-31", "2023-12-31 00:00:00", "T"])
  }
}
