// Statements: scripts, CREATE VIEW/TABLE AS, DROP, DESCRIBE, EXPLAIN, COPY with generic options.
import Testing
@testable import TarnSQL

@Test func scriptsSplitOnSemicolons() throws {
  let statements = try Parser.parse(script: "SELECT 1; ;SELECT 2;\n-- done\n")
  #expect(statements.count == 2)
  #expect(statements.map(\.description) == ["SELECT 1", "SELECT 2"])
}

@Test func statementSpansExcludeTheSemicolon() throws {
  let sql = "SELECT 1;  SELECT a FROM t ;"
  let statements = try Parser.parse(script: sql)
  #expect(statements.map { $0.span.text(in: sql) } == ["SELECT 1", "SELECT a FROM t"])
}

@Test func laterCtesReferToEarlierOnes() throws {
  let sql = "WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a) SELECT * FROM a, b"
  guard case .query(let q)? = statement(sql)?.kind else { return }
  #expect(q.with.map(\.name.name) == ["a", "b"])
  guard case .select(let inner) = q.with[1].query.body else { return }
  #expect(inner.from == [table("a")])
}

@Test func createView() {
  guard case .createView(let create)? = statement("CREATE OR REPLACE TEMP VIEW v(a, b) AS SELECT 1, 2")?.kind else {
    Issue.record("not CREATE VIEW")
    return
  }
  #expect(create.orReplace)
  #expect(create.isTemporary)
  #expect(!create.ifNotExists)
  #expect(create.name == QualifiedName("v"))
  #expect(create.columns == [Identifier("a"), Identifier("b")])
  #expect(create.query.description == "SELECT 1, 2")
}

@Test func createViewIfNotExists() {
  guard case .createView(let create)? = statement("CREATE TEMPORARY VIEW IF NOT EXISTS main.v AS FROM 'x.parquet'")?.kind else {
    Issue.record("not CREATE VIEW")
    return
  }
  #expect(create.ifNotExists)
  #expect(create.isTemporary)
  #expect(create.name == QualifiedName("main", "v"))
  #expect(create.query.description == "SELECT * FROM 'x.parquet'")
}

@Test func createTableAs() {
  guard case .createTable(let create)? = statement("CREATE OR REPLACE TABLE t AS SELECT * FROM read_parquet('p')")?.kind else {
    Issue.record("not CREATE TABLE")
    return
  }
  #expect(create.orReplace)
  #expect(!create.isTemporary)
  #expect(create.name == QualifiedName("t"))
  #expect(create.query.description == "SELECT * FROM read_parquet('p')")
  guard case .createTable(let parenthesized)? = statement("CREATE TABLE t AS (SELECT 1)")?.kind else { return }
  #expect(parenthesized.query.description == "SELECT 1")
}

@Test func drop() {
  #expect(statement("DROP VIEW v")?.kind == .drop(DropStatement(.view, name: QualifiedName("v"))))
  #expect(
    statement("DROP TABLE IF EXISTS s.t CASCADE")?.kind
      == .drop(DropStatement(.table, name: QualifiedName("s", "t"), ifExists: true, behavior: .cascade)))
}

@Test func describeTargets() {
  guard case .describe(let query)? = statement("DESCRIBE SELECT a FROM t")?.kind,
    case .query(let q) = query.target
  else {
    Issue.record("not DESCRIBE query")
    return
  }
  #expect(q.description == "SELECT a FROM t")
  #expect(statement("DESCRIBE t")?.kind == .describe(DescribeStatement(.table(table("t")))))
  #expect(statement("DESCRIBE 'obs/*.parquet'")?.kind == .describe(DescribeStatement(.table(TableReference(.path("obs/*.parquet"))))))
  guard case .describe(let function)? = statement("DESCRIBE read_csv('x.csv')")?.kind,
    case .table(let reference) = function.target, case .function(let call) = reference.kind
  else {
    Issue.record("not DESCRIBE table function")
    return
  }
  #expect(call.name == QualifiedName("read_csv"))
}

