// Random CSV text written with known cells must read back identically, whatever the block size, batch size and threads.
import TarnCore
import Testing

@testable import TarnFormats

/// Writes random cells as CSV in a dialect, quoting where needed.
struct RandomCSV {
  static let pieces = ["a", "b", "xyz", " ", "1", "42", "-7.5", "é", "日本", "\"", ",", ";", "\t", "\n", "\r\n", "'", "\\", "|", "#"]

  static func cell(_ rng: inout SplitMix) -> String {
    var text = ""
    for _ in 0..<rng.below(6) { text += pieces[rng.below(pieces.count)] }
    return text
  }

  /// The file bytes and the cells they hold. Empty cells are written quoted, so they read as "".
  static func make(rows: Int, columns: Int, dialect: CSVDialect, crlf: Bool, rng: inout SplitMix) -> ([UInt8], [[String]]) {
    var cells: [[String]] = []
    var text = ""
    let delimiter = String(UnicodeScalar(dialect.delimiter))
    let quote = dialect.quote.map { String(UnicodeScalar($0)) }
    let escape = dialect.escape.map { String(UnicodeScalar($0)) } ?? quote
    for _ in 0..<rows {
      var row: [String] = []
      for c in 0..<columns {
        var value = cell(&rng)
        if quote == nil {
          // Without quoting, no delimiter or line break can be data.
          value = value.filter { String($0) != delimiter && $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
          if c == 0, value.isEmpty { value = "v" }
        }
        if let comment = dialect.comment, c == 0, value.utf8.first == comment { value = "x" + value }
        row.append(value)
        if c > 0 { text += delimiter }
        let needsQuotes = value.isEmpty || value.contains(delimiter) || value.contains("\n") || value.contains("\r")
          || value.contains("\r\n") || (quote.map { value.contains($0) } ?? false) || value.hasSuffix(" ")
          || (escape.map { value.contains($0) } ?? false)
        if let quote, needsQuotes || rng.below(5) == 0 {
          var body = ""
          for ch in value {
            let s = String(ch)
            if s == quote || s == escape { body += escape! + s } else { body += s }
          }
          text += quote + body + quote
        } else {
          text += value
        }
      }
      text += crlf ? "\r\n" : "\n"
      cells.append(row)
    }
    return (Array(text.utf8), cells)
  }
}

@Suite struct CSVRoundTripTests {
  static func plan(columns: Int, dialect: CSVDialect, path: String) -> CSVScanPlan {
    CSVScanPlan(
      path: path, dialect: dialect, hasHeader: false, names: ColumnNaming.generatedNames(columns),
      types: Array(repeating: .varchar, count: columns), isFixed: Array(repeating: false, count: columns),
      projection: nil, nullStrings: [""], allowQuotedNulls: false, batchSize: 1000, errorPolicy: .fail,
      validateUTF8: true, workers: 0, blockSize: 1 << 20, splitsExactly: false)
  }

  static let dialects: [CSVDialect] = [
    CSVDialect(),
    CSVDialect(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'")),
    CSVDialect(delimiter: UInt8(ascii: "\t"), quote: UInt8(ascii: "\""), escape: UInt8(ascii: "\\")),
    CSVDialect(delimiter: UInt8(ascii: "|"), quote: UInt8(ascii: "\""), comment: UInt8(ascii: "#")),
    CSVDialect(delimiter: UInt8(ascii: ","), quote: nil),
  ]

  @Test(arguments: 0..<dialects.count)
  func randomFilesReadBackExactly(_ dialectIndex: Int) throws {
    let dialect = Self.dialects[dialectIndex]
    let seed = UInt64(1000 + dialectIndex)
    print("randomFilesReadBackExactly seed \(seed)")
    var rng = SplitMix(seed: seed)
    for round in 0..<12 {
      let columns = 1 + rng.below(5)
      let rowCount = 1 + rng.below(400)
      let (bytes, cells) = RandomCSV.make(rows: rowCount, columns: columns, dialect: dialect, crlf: rng.below(2) == 0, rng: &rng)
      // Tiny blocks and batches put block and batch edges inside quoted fields and rows.
      for (blockSize, batchSize, workers, exact) in [(1 << 20, 1000, 0, false), (64, 7, 0, false), (97, 13, 3, false), (200, 50, 2, true)] {
        var plan = Self.plan(columns: columns, dialect: dialect, path: "round\(round).csv")
        plan.blockSize = blockSize
        plan.batchSize = batchSize
        plan.workers = workers
        plan.splitsExactly = exact
        let reader = CSVReader(source: MemoryByteSource(bytes: bytes, path: plan.path), plan: plan)
        let batches = try reader.readAll()
        let got = rows(batches).map { $0.map { $0 ?? "<null>" } }
        let expected = dialect.quote == nil ? cells.map { $0.map { $0.isEmpty ? "<null>" : $0 } } : cells
        #expect(got == expected, "seed \(seed) round \(round) block \(blockSize) batch \(batchSize) workers \(workers)")
        #expect(batches.allSatisfy { $0.count <= batchSize })
        if got != expected { return }
      }
    }
  }

  /// The sniffer finds the dialect of random files too (when they have enough rows to tell).
  @Test func sniffsRandomDialects() throws {
    var rng = SplitMix(seed: 99)
    print("sniffsRandomDialects seed 99")
    for dialect in [CSVDialect(), CSVDialect(delimiter: UInt8(ascii: ";")), CSVDialect(delimiter: UInt8(ascii: "|"))] {
      let (bytes, cells) = RandomCSV.make(rows: 300, columns: 4, dialect: dialect, crlf: false, rng: &rng)
      var options = CSVReadOptions()
      options.header = false
      options.allVarchar = true
      let source = MemoryByteSource(bytes: bytes)
      let sniffed = try CSVSniffer.sniff(source: source, options: options)
      #expect(sniffed.plan.dialect.delimiter == dialect.delimiter)
      let reader = CSVReader(source: source, head: sniffed.head, plan: sniffed.plan)
      #expect(rows(try reader.readAll()).map { $0.map { $0 ?? "<null>" } } == cells)
    }
  }

  /// Garbage never traps: it reads or throws.
  @Test func garbageNeverTraps() throws {
    var rng = SplitMix(seed: 5)
    print("garbageNeverTraps seed 5")
    let alphabet: [UInt8] = Array("a1,;\"'\n\r\\# .-e".utf8) + [0xff, 0xc3, 0xa9, 0]
    for _ in 0..<300 {
      let bytes = (0..<rng.below(300)).map { _ in alphabet[rng.below(alphabet.count)] }
      for threads in [1, 2] {
        var options = CSVReadOptions()
        options.threads = threads
        options.errorPolicy = rng.below(2) == 0 ? .fail : .skip()
        let source = MemoryByteSource(bytes: bytes)
        do {
          let sniffed = try CSVSniffer.sniff(source: source, options: options)
          var plan = sniffed.plan
          plan.blockSize = 16 + rng.below(64)
          _ = try CSVReader(source: source, head: sniffed.head, plan: plan).readAll()
        } catch {
          #expect(!error.description.contains("internal error"), "\(error)")
        }
      }
    }
  }
}
