// Parquet scans over several row groups: prefetching, row-group pruning and late materialization give the same rows.
import Foundation
import Testing
import TarnCore
import TarnParquet
@testable import TarnEngine

/// A Parquet file of `rows` rows in row groups of `groupRows`: v = row number, s = "s<v % 97>" or NULL
/// every 7th row, d = v % 3 as a string (low cardinality, dictionary-encoded).
func writeScanFixture(rows: Int, groupRows: Int) throws -> String {
  var v = VectorBuilder(type: .int64, capacity: rows)
  var s = VectorBuilder(type: .string, capacity: rows)
  var d = VectorBuilder(type: .string, capacity: rows)
  for i in 0..<rows {
    v.append(Int64(i))
    if i % 7 == 3 { s.appendNull() } else { s.append(string: "s\(i % 97)") }
    d.append(string: "d\(i % 3)")
  }
  let schema = Schema([Field("v", .int64), Field("s", .string), Field("d", .string)])
  let path = NSTemporaryDirectory() + "tarn-scan-\(UUID().uuidString).parquet"
  var options = ParquetWriterOptions()
  options.rowGroupRows = groupRows
  options.pageRowLimit = 333
  let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
  try writer.write(RecordBatch(schema: schema, columns: [v.finish(), s.finish(), d.finish()], count: rows))
  try writer.close()
  return path
}

/// Runs one query and renders every row as text, in order.
func run(_ sql: String) throws -> [[String]] {
  let engine = QueryEngine()
  var out: [[String]] = []
  for statement in try engine.parse(sql) {
    let result = try engine.execute(statement)
    while let batch = try result.next() {
      for row in 0..<batch.count {
        out.append(batch.columns.map { $0.isNull(row) ? "NULL" : ConstantText.text($0, row) })
      }
    }
  }
  return out
}

@Suite struct ParquetScanTests {
  @Test func rowGroupsComeInOrderWithFiltersPruningAndLateMaterialization() throws {
    let rows = 5_000
    let path = try writeScanFixture(rows: rows, groupRows: 1_000)
    defer { try? FileManager.default.removeItem(atPath: path) }
    // Every row, in file order, across five row groups decoded ahead.
    let all = try run("SELECT v FROM '\(path)'")
    #expect(all.map { Int($0[0])! } == Array(0..<rows))
    // A selective filter on v (late materialization of s and d) and one that prunes whole row groups.
    for (low, high) in [(10, 60), (1_990, 2_600), (4_999, 4_999), (7_000, 8_000)] {
      let got = try run("SELECT v, s, d FROM '\(path)' WHERE v >= \(low) AND v <= \(high) ORDER BY v")
      let expected = (0..<rows).filter { $0 >= low && $0 <= high }.map { i in
        ["\(i)", i % 7 == 3 ? "NULL" : "s\(i % 97)", "d\(i % 3)"]
      }
      #expect(got == expected, "v in \(low)...\(high)")
    }
    // An IN list on the dictionary column drives late materialization too.
    let counted = try run("SELECT count(*), count(s), min(v), max(v) FROM '\(path)' WHERE d IN ('d1')")
    let picked = (0..<rows).filter { $0 % 3 == 1 }
    #expect(counted == [["\(picked.count)", "\(picked.filter { $0 % 7 != 3 }.count)", "\(picked.first!)", "\(picked.last!)"]])
  }

  @Test func filtersSplitBetweenTheDecodingThreadsAndTheReaderKeepEveryRowAndColumn() throws {
    // Comparisons and null tests run where morsels decode; the modulo and LIKE stay on the reader's thread and need
    // columns the query does not return.
    let rows = 6_000
    let path = try writeScanFixture(rows: rows, groupRows: 1_000)
    defer { try? FileManager.default.removeItem(atPath: path) }
    func expected(_ keep: (Int) -> Bool) -> [[String]] {
      (0..<rows).filter(keep).map { ["\($0)", $0 % 7 == 3 ? "NULL" : "s\($0 % 97)"] }
    }
    #expect(try run("SELECT v, s FROM '\(path)' WHERE d = 'd2' AND v > 100 AND s IS NOT NULL")
      == expected { $0 % 3 == 2 && $0 > 100 && $0 % 7 != 3 })
    #expect(try run("SELECT v, s FROM '\(path)' WHERE v % 5 = 1 AND d <> 'd0' AND s LIKE 's1%'")
      == expected { $0 % 5 == 1 && $0 % 3 != 0 && $0 % 7 != 3 && "s\($0 % 97)".hasPrefix("s1") })
    #expect(try run("SELECT s FROM '\(path)' WHERE v BETWEEN 2_990 AND 3_010 AND s IS NULL") == [["NULL"], ["NULL"], ["NULL"]])
    // No row passes in most row groups, and none at all.
    #expect(try run("SELECT count(*) FROM '\(path)' WHERE v = 4_321 OR v = 17") == [["2"]])
    #expect(try run("SELECT v FROM '\(path)' WHERE d = 'd9'").isEmpty)
  }
}
