// Parser for primary expressions: literals, names, calls, CASE, CAST, subqueries, lists, structs, intervals.

extension Parser {
  mutating func parsePrimary() throws(SQLError) -> Expression {
    let token = current
    let start = token.span.start
    switch token.kind {
    case .integer:
      advance()
      return Expression(.literal(.integer(token.text)), span: token.span)
    case .decimal:
      advance()
      return Expression(.literal(.decimal(token.text)), span: token.span)
    case .scientific:
      advance()
      return Expression(.literal(.scientific(token.text)), span: token.span)
    case .string:
      advance()
      return Expression(.literal(.string(token.text)), span: token.span)
    case .parameter:
      throw unsupported("prepared statement parameters are not supported yet", at: token.span)
    case .end:
      throw syntaxError(expected: "an expression")
    case .symbol(.leftParen):
      return try parseParenthesized()
    case .symbol(.leftBracket):
      advance()
      return try parseListLiteral(start: start)
    case .symbol(.leftBrace):
      return try parseStructLiteral()
    case .symbol(.star):
      throw syntaxError(hint: "* is only allowed in the select list and in count(*)")
    case .symbol:
      throw syntaxError(expected: "an expression")
    case .quotedIdentifier:
      return try parseNameOrCall()
    case .word:
      break
    }

    if let keyword = token.keyword {
      switch keyword {
      case .null:
        advance()
        return Expression(.literal(.null), span: token.span)
      case .true, .false:
        advance()
        return Expression(.literal(.boolean(keyword == .true)), span: token.span)
      case .case:
        return try parseCase()
      case .cast:
        return try parseCast(.cast)
      case .tryCast where check(.leftParen, at: 1):
        return try parseCast(.tryCast)
      case .exists where check(.leftParen, at: 1):
        advance()
        let open = advance()
        guard isQueryStart(current) else { throw syntaxError(expected: "a query after EXISTS (") }
        let query = try parseQuery()
        try expectClosing(open)
        return Expression(.exists(query), span: span(from: start))
      case .interval where [.string, .integer, .decimal].contains(peek().kind) || check(.leftParen, at: 1)
        || check(.minus, at: 1):
        return try parseInterval()
      case .extract where check(.leftParen, at: 1):
        return try parseExtract()
      case .array where check(.leftBracket, at: 1):
        advance()
        advance()
        return try parseListLiteral(start: start)
      case .array where check(.leftParen, at: 1):
        throw unsupported("ARRAY(subquery) is not supported yet", at: token.span)
      case .timestamp, .time:
        if check(.with, at: 1) || check(.without, at: 1) {
          let type = try parseType()
          guard current.kind == .string else { throw syntaxError(expected: "a string after \(type)") }
          let value = advance().text
          return Expression(.typedLiteral(type, value), span: span(from: start))
        }
      case .double where check(.precision, at: 1) && peek(2).kind == .string:
        let type = try parseType()
        let value = advance().text
        return Expression(.typedLiteral(type, value), span: span(from: start))
      case .select, .with:
        throw syntaxError(hint: "a subquery must be in parentheses: (SELECT …)")
      default:
        break
      }
      if keyword.category == .reserved {
        throw syntaxError(expected: "an expression")
      }
    }
    // `DATE '2020-01-01'`, `TIMESTAMP '…'`, `UUID '…'`: a type name followed by a string.
    if peek().kind == .string, token.keyword?.category != .functionName {
      advance()
      let value = advance().text
      return Expression(.typedLiteral(TypeName(.named(token.text, parameters: []), span: token.span), value), span: span(from: start))
    }
    return try parseNameOrCall()
  }

  func identifier(_ token: Token) -> Identifier {
    Identifier(token.text, isQuoted: token.kind == .quotedIdentifier, span: token.span)
  }

  /// True if `token` begins a query: SELECT, WITH, VALUES or (DuckDB's FROM-first) FROM.
  func isQueryStart(_ token: Token) -> Bool {
    guard token.kind == .word else { return false }
    return token.keyword == .select || token.keyword == .with || token.keyword == .values || token.keyword == .from
  }

