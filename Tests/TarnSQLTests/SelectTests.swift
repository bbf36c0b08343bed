// SELECT blocks: select list (aliases, stars, EXCLUDE, REPLACE), DISTINCT, FROM items, WHERE, GROUP BY, HAVING, QUALIFY, ORDER BY, LIMIT.
import Testing
@testable import TarnSQL

@Test func selectWithoutFrom() {
  guard let s = select("SELECT 1, 'a'") else { return }
  #expect(s.items == [.expression(int(1)), .expression(str("a"))])
  #expect(s.from.isEmpty)
  #expect(s.distinct == nil)
}

@Test func aliases() {
  guard let s = select(#"SELECT a AS x, b y, c AS "Z z", d AS 'w', e AS year, f AS left FROM t"#) else { return }
  #expect(s.items == [
    .expression(col("a"), alias: "x"), .expression(col("b"), alias: "y"),
    SelectItem(.expression(col("c"), alias: Identifier("Z z", isQuoted: true))),
    SelectItem(.expression(col("d"), alias: Identifier("w", isQuoted: true))),
    .expression(col("e"), alias: "year"), .expression(col("f"), alias: "left"),
  ])
}

@Test func bareAliasIsNotTakenFromAKeyword() {
  guard let s = select("SELECT a FROM t WHERE a > 1") else { return }
  #expect(s.items == [.expression(col("a"))])
  #expect(s.whereClause == bin(.greater, col("a"), int(1)))
}

@Test func stars() {
  guard let s = select("SELECT *, t.*, s.t.* FROM t") else { return }
  #expect(s.items == [
    SelectItem(.star(Star())), SelectItem(.star(Star(qualifier: QualifiedName("t")))),
    SelectItem(.star(Star(qualifier: QualifiedName("s", "t")))),
  ])
}

@Test func starExcludeAndReplace() {
  guard let s = select("SELECT * EXCLUDE (a, t.b) REPLACE (c * 2 AS c, upper(d) AS d) FROM t") else { return }
  let star = Star(
    exclude: [QualifiedName("a"), QualifiedName("t", "b")],
    replace: [.init(bin(.multiply, col("c"), int(2)), as: Identifier("c")), .init(call("upper", col("d")), as: Identifier("d"))])
  #expect(s.items == [SelectItem(.star(star))])
  guard let single = select("SELECT t.* EXCLUDE a FROM t") else { return }
  #expect(single.items == [SelectItem(.star(Star(qualifier: QualifiedName("t"), exclude: [QualifiedName("a")])))])
}

@Test func distinctAndDistinctOn() {
  #expect(select("SELECT DISTINCT a FROM t")?.distinct == .distinct)
  #expect(select("SELECT DISTINCT ON (a, b) a, c FROM t")?.distinct == .on([col("a"), col("b")]))
  #expect(select("SELECT ALL a FROM t")?.distinct == nil)
}

@Test func fromPathsTablesAndFunctions() {
  guard let s = select(#"SELECT * FROM 'obs/*.parquet' AS o, main."My Table", t2"#) else { return }
  #expect(s.from == [
    TableReference(.path("obs/*.parquet"), alias: TableAlias(Identifier("o"))),
    TableReference(.table(QualifiedName([Identifier("main"), Identifier("My Table", isQuoted: true)]))),
    table("t2"),
  ])
}

@Test func readParquetWithNamedArguments() {
  guard let s = select("SELECT * FROM read_parquet('p/*.parquet', hive_partitioning=true, union_by_name = true, filename := true)") else { return }
  let expected = TableFunctionCall(QualifiedName("read_parquet"), arguments: [
    FunctionArgument(str("p/*.parquet")),
    FunctionArgument(name: Identifier("hive_partitioning"), bool(true)),
    FunctionArgument(name: Identifier("union_by_name"), bool(true)),
    FunctionArgument(name: Identifier("filename"), bool(true)),
  ])
  #expect(s.from == [TableReference(.function(expected))])
}

@Test func readParquetWithAList() {
  guard let s = select("SELECT * FROM read_parquet(['a.parquet', 'b.parquet']) p") else { return }
  let expected = TableFunctionCall(QualifiedName("read_parquet"), arguments: [
    FunctionArgument(Expression(.list([str("a.parquet"), str("b.parquet")])))
  ])
  #expect(s.from == [TableReference(.function(expected), alias: TableAlias(Identifier("p")))])
}