@Test func explain() {
  guard case .explain(let explain)? = statement("EXPLAIN SELECT 1")?.kind else {
    Issue.record("not EXPLAIN")
    return
  }
  #expect(!explain.isAnalyze)
  #expect(explain.statement.description == "SELECT 1")
  guard case .explain(let analyze)? = statement("EXPLAIN ANALYZE CREATE TABLE t AS SELECT 1")?.kind else { return }
  #expect(analyze.isAnalyze)
  guard case .createTable = analyze.statement.kind else {
    Issue.record("EXPLAIN ANALYZE of CREATE TABLE")
    return
  }
}

@Test func copyQueryToParquet() {
  let sql = """
    COPY (SELECT * FROM t) TO 'out/obs.parquet' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000,
      PARTITION_BY (year, month), OVERWRITE true, HEADER, DELIMITER '\\t', NULL 'NA')
    """
  guard case .copy(let copy)? = statement(sql)?.kind else {
    Issue.record("not COPY")
    return
  }
  guard case .query(let q) = copy.source else {
    Issue.record("not a query source")
    return
  }
  #expect(q.description == "SELECT * FROM t")
  #expect(copy.direction == .to)
  #expect(copy.path == "out/obs.parquet")
  #expect(copy.options == [
    CopyOption(Identifier("FORMAT"), .expression(col("parquet"))),
    CopyOption(Identifier("COMPRESSION"), .expression(col("zstd"))),
    CopyOption(Identifier("ROW_GROUP_SIZE"), .expression(int(100000))),
    CopyOption(Identifier("PARTITION_BY"), .list([col("year"), col("month")])),
    CopyOption(Identifier("OVERWRITE"), .expression(bool(true))),
    CopyOption(Identifier("HEADER")),
    CopyOption(Identifier("DELIMITER"), .expression(str("\\t"))),
    CopyOption(Identifier("NULL"), .expression(str("NA"))),
  ])
  #expect(copy.options.map(\.word) == ["parquet", "zstd", nil, nil, nil, nil, "\\t", "NA"])
}

@Test func copyTableWithColumns() {
  #expect(
    statement("COPY t (a, b) TO 'x.csv' WITH (FORMAT 'csv', HEADER false)")?.kind
      == .copy(
        CopyStatement(
          .table(QualifiedName("t"), columns: [Identifier("a"), Identifier("b")]), path: "x.csv",
          options: [
            CopyOption(Identifier("FORMAT"), .expression(str("csv"))),
            CopyOption(Identifier("HEADER"), .expression(bool(false))),
          ])))
  #expect(statement("COPY t TO 'x.parquet'")?.kind == .copy(CopyStatement(.table(QualifiedName("t"), columns: []), path: "x.parquet")))
  #expect(
    statement("COPY t TO 'p' (PARTITION_BY *)")?.kind
      == .copy(CopyStatement(.table(QualifiedName("t"), columns: []), path: "p", options: [CopyOption(Identifier("PARTITION_BY"), .star)])))
}

@Test func copyFrom() {
  #expect(
    statement("COPY t FROM 'in.csv' (AUTO_DETECT true)")?.kind
      == .copy(
        CopyStatement(
          .table(QualifiedName("t"), columns: []), direction: .from, path: "in.csv",
          options: [CopyOption(Identifier("AUTO_DETECT"), .expression(bool(true)))])))
  #expect(parseError("COPY (SELECT 1) FROM 'x'")?.hint == "COPY FROM reads into a table, not a query")
}

@Test func parseStatementRejectsASecondStatement() {
  do {
    _ = try Parser.parseStatement("SELECT 1; SELECT 2")
    Issue.record("expected an error")
  } catch {
    #expect(error.span.start == 10)
  }
}

@Test func parseQueryRejectsOtherStatements() {
  #expect(throws: SQLError.self) { try Parser.parseQuery("DROP TABLE t") }
}
