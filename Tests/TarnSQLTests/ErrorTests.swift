// Errors: exact messages, carets and hints for every error class, and deep nesting refused without a crash.
import Testing
@testable import TarnSQL

// MARK: - Rendering

@Test func renderingPointsAtTheToken() {
  #expect(rendered("SELECT a, b FROM t WHERE") == """
    Parser Error: syntax error at end of input
    LINE 1: SELECT a, b FROM t WHERE
                                    ^
    HINT: expected an expression after WHERE
    """)
}

@Test func endOfInputErrorsPointPastTheLastToken() {
  #expect(rendered("SELECT 1 +\n-- trailing comment\n") == """
    Parser Error: syntax error at end of input
    LINE 1: SELECT 1 +
                      ^
    HINT: expected an expression after +
    """)
}

@Test func renderingShowsTheLineOfTheError() {
  #expect(rendered("SELECT a\nFROM t\nWHERE b = 1 AND AND c") == """
    Parser Error: syntax error at or near "AND"
    LINE 3: WHERE b = 1 AND AND c
                            ^
    HINT: expected an expression after AND
    """)
}

@Test func renderingCountsCharactersNotBytes() {
  #expect(rendered("SELECT 'é', größe FORM t") == """
    Parser Error: syntax error at or near "FORM"
    LINE 1: SELECT 'é', größe FORM t
                              ^
    HINT: did you mean FROM?
    """)
}

@Test func renderingShowsTabsAsSpaces() {
  #expect(rendered("SELECT\t1 +") == """
    Parser Error: syntax error at end of input
    LINE 1: SELECT 1 +
                      ^
    HINT: expected an expression after +
    """)
}

@Test func renderingCutsLongLines() {
  let sql = "SELECT " + (1...40).map { "c\($0)" }.joined(separator: ", ") + " FORM t"
  let lines = rendered(sql).split(separator: "\n", omittingEmptySubsequences: false)
  #expect(lines[0] == "Parser Error: syntax error at or near \"FORM\"")
  #expect(lines[1].hasPrefix("LINE 1: ..."))
  #expect(lines[1].hasSuffix("FORM t"))
  let caret = lines[2].count - 1
  #expect(lines[2].last == "^")
  let shown = Array(lines[1])
  #expect(String(shown[caret..<(caret + 4)]) == "FORM")
}

@Test func errorDescriptionWithoutText() {
  let error = SQLError(.syntax, "syntax error at or near \"x\"", at: SourceSpan(start: 3, end: 4), hint: "h")
  #expect(error.description == "Parser Error: syntax error at or near \"x\" (at byte 3); hint: h")
}

// MARK: - Misspelled keywords

@Test func misspelledStatementKeyword() {
  #expect(rendered("SELEC * FROM t") == """
    Parser Error: syntax error at or near "SELEC"
    LINE 1: SELEC * FROM t
            ^
    HINT: did you mean SELECT?
    """)
}

@Test func misspelledFromAfterStar() {
  #expect(rendered("SELECT * FORM t") == """
    Parser Error: syntax error at or near "FORM"
    LINE 1: SELECT * FORM t
                     ^
    HINT: did you mean FROM?
    """)
}

@Test func misspelledFromTakenAsAnAlias() {
  #expect(rendered("SELECT a, b FORM t") == """
    Parser Error: syntax error at or near "FORM"
    LINE 1: SELECT a, b FORM t
                        ^
    HINT: did you mean FROM?
    """)
}

@Test func misspelledWhereTakenAsATableAlias() {
  #expect(rendered("SELECT a FROM t WHER a > 1") == """
    Parser Error: syntax error at or near "WHER"
    LINE 1: SELECT a FROM t WHER a > 1
                            ^
    HINT: did you mean WHERE?
    """)
}

@Test func misspelledOrderBy() {
  let error = parseError("SELECT * FROM t ORDR BY a")
  #expect(error?.message == "syntax error at or near \"ORDR\"")
  #expect(error?.hint == "did you mean ORDER?")
  #expect(error?.span == SourceSpan(start: 16, end: 20))
}

@Test func misspelledCreateTarget() {
  #expect(parseError("CREATE VEIW v AS SELECT 1")?.hint == "did you mean VIEW?")
}

@Test func editDistanceCountsTranspositionsOnce() {
  #expect(Parser.editDistance("FORM", "FROM") == 1)
  #expect(Parser.editDistance("SELEC", "SELECT") == 1)
  #expect(Parser.editDistance("GRUOP", "GROUP") == 1)
  #expect(Parser.editDistance("abc", "xyz") == 3)
  #expect(Parser.suggestion(for: "id", among: Parser.suggestableKeywords) == nil)
}

// MARK: - Commas and parentheses

@Test func trailingCommaBeforeFrom() {
  #expect(rendered("SELECT a, b, FROM t") == """
    Parser Error: trailing comma before FROM
    LINE 1: SELECT a, b, FROM t
                       ^
    HINT: remove the "," after the last select item
    """)
}

@Test func trailingCommaInFrom() {
  let error = parseError("SELECT a FROM t, WHERE x")
  #expect(error?.message == "trailing comma before WHERE")
  #expect(error?.hint == "remove the \",\" after the last FROM item")
}

@Test func missingClosingParenthesis() {
  #expect(rendered("SELECT (1 + 2 FROM t") == """
    Parser Error: syntax error at or near "FROM"
    LINE 1: SELECT (1 + 2 FROM t
                          ^
    HINT: expected ")" to close the "(" at line 1, column 8
    """)
}

@Test func missingClosingParenthesisAtEndOfMultilineInput() {
  #expect(rendered("SELECT * FROM t WHERE (a = 1\n  AND b = 2") == """
    Parser Error: syntax error at end of input
    LINE 2:   AND b = 2
                       ^
    HINT: expected ")" to close the "(" at line 1, column 23
    """)
}

@Test func missingClosingParenthesisOfACall() {
  #expect(parseError("SELECT f(a, b FROM t")?.hint == "expected \",\" or \")\" to close the \"(\" at line 1, column 9")
}

@Test func unmatchedClosingParenthesis() {
  #expect(rendered("SELECT 1)") == """
    Parser Error: syntax error at or near ")"
    LINE 1: SELECT 1)
                    ^
    HINT: this ")" has no matching "("
    """)
}

// MARK: - Lexical errors

@Test func unterminatedString() {
  #expect(rendered("SELECT 'abc") == """
    Parser Error: unterminated quoted string at or near "'abc"
    LINE 1: SELECT 'abc
                   ^
    HINT: close the string with a single quote ('); write '' for a quote inside a string
    """)
}

@Test func unterminatedQuotedIdentifier() {
  #expect(rendered("SELECT \"abc FROM t") == """
    Parser Error: unterminated quoted identifier at or near ""abc FROM t"
    LINE 1: SELECT "abc FROM t
                   ^
    HINT: close the identifier with a double quote ("); write "" for a quote inside a name
    """)
}

@Test func unterminatedBlockComment() {
  #expect(rendered("SELECT 1 /* oops") == """
    Parser Error: unterminated /* comment
    LINE 1: SELECT 1 /* oops
                     ^
    HINT: close the comment with */
    """)
}

@Test func badCharacterWithHint() {
  #expect(rendered("SELECT `a` FROM t") == """
    Parser Error: unexpected character "`"
    LINE 1: SELECT `a` FROM t
                   ^
    HINT: quote identifiers with double quotes: "name"
    """)
}

@Test func badCharacterOnALaterLine() {
  #expect(rendered("SELECT a,\n  b @ c\nFROM t") == """
    Parser Error: unexpected character "@"
    LINE 2:   b @ c
                ^
    """)
}

@Test func trailingJunkAfterNumber() {
  #expect(rendered("SELECT 3days") == """
    Parser Error: trailing junk after numeric literal at or near "3days"
    LINE 1: SELECT 3days
                   ^
    HINT: separate the number from the word with a space, or quote the name
    """)
}

// MARK: - Syntax errors with specific hints

@Test(arguments: [
  ("SELECT 1 = 2 = 3", "syntax error at or near \"=\"", "comparisons do not chain; combine them with AND or add parentheses"),
  ("SELECT 'a' LIKE 'b' LIKE 'c'", "syntax error at or near \"LIKE\"", "LIKE cannot follow another LIKE without parentheses"),
  ("SELECT a FROM t GROUP a", "syntax error at or near \"a\"", "expected BY after GROUP"),
  ("SELECT 1 SELECT 2", "syntax error at or near \"SELECT\"", "missing \";\" between statements?"),
  ("SELECT a FROM t WHERE a IN ()", "syntax error at or near \")\"", "expected at least one value in the IN list"),
  ("SELECT CASE WHEN a THEN 1 FROM t", "syntax error at or near \"FROM\"", "expected WHEN, ELSE or END to finish the CASE at line 1, column 8"),
  ("SELECT CAST(a INT)", "syntax error at or near \"INT\"", "expected AS and a type: CAST(x AS type)"),
  ("SELECT a BETWEEN 1 OR 2", "syntax error at or near \"OR\"", "expected AND between the bounds of BETWEEN (x BETWEEN low AND high)"),
  ("SELECT a IS 3", "syntax error at or near \"3\"", "expected NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS"),
  ("SELECT * FROM t JOIN u", "syntax error at end of input", "a join needs an ON condition or USING (columns); use CROSS JOIN for every combination of rows"),
  ("SELECT a FROM t LIMIT 1 LIMIT 2", "syntax error at or near \"LIMIT\"", "LIMIT is given twice"),
  ("SELECT a FROM t LIMIT 1 ORDER BY a", "syntax error at or near \"ORDER\"", "ORDER BY must come before LIMIT and OFFSET"),
  ("SELECT * AS x FROM t", "syntax error at or near \"AS\"", "a * cannot have an alias"),
  ("SELECT x::", "syntax error at end of input", "expected a type name such as INTEGER, VARCHAR or DECIMAL(18, 3)"),
  ("SELECT {'a' 1}", "syntax error at or near \"1\"", "expected \":\" after the field name: {'name': value}"),
  ("SELECT sum(a) FILTER (a > 1)", "syntax error at or near \"a\"", "expected WHERE: FILTER (WHERE condition)"),
  ("SELECT left FROM t", "syntax error at or near \"left\"", "LEFT is a keyword; quote it to use it as a name: \"left\""),
  ("SELECT order, b FROM t", "syntax error at or near \"order\"", "ORDER is a reserved keyword; quote it to use it as a name: \"order\""),
  ("SELECT * FROM select", "syntax error at or near \"select\"", "SELECT is a reserved keyword; quote it to use it as a name: \"select\""),
  ("COPY t TO out.parquet", "syntax error at or near \"out\"", "quote the file path with single quotes: 'out.parquet'"),
  ("EXPLAIN EXPLAIN SELECT 1", "syntax error at or near \"EXPLAIN\"", "EXPLAIN cannot explain another EXPLAIN"),
  ("SELECT 1 UNION WITH x AS (SELECT 1) SELECT 2", "syntax error at or near \"WITH\"", "a WITH clause must come first; put this query in parentheses: (WITH … SELECT …)"),
  ("SELECT x FROM t WHERE y = SELECT 1", "syntax error at or near \"SELECT\"", "a subquery must be in parentheses: (SELECT …)"),
  ("SELECT count(*) + *", "syntax error at or near \"*\"", "* is only allowed in the select list and in count(*)"),
  ("SELECT t.* + 1 FROM t", "syntax error at or near \"+\"", "expected \";\" or the end of the statement"),
  ("DESCRIBE", "syntax error at end of input", "expected a query, a table name or a quoted file path after DESCRIBE"),
  ("DROP INDEX i", "DROP INDEX is not supported yet", nil),
  ("SELECT", "syntax error at end of input", "expected a select item (an expression or *)"),
  ("SELECT a FROM", "syntax error at end of input", "expected a table, a quoted file path, a table function or a subquery after FROM"),
  ("SELECT INTERVAL 3", "syntax error at end of input", "expected a unit after the interval value, e.g. INTERVAL 3 DAY"),
  ("VALUES (1, 2), (3)", "VALUES lists must all be the same length", "the first row has 2 values, this one has 1"),
  ("CREATE OR REPLACE VIEW IF NOT EXISTS v AS SELECT 1", "cannot use both OR REPLACE and IF NOT EXISTS", "OR REPLACE overwrites an existing view; IF NOT EXISTS keeps it"),
] as [(String, String, String?)])
func syntaxErrors(sql: String, message: String, hint: String?) {
  let error = parseError(sql)
  #expect(error?.message == message, "\(sql)")
  #expect(error?.hint == hint, "\(sql)")
}

@Test func emptyInput() throws {
  #expect(try Parser.parse(script: "") == [])
  #expect(try Parser.parse(script: " ;; -- nothing\n") == [])
  #expect(throws: SQLError.self) { try Parser.parseStatement("  ") }
}

// MARK: - Unsupported features

@Test(arguments: [
  ("SELECT count(x) OVER (PARTITION BY y) FROM t", "window functions (OVER) are not supported yet", 16),
  ("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r", "WITH RECURSIVE is not supported yet", 5),
  ("INSERT INTO t VALUES (1)", "INSERT statements are not supported yet", 0),
  ("update t set a = 1", "UPDATE statements are not supported yet", 0),
  ("CREATE TABLE t (a INT)", "CREATE TABLE with column definitions is not supported yet", 15),
  ("CREATE MACRO m(a) AS a", "CREATE MACRO is not supported yet", 7),
  ("SELECT $1", "prepared statement parameters are not supported yet", 7),
  ("SELECT ?", "prepared statement parameters are not supported yet", 7),
  ("SELECT ts AT TIME ZONE 'UTC' FROM t", "AT TIME ZONE is not supported yet", 10),
  ("SELECT list_transform(l, x -> x + 1)", "the -> operator (lambdas and JSON extraction) is not supported yet", 27),
  ("SELECT (1, 2)", "row values such as (a, b) are not supported yet", 9),
  ("SELECT a COLLATE nocase FROM t", "COLLATE is not supported yet", 9),
  ("SELECT * FROM a POSITIONAL JOIN b", "POSITIONAL JOIN is not supported yet", 16),
  ("SELECT * FROM t, LATERAL (SELECT 1)", "LATERAL is not supported yet", 17),
  ("SELECT a FROM t WINDOW w AS (ORDER BY a)", "WINDOW clauses are not supported yet", 16),
  ("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM t", "WITHIN GROUP is not supported yet", 28),
  ("SELECT * FROM t TABLESAMPLE 10%", "sampling is not supported yet", 16),
  ("SELECT a FROM t FETCH FIRST 1 ROWS ONLY", "FETCH FIRST is not supported yet", 16),
  ("SELECT a FROM t LIMIT 10%", "LIMIT with a percentage is not supported yet", 22),
  ("SELECT a FROM t WHERE a = ANY (SELECT b FROM u)", "ANY (…) comparisons are not supported yet", 26),
  ("SELECT a, b, sum(c) FROM t GROUP BY ROLLUP (a, b)", "ROLLUP is not supported yet", 36),
  ("SELECT a FROM t GROUP BY GROUPING SETS ((a), ())", "GROUPING is not supported yet", 25),
])
func unsupportedFeatures(sql: String, message: String, offset: Int) {
  let error = parseError(sql)
  #expect(error?.kind == .unsupported, "\(sql)")
  #expect(error?.message == message)
  #expect(error?.span.start == offset)
}

@Test func unsupportedRendering() {
  #expect(rendered("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r") == """
    Not implemented Error: WITH RECURSIVE is not supported yet
    LINE 1: WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r
                 ^
    HINT: recursive common table expressions are planned; remove RECURSIVE if the query does not recurse
    """)
}

// MARK: - Deep nesting

private func expectTooDeep(_ sql: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
  do {
    _ = try Parser.parse(script: sql)
    Issue.record("expected a nesting error", sourceLocation: sourceLocation)
  } catch {
    #expect(error.kind == .tooDeep, sourceLocation: sourceLocation)
    #expect(error.message == message, sourceLocation: sourceLocation)
  }
}

private let nestingMessage = "maximum nesting depth of 256 exceeded"
private let heightMessage = "expression is nested more than 1000 levels deep"

@Test func hundredThousandParenthesesAreRefused() {
  let n = 100_000
  let sql = "SELECT " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
  expectTooDeep(sql, nestingMessage)
}

@Test func nestingErrorRendering() {
  let sql = "SELECT " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300)
  let error = parseError(sql)
  #expect(error?.span.start == 7 + 255)
  #expect(error?.hint == "simplify the query: fewer nested parentheses, subqueries or operators")
}

@Test func nestingJustUnderTheLimitParses() throws {
  let n = 250
  let sql = "SELECT " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
  let statements = try Parser.parse(script: sql)
  #expect(statements.count == 1)
  #expect(statements[0].description == "SELECT 1")
}

@Test func deepPrefixOperatorsAreRefused() {
  expectTooDeep("SELECT " + String(repeating: "- ", count: 100_000) + "1", nestingMessage)
  expectTooDeep("SELECT " + String(repeating: "NOT ", count: 100_000) + "true", nestingMessage)
}

@Test func deepSubqueriesAreRefused() {
  let n = 50_000
  expectTooDeep(String(repeating: "SELECT (", count: n) + "1" + String(repeating: ")", count: n), nestingMessage)
  expectTooDeep("SELECT * FROM " + String(repeating: "(SELECT * FROM ", count: n) + "t" + String(repeating: ")", count: n), nestingMessage)
}

@Test func deepListsAndTypesAreRefused() {
  let n = 20_000
  expectTooDeep("SELECT " + String(repeating: "[", count: n) + String(repeating: "]", count: n), nestingMessage)
  expectTooDeep("SELECT x::INT" + String(repeating: "[]", count: n), nestingMessage)
  expectTooDeep("SELECT x::" + String(repeating: "STRUCT(a ", count: n) + "INT" + String(repeating: ")", count: n), nestingMessage)
  expectTooDeep("SELECT * FROM " + String(repeating: "(", count: n) + "t" + String(repeating: ")", count: n), nestingMessage)
  expectTooDeep("SELECT " + String(repeating: "CASE WHEN x THEN ", count: n) + "1" + String(repeating: " END", count: n), nestingMessage)
}

@Test func longOperatorChainsAreRefused() {
  expectTooDeep("SELECT " + Array(repeating: "a", count: 100_000).joined(separator: " + "), heightMessage)
  expectTooDeep("SELECT * FROM t WHERE " + Array(repeating: "a = 1", count: 50_000).joined(separator: " OR "), heightMessage)
  expectTooDeep("SELECT x" + String(repeating: "::INT", count: 50_000), heightMessage)
  expectTooDeep("SELECT x" + String(repeating: "[1]", count: 50_000), heightMessage)
}

@Test func longSetOperationAndJoinChainsAreRefused() {
  expectTooDeep(Array(repeating: "SELECT 1", count: 20_000).joined(separator: " UNION ALL "), heightMessage)
  expectTooDeep("SELECT * FROM t" + String(repeating: " JOIN t ON true", count: 20_000), heightMessage)
}

@Test func chainsWithinTheLimitParse() throws {
  let sum = "SELECT " + Array(repeating: "a", count: 900).joined(separator: " + ")
  #expect(try Parser.parse(script: sum).count == 1)
  let list = "SELECT x IN (" + Array(repeating: "1", count: 100_000).joined(separator: ", ") + ")"
  #expect(try Parser.parse(script: list).count == 1)
}