@Test func readCsvWithStructAndEscapes() {
  guard let s = select(#"FROM read_csv('x.csv', delim='\t', header=true, columns={'a': 'BIGINT', 'b': 'VARCHAR'}, nullstr='NA')"#) else { return }
  let expected = TableFunctionCall(QualifiedName("read_csv"), arguments: [
    FunctionArgument(str("x.csv")),
    FunctionArgument(name: Identifier("delim"), str(#"\t"#)),
    FunctionArgument(name: Identifier("header"), bool(true)),
    FunctionArgument(name: Identifier("columns"), Expression(.structLiteral([
      StructLiteralField(name: "a", value: str("BIGINT")), StructLiteralField(name: "b", value: str("VARCHAR")),
    ]))),
    FunctionArgument(name: Identifier("nullstr"), str("NA")),
  ])
  #expect(s.from == [TableReference(.function(expected))])
  #expect(s.items == [SelectItem(.star(Star()))])
}

@Test func globTableFunction() {
  guard let s = select("SELECT * FROM glob('*.csv')") else { return }
  #expect(s.from == [TableReference(.function(TableFunctionCall(QualifiedName("glob"), arguments: [FunctionArgument(str("*.csv"))])))])
}

@Test func subqueryInFromWithColumnAliases() {
  guard let s = select("SELECT x FROM (SELECT a, b FROM t) AS s(x, y)") else { return }
  guard case .subquery(let inner) = s.from.first?.kind else {
    Issue.record("not a subquery")
    return
  }
  #expect(inner.description == "SELECT a, b FROM t")
  #expect(s.from.first?.alias == TableAlias(Identifier("s"), columns: [Identifier("x"), Identifier("y")]))
}

@Test func valuesInFrom() {
  guard let s = select("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(n, s)") else { return }
  guard case .subquery(let inner) = s.from.first?.kind, case .values(let values) = inner.body else {
    Issue.record("not VALUES")
    return
  }
  #expect(values.rows == [[int(1), str("a")], [int(2), str("b")]])
}

@Test func whereGroupByHavingQualify() {
  guard let s = select("SELECT a, count(*) FROM t WHERE b > 0 GROUP BY a, 2 HAVING count(*) > 1 QUALIFY a <> 0") else { return }
  #expect(s.whereClause == bin(.greater, col("b"), int(0)))
  #expect(s.groupBy == GroupBy(.expressions([col("a"), int(2)])))
  #expect(s.having == bin(.greater, Expression(.function(FunctionCall(QualifiedName("count"), isStar: true))), int(1)))
  #expect(s.qualify == bin(.notEqual, col("a"), int(0)))
}

@Test func groupByAll() {
  #expect(select("SELECT a, sum(b) FROM t GROUP BY ALL")?.groupBy == GroupBy(.all))
}

@Test func fromFirst() {
  guard let s = select("FROM t SELECT a WHERE a > 1") else { return }
  #expect(s.from == [table("t")])
  #expect(s.items == [.expression(col("a"))])
  #expect(s.whereClause == bin(.greater, col("a"), int(1)))
  #expect(select("FROM t")?.items == [SelectItem(.star(Star()))])
}

@Test func orderByItems() {
  guard let q = query("SELECT a, b FROM t ORDER BY a DESC NULLS LAST, 2, b ASC, c NULLS FIRST") else { return }
  #expect(q.orderBy == OrderBy(.items([
    OrderItem(col("a"), direction: .descending, nulls: .last), OrderItem(int(2)),
    OrderItem(col("b"), direction: .ascending), OrderItem(col("c"), nulls: .first),
  ])))
}

@Test func orderByAll() {
  #expect(query("SELECT a FROM t ORDER BY ALL")?.orderBy == OrderBy(.all(direction: nil, nulls: nil)))
  #expect(query("SELECT a FROM t ORDER BY ALL DESC NULLS FIRST")?.orderBy == OrderBy(.all(direction: .descending, nulls: .first)))
}

@Test func limitAndOffsetInEitherOrder() {
  let a = query("SELECT a FROM t LIMIT 10 OFFSET 5")
  #expect(a?.limit == int(10))
  #expect(a?.offset == int(5))
  let b = query("SELECT a FROM t OFFSET 5 LIMIT 10")
  #expect(b?.limit == int(10))
  #expect(b?.offset == int(5))
  #expect(query("SELECT a FROM t LIMIT 2 * 5")?.limit == bin(.multiply, int(2), int(5)))
  let all = query("SELECT a FROM t LIMIT ALL")
  #expect(all?.limit == nil)
}

@Test func withClause() {
  guard let q = query("WITH a AS (SELECT 1 AS x), b(y) AS (SELECT x FROM a) SELECT y FROM b") else { return }
  #expect(q.with.map(\.name.name) == ["a", "b"])
  #expect(q.with[1].columns == [Identifier("y")])
  #expect(q.with[1].query.description == "SELECT x FROM a")
  #expect(q.with[0].isMaterialized == nil)
  #expect(q.body == .select(Select(items: [.expression(col("y"))], from: [table("b")])))
}

@Test func materializedCte() {
  #expect(query("WITH a AS MATERIALIZED (SELECT 1) SELECT * FROM a")?.with.first?.isMaterialized == true)
  #expect(query("WITH a AS NOT MATERIALIZED (SELECT 1) SELECT * FROM a")?.with.first?.isMaterialized == false)
}

@Test func selectSpans() throws {
  let sql = "SELECT a AS x FROM t WHERE a > 1"
  let q = try Parser.parseQuery(sql)
  guard case .select(let s) = q.body else { return }
  #expect(s.span.text(in: sql) == sql)
  #expect(s.items[0].span.text(in: sql) == "a AS x")
  #expect(s.from[0].span.text(in: sql) == "t")
  #expect(s.whereClause?.span.text(in: sql) == "a > 1")
}

@Test func selectListWithReservedWordAfterAs() {
  #expect(parseError("SELECT a AS from FROM t")?.hint == "FROM is a keyword; quote it to use it as an alias: \"from\"")
}
