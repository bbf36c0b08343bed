// Optimizer rules, each run alone on a bound plan: the plan text before and after, and where a rule must not fire.
import Testing
import TarnCore
import TarnParquet
@testable import TarnEngine

@Suite struct OptimizerRuleTests {
  let file: String
  init() throws { file = try numbersFile("OptimizerRuleTests", rows: 1_000, rowGroupRows: 100) }

  @Test func foldConstants() throws {
    let plan = try boundPlan("SELECT x + (1 + 2) * 3, lower('AB') FROM (VALUES (1)) t(x)")
    let folded = try FoldConstantsRule().apply(plan).explainText
    #expect(folded.contains("(x + 9)"))
    #expect(folded.contains("'ab'"))
    #expect(!folded.contains("1 + 2"))
  }

  @Test func foldConstantsLeavesFailingExpressionsForRunTime() throws {
    // Folding must not raise an error for a branch that never runs.
    let plan = try boundPlan("SELECT CASE WHEN x > 5 THEN CAST('a' AS INTEGER) ELSE 0 END FROM (VALUES (1)) t(x)")
    _ = try FoldConstantsRule().apply(plan)
    #expect(try rows("SELECT CASE WHEN x > 5 THEN CAST('a' AS INTEGER) ELSE 0 END FROM (VALUES (1)) t(x)") == [["0"]])
  }

  @Test func filterIsPushedIntoTheScan() throws {
    let plan = try boundPlan("SELECT id FROM '\(file)' WHERE id < 150 AND k = 3")
    #expect(plan.explainText.contains("Filter"))
    let pushed = try PushDownFilterRule().apply(plan).explainText
    #expect(!pushed.contains("Filter"))
    #expect(pushed.contains("filters: (id < 150), (k = 3)"))
  }

  @Test func filterAboveAnAggregateStaysAbove() throws {
    let plan = try boundPlan("SELECT k, count(*) AS n FROM '\(file)' GROUP BY k HAVING count(*) > 3")
    let pushed = try PushDownFilterRule().apply(plan).explainText
    #expect(pushed.contains("Filter"))
    #expect(!pushed.contains("filters:"))
  }

  @Test func projectionPushdownReadsOnlyNeededColumns() throws {
    let plan = try boundPlan("SELECT k FROM '\(file)'")
    #expect(plan.explainText.contains("[id, k]"))
    let pruned = try PushDownProjectionRule().apply(plan).explainText
    #expect(pruned.contains("Scan \(file) [k]"))
  }

  @Test func countStarOfAWholeParquetTableComesFromTheFooters() throws {
    let plan = try PushDownFilterRule().apply(try boundPlan("SELECT count(*), count(*) + 1 FROM '\(file)'"))
    let counted = try CountFromMetadataRule().apply(plan).explainText
    #expect(counted.contains("Values (1 rows)"))
    #expect(!counted.contains("Scan"))
    #expect(try rows("SELECT count(*), count(*) + 1 FROM '\(file)'") == [["1000", "1001"]])
    // A filter, a GROUP BY or another aggregate needs the rows.
    for sql in [
      "SELECT count(*) FROM '\(file)' WHERE id < 150", "SELECT k, count(*) FROM '\(file)' GROUP BY k",
      "SELECT count(*), max(id) FROM '\(file)'", "SELECT count(*) FILTER (WHERE id < 5) FROM '\(file)'",
    ] {
      let kept = try CountFromMetadataRule().apply(try PushDownFilterRule().apply(try boundPlan(sql))).explainText
      #expect(kept.contains("Scan"), "\(sql)")
    }
    #expect(try rows("SELECT count(*) FROM '\(file)' WHERE id < 150") == [["150"]])
  }

  @Test func rowGroupsAreSkippedByStatistics() throws {
    let source = try ParquetSource(displayName: "numbers", paths: [file])
    let hint = ScanHint(column: 0, op: .less, value: VectorFactory.int64s([150]))
    let stream = try source.scan(columns: [0], hints: [hint])
    var scanned = 0
    while let chunk = try stream.next() { scanned += chunk.count }
    #expect(scanned == 200)  // row groups [0, 100) and [100, 200); the other eight are skipped unread
    let all = try source.scan(columns: [0], hints: [])
    var total = 0
    while let chunk = try all.next() { total += chunk.count }
    #expect(total == 1_000)
    #expect(try rows("SELECT count(*), max(id) FROM '\(file)' WHERE id < 150") == [["150", "149"]])
  }

