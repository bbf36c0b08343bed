// Parser for operator expressions: precedence climbing over DuckDB's (PostgreSQL's) operator table.

/// Operator levels, weakest first (PostgreSQL's `gram.y` table, which DuckDB keeps):
///
/// | level | operators |
/// |---|---|
/// | 1 `or` | `OR` |
/// | 2 `and` | `AND` |
/// | 3 `not` | prefix `NOT` |
/// | 4 `is` | `IS [NOT] NULL/TRUE/FALSE/UNKNOWN/DISTINCT FROM`, `ISNULL`, `NOTNULL` |
/// | 5 `comparison` | `= == <> != < <= > >=` (do not chain) |
/// | 6 `like` | `[NOT] BETWEEN / IN / LIKE / ILIKE / GLOB / SIMILAR TO` (do not chain) |
/// | 7 `otherOperator` | `\|\|  &  \|  <<  >>` |
/// | 8 `additive` | `+ -` |
/// | 9 `multiplicative` | `* / // %` |
/// | 10 `power` | `^ **` |
/// | 11 `unary` | prefix `- + ~` |
/// | 12 `postfix` | `::type`, `[i]`, `[a:b]`, `.field` |
typealias Precedence = SQLPrinter.Precedence

/// An operator found after a complete operand.
enum Infix {
  case binary(BinaryOperator)
  case `is`
  case isNull(negated: Bool)
  case between(negated: Bool)
  case `in`(negated: Bool)
  case pattern(PatternMatch.Operator, negated: Bool)

  var precedence: Int {
    switch self {
    case .binary(let op): SQLPrinter.precedence(of: op)
    case .is, .isNull: Precedence.is
    case .between, .in, .pattern: Precedence.like
    }
  }
}

extension Parser {
  /// Parses a full expression (down to OR).
  mutating func parseExpression() throws(SQLError) -> Expression {
    try parseExpression(minPrecedence: Precedence.or)
  }

  /// Parses an expression whose operators all bind at least as tightly as `minPrecedence`.
  mutating func parseExpression(minPrecedence: Int) throws(SQLError) -> Expression {
    try enterNesting()
    defer { leaveNesting() }
    var left = try parsePrefix()
    while let infix = try peekInfix(), infix.precedence >= minPrecedence {
      let operatorToken = current
      left = try parseInfix(infix, left: left)
      try checkHeight(left.height, at: operatorToken.span)
      if SQLPrinter.isNonAssociative(infix.precedence), let next = try peekInfix(),
        next.precedence == infix.precedence
      {
        throw syntaxError(
          hint: infix.precedence == Precedence.comparison
            ? "comparisons do not chain; combine them with AND or add parentheses"
            : "\(current.text.uppercased()) cannot follow another \(operatorToken.text.uppercased()) without parentheses")
      }
    }
    return left
  }

  /// The infix operator at the current token, if any; nil ends the operand.
  func peekInfix() throws(SQLError) -> Infix? {
    let token = current
    switch token.kind {
    case .symbol(let symbol):
      switch symbol {
      case .equals, .doubleEquals: return .binary(.equal)
      case .notEquals, .bangEquals: return .binary(.notEqual)
      case .less: return .binary(.less)
      case .lessEquals: return .binary(.lessOrEqual)
      case .greater: return .binary(.greater)
      case .greaterEquals: return .binary(.greaterOrEqual)
      case .concat: return .binary(.concat)
      case .ampersand: return .binary(.bitwiseAnd)
      case .pipe: return .binary(.bitwiseOr)
      case .shiftLeft: return .binary(.shiftLeft)
      case .shiftRight: return .binary(.shiftRight)
      case .plus: return .binary(.add)
      case .minus: return .binary(.subtract)
      case .star: return .binary(.multiply)
      case .slash: return .binary(.divide)
      case .doubleSlash: return .binary(.integerDivide)
      case .percent: return .binary(.modulo)
      case .caret, .doubleStar: return .binary(.power)
      case .arrow, .doubleArrow:
        throw unsupported(
          "the \(symbol.rawValue) operator (lambdas and JSON extraction) is not supported yet", at: token.span)
      default: return nil
      }
    case .word:
      switch token.keyword {
      case .or?: return .binary(.or)
      case .and?: return .binary(.and)
      case .is?: return .is
      case .isnull?: return .isNull(negated: false)
      case .notnull?: return .isNull(negated: true)
      case .between?: return .between(negated: false)
      case .in?: return .in(negated: false)
      case .like?: return .pattern(.like, negated: false)
      case .ilike?: return .pattern(.ilike, negated: false)
      case .glob?: return .pattern(.glob, negated: false)
      case .similar?: return .pattern(.similarTo, negated: false)
      case .not?:
        let next = peek()
        guard next.kind == .word else { return nil }
        switch next.keyword {
        case .between?: return .between(negated: true)
        case .in?: return .in(negated: true)
        case .like?: return .pattern(.like, negated: true)
        case .ilike?: return .pattern(.ilike, negated: true)
        case .glob?: return .pattern(.glob, negated: true)
        case .similar?: return .pattern(.similarTo, negated: true)
        default: return nil
        }
      case .collate?:
        throw unsupported("COLLATE is not supported yet", at: token.span)
      case .at? where check(.time, at: 1):
        throw unsupported(
          "AT TIME ZONE is not supported yet", at: token.span, hint: "use timezone('zone', timestamp)")
      default: return nil
      }
    default:
      return nil
    }
  }

