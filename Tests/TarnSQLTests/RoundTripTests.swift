// Round trips: print(parse(sql)) is canonical SQL and parse(print(ast)) == ast, for every construct.
import Testing
@testable import TarnSQL

/// Cases as (input, canonical printed form).
let canonicalForms: [(String, String)] = [
  ("select a from t", "SELECT a FROM t"),
  ("SELECT a OR b AND NOT c = d", "SELECT a OR b AND NOT c = d"),
  ("SELECT (a OR b) AND c", "SELECT (a OR b) AND c"),
  ("SELECT ((a + b)) * c", "SELECT (a + b) * c"),
  ("SELECT a - (b - c), (a - b) - c", "SELECT a - (b - c), a - b - c"),
  ("SELECT -x::int, (-x)::int, -(-x), - -1", "SELECT -x::int, (-x)::int, - -x, - -1"),
  ("SELECT -(1), +1", "SELECT -(1), +1"),
  ("SELECT a || b + c, (a || b) + c", "SELECT a || b + c, (a || b) + c"),
  ("SELECT x NOT BETWEEN 1 AND 2 AND y", "SELECT x NOT BETWEEN 1 AND 2 AND y"),
  ("SELECT (a = b) = c, a = (b = c)", "SELECT (a = b) = c, a = (b = c)"),
  ("SELECT a == b, a != b, 2 ** 3", "SELECT a = b, a <> b, 2 ^ 3"),
  ("SELECT a AS x, b y, c AS \"Z\"", "SELECT a AS x, b AS y, c AS \"Z\""),
  ("SELECT 'it''s', E'a\\'b'", "SELECT 'it''s', 'a''b'"),
  ("SELECT date '2020-01-01', interval 3 days", "SELECT date '2020-01-01', INTERVAL 3 DAY"),
  ("SELECT count(*), count(distinct x) filter (where x > 0)", "SELECT count(*), count(DISTINCT x) FILTER (WHERE x > 0)"),
  ("SELECT cast(a as int), try_cast(b as date), c::text", "SELECT CAST(a AS int), TRY_CAST(b AS date), c::text"),
  ("SELECT case when a then 1 else 2 end", "SELECT CASE WHEN a THEN 1 ELSE 2 END"),
  ("SELECT EXTRACT(year FROM ts)", "SELECT date_part('year', ts)"),
  ("SELECT ARRAY[1, 2], {a: 1}", "SELECT [1, 2], {'a': 1}"),
  ("FROM t", "SELECT * FROM t"),
  ("from t select a where a > 1", "SELECT a FROM t WHERE a > 1"),
  ("SELECT * FROM 'x.parquet' o", "SELECT * FROM 'x.parquet' AS o"),
  ("SELECT * FROM read_csv('x', header=true)", "SELECT * FROM read_csv('x', header := TRUE)"),
  ("SELECT * FROM a inner join b on x left outer join c using (k)", "SELECT * FROM a JOIN b ON x LEFT JOIN c USING (k)"),
  ("SELECT * FROM a JOIN (b JOIN c ON x) ON y", "SELECT * FROM a JOIN (b JOIN c ON x) ON y"),
  ("SELECT 1 UNION (SELECT 2 UNION SELECT 3)", "SELECT 1 UNION (SELECT 2 UNION SELECT 3)"),
  ("(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3", "(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3"),
  ("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3", "SELECT 1 UNION SELECT 2 INTERSECT SELECT 3"),
  ("((SELECT 1))", "SELECT 1"),
  ("SELECT a FROM t ORDER BY a LIMIT 1 OFFSET 2", "SELECT a FROM t ORDER BY a LIMIT 1 OFFSET 2"),
  ("SELECT a FROM t OFFSET 2 LIMIT 1", "SELECT a FROM t LIMIT 1 OFFSET 2"),
  ("create or replace temp view v as select 1", "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1"),
  ("COPY (SELECT 1) TO 'x' WITH (format parquet, partition_by (a, b), header)", "COPY (SELECT 1) TO 'x' (format parquet, partition_by (a, b), header)"),
]