  /// A column path `a.b.c` or a call `f(…)` / `schema.f(…)`.
  mutating func parseNameOrCall() throws(SQLError) -> Expression {
    let first = advance()
    let start = first.span.start
    var parts = [identifier(first)]
    while check(.dot) {
      let next = peek()
      if next.kind == .word || next.kind == .quotedIdentifier {
        advance()
        parts.append(identifier(advance()))
      } else if next.isSymbol(.star) {
        throw syntaxError(hint: "\(QualifiedName(parts)).* is only allowed in the select list")
      } else {
        break
      }
    }
    let name = QualifiedName(parts)
    if check(.leftParen) { return try parseFunctionCall(name, start: start) }
    if first.kind == .word, let keyword = first.keyword, keyword.category != .unreserved {
      throw SQLError(
        .syntax, Self.nearMessage(first), at: first.span,
        hint: "\(keyword.rawValue) is a keyword; quote it to use it as a name: \"\(first.text)\"")
    }
    return Expression(.column(name), span: span(from: start))
  }

  /// `f(args [ORDER BY …]) [FILTER (WHERE …)]`, `f(DISTINCT x)`, `count(*)`.
  mutating func parseFunctionCall(_ name: QualifiedName, start: Int) throws(SQLError) -> Expression {
    let open = advance()
    var call = FunctionCall(name)
    if check(.star), check(.rightParen, at: 1) {
      advance()
      call.isStar = true
    } else if !check(.rightParen) {
      if accept(.distinct) {
        call.isDistinct = true
      } else {
        _ = accept(.all)
      }
      repeat {
        call.arguments.append(try parseFunctionArgument(allowsEquals: false))
      } while accept(.comma)
      if accept(.order) {
        try expect(.by, "BY after ORDER")
        call.orderBy = try parseOrderItems()
      }
    }
    try expectClosing(open, "\",\"")
    if check(.filter), check(.leftParen, at: 1) {
      advance()
      let filterOpen = advance()
      try expect(.where, "WHERE: FILTER (WHERE condition)")
      call.filter = try parseExpression()
      try expectClosing(filterOpen)
    }
    if check(.over) {
      throw unsupported("window functions (OVER) are not supported yet", at: current.span)
    }
    if check(.within), check(.group, at: 1) {
      throw unsupported(
        "WITHIN GROUP is not supported yet", at: current.span,
        hint: "write the ordering inside the call: f(x ORDER BY y)")
    }
    return Expression(.function(call), span: span(from: start))
  }

  /// `value`, `name := value`, `name => value`, and — in table functions — `name = value`.
  mutating func parseFunctionArgument(allowsEquals: Bool) throws(SQLError) -> FunctionArgument {
    let token = current
    if token.kind == .word || token.kind == .quotedIdentifier {
      let next = peek()
      if next.isSymbol(.colonEquals) || next.isSymbol(.equalsGreater) || (allowsEquals && next.isSymbol(.equals)) {
        advance()
        advance()
        return FunctionArgument(name: identifier(token), try parseExpression())
      }
    }
    guard canStartExpression(current) else { throw syntaxError(expected: "a function argument") }
    return FunctionArgument(try parseExpression())
  }

  /// `(expr)` or `(SELECT …)`; the expression's span grows to cover the parentheses.
  mutating func parseParenthesized() throws(SQLError) -> Expression {
    let open = current
    if isQueryStart(peek()) {
      advance()
      let query = try parseQuery()
      try expectClosing(open)
      return Expression(.subquery(query), span: span(from: open.span.start))
    }
    let saved = index
    advance()
    var inner = try parseExpression()
    if case .subquery = inner.kind,
      [.union, .intersect, .except, .order, .limit, .offset].contains(where: { check($0) })
    {
      // `((SELECT 1) UNION (SELECT 2))`: the parenthesis opened a query, not an expression.
      index = saved
      try enterNesting()
      defer { leaveNesting() }
      advance()
      let query = try parseQuery()
      try expectClosing(open)
      return Expression(.subquery(query), span: span(from: open.span.start))
    }
    if check(.comma) {
      throw unsupported(
        "row values such as (a, b) are not supported yet", at: current.span,
        hint: "use a list [a, b] or a struct {'a': a, 'b': b}")
    }
    try expectClosing(open)
    inner.span = span(from: open.span.start)
    return inner
  }

  /// `[a, b, c]`, after the `[`; a trailing comma is allowed.
  mutating func parseListLiteral(start: Int) throws(SQLError) -> Expression {
    var elements: [Expression] = []
    while !check(.rightBracket) {
      elements.append(try parseExpression())
      if !accept(.comma) { break }
    }
    guard accept(.rightBracket) else { throw syntaxError(expected: "\",\" or \"]\" in the list") }
    return Expression(.list(elements), span: span(from: start))
  }

