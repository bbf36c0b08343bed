// Test helpers: run SQL through QueryEngine and get rows as text, the rendered error, or a bound plan.
import Testing
import TarnCore
import TarnParquet
import TarnSQL
@testable import TarnEngine

/// Runs every statement of `sql`; the rows of the last one that produces rows, each value as DuckDB prints it.
func rows(_ sql: String, engine: QueryEngine = QueryEngine()) throws -> [[String]] {
  var last: [[String]] = []
  for statement in try engine.parse(sql) {
    let result = try engine.execute(statement)
    guard result.producesRows else { continue }
    last = []
    while let batch = try result.next() {
      for r in 0..<batch.count { last.append(batch.columns.map { ConstantText.text($0, r) }) }
    }
  }
  return last
}

/// The error a user sees for `sql` (message, SQL line, caret, hint), or nil when it runs.
func renderedError(_ sql: String) -> String? {
  let engine = QueryEngine()
  do {
    _ = try rows(sql, engine: engine)
    return nil
  } catch let error as EngineError {
    return error.rendered(in: sql)
  } catch {
    return "unexpected \(error)"
  }
}

/// The bound (unoptimized) plan of one query.
func boundPlan(_ sql: String, engine: QueryEngine = QueryEngine()) throws -> LogicalPlan {
  guard case .query(let query) = try engine.parse(sql)[0].kind else { throw EngineError.bug("not a query") }
  return try Binder(catalog: engine.catalog).bindQuery(query).0
}

/// A fresh scratch directory under /tmp.
func scratchDirectory(_ name: String) throws -> String {
  let path = "/tmp/tarn-engine-tests-\(name)-\(UInt32.random(in: 0...UInt32.max))"
  try FileSystem.makeDirectories(path)
  return path
}

/// Writes `ids` 0..<rows as BIGINT `id` and `id % 7` as BIGINT `k` to a Parquet file with small row groups.
func writeNumbers(_ path: String, rows: Int, rowGroupRows: Int) throws {
  let schema = Schema([Field("id", .int64), Field("k", .int64)])
  var options = ParquetWriterOptions()
  options.rowGroupRows = rowGroupRows
  let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
  let ids = (0..<Int64(rows)).map { $0 }
  try writer.write(RecordBatch(
    schema: schema, columns: [VectorFactory.int64s(ids), VectorFactory.int64s(ids.map { $0 % 7 })], count: rows))
  try writer.close()
}

/// A fresh numbers file for one test (tests run in parallel, so each writes its own).
func numbersFile(_ name: String, rows: Int, rowGroupRows: Int) throws -> String {
  let path = try scratchDirectory(name) + "/numbers.parquet"
  try writeNumbers(path, rows: rows, rowGroupRows: rowGroupRows)
  return path
}
