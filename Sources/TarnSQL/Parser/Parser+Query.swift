// Parser for queries: WITH, set operations (INTERSECT over UNION/EXCEPT), parenthesized queries, ORDER BY, LIMIT, OFFSET.

extension Parser {
  /// `[WITH …] body [ORDER BY …] [LIMIT …] [OFFSET …]`.
  mutating func parseQuery() throws(SQLError) -> Query {
    try enterNesting()
    defer { leaveNesting() }
    let start = current.span.start
    var ctes: [CommonTableExpression] = []
    if check(.with) {
      ctes = try parseWith()
    }
    let body = try parseSetExpression()
    var query = Query(with: ctes, body: body)
    try parseQueryTail(into: &query)
    query.span = span(from: start)
    query.height = query.computeHeight()
    try checkHeight(query.height, at: query.span)
    return query
  }

  /// `WITH name [(columns)] AS [[NOT] MATERIALIZED] (query), …`.
  mutating func parseWith() throws(SQLError) -> [CommonTableExpression] {
    advance()
    if check(.recursive) {
      throw unsupported(
        "WITH RECURSIVE is not supported yet", at: current.span,
        hint: "recursive common table expressions are planned; remove RECURSIVE if the query does not recurse")
    }
    var ctes: [CommonTableExpression] = []
    repeat {
      let start = current.span.start
      let name = try parseName(what: "a name for the common table expression")
      var columns: [Identifier] = []
      if check(.leftParen) { columns = try parseNameList(what: "a column name") }
      try expect(.as, "AS after the name of the common table expression: name AS (SELECT …)")
      var isMaterialized: Bool?
      if accept(.not) {
        try expect(.materialized, "MATERIALIZED after NOT")
        isMaterialized = false
      } else if accept(.materialized) {
        isMaterialized = true
      }
      let open = try expect(.leftParen, "\"(\" and a query: name AS (SELECT …)")
      guard isQueryStart(current) || check(.leftParen) else { throw syntaxError(expected: "a query") }
      let query = try parseQuery()
      try expectClosing(open)
      ctes.append(
        CommonTableExpression(
          name: name, columns: columns, isMaterialized: isMaterialized, query: query, span: span(from: start)))
    } while accept(.comma)
    return ctes
  }

  /// Terms joined by UNION and EXCEPT, left to right.
  mutating func parseSetExpression() throws(SQLError) -> QueryBody {
    var left = try parseSetTerm()
    while check(.union) || check(.except) {
      let op: SetOperation.Operator = check(.union) ? .union : .except
      left = try parseSetOperation(op, left: left)
    }
    return left
  }

  /// Operands joined by INTERSECT, which binds tighter than UNION and EXCEPT.
  mutating func parseSetTerm() throws(SQLError) -> QueryBody {
    var left = try parseSetPrimary()
    while check(.intersect) {
      left = try parseSetOperation(.intersect, left: left)
    }
    return left
  }

  /// `left op [ALL|DISTINCT] [BY NAME] right`; INTERSECT's right operand is a primary, the others' a term.
  mutating func parseSetOperation(_ op: SetOperation.Operator, left: QueryBody) throws(SQLError) -> QueryBody {
    let operatorToken = advance()
    var isAll = false
    if accept(.all) {
      isAll = true
    } else {
      _ = accept(.distinct)
    }
    var isByName = false
    if check(.by), check(.name, at: 1) {
      guard op == .union else { throw syntaxError(hint: "BY NAME is only allowed after UNION") }
      advance()
      advance()
      isByName = true
    }
    guard isQueryStart(current) || check(.leftParen) else {
      throw syntaxError(expected: "a query after \(operatorToken.text.uppercased())")
    }
    let right = op == .intersect ? try parseSetPrimary() : try parseSetTerm()
    let operation = SetOperation(
      op, isAll: isAll, isByName: isByName, left: left, right: right,
      span: left.span.union(right.span))
    try checkHeight(operation.height, at: operatorToken.span)
    return .setOperation(operation)
  }

  /// A SELECT block, a VALUES list, or a parenthesized query.
  mutating func parseSetPrimary() throws(SQLError) -> QueryBody {
    if check(.select) || check(.from) { return .select(try parseSelect()) }
    if check(.values) { return .values(try parseValues()) }
    if check(.leftParen) {
      let open = advance()
      let inner = try parseQuery()
      try expectClosing(open)
      return inner.isBareBody ? inner.body : .nested(inner)
    }
    if check(.with) {
      throw syntaxError(hint: "a WITH clause must come first; put this query in parentheses: (WITH … SELECT …)")
    }
    throw syntaxError(expected: "SELECT, VALUES or a parenthesized query")
  }

