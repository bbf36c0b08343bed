// Parser for FROM: table names, quoted paths, table functions, subqueries, aliases, and joins.

extension Parser {
  /// `item, item, …`; each item may contain joins.
  mutating func parseFromList() throws(SQLError) -> [TableReference] {
    guard canStartTableReference(current) else {
      throw syntaxError(expected: "a table, a quoted file path, a table function or a subquery after FROM")
    }
    var items: [TableReference] = []
    while true {
      items.append(try parseTableReference())
      guard check(.comma) else { return items }
      let comma = advance()
      if !canStartTableReference(current) {
        let what = current.kind == .end ? "the end of the query" : current.text.uppercased()
        throw SQLError(
          .syntax, "trailing comma before \(what)", at: comma.span, hint: "remove the \",\" after the last FROM item")
      }
    }
  }

  func canStartTableReference(_ token: Token) -> Bool {
    switch token.kind {
    case .string, .quotedIdentifier: true
    case .symbol(.leftParen): true
    case .word: token.keyword?.category != .reserved || token.keyword == .values
    default: false
    }
  }

  /// A FROM item followed by any number of joins, grouped left to right.
  mutating func parseTableReference() throws(SQLError) -> TableReference {
    var left = try parseTablePrimary()
    while let (kind, isNatural) = try parseJoinKeywords() {
      let joinToken = tokens[index - 1]
      guard canStartTableReference(current) else { throw syntaxError(expected: "a table after JOIN") }
      let right = try parseTablePrimary()
      var condition: Join.Condition?
      if check(.on) || check(.using) {
        if kind == .cross || isNatural {
          throw syntaxError(hint: "\(isNatural ? "a NATURAL" : "a CROSS") join takes no ON or USING condition")
        }
        if accept(.on) {
          condition = .on(try parseOperand(minPrecedence: Precedence.or, after: "ON"))
        } else {
          advance()
          condition = .using(try parseNameList(what: "a column name"))
        }
      } else if kind != .cross && !isNatural {
        throw syntaxError(
          expected: "ON or USING after the joined table",
          hint: "a join needs ON condition or USING (columns); use CROSS JOIN for every combination of rows")
      }
      let join = Join(kind, isNatural: isNatural, left: left, right: right, condition: condition)
      left = TableReference(.join(join), span: left.span.union(SourceSpan(start: right.span.start, end: previousEnd)))
      try checkHeight(left.height, at: joinToken.span)
    }
    return left
  }

  /// Consumes `[NATURAL] [INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER] | CROSS | SEMI | ANTI] JOIN`.
  mutating func parseJoinKeywords() throws(SQLError) -> (Join.Kind, Bool)? {
    let start = index
    let isNatural = accept(.natural)
    let kind: Join.Kind
    if accept(.join) {
      return (.inner, isNatural)
    } else if accept(.inner) {
      kind = .inner
    } else if accept(.left) {
      _ = accept(.outer)
      kind = .left
    } else if accept(.right) {
      _ = accept(.outer)
      kind = .right
    } else if accept(.full) {
      _ = accept(.outer)
      kind = .full
    } else if accept(.cross) {
      kind = .cross
    } else if check(.semi) && check(.join, at: 1) {
      advance()
      kind = .semi
    } else if check(.anti) && check(.join, at: 1) {
      advance()
      kind = .anti
    } else if check(.positional) || check(.asof) {
      throw unsupported("\(current.text.uppercased()) JOIN is not supported yet", at: current.span)
    } else if check(.lateral) {
      throw unsupported("LATERAL is not supported yet", at: current.span)
    } else {
      if isNatural { throw syntaxError(expected: "JOIN after NATURAL") }
      index = start
      return nil
    }
    try expect(.join, "JOIN")
    if isNatural && kind == .cross { throw syntaxError(hint: "NATURAL CROSS JOIN is not valid") }
    return (kind, isNatural)
  }

  /// A table name, a quoted path, a table function, a subquery or a parenthesized join, with its alias.
  mutating func parseTablePrimary() throws(SQLError) -> TableReference {
    try enterNesting()
    defer { leaveNesting() }
    let token = current
    let start = token.span.start
    var kind: TableReference.Kind
    switch token.kind {
    case .string:
      advance()
      kind = .path(token.text)
    case .symbol(.leftParen):
      if startsQueryInParentheses() {
        let open = advance()
        let query = try parseQuery()
        try expectClosing(open)
        kind = .subquery(query)
      } else {
        let open = advance()
        var inner = try parseTableReference()
        try expectClosing(open)
        if inner.alias == nil, let alias = try parseTableAlias() {
          inner.alias = alias
        }
        inner.span = span(from: start)
        return inner
      }
    case .word where token.keyword == .lateral:
      throw unsupported("LATERAL is not supported yet", at: token.span)
    case .word where token.keyword == .values && check(.leftParen, at: 1):
      throw syntaxError(hint: "put VALUES in parentheses to use it in FROM: FROM (VALUES (1, 2)) AS t(a, b)")
    case .word where token.keyword?.category == .functionName && check(.leftParen, at: 1):
      // `glob('*.csv')`: a function-name keyword may name a table function.
      kind = .function(try parseTableFunctionArguments(QualifiedName([identifier(advance())])))
    case .word, .quotedIdentifier:
      let name = try parseQualifiedName(what: "a table name")
      if check(.leftParen) {
        kind = .function(try parseTableFunctionArguments(name))
      } else {
        kind = .table(name)
      }
    default:
      throw syntaxError(expected: "a table, a quoted file path, a table function or a subquery")
    }
    let alias = try parseTableAlias()
    if check(.tablesample) || (check(.using) && check(.sample, at: 1)) {
      throw unsupported("sampling is not supported yet", at: current.span)
    }
    return TableReference(kind, alias: alias, span: span(from: start))
  }

  /// True if the `(` at the cursor opens a query rather than a parenthesized join.
  func startsQueryInParentheses() -> Bool {
    var offset = 0
    while peek(offset).isSymbol(.leftParen) { offset += 1 }
    return isQueryStart(peek(offset))
  }

  /// `(arg, name = value, name := value, …)` of a table function.
  mutating func parseTableFunctionArguments(_ name: QualifiedName) throws(SQLError) -> TableFunctionCall {
    let open = advance()
    var call = TableFunctionCall(name)
    if !check(.rightParen) {
      repeat {
        call.arguments.append(try parseFunctionArgument(allowsEquals: true))
      } while accept(.comma)
    }
    try expectClosing(open, "\",\"")
    if check(.over) || check(.filter) {
      throw syntaxError(hint: "a table function cannot take \(current.text.uppercased())")
    }
    return call
  }

  /// `[AS] name [(column, …)]`.
  mutating func parseTableAlias() throws(SQLError) -> TableAlias? {
    guard let name = try parseAlias(stopWords: Self.tableAliasStopWords) else { return nil }
    var columns: [Identifier] = []
    if check(.leftParen) { columns = try parseNameList(what: "a column name") }
    return TableAlias(name, columns: columns)
  }
}
