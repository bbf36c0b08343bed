// Physical operators end to end over more than one batch: hash join kinds, aggregates, sort, set operations, COPY.
import Testing
import TarnCore
import TarnParquet
@testable import TarnEngine
import TarnFormats

@Suite struct OperatorTests {
  let file: String
  init() throws { file = try numbersFile("OperatorTests", rows: 5_000, rowGroupRows: 1_500) }

  @Test func filtersOnDictionaryEncodedStringsHandleNullRows() throws {
    // Parquet strings arrive dictionary-encoded: comparisons and IN run once per entry, and a NULL row fails them,
    // while IS NULL must still pick exactly the NULL rows.
    let path = try scratchDirectory("DictionaryFilters") + "/grades.parquet"
    let schema = Schema([Field("grade", .string)])
    let grades: [String?] = (0..<3_000).map { i in i % 5 == 0 ? nil : ["casual", "needs_id", "research"][i % 3] }
    let writer = try ParquetFileWriter(path: path, schema: schema, options: ParquetWriterOptions())
    try writer.write(RecordBatch(schema: schema, columns: [VectorFactory.strings(grades)], count: grades.count))
    try writer.close()
    func count(_ predicate: (String?) -> Bool) -> String { String(grades.filter(predicate).count) }
    #expect(try rows("SELECT count(*) FROM '\(path)' WHERE grade = 'research'") == [[count { $0 == "research" }]])
    #expect(try rows("SELECT count(*) FROM '\(path)' WHERE grade <> 'research'") == [[count { $0 != nil && $0 != "research" }]])
    #expect(try rows("SELECT count(*) FROM '\(path)' WHERE grade IN ('casual', 'zz')") == [[count { $0 == "casual" }]])
    #expect(try rows("SELECT count(*) FROM '\(path)' WHERE grade IS NULL") == [[count { $0 == nil }]])
    #expect(try rows("SELECT count(*) FROM '\(path)' WHERE grade IS NOT NULL AND grade > 'd'") == [[count { ($0 ?? "") > "d" }]])
  }

  @Test func hashAggregateAcrossBatches() throws {
    let result = try rows("SELECT k, count(*), sum(id), min(id), max(id) FROM '\(file)' GROUP BY k ORDER BY k")
    #expect(result.count == 7)
    #expect(result[0] == ["0", "715", String((0..<5_000).filter { $0 % 7 == 0 }.reduce(0, +)), "0", "4998"])
    #expect(result[6][1] == "714")
  }