  /// `{'key': value, other: value}`.
  mutating func parseStructLiteral() throws(SQLError) -> Expression {
    let start = advance().span.start
    var fields: [StructLiteralField] = []
    while !check(.rightBrace) {
      let key = current
      guard key.kind == .string || key.kind == .word || key.kind == .quotedIdentifier else {
        throw syntaxError(expected: "a field name in the struct literal, e.g. {'name': value}")
      }
      advance()
      try expect(.colon, "\":\" after the field name: {'name': value}")
      fields.append(StructLiteralField(name: key.text, value: try parseExpression()))
      if !accept(.comma) { break }
    }
    guard accept(.rightBrace) else { throw syntaxError(expected: "\",\" or \"}\" in the struct literal") }
    return Expression(.structLiteral(fields), span: span(from: start))
  }

  /// `CASE [operand] WHEN … THEN … [ELSE …] END`.
  mutating func parseCase() throws(SQLError) -> Expression {
    let caseToken = advance()
    let operand = check(.when) ? nil : try parseExpression()
    var branches: [CaseExpression.Branch] = []
    while accept(.when) {
      let condition = try parseExpression()
      try expect(.then, "THEN after the WHEN condition")
      branches.append(CaseExpression.Branch(when: condition, then: try parseExpression()))
    }
    if branches.isEmpty { throw syntaxError(expected: "WHEN in CASE") }
    let elseResult = accept(.else) ? try parseExpression() : nil
    guard accept(.end) else {
      throw syntaxError(hint: "expected WHEN, ELSE or END to finish the CASE at \(position(of: caseToken))")
    }
    let caseWhen = CaseExpression(operand: operand, branches: branches, elseResult: elseResult)
    return Expression(.caseWhen(caseWhen), span: span(from: caseToken.span.start))
  }

  /// `CAST(x AS type)` and `TRY_CAST(x AS type)`.
  mutating func parseCast(_ syntax: CastExpression.Syntax) throws(SQLError) -> Expression {
    let keyword = advance()
    let open = try expect(.leftParen, "\"(\" after \(keyword.text.uppercased())")
    let value = try parseExpression()
    try expect(.as, "AS and a type: \(keyword.text.uppercased())(x AS type)")
    let type = try parseType()
    try expectClosing(open)
    return Expression(.cast(CastExpression(value, as: type, syntax: syntax)), span: span(from: keyword.span.start))
  }

  /// `INTERVAL '3 days'`, `INTERVAL 3 DAY`, `INTERVAL '3' DAYS`, `INTERVAL (n * 2) HOUR`.
  mutating func parseInterval() throws(SQLError) -> Expression {
    let keyword = advance()
    let value: Expression
    let valueToken = current
    switch current.kind {
    case .string:
      advance()
      value = Expression(.literal(.string(valueToken.text)), span: valueToken.span)
    case .symbol(.leftParen):
      value = try parseParenthesized()
    default:
      value = try parsePrefix()
    }
    var unit: IntervalUnit?
    if current.kind == .word, let parsed = IntervalUnit(word: current.text) {
      advance()
      unit = parsed
    } else if valueToken.kind != .string {
      throw syntaxError(hint: "expected a unit after the interval value, e.g. INTERVAL 3 DAY")
    }
    return Expression(.interval(value, unit: unit), span: span(from: keyword.span.start))
  }

  /// `EXTRACT(field FROM x)`, read as DuckDB does: `date_part('field', x)`.
  mutating func parseExtract() throws(SQLError) -> Expression {
    let keyword = advance()
    let open = advance()
    let field = current
    guard field.kind == .word || field.kind == .string || field.kind == .quotedIdentifier else {
      throw syntaxError(expected: "a date part such as YEAR: EXTRACT(YEAR FROM x)")
    }
    advance()
    try expect(.from, "FROM: EXTRACT(\(field.text) FROM x)")
    let value = try parseExpression()
    try expectClosing(open)
    let part = Expression(.literal(.string(field.text.lowercased())), span: field.span)
    let name = QualifiedName([Identifier("date_part", span: keyword.span)])
    let call = FunctionCall(name, arguments: [FunctionArgument(part), FunctionArgument(value)])
    return Expression(.function(call), span: span(from: keyword.span.start))
  }
}
