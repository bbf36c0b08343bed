// Parser for scripts and statement dispatch: queries, DESCRIBE, EXPLAIN, and the statements Tarn does not run.

extension Parser {
  /// Statements that DuckDB has and Tarn does not; they get an "unsupported" error, not a syntax error.
  static let unsupportedStatements: Set<String> = [
    "INSERT", "UPDATE", "DELETE", "ALTER", "ATTACH", "DETACH", "SET", "RESET", "PRAGMA", "INSTALL", "LOAD",
    "BEGIN", "COMMIT", "ROLLBACK", "ABORT", "START", "CALL", "PREPARE", "EXECUTE", "DEALLOCATE", "EXPORT",
    "IMPORT", "VACUUM", "CHECKPOINT", "FORCE", "SHOW", "SUMMARIZE", "USE", "PIVOT", "UNPIVOT", "MERGE",
    "TRUNCATE", "ANALYZE", "GRANT", "REVOKE", "COMMENT", "UPSERT", "REPLACE", "TABLE", "UPDATE_EXTENSIONS",
  ]

  mutating func parseScript() throws(SQLError) -> [Statement] {
    var statements: [Statement] = []
    while true {
      while accept(.semicolon) {}
      if current.kind == .end { return statements }
      let statement = try parseStatement()
      statements.append(statement)
      if current.kind == .end { return statements }
      guard check(.semicolon) else { throw endOfStatementError(after: statement) }
    }
  }

  /// One statement, without its `;`.
  mutating func parseStatement() throws(SQLError) -> Statement {
    let token = current
    let start = token.span.start
    lastBareAlias = nil
    let kind: Statement.Kind
    if isQueryStart(token) || token.isSymbol(.leftParen) {
      kind = .query(try parseQuery())
    } else if token.kind == .word, let keyword = token.keyword {
      switch keyword {
      case .create: kind = try parseCreate()
      case .drop: kind = .drop(try parseDrop())
      case .describe: kind = .describe(try parseDescribe())
      case .explain: kind = .explain(try parseExplain())
      case .copy: kind = .copy(try parseCopy())
      default: throw statementStartError()
      }
    } else {
      throw statementStartError()
    }
    return Statement(kind, span: span(from: start))
  }

  /// The error for a statement that starts with something other than a statement keyword.
  func statementStartError() -> SQLError {
    let token = current
    if token.kind == .word {
      let upper = token.text.uppercased()
      if Self.unsupportedStatements.contains(upper) {
        return unsupported(
          "\(upper) statements are not supported yet", at: token.span,
          hint: "Tarn runs SELECT, CREATE VIEW, CREATE TABLE AS, DROP, DESCRIBE, EXPLAIN and COPY … TO")
      }
      if let keyword = Self.suggestion(for: token.text, among: Self.statementKeywords) {
        return SQLError(.syntax, Self.nearMessage(token), at: token.span, hint: "did you mean \(keyword)?")
      }
    }
    return SQLError(
      .syntax, Self.nearMessage(token), at: token.span,
      hint: "expected a statement: SELECT, WITH, CREATE, DROP, DESCRIBE, EXPLAIN or COPY")
  }

  /// `DESCRIBE query`, `DESCRIBE table`, `DESCRIBE 'path'`, `DESCRIBE read_csv(…)`.
  mutating func parseDescribe() throws(SQLError) -> DescribeStatement {
    advance()
    if isQueryStart(current) || (check(.leftParen) && startsQueryInParentheses()) {
      return DescribeStatement(.query(try parseQuery()))
    }
    guard canStartTableReference(current) else {
      throw syntaxError(expected: "a query, a table name or a quoted file path after DESCRIBE")
    }
    let table = try parseTablePrimary()
    if case .join = table.kind {
      throw syntaxError(hint: "DESCRIBE takes one table; write DESCRIBE SELECT * FROM … for a join")
    }
    return DescribeStatement(.table(table))
  }

  /// `EXPLAIN [ANALYZE] statement`.
  mutating func parseExplain() throws(SQLError) -> ExplainStatement {
    advance()
    let isAnalyze = accept(.analyze) || accept(.analyse)
    if check(.explain) { throw syntaxError(hint: "EXPLAIN cannot explain another EXPLAIN") }
    return ExplainStatement(try parseStatement(), isAnalyze: isAnalyze)
  }
}