  @Test func integerSumIsExactBeyondBigint() throws {
    let max = "9223372036854775807"
    #expect(try rows("SELECT sum(x), typeof(sum(x)) FROM (VALUES (\(max)), (\(max)), (2)) t(x)")
      == [["18446744073709551616", "DECIMAL(38,0)"]])
    #expect(try rows("SELECT k, sum(id) FROM '\(file)' WHERE id < 20 GROUP BY k HAVING sum(id) > 20 ORDER BY sum(id) DESC")
      == [["5", "36"], ["4", "33"], ["3", "30"], ["2", "27"], ["1", "24"], ["0", "21"]])
  }

  @Test func decimalLiteralsAreExact() throws {
    #expect(try rows("SELECT typeof(1.5), typeof(0.25), typeof(1234567890123456789.5), 1.005::DECIMAL(5,2), -1.005::DECIMAL(5,2)")
      == [["DECIMAL(2,1)", "DECIMAL(3,2)", "DECIMAL(20,1)", "1.01", "-1.01"]])
  }

  @Test func nestedValues() throws {
    #expect(try rows("SELECT [10, 20, 30][1], [10, 20, 30][-1], [10, 20, 30][0], [10, 20, 30][9], {'a': {'b': 'x'}}.a.b")
      == [["10", "30", "NULL", "NULL", "x"]])
    #expect(try rows("SELECT v.k, v['n'] FROM (SELECT {'k': x, 'n': x * 2} AS v FROM (VALUES (1), (NULL)) t(x)) ORDER BY 1")
      == [["1", "2"], ["NULL", "NULL"]])
  }

  @Test func joinKinds() throws {
    let left = "(VALUES (1, 'a'), (2, 'b'), (NULL, 'n'), (4, 'd')) l(x, s)"
    let right = "(VALUES (2, 'B'), (3, 'C'), (NULL, 'N'), (4, 'D'), (4, 'E')) r(y, t)"
    #expect(try rows("SELECT s, t FROM \(left) JOIN \(right) ON x = y ORDER BY s, t") == [["b", "B"], ["d", "D"], ["d", "E"]])
    #expect(try rows("SELECT s, t FROM \(left) LEFT JOIN \(right) ON x = y ORDER BY s, t")
      == [["a", "NULL"], ["b", "B"], ["d", "D"], ["d", "E"], ["n", "NULL"]])
    #expect(try rows("SELECT s, t FROM \(left) RIGHT JOIN \(right) ON x = y ORDER BY t, s")
      == [["b", "B"], ["NULL", "C"], ["d", "D"], ["d", "E"], ["NULL", "N"]])
    #expect(try rows("SELECT count(*), count(s), count(t) FROM \(left) FULL JOIN \(right) ON x = y") == [["7", "5", "5"]])
    #expect(try rows("SELECT count(*) FROM \(left) CROSS JOIN \(right)") == [["20"]])
    #expect(try rows("SELECT s, t FROM \(left) JOIN \(right) ON x < y AND t <> 'E' ORDER BY s, t")
      == [["a", "B"], ["a", "C"], ["a", "D"], ["b", "C"], ["b", "D"]])
  }

  @Test func semiAndAntiJoinsWithNulls() throws {
    let t = "(VALUES (1), (2), (NULL)) t(x)"
    #expect(try rows("SELECT x FROM \(t) WHERE x IN (SELECT 1 UNION ALL SELECT NULL) ORDER BY x") == [["1"]])
    #expect(try rows("SELECT x FROM \(t) WHERE x NOT IN (SELECT 1 UNION ALL SELECT NULL)") == [])
    #expect(try rows("SELECT x FROM \(t) WHERE x NOT IN (SELECT 1) ORDER BY x") == [["2"]])
    #expect(try rows("SELECT count(*) FROM \(t) WHERE EXISTS (SELECT 1 WHERE false)") == [["0"]])
  }

  @Test func joinAcrossBatchesMatchesEveryRow() throws {
    #expect(try rows("SELECT count(*), sum(a.id) FROM '\(file)' a JOIN '\(file)' b ON a.id = b.id") == [["5000", "12497500"]])
  }

  @Test func sortWithDuckDBNullDefaults() throws {
    let t = "(VALUES (2), (NULL), (1)) t(x)"
    #expect(try rows("SELECT x FROM \(t) ORDER BY x") == [["1"], ["2"], ["NULL"]])
    #expect(try rows("SELECT x FROM \(t) ORDER BY x DESC") == [["2"], ["1"], ["NULL"]])
    #expect(try rows("SELECT x FROM \(t) ORDER BY x NULLS FIRST") == [["NULL"], ["1"], ["2"]])
  }

  @Test func setOperations() throws {
    let a = "SELECT x FROM (VALUES (1), (2), (2), (3)) t(x)", b = "SELECT x FROM (VALUES (2), (4)) t(x)"
    #expect(try rows("\(a) UNION \(b) ORDER BY x") == [["1"], ["2"], ["3"], ["4"]])
    #expect(try rows("\(a) INTERSECT \(b)") == [["2"]])
    #expect(try rows("\(a) EXCEPT \(b) ORDER BY x") == [["1"], ["3"]])
    #expect(try rows("\(a) EXCEPT ALL \(b) ORDER BY x") == [["1"], ["2"], ["3"]])
  }

  @Test func orderedAggregatesOverNoRowsAreNull() throws {
    #expect(try rows("SELECT string_agg(s, ',' ORDER BY s), list(s ORDER BY s), first(s ORDER BY s) FROM (VALUES ('a')) t(s) WHERE false")
      == [["NULL", "NULL", "NULL"]])
  }

  @Test func partitionedCopyWritesHiveLayout() throws {
    let dir = try scratchDirectory("copy")
    defer { FileSystem.removeTree(dir) }
    _ = try rows("COPY (SELECT id, k FROM '\(file)' WHERE id < 20) TO '\(dir)/out' (FORMAT parquet, PARTITION_BY (k))")
    #expect(FileSystem.entries("\(dir)/out").sorted() == (0..<7).map { "k=\($0)" })
    #expect(try rows("SELECT k, count(*), sum(id) FROM read_parquet('\(dir)/out/*/*.parquet', hive_partitioning = true) GROUP BY k ORDER BY k")[3]
      == ["3", "3", "30"])
    // A second COPY into the non-empty directory needs OVERWRITE; with it the old files are gone.
    #expect(renderedError("COPY (SELECT 1 AS k, 2 AS v) TO '\(dir)/out' (FORMAT parquet, PARTITION_BY (k))")?
      .contains("is not empty! Enable OVERWRITE option to overwrite files") == true)
    _ = try rows("COPY (SELECT 1 AS k, 2 AS v) TO '\(dir)/out' (FORMAT parquet, PARTITION_BY (k), OVERWRITE)")
    #expect(FileSystem.entries("\(dir)/out") == ["k=1"])
  }

  @Test func partitionValuesArePercentEncodedAndNullKeepsItsOwnFolder() throws {
    let dir = try scratchDirectory("copy-escaped")
    defer { FileSystem.removeTree(dir) }
    let values = "('a/b', 1), ('x=y', 2), ('p%q', 3), (NULL, 4), ('sp ace', 5), ('NULL', 6), ('', 7), ('ü~', 8)"
    _ = try rows("COPY (SELECT * FROM (VALUES \(values)) t(k, v)) TO '\(dir)/out' (FORMAT parquet, PARTITION_BY (k))")
    // DuckDB's folder names for the same rows: only letters, digits and -_.~ stay as they are.
    #expect(FileSystem.entries("\(dir)/out").sorted() == [
      "k=", "k=NULL", "k=__HIVE_DEFAULT_PARTITION__", "k=a%2Fb", "k=p%25q", "k=sp%20ace", "k=x%3Dy", "k=%C3%BC~",
    ].sorted())
    #expect(try rows("SELECT k, v FROM read_parquet('\(dir)/out/*/*.parquet', hive_partitioning = true) ORDER BY v") == [
      ["a/b", "1"], ["x=y", "2"], ["p%q", "3"], ["NULL", "4"], ["sp ace", "5"], ["NULL", "6"], ["", "7"], ["ü~", "8"],
    ])
    #expect(try rows("SELECT count(*) FROM read_parquet('\(dir)/out/*/*.parquet', hive_partitioning = true) WHERE k IS NULL")
      == [["1"]])
    // An integer key with a NULL folder stays an integer key; a lone % or a bad escape reads as written.
    _ = try rows("COPY (SELECT * FROM (VALUES (2024, 1), (NULL, 2)) t(y, v)) TO '\(dir)/years' (FORMAT parquet, PARTITION_BY (y))")
    #expect(try rows("SELECT typeof(y), y, v FROM read_parquet('\(dir)/years/*/*.parquet', hive_partitioning = true) ORDER BY v")
      == [["BIGINT", "2024", "1"], ["BIGINT", "NULL", "2"]])
    #expect(HivePartitionPath.decode("%zz%41%2") == "%zzA%2")
  }

  @Test func copyToParquetRoundTripsAndLeavesNoTemporaryFile() throws {
    let dir = try scratchDirectory("copy-file")
    defer { FileSystem.removeTree(dir) }
    _ = try rows("COPY (SELECT id, k FROM '\(file)') TO '\(dir)/a.parquet' (FORMAT parquet, ROW_GROUP_SIZE 1000, COMPRESSION zstd)")
    #expect(try rows("SELECT count(*), sum(id) FROM '\(dir)/a.parquet'") == [["5000", "12497500"]])
    _ = try rows("COPY (SELECT id FROM '\(file)' WHERE id < 3) TO '\(dir)/a.csv' (FORMAT csv, HEADER)")
    #expect(FileSystem.entries(dir).sorted() == ["a.csv", "a.parquet"])
  }
}