  mutating func parseInfix(_ infix: Infix, left: Expression) throws(SQLError) -> Expression {
    let start = left.span.start
    switch infix {
    case .binary(let op):
      advance()
      let right = try parseOperand(minPrecedence: infix.precedence + 1, after: op.rawValue)
      return Expression(.binary(op, left, right), span: span(from: start))

    case .isNull(let negated):
      advance()
      return Expression(.isNull(left, negated: negated), span: span(from: start))

    case .is:
      advance()
      let negated = accept(.not)
      if accept(.null) { return Expression(.isNull(left, negated: negated), span: span(from: start)) }
      if accept(.true) { return Expression(.isBoolean(left, value: true, negated: negated), span: span(from: start)) }
      if accept(.false) { return Expression(.isBoolean(left, value: false, negated: negated), span: span(from: start)) }
      if accept(.unknown) { return Expression(.isBoolean(left, value: nil, negated: negated), span: span(from: start)) }
      if accept(.distinct) {
        try expect(.from, "FROM after IS \(negated ? "NOT " : "")DISTINCT")
        let right = try parseOperand(minPrecedence: Precedence.is + 1, after: "DISTINCT FROM")
        let op: BinaryOperator = negated ? .isNotDistinctFrom : .isDistinctFrom
        return Expression(.binary(op, left, right), span: span(from: start))
      }
      throw syntaxError(expected: "NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS\(negated ? " NOT" : "")")

    case .between(let negated):
      if negated { advance() }
      advance()
      if accept(.symmetric) || accept(.asymmetric) {
        throw unsupported("BETWEEN SYMMETRIC is not supported yet", at: tokens[index - 1].span)
      }
      let low = try parseOperand(minPrecedence: Precedence.otherOperator, after: "BETWEEN")
      try expect(.and, "AND between the bounds of BETWEEN (x BETWEEN low AND high)")
      let high = try parseOperand(minPrecedence: Precedence.otherOperator, after: "AND")
      return Expression(.between(left, low: low, high: high, negated: negated), span: span(from: start))

    case .in(let negated):
      if negated { advance() }
      advance()
      let open = try expect(.leftParen, "\"(\" after IN: x IN (1, 2) or x IN (SELECT …)")
      if isQueryStart(current) {
        let query = try parseQuery()
        try expectClosing(open)
        return Expression(.inSubquery(left, query, negated: negated), span: span(from: start))
      }
      if check(.rightParen) { throw syntaxError(expected: "at least one value in the IN list") }
      var list: [Expression] = []
      repeat {
        list.append(try parseExpression())
      } while accept(.comma)
      try expectClosing(open, "\",\"")
      return Expression(.inList(left, list, negated: negated), span: span(from: start))

    case .pattern(let op, let negated):
      if negated { advance() }
      advance()
      if op == .similarTo { try expect(.to, "TO after SIMILAR") }
      let pattern = try parseOperand(minPrecedence: Precedence.otherOperator, after: op.rawValue)
      var escape: Expression?
      if accept(.escape) { escape = try parseOperand(minPrecedence: Precedence.otherOperator, after: "ESCAPE") }
      let match = PatternMatch(op, isNegated: negated, value: left, pattern: pattern, escape: escape)
      return Expression(.patternMatch(match), span: span(from: start))
    }
  }