@Test(arguments: canonicalForms)
func canonicalPrinting(input: String, printed: String) throws {
  let statement = try Parser.parseStatement(input)
  #expect(statement.description == printed)
  #expect(try Parser.parseStatement(printed) == statement)
}

/// Statements covering every AST node; each must survive parse → print → parse unchanged.
let roundTripCorpus: [String] = [
  "SELECT 1, 'a', NULL, TRUE, FALSE, 1.50, .5, 1e10, 2.5E-3, -7, -0.25, 123456789012345678901234567890",
  "SELECT a, t.a, \"quoted col\", s.t.a.field, \"select\", t.\"from\"",
  "SELECT -x, +x, ~x, NOT x, - -x, -(-1), -(5), -x ^ 2, -2 ^ 2, (-2)::int, x::int::text",
  "SELECT a OR b AND c, (a OR b) AND c, NOT (a AND b), NOT a = b, (NOT a) = b",
  "SELECT a IS NULL, a IS NOT NULL, a ISNULL, a NOTNULL, a IS TRUE, a IS NOT FALSE, a IS UNKNOWN",
  "SELECT a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b, (a IS NULL) IS NULL, a = b IS NULL, (a IS NULL) = b",
  "SELECT x BETWEEN 1 AND 2, x NOT BETWEEN a + 1 AND b * 2, (x BETWEEN 1 AND 2) = true, x BETWEEN (a = b) AND c",
  "SELECT x IN (1, 2), x NOT IN ('a'), x IN (SELECT y FROM u), (x IN (1)) IN (true), x IN (1) = false",
  "SELECT a LIKE 'x%', a NOT ILIKE b ESCAPE '!', a GLOB '*.csv', a NOT SIMILAR TO 'ab+', (a LIKE b) LIKE c",
  "SELECT a || b, a & b | c, a << 1 >> 2, a + b - c, a * b / c // d % e, a ^ b ^ c, a ^ (b ^ c)",
  "SELECT EXISTS (SELECT 1), NOT EXISTS (SELECT 1 FROM t), (SELECT max(a) FROM t) + 1, ((SELECT 1) UNION (SELECT 2))",
  "SELECT f(), f(a, b), s.f(1), count(*), count(DISTINCT x), sum(x) FILTER (WHERE x > 0), count(*) FILTER (WHERE b)",
  "SELECT string_agg(x, ',' ORDER BY y DESC NULLS FIRST, z), struct_pack(a := 1, \"b\" := 2), left(s, 2)",
  "SELECT CASE WHEN a THEN b END, CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END, CASE WHEN a THEN (b OR c) END",
  "SELECT CAST(a AS BIGINT), TRY_CAST(b AS DECIMAL(18, 3)), c::VARCHAR[], d::INT[3][], e::STRUCT(a INT, \"b c\" MAP(VARCHAR, DOUBLE[]))",
  "SELECT x::TIMESTAMP WITH TIME ZONE, y::DOUBLE PRECISION, z::CHARACTER VARYING(10), w::ROW(a INT)",
  "SELECT DATE '2020-01-01', TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP WITH TIME ZONE '2020-01-01', uuid 'x'",
  "SELECT INTERVAL '3 days', INTERVAL 3 DAY, INTERVAL '1' YEAR, INTERVAL (n * 2) HOUR, INTERVAL -2 HOURS, INTERVAL 1.5 SECOND",
  "SELECT [1, 2, 3], [], [[1], []], {'a': 1, 'b': {'c': [1]}}, ARRAY['x']",
  "SELECT l[1], l[1:2], l[:2], l[2:], l[:], m['k'][1], (s).f, f(x).y, l[1].z, (a + b)[1], -l[1]",
  "SELECT *, t.*, s.t.*, * EXCLUDE (a, t.b), * REPLACE (a + 1 AS a), t.* EXCLUDE a REPLACE (2 AS b) FROM t",
  "SELECT a AS x, b y, c AS \"Z z\", d AS 'w', e AS year, f AS left, g AS \"from\"",
  "SELECT DISTINCT a FROM t",
  "SELECT DISTINCT ON (a, b) a, c FROM t WHERE a > 1 GROUP BY a, 2 HAVING count(*) > 1 QUALIFY a <> 0",
  "SELECT a, sum(b) FROM t GROUP BY ALL ORDER BY ALL DESC NULLS LAST",
  "SELECT a FROM t ORDER BY a DESC NULLS LAST, 2, b ASC, c NULLS FIRST LIMIT 10 OFFSET 5",
  "SELECT a FROM t LIMIT 2 * 5",
  "SELECT * FROM 'obs/*.parquet' AS o, main.\"My Table\", t2 AS x(a, b)",
  "SELECT * FROM read_parquet(['a', 'b'], hive_partitioning = true, union_by_name := true, filename => true) p",
  "SELECT * FROM read_csv('x.csv', delim = '\\t', header = true, columns = {'a': 'BIGINT'}, nullstr = 'NA')",
  "SELECT * FROM glob('*.csv'), (SELECT 1) AS s(x), (VALUES (1, 'a'), (2, 'b')) v(n, s)",
  "SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN c USING (y) RIGHT OUTER JOIN d ON true FULL JOIN e ON false",
  "SELECT * FROM a CROSS JOIN b NATURAL JOIN c NATURAL LEFT JOIN d SEMI JOIN e ON p ANTI JOIN f ON q, g",
  "SELECT * FROM a JOIN (b JOIN c ON x) ON y, (d JOIN e USING (k)) AS de, (f)",
  "FROM t",
  "FROM t SELECT a WHERE a > 1",
  "VALUES (1, 'a'), (2, 'b')",
  "WITH a AS (SELECT 1 AS x), b(y) AS MATERIALIZED (SELECT x FROM a), c AS NOT MATERIALIZED (SELECT 2) SELECT * FROM b",
  "SELECT 1 UNION SELECT 2 UNION ALL SELECT 3 EXCEPT SELECT 4 EXCEPT ALL SELECT 5 INTERSECT SELECT 6 INTERSECT ALL SELECT 7",
  "SELECT 1 UNION BY NAME SELECT 2 UNION ALL BY NAME SELECT 3",
  "(SELECT 1 UNION SELECT 2) INTERSECT (SELECT 3 EXCEPT SELECT 4) UNION (SELECT 5 UNION SELECT 6)",
  "(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT b FROM u LIMIT 2) ORDER BY 1 LIMIT 3",
  "((SELECT 1 LIMIT 1)) LIMIT 2",
  "WITH a AS (SELECT 1) (SELECT * FROM a UNION SELECT 2) ORDER BY 1",
  "VALUES (1) UNION SELECT 2",
  "CREATE VIEW v AS SELECT 1",
  "CREATE OR REPLACE TEMP VIEW s.v(a, b) AS SELECT 1, 2 UNION SELECT 3, 4",
  "CREATE VIEW IF NOT EXISTS v AS WITH a AS (SELECT 1) SELECT * FROM a",
  "CREATE TABLE t AS SELECT * FROM 'x.parquet'",
  "CREATE OR REPLACE TEMPORARY TABLE t AS (SELECT 1) ORDER BY 1",
  "CREATE TABLE IF NOT EXISTS t AS FROM u",
  "DROP VIEW v",
  "DROP TABLE IF EXISTS s.t CASCADE",
  "DROP VIEW IF EXISTS v RESTRICT",
  "DESCRIBE SELECT 1",
  "DESCRIBE t",
  "DESCRIBE 'x.parquet'",
  "DESCRIBE read_csv('x.csv', header = true)",
  "DESCRIBE (SELECT 1) UNION SELECT 2",
  "EXPLAIN SELECT 1",
  "EXPLAIN ANALYZE SELECT * FROM t",
  "EXPLAIN COPY t TO 'x'",
  "COPY (SELECT * FROM t) TO 'out.parquet' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000, PARTITION_BY (a, b), OVERWRITE true, HEADER, DELIMITER '\\t', NULL 'NA', ESCAPE '\"')",
  "COPY t (a, b) TO 'y.csv' WITH (FORMAT 'csv', HEADER false, PARTITION_BY *, COLUMNS {'a': 'INT'}, X [1, 2], Y -1)",
  "COPY t FROM 'z.csv' (AUTO_DETECT true)",
  "COPY t TO 'p' ()",
]

