// GROUP BY keys and count(DISTINCT) arguments that Parquet dictionary-encodes: worked on by codes, with the same
// answers as by values.
import Testing
import TarnCore
import TarnParquet
@testable import TarnEngine

@Suite struct DictionaryGroupKeyTests {
  let file: String

  /// 5,000 rows in row groups of 1,500 (a dictionary each), pages of 97 rows and a 600-byte dictionary limit (so
  /// later pages fall back to plain), keys with NULLs, INT32 and INT64.
  init() throws {
    file = try scratchDirectory("DictionaryGroupKey") + "/keys.parquet"
    let n = 5_000
    let schema = Schema([Field("id", .int64), Field("k", .int64), Field("small", .int32), Field("g", .string)])
    var options = ParquetWriterOptions()
    options.rowGroupRows = 1_500
    options.pageRowLimit = 97
    options.dictionarySizeLimit = 600
    let writer = try ParquetFileWriter(path: file, schema: schema, options: options)
    var k = VectorBuilder(type: .int64, capacity: n)
    var small = VectorBuilder(type: .int32, capacity: n)
    for i in 0..<n {
      if i % 13 == 5 { k.appendNull() } else { k.append(Int64((i * 7) % 131) - 40) }
      small.append(Int32(i % 5))
    }
    try writer.write(RecordBatch(
      schema: schema,
      columns: [
        VectorFactory.int64s((0..<Int64(n)).map { $0 }), k.finish(), small.finish(),
        VectorFactory.strings((0..<n).map { ["a", "b", "c"][$0 % 3] }),
      ],
      count: n))
    try writer.close()
  }

  /// The integer dictionaries the scan under the plan's aggregate may keep (source columns).
  private func codedColumns(_ sql: String) throws -> Set<Int> {
    func find(_ plan: LogicalPlan) -> Set<Int>? {
      if case .aggregate(_, _, let groups, let aggregates, let child) = plan {
        var found = Set<Int>()
        func scans(_ p: LogicalPlan) {
          if case .get(let g) = p { found.formUnion(g.integerDictionaries) }
          p.children.forEach(scans)
        }
        scans(DictionaryGroupKey.allowingCodes(groups: groups, aggregates: aggregates, below: child))
        return found
      }
      for c in plan.children { if let f = find(c) { return f } }
      return nil
    }
    return find(try Optimizer.optimize(try boundPlan(sql))) ?? []
  }

  @Test func aBareIntegerKeyReadByNothingElseIsCoded() throws {
    #expect(try codedColumns("SELECT k, count(*) FROM '\(file)' GROUP BY k") == [1])
    #expect(try codedColumns("SELECT small, count(*), sum(id) FROM '\(file)' WHERE g = 'a' GROUP BY small") == [2])
  }

  @Test func distinctCountArgumentsAreCoded() throws {
    #expect(try codedColumns("SELECT g, count(DISTINCT k) FROM '\(file)' GROUP BY g") == [1])
    #expect(try codedColumns("SELECT small, count(DISTINCT k), min(id) FROM '\(file)' GROUP BY small") == [1, 2])
    #expect(try codedColumns("SELECT count(DISTINCT k), sum(k) FROM '\(file)'").isEmpty, "also summed")
    #expect(try codedColumns("SELECT sum(DISTINCT k) FROM '\(file)'").isEmpty, "sum sees the values")
  }

  @Test func distinctCountsByCodesEqualThoseByValues() throws {
    for (group, filter) in [("g", ""), ("small", "WHERE id % 4 <> 0"), ("id % 2", "")] {
      let coded = try rows(
        "SELECT \(group) AS grp, count(DISTINCT k), count(DISTINCT small), count(*) FROM '\(file)' \(filter) "
          + "GROUP BY \(group) ORDER BY grp")
      let plain = try rows(
        "SELECT \(group) AS grp, count(DISTINCT k + 0), count(DISTINCT small + 0), count(*) FROM '\(file)' \(filter) "
          + "GROUP BY \(group) ORDER BY grp")
      #expect(coded == plain, "\(group) \(filter)")
    }
    #expect(try rows("SELECT count(DISTINCT k), count(DISTINCT small) FROM '\(file)'") == [["131", "5"]])
  }

  @Test func aKeyReadElsewhereIsNotCoded() throws {
    #expect(try codedColumns("SELECT k, sum(k) FROM '\(file)' GROUP BY k").isEmpty, "aggregate argument")
    #expect(try codedColumns("SELECT k, count(*) FROM '\(file)' WHERE k > 3 GROUP BY k").isEmpty, "filter")
    #expect(try codedColumns("SELECT k + 1, count(*) FROM '\(file)' GROUP BY k + 1").isEmpty, "expression key")
    #expect(try codedColumns("SELECT k, small, count(*) FROM '\(file)' GROUP BY k, small").isEmpty, "two keys")
    #expect(try codedColumns("SELECT g, count(*) FROM '\(file)' GROUP BY g").isEmpty, "strings are coded anyway")
  }

  @Test func groupsByCodesEqualGroupsByValues() throws {
    for (key, valueKey) in [("k", "k + 0"), ("small", "small + 0")] {
      for filter in ["", "WHERE g = 'b'", "WHERE id % 3 = 1"] {
        let coded = try rows(
          "SELECT \(key) AS key, count(*), sum(id), min(id) FROM '\(file)' \(filter) GROUP BY \(key) ORDER BY key NULLS FIRST")
        let plain = try rows(
          "SELECT \(valueKey) AS key, count(*), sum(id), min(id) FROM '\(file)' \(filter) GROUP BY \(valueKey) ORDER BY key NULLS FIRST")
        #expect(coded == plain, "\(key) \(filter)")
        #expect(coded.count > 4)
      }
    }
    let keys = try rows("SELECT k, count(*) FROM '\(file)' GROUP BY k ORDER BY k NULLS FIRST")
    #expect(keys.count == 132, "131 values and NULL, each one group across row groups and page encodings")
    #expect(keys.first == ["NULL", "385"])
  }
}