  /// The right-hand operand of an operator; a missing one reports what it was missing after.
  mutating func parseOperand(minPrecedence: Int, after what: String) throws(SQLError) -> Expression {
    guard canStartExpression(current) else { throw syntaxError(expected: "an expression after \(what)") }
    return try parseExpression(minPrecedence: minPrecedence)
  }

  /// Whether `token` can begin an expression; used to report "expected an expression" early.
  func canStartExpression(_ token: Token) -> Bool {
    switch token.kind {
    case .end: return false
    case .symbol(let symbol):
      return [.leftParen, .leftBracket, .leftBrace, .minus, .plus, .tilde].contains(symbol)
    case .word:
      guard let keyword = token.keyword, keyword.category == .reserved else { return true }
      return [.not, .null, .true, .false, .case, .cast, .array].contains(keyword)
    default: return true
    }
  }

  // MARK: - Prefix operators

  mutating func parsePrefix() throws(SQLError) -> Expression {
    let token = current
    let start = token.span.start
    if token.kind == .word, token.keyword == .not {
      advance()
      let operand = try parseOperand(minPrecedence: Precedence.not, after: "NOT")
      return Expression(.unary(.not, operand), span: span(from: start))
    }
    guard case .symbol(let symbol) = token.kind, [.minus, .plus, .tilde].contains(symbol) else {
      return try parsePostfix(parsePrimary())
    }
    advance()
    // `-5` is one literal (so `-9223372036854775808` fits BIGINT), but `-5::int` is `-(5::int)`.
    if symbol == .minus, [.integer, .decimal, .scientific].contains(current.kind),
      !check(.doubleColon, at: 1), !check(.leftBracket, at: 1), !check(.dot, at: 1)
    {
      let number = advance()
      let text = "-" + number.text
      let literal: Literal =
        switch number.kind {
        case .integer: .integer(text)
        case .decimal: .decimal(text)
        default: .scientific(text)
        }
      return Expression(.literal(literal), span: span(from: start))
    }
    let operand = try parseOperand(minPrecedence: Precedence.postfix, after: symbol.rawValue)
    let op: UnaryOperator = symbol == .minus ? .negate : symbol == .plus ? .plus : .bitwiseNot
    return Expression(.unary(op, operand), span: span(from: start))
  }

  // MARK: - Postfix operators

  /// Applies `::type`, `[index]`, `[lower:upper]` and `.field` to `base`, left to right.
  mutating func parsePostfix(_ base: Expression) throws(SQLError) -> Expression {
    var expression = base
    let start = base.span.start
    while true {
      if accept(.doubleColon) {
        let type = try parseType()
        expression = Expression(.cast(CastExpression(expression, as: type, syntax: .doubleColon)), span: span(from: start))
      } else if check(.leftBracket) {
        let open = advance()
        if accept(.colon) {
          let upper = check(.rightBracket) ? nil : try parseExpression()
          try expectBracket(open)
          expression = Expression(.slice(expression, lower: nil, upper: upper), span: span(from: start))
        } else {
          let first = try parseExpression()
          if accept(.colon) {
            let upper = check(.rightBracket) ? nil : try parseExpression()
            try expectBracket(open)
            expression = Expression(.slice(expression, lower: first, upper: upper), span: span(from: start))
          } else {
            try expectBracket(open)
            expression = Expression(.subscript(expression, index: first), span: span(from: start))
          }
        }
      } else if check(.dot), peek().kind == .word || peek().kind == .quotedIdentifier {
        advance()
        let field = identifier(advance())
        if check(.leftParen) {
          throw unsupported("method-call syntax (x.f()) is not supported yet", at: field.span, hint: "write f(x)")
        }
        expression = Expression(.fieldAccess(expression, field), span: span(from: start))
      } else {
        return expression
      }
      try checkHeight(expression.height, at: tokens[index - 1].span)
    }
  }

  mutating func expectBracket(_ open: Token) throws(SQLError) {
    guard !accept(.rightBracket) else { return }
    throw syntaxError(hint: "expected \"]\" to close the \"[\" at \(position(of: open))")
  }
}