@Test(arguments: roundTripCorpus)
func parsePrintParseIsIdentity(sql: String) throws {
  let statements = try Parser.parse(script: sql)
  #expect(statements.count == 1)
  let printed = SQLPrinter.script(statements)
  let reparsed = try Parser.parse(script: printed)
  #expect(reparsed == statements, "printed: \(printed)")
  // Printing is a fixed point: the canonical form prints as itself.
  #expect(SQLPrinter.script(reparsed) == printed)
}

@Test func wholeScriptRoundTrips() throws {
  let script = roundTripCorpus.joined(separator: ";\n")
  let statements = try Parser.parse(script: script)
  #expect(statements.count == roundTripCorpus.count)
  #expect(try Parser.parse(script: SQLPrinter.script(statements)) == statements)
}

@Test func equalityIgnoresSpansButNotSyntax() throws {
  #expect(try Parser.parseExpression("a+1") == Parser.parseExpression("  a  +  1 "))
  #expect(try Parser.parseExpression("a + 1") != Parser.parseExpression("a + 2"))
  #expect(try Parser.parseExpression("\"a\"") != Parser.parseExpression("a"))
}

@Test func handBuiltTreesPrintQuotedNamesWhenNeeded() {
  let e = bin(.add, Expression(.column(QualifiedName("select", "my col"))), int(1))
  #expect(e.description == "\"select\".\"my col\" + 1")
  let nested = bin(.multiply, bin(.add, int(1), int(2)), neg(int(3)))
  #expect(nested.description == "(1 + 2) * -(3)")
}

