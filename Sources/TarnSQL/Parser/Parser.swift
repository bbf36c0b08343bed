// Parser: the entry points, the token cursor, and the nesting limits that keep recursion off the stack's edge.

/// A recursive-descent parser for Tarn's SQL (DuckDB's dialect).
///
/// ```swift
/// let statements = try Parser.parse(script: "SELECT a FROM 'obs/*.parquet' WHERE b > 1;")
/// ```
/// Errors are `SQLError`s with the span of the offending token; `error.rendered(in: sql)` prints
/// them with a caret. Nesting is bounded (`maxNestingDepth`, `maxHeight`) so hostile input such as
/// 100 000 parentheses is refused with an error instead of overflowing the stack.
public struct Parser {
  /// Parentheses, subqueries, prefix operators and other constructs the parser recurses into.
  public static let maxNestingDepth = 256
  /// Height of any expression, query or FROM tree, counting operator chains such as `a + b + c + …`
  /// (DuckDB's `max_expression_depth` is 1000 too).
  public static let maxHeight = 1000

  let text: [UInt8]
  let tokens: [Token]
  var index = 0
  var depth = 0
  /// The token index of the last alias written without AS; a misspelled keyword (`FORM`, `WHER`)
  /// is usually swallowed as one, so errors right after it suggest the keyword.
  var lastBareAlias: Int?

  init(_ sql: String) throws(SQLError) {
    self.text = Array(sql.utf8)
    self.tokens = try Lexer.tokenize(sql)
  }

  // MARK: - Entry points

  /// Parses statements separated by `;`. Empty statements (`;;`) are skipped.
  public static func parse(script sql: String) throws(SQLError) -> [Statement] {
    var parser = try Parser(sql)
    return try parser.parseScript()
  }

  /// Parses exactly one statement; a trailing `;` is allowed.
  public static func parseStatement(_ sql: String) throws(SQLError) -> Statement {
    var parser = try Parser(sql)
    while parser.accept(.semicolon) {}
    if parser.current.kind == .end {
      throw SQLError(.syntax, "empty statement", at: parser.current.span, hint: "expected a statement such as SELECT")
    }
    let statement = try parser.parseStatement()
    while parser.accept(.semicolon) {}
    guard parser.current.kind == .end else {
      throw parser.endOfStatementError(after: statement, hint: "expected one statement; found more text after it")
    }
    return statement
  }

  /// Parses one query (`SELECT …`, `WITH …`, `VALUES …`, set operations).
  public static func parseQuery(_ sql: String) throws(SQLError) -> Query {
    let statement = try parseStatement(sql)
    guard case .query(let query) = statement.kind else {
      throw SQLError(.syntax, "expected a query", at: statement.span, hint: "a query starts with SELECT, WITH, VALUES or FROM")
    }
    return query
  }

  /// Parses one scalar expression, e.g. for a filter given on the command line.
  public static func parseExpression(_ sql: String) throws(SQLError) -> Expression {
    var parser = try Parser(sql)
    let expression = try parser.parseExpression()
    try parser.expectEnd("expected the end of the expression")
    return expression
  }

  /// Parses a type, e.g. `DECIMAL(18, 3)` or `STRUCT(a INT, b VARCHAR[])`.
  public static func parseType(_ sql: String) throws(SQLError) -> TypeName {
    var parser = try Parser(sql)
    let type = try parser.parseType()
    try parser.expectEnd("expected the end of the type")
    return type
  }

  // MARK: - Cursor

  var current: Token { tokens[index] }

  /// The token `offset` places ahead; the end token past the end.
  func peek(_ offset: Int = 1) -> Token {
    tokens[min(index + offset, tokens.count - 1)]
  }

  /// End offset of the last consumed token.
  var previousEnd: Int { index > 0 ? tokens[index - 1].span.end : 0 }

  /// The span from `start` to the end of the last consumed token.
  func span(from start: Int) -> SourceSpan {
    SourceSpan(start: start, end: max(start, previousEnd))
  }

  @discardableResult
  mutating func advance() -> Token {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  func check(_ keyword: Keyword) -> Bool { current.kind == .word && current.keyword == keyword }
  func check(_ symbol: Symbol) -> Bool { current.kind == .symbol(symbol) }
  func check(_ keyword: Keyword, at offset: Int) -> Bool {
    let token = peek(offset)
    return token.kind == .word && token.keyword == keyword
  }
  func check(_ symbol: Symbol, at offset: Int) -> Bool { peek(offset).kind == .symbol(symbol) }

  mutating func accept(_ keyword: Keyword) -> Bool {
    guard check(keyword) else { return false }
    advance()
    return true
  }

  mutating func accept(_ symbol: Symbol) -> Bool {
    guard check(symbol) else { return false }
    advance()
    return true
  }

  @discardableResult
  mutating func expect(_ keyword: Keyword, _ expected: String? = nil) throws(SQLError) -> Token {
    guard check(keyword) else { throw syntaxError(expected: expected ?? keyword.rawValue) }
    return advance()
  }

  @discardableResult
  mutating func expect(_ symbol: Symbol, _ expected: String? = nil) throws(SQLError) -> Token {
    guard check(symbol) else { throw syntaxError(expected: expected ?? "\"\(symbol.rawValue)\"") }
    return advance()
  }

  /// Expects the `)` matching `open`; on failure the hint says where the `(` was.
  mutating func expectClosing(_ open: Token, _ what: String = "") throws(SQLError) {
    guard !accept(.rightParen) else { return }
    let opened = "the \"(\" at \(position(of: open))"
    throw syntaxError(hint: what.isEmpty ? "expected \")\" to close \(opened)" : "expected \(what) or \")\" to close \(opened)")
  }

  /// "line 2, column 7" (1-based, in characters) for messages that point at a second place.
  func position(of token: Token) -> String {
    let (line, _, column) = SQLError.locate(byteOffset: token.span.start, in: String(decoding: text, as: UTF8.self))
    return "line \(line), column \(column + 1)"
  }

  mutating func expectEnd(_ expected: String) throws(SQLError) {
    guard current.kind == .end else { throw syntaxError(expected: expected) }
  }

  // MARK: - Limits

  /// Call before recursing; pair with `leaveNesting()` in a `defer`.
  mutating func enterNesting() throws(SQLError) {
    depth += 1
    if depth > Self.maxNestingDepth { throw nestingTooDeep() }
  }

  func nestingTooDeep() -> SQLError {
    SQLError(
      .tooDeep, "maximum nesting depth of \(Self.maxNestingDepth) exceeded", at: current.span,
      hint: "simplify the query: fewer nested parentheses, subqueries or operators")
  }

  mutating func leaveNesting() { depth -= 1 }

  /// Refuses trees taller than `maxHeight` as soon as they grow past it.
  func checkHeight(_ height: Int, at span: SourceSpan) throws(SQLError) {
    if height > Self.maxHeight {
      throw SQLError(
        .tooDeep, "expression is nested more than \(Self.maxHeight) levels deep", at: span,
        hint: "split long chains of operators, e.g. use IN (…) instead of many ORs")
    }
  }
}