  @Test func equalityHintsSkipRowGroupsByBloomFilter() throws {
    // Two row groups whose value ranges overlap (statistics cannot tell them apart); only the Bloom filters can.
    let path = try scratchDirectory("BloomPruning") + "/labels.parquet"
    let schema = Schema([Field("label", .string), Field("n", .int64)])
    var options = ParquetWriterOptions()
    options.rowGroupRows = 4
    options.bloomFilterColumns = ["label": 0.01, "n": 0.01]
    let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
    let labels = ["a", "c", "e", "g", "b", "d", "f", "h"]
    try writer.write(RecordBatch(
      schema: schema, columns: [VectorFactory.strings(labels), VectorFactory.int64s([1, 3, 5, 7, 2, 4, 6, 8])], count: 8))
    try writer.close()
    let source = try ParquetSource(displayName: "labels", paths: [path])
    func scanned(_ hints: [ScanHint]) throws -> Int {
      let stream = try source.scan(columns: [0], hints: hints)
      var rows = 0
      while let chunk = try stream.next() { rows += chunk.count }
      return rows
    }
    #expect(try scanned([ScanHint(column: 0, op: .equal, value: VectorFactory.strings(["c"]))]) == 4)
    #expect(try scanned([ScanHint(column: 0, op: .equal, value: VectorFactory.strings(["d"]))]) == 4)
    #expect(try scanned([ScanHint(column: 1, op: .equal, value: VectorFactory.int64s([6]))]) == 4)
    // IN lists keep a row group when any value may be there.
    let either = ScanHint(
      column: 0, op: .equal, value: VectorFactory.strings(["c"]), alternatives: [VectorFactory.strings(["d"])])
    #expect(try scanned([either]) == 8)
    #expect(try rows("SELECT n FROM '\(path)' WHERE label = 'f'") == [["6"]])
    #expect(try rows("SELECT count(*) FROM '\(path)' WHERE label IN ('a', 'h', 'zz')") == [["2"]])
  }

  @Test func pagesAreSkippedByThePageIndex() throws {
    // One row group of sorted ids in pages of 100 rows: a range hint reads only the pages that may hold it.
    let path = try scratchDirectory("PageIndexPruning") + "/sorted.parquet"
    let schema = Schema([Field("id", .int64), Field("tag", .string)])
    var options = ParquetWriterOptions()
    options.pageRowLimit = 100
    let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
    let ids = (0..<Int64(10_000)).map { $0 }
    try writer.write(RecordBatch(
      schema: schema, columns: [VectorFactory.int64s(ids), VectorFactory.strings(ids.map { "t\($0 % 13)" })], count: ids.count))
    try writer.close()
    let source = try ParquetSource(displayName: "sorted", paths: [path])
    #expect(source.readers[0].rowGroupCount == 1)
    // Only the hinted column, so late materialization keeps whole windows: the count is the rows of pages read.
    func scanned(_ hints: [ScanHint]) throws -> Int {
      let stream = try source.scan(columns: [0], hints: hints)
      var rows = 0
      while let chunk = try stream.next() { rows += chunk.count }
      return rows
    }
    #expect(try scanned([]) == 10_000)
    #expect(try scanned([ScanHint(column: 0, op: .greaterOrEqual, value: VectorFactory.int64s([9_950]))]) == 100)
    // Two hints intersect: ids 4,000–4,249 lie in pages 40–42.
    let between = [
      ScanHint(column: 0, op: .greaterOrEqual, value: VectorFactory.int64s([4_000])),
      ScanHint(column: 0, op: .lessOrEqual, value: VectorFactory.int64s([4_249])),
    ]
    #expect(try scanned(between) == 300)
    #expect(try scanned([ScanHint(column: 0, op: .less, value: VectorFactory.int64s([0]))]) == 0)
    #expect(try rows("SELECT count(*), min(id), max(tag) FROM '\(path)' WHERE id BETWEEN 4000 AND 4249") == [["250", "4000", "t9"]])
  }

  @Test func smallerInputBecomesTheBuildSide() throws {
    let sql = "SELECT count(*) FROM (VALUES (1), (2)) s(id) JOIN '\(file)' f ON s.id = f.id"
    var plan = try boundPlan(sql)
    plan = try ExtractJoinKeysRule().apply(PushDownFilterRule().apply(plan))
    let before = plan.explainText
    let after = try ChooseBuildSideRule().apply(plan).explainText
    // The right child is the build side: after the rule it is the two-row VALUES.
    #expect(line(of: "Values", in: before) < line(of: "Scan", in: before))
    #expect(line(of: "Scan", in: after) < line(of: "Values", in: after))
    #expect(try rows(sql) == [["2"]])
  }

  /// The first line of a plan text that mentions `word` (children follow their parent, left before right).
  func line(of word: String, in plan: String) -> Int {
    plan.split(separator: "\n").firstIndex { $0.contains(word) } ?? -1
  }

  @Test func leftJoinKeepsItsSides() throws {
    let sql = "SELECT count(*) FROM (VALUES (1), (2)) s(id) LEFT JOIN '\(file)' f ON s.id = f.id"
    let plan = try ExtractJoinKeysRule().apply(PushDownFilterRule().apply(boundPlan(sql)))
    #expect(try ChooseBuildSideRule().apply(plan).explainText == plan.explainText)
  }

  @Test func orderByLimitBecomesTopN() throws {
    let plan = try boundPlan("SELECT id FROM '\(file)' ORDER BY id DESC LIMIT 3")
    #expect(plan.explainText.contains("Limit 3"))
    let rewritten = try SortLimitToTopNRule().apply(plan).explainText
    #expect(rewritten.contains("TopN 3 by id DESC"))
    #expect(!rewritten.contains("Order"))
    #expect(try rows("SELECT id FROM '\(file)' ORDER BY id DESC LIMIT 3 OFFSET 1") == [["998"], ["997"], ["996"]])
  }

  @Test func orderWithoutLimitIsNotTopN() throws {
    let plan = try boundPlan("SELECT id FROM '\(file)' ORDER BY id")
    #expect(!(try SortLimitToTopNRule().apply(plan).explainText.contains("TopN")))
  }
}