  /// `VALUES (a, b), (c, d)`.
  mutating func parseValues() throws(SQLError) -> Values {
    let start = advance().span.start
    var rows: [[Expression]] = []
    repeat {
      let open = try expect(.leftParen, "\"(\" to start a row of VALUES")
      var row: [Expression] = []
      repeat {
        row.append(try parseExpression())
      } while accept(.comma)
      try expectClosing(open, "\",\"")
      if let first = rows.first, first.count != row.count {
        throw SQLError(
          .syntax, "VALUES lists must all be the same length", at: span(from: open.span.start),
          hint: "the first row has \(first.count) values, this one has \(row.count)")
      }
      rows.append(row)
    } while accept(.comma)
    return Values(rows: rows, span: span(from: start))
  }

  /// `ORDER BY …` then `LIMIT` and `OFFSET` in either order, each at most once.
  mutating func parseQueryTail(into query: inout Query) throws(SQLError) {
    if check(.order) {
      query.orderBy = try parseOrderBy()
    }
    while true {
      if check(.limit) {
        if query.limit != nil { throw syntaxError(hint: "LIMIT is given twice") }
        advance()
        if accept(.all) { continue }
        query.limit = try parseOperand(minPrecedence: Precedence.or, after: "LIMIT")
      } else if check(.offset) {
        if query.offset != nil { throw syntaxError(hint: "OFFSET is given twice") }
        advance()
        query.offset = try parseOperand(minPrecedence: Precedence.or, after: "OFFSET")
        _ = accept(.rows) || accept(.row)
      } else if check(.order) {
        throw syntaxError(hint: "ORDER BY must come before LIMIT and OFFSET")
      } else if check(.fetch) {
        throw unsupported("FETCH FIRST is not supported yet", at: current.span, hint: "use LIMIT n")
      } else {
        return
      }
    }
  }

  /// `ORDER BY ALL [ASC|DESC] [NULLS FIRST|LAST]` or `ORDER BY item, …`.
  mutating func parseOrderBy() throws(SQLError) -> OrderBy {
    let start = advance().span.start
    try expect(.by, "BY after ORDER")
    if check(.all), !check(.leftParen, at: 1) {
      advance()
      let direction = parseSortDirection()
      let nulls = try parseNullsOrder()
      return OrderBy(.all(direction: direction, nulls: nulls), span: span(from: start))
    }
    return OrderBy(.items(try parseOrderItems()), span: span(from: start))
  }

  /// `expr [ASC|DESC] [NULLS FIRST|LAST], …`.
  mutating func parseOrderItems() throws(SQLError) -> [OrderItem] {
    var items: [OrderItem] = []
    repeat {
      let start = current.span.start
      let expression = try parseOperand(minPrecedence: Precedence.or, after: "ORDER BY")
      let direction = parseSortDirection()
      let nulls = try parseNullsOrder()
      items.append(OrderItem(expression, direction: direction, nulls: nulls, span: span(from: start)))
    } while accept(.comma)
    return items
  }

  mutating func parseSortDirection() -> SortDirection? {
    if accept(.asc) { return .ascending }
    if accept(.desc) { return .descending }
    return nil
  }

  mutating func parseNullsOrder() throws(SQLError) -> NullsOrder? {
    guard accept(.nulls) else { return nil }
    if accept(.first) { return .first }
    if accept(.last) { return .last }
    throw syntaxError(expected: "FIRST or LAST after NULLS")
  }

  /// A column, table or alias name: an unreserved word or a quoted identifier.
  mutating func parseName(what: String) throws(SQLError) -> Identifier {
    let token = current
    switch token.kind {
    case .quotedIdentifier:
      advance()
      return identifier(token)
    case .word where token.keyword == nil || token.keyword?.category == .unreserved:
      advance()
      return identifier(token)
    case .word:
      throw SQLError(
        .syntax, Self.nearMessage(token), at: token.span,
        hint: "\(token.text.uppercased()) is a keyword; quote it to use it as \(what): \"\(token.text)\"")
    default:
      throw syntaxError(expected: what)
    }
  }

  /// `(a, b, c)`.
  mutating func parseNameList(what: String) throws(SQLError) -> [Identifier] {
    let open = try expect(.leftParen)
    var names: [Identifier] = []
    repeat {
      names.append(try parseName(what: what))
    } while accept(.comma)
    try expectClosing(open, "\",\"")
    return names
  }

  /// `a.b.c`, each part a name.
  mutating func parseQualifiedName(what: String) throws(SQLError) -> QualifiedName {
    var parts = [try parseName(what: what)]
    while check(.dot), peek().kind == .word || peek().kind == .quotedIdentifier {
      advance()
      parts.append(identifier(advance()))
    }
    return QualifiedName(parts)
  }
}