/// Round-trip bugs found by mutating the corpus, kept as regression cases.
let roundTripRegressions: [String] = [
  "SELECT t.END, main.ORDER, f(x).ALL, (s).AS, (1).true",  // any word is a name after a dot
  "SELECT left(s, 2), glob('x'), s.left(1)",  // function-name keywords name functions unquoted
  "SELECT * FROM read_csv('x', IS = true)",  // any word names a table-function argument
  "SELECT * FROM read_csv('x', a == 1, (b = 2), c = 3)",  // positional comparisons keep parentheses
  "SELECT (a::b)[1], (x::INT[])[1:2]",  // a subscript must not become part of the cast's type
  "SELECT a::\"quoted type\", b::\"select\", c::STRUCT(select INT)",  // type and field names that need quotes
  "COPY t TO 'x' (A (TRUE).b, B (1 + 2) * 3, C (1), D (1, 2))",  // a parenthesis may start an option's expression
  "SELECT (values IS NOT FALSE), values FROM t",  // `values` without `(` is a column
]

@Test(arguments: roundTripRegressions)
func roundTripRegression(sql: String) throws {
  let statements = try Parser.parse(script: sql)
  let printed = SQLPrinter.script(statements)
  #expect(try Parser.parse(script: printed) == statements, "printed: \(printed)")
}

@Test func copyOptionParenthesesDistinguishListsFromExpressions() throws {
  guard case .copy(let copy) = try Parser.parseStatement("COPY t TO 'x' (A (1), B (1) + 2)").kind else {
    Issue.record("not COPY")
    return
  }
  #expect(copy.options == [
    CopyOption(Identifier("A"), .list([int(1)])),
    CopyOption(Identifier("B"), .expression(bin(.add, int(1), int(2)))),
  ])
}
