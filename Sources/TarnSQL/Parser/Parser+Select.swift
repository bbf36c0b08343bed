// Parser for one SELECT block: DISTINCT, the select list (stars, aliases), WHERE, GROUP BY, HAVING, QUALIFY.

extension Parser {
  /// Words that may not be a select-list alias without AS: they continue the expression.
  static let selectAliasStopWords: Set<Keyword> = [.between, .escape, .over, .filter, .within]
  /// Words that may not be a table alias without AS: they start a join or a sample.
  static let tableAliasStopWords: Set<Keyword> = [.semi, .anti, .sample]

  /// `SELECT …` or DuckDB's FROM-first `FROM t [SELECT …]`.
  mutating func parseSelect() throws(SQLError) -> Select {
    let start = current.span.start
    var select = Select(items: [])
    if check(.from) {
      advance()
      select.from = try parseFromList()
      if check(.select) {
        try parseSelectClause(into: &select)
      } else {
        select.items = [SelectItem(.star(Star()), span: span(from: start))]
      }
    } else {
      try parseSelectClause(into: &select)
      if accept(.from) {
        select.from = try parseFromList()
      }
    }
    if accept(.where) {
      select.whereClause = try parseOperand(minPrecedence: Precedence.or, after: "WHERE")
    }
    if check(.group) {
      let groupStart = advance().span.start
      try expect(.by, "BY after GROUP")
      if check(.all), !check(.leftParen, at: 1) {
        advance()
        select.groupBy = GroupBy(.all, span: span(from: groupStart))
      } else {
        var expressions: [Expression] = []
        repeat {
          if check(.leftParen), check(.rightParen, at: 1) {
            throw unsupported("empty grouping sets are not supported yet", at: current.span)
          }
          expressions.append(try parseOperand(minPrecedence: Precedence.or, after: "GROUP BY"))
        } while accept(.comma)
        select.groupBy = GroupBy(.expressions(expressions), span: span(from: groupStart))
      }
    }
    if accept(.having) {
      select.having = try parseOperand(minPrecedence: Precedence.or, after: "HAVING")
    }
    if check(.window) {
      throw unsupported("WINDOW clauses are not supported yet", at: current.span)
    }
    if accept(.qualify) {
      select.qualify = try parseOperand(minPrecedence: Precedence.or, after: "QUALIFY")
    }
    select.span = span(from: start)
    return select
  }

  /// `SELECT [DISTINCT [ON (…)] | ALL] item, …`.
  mutating func parseSelectClause(into select: inout Select) throws(SQLError) {
    try expect(.select)
    if accept(.distinct) {
      if check(.on) {
        advance()
        let open = try expect(.leftParen, "\"(\" after DISTINCT ON")
        var expressions: [Expression] = []
        repeat {
          expressions.append(try parseExpression())
        } while accept(.comma)
        try expectClosing(open, "\",\"")
        select.distinct = .on(expressions)
      } else {
        select.distinct = .distinct
      }
    } else {
      _ = accept(.all)
    }
    if check(.into) {
      throw unsupported("SELECT INTO is not supported yet", at: current.span, hint: "use CREATE TABLE name AS SELECT …")
    }
    select.items = try parseSelectList()
  }

  mutating func parseSelectList() throws(SQLError) -> [SelectItem] {
    guard canStartSelectItem(current) else {
      throw syntaxError(expected: "a select item (an expression or *)")
    }
    var items: [SelectItem] = []
    while true {
      items.append(try parseSelectItem())
      guard check(.comma) else { return items }
      let comma = advance()
      if !canStartSelectItem(current) {
        let what = current.kind == .end ? "the end of the query" : current.text.uppercased()
        throw SQLError(
          .syntax, "trailing comma before \(what)", at: comma.span,
          hint: "remove the \",\" after the last select item")
      }
    }
  }

  func canStartSelectItem(_ token: Token) -> Bool {
    token.isSymbol(.star) || canStartExpression(token)
  }

  mutating func parseSelectItem() throws(SQLError) -> SelectItem {
    let start = current.span.start
    if let star = try parseStarIfPresent() {
      return SelectItem(.star(star), span: span(from: start))
    }
    let expression = try parseExpression()
    let alias = try parseAlias(stopWords: Self.selectAliasStopWords)
    return SelectItem(.expression(expression, alias: alias), span: span(from: start))
  }

  /// `*`, `t.*`, `s.t.*`, each optionally followed by EXCLUDE and REPLACE.
  mutating func parseStarIfPresent() throws(SQLError) -> Star? {
    var qualifier: QualifiedName?
    if !check(.star) {
      // Look ahead for `name . name . … . *`.
      var offset = 0
      var parts: [Identifier] = []
      while [.word, .quotedIdentifier].contains(peek(offset).kind), peek(offset + 1).isSymbol(.dot) {
        parts.append(identifier(peek(offset)))
        offset += 2
      }
      guard !parts.isEmpty, peek(offset).isSymbol(.star) else { return nil }
      index += offset
      qualifier = QualifiedName(parts)
    }
    advance()
    var star = Star(qualifier: qualifier)
    if accept(.exclude) {
      if check(.leftParen) {
        let open = advance()
        repeat {
          star.exclude.append(try parseQualifiedName(what: "a column to exclude"))
        } while accept(.comma)
        try expectClosing(open, "\",\"")
      } else {
        star.exclude.append(try parseQualifiedName(what: "a column to exclude"))
      }
    }
    if accept(.replace) {
      let open = try expect(.leftParen, "\"(\" after REPLACE: * REPLACE (expression AS column)")
      repeat {
        let expression = try parseExpression()
        try expect(.as, "AS and the column to replace: * REPLACE (expression AS column)")
        star.replace.append(Star.Replacement(expression, as: try parseName(what: "the column to replace")))
      } while accept(.comma)
      try expectClosing(open, "\",\"")
    }
    if check(.rename) {
      throw unsupported("* RENAME is not supported yet", at: current.span)
    }
    if check(.as) {
      throw syntaxError(hint: "a * cannot have an alias")
    }
    return star
  }

  /// `AS name`, `AS 'name'`, or a bare name that is not a keyword continuing the statement.
  mutating func parseAlias(stopWords: Set<Keyword>) throws(SQLError) -> Identifier? {
    if accept(.as) {
      if current.kind == .string {
        let token = advance()
        return Identifier(token.text, isQuoted: true, span: token.span)
      }
      if current.kind == .word, current.keyword != nil, current.keyword?.category != .reserved {
        // After AS any non-reserved keyword is a fine name: `AS year`, `AS left`.
        return identifier(advance())
      }
      return try parseName(what: "an alias")
    }
    let token = current
    switch token.kind {
    case .quotedIdentifier:
      advance()
      return identifier(token)
    case .word:
      if let keyword = token.keyword, keyword.category != .unreserved || stopWords.contains(keyword) {
        return nil
      }
      lastBareAlias = index
      advance()
      return identifier(token)
    default:
      return nil
    }
  }
}
