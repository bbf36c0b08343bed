// Parser for COPY (query) | table [(columns)] TO|FROM 'path' [WITH] (option [value], …).

extension Parser {
  mutating func parseCopy() throws(SQLError) -> CopyStatement {
    advance()
    let source: CopyStatement.Source
    if check(.leftParen) {
      let open = advance()
      guard isQueryStart(current) || check(.leftParen) else { throw syntaxError(expected: "a query: COPY (SELECT …) TO 'path'") }
      let query = try parseQuery()
      try expectClosing(open)
      source = .query(query)
    } else {
      let name = try parseQualifiedName(what: "a table name or a parenthesized query")
      var columns: [Identifier] = []
      if check(.leftParen) { columns = try parseNameList(what: "a column name") }
      source = .table(name, columns: columns)
    }
    let direction: CopyStatement.Direction
    if accept(.to) {
      direction = .to
    } else if accept(.from) {
      direction = .from
      if case .query = source { throw syntaxError(hint: "COPY FROM reads into a table, not a query") }
    } else {
      throw syntaxError(expected: "TO 'path' or FROM 'path'")
    }
    guard current.kind == .string else {
      if current.kind == .word || current.kind == .quotedIdentifier {
        throw syntaxError(hint: "quote the file path with single quotes: '\(current.text)'")
      }
      throw syntaxError(expected: "a file path in single quotes")
    }
    let path = advance().text
    _ = accept(.with)
    var options: [CopyOption] = []
    if check(.leftParen) {
      let open = advance()
      if !check(.rightParen) {
        repeat {
          options.append(try parseCopyOption())
        } while accept(.comma)
      }
      try expectClosing(open, "\",\"")
    }
    return CopyStatement(source, direction: direction, path: path, options: options)
  }

  /// `NAME`, `NAME value`, `NAME (a, b)`, `NAME *`. Names may be keywords (`NULL 'NA'`).
  mutating func parseCopyOption() throws(SQLError) -> CopyOption {
    let token = current
    guard token.kind == .word || token.kind == .quotedIdentifier else {
      throw syntaxError(expected: "an option name such as FORMAT, COMPRESSION or PARTITION_BY")
    }
    advance()
    let name = identifier(token)
    if check(.comma) || check(.rightParen) { return CopyOption(name) }
    if accept(.star) { return CopyOption(name, .star) }
    if check(.leftParen), !startsQueryInParentheses() {
      let open = advance()
      var values: [Expression] = []
      if !check(.rightParen) {
        repeat {
          values.append(try parseExpression())
        } while accept(.comma)
      }
      try expectClosing(open, "\",\"")
      return CopyOption(name, .list(values))
    }
    guard canStartExpression(current) else { throw syntaxError(expected: "a value for \(token.text), \",\" or \")\"") }
    return CopyOption(name, .expression(try parseExpression()))
  }
}
