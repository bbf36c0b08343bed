// Parser errors: "syntax error at or near …" with the best hint the parser can find — typos, what was expected.

extension Parser {
  /// Keywords worth suggesting for a misspelled word anywhere in a statement.
  static let suggestableKeywords: [String] = [
    "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "OFFSET", "QUALIFY", "UNION",
    "INTERSECT", "EXCEPT", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "NATURAL", "USING",
    "DISTINCT", "BETWEEN", "LIKE", "ILIKE", "CASE", "WHEN", "THEN", "ELSE", "END", "NULL", "NULLS", "FIRST",
    "LAST", "ASC", "DESC", "WITH", "CREATE", "DROP", "TABLE", "VIEW", "DESCRIBE", "EXPLAIN", "COPY", "VALUES",
    "EXISTS", "CAST", "EXCLUDE", "REPLACE", "FILTER", "INTERVAL", "AND", "NOT", "TRUE", "FALSE",
  ]

  /// Keywords that end a select list or FROM item; a bare alias resembling one is probably a typo of it.
  static let clauseKeywords: [String] = [
    "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "QUALIFY", "UNION", "INTERSECT", "EXCEPT",
    "JOIN", "LEFT", "RIGHT", "INNER", "FULL", "CROSS", "NATURAL", "USING", "WINDOW",
  ]

  /// Words that begin a statement.
  static let statementKeywords: [String] = [
    "SELECT", "WITH", "VALUES", "FROM", "CREATE", "DROP", "DESCRIBE", "EXPLAIN", "COPY",
  ]

  /// `syntax error at or near "X"` (or `at end of input`) at the current token.
  ///
  /// The hint, in order of preference: a keyword the previous bare alias was probably meant to be
  /// (`SELECT a FORM t` blames `FORM`), a keyword the current word resembles, `hint`, then `expected`.
  func syntaxError(expected: String? = nil, hint: String? = nil) -> SQLError {
    if let alias = lastBareAlias, alias == index - 1, tokens[alias].kind == .word,
      let keyword = Self.suggestion(for: tokens[alias].text, among: Self.clauseKeywords)
    {
      return SQLError(
        .syntax, "syntax error at or near \"\(tokens[alias].text)\"", at: tokens[alias].span,
        hint: "did you mean \(keyword)?")
    }
    let token = current
    var finalHint = hint ?? expected.map { "expected \($0)" }
    if token.kind == .word, let keyword = Self.suggestion(for: token.text, among: Self.suggestableKeywords) {
      finalHint = "did you mean \(keyword)?"
    } else if token.kind == .word, let keyword = token.keyword, keyword.category != .unreserved,
      let expected, expected.contains("name") || expected.contains("expression")
    {
      finalHint = "\(keyword.rawValue) is a reserved keyword; quote it to use it as a name: \"\(token.text)\""
    }
    return SQLError(.syntax, Self.nearMessage(token), at: token.span, hint: finalHint)
  }

  static func nearMessage(_ token: Token) -> String {
    token.kind == .end ? "syntax error at end of input" : "syntax error at or near \"\(token.description)\""
  }

  /// The error for text left over after a complete statement, with hints for the usual causes.
  func endOfStatementError(after statement: Statement?, hint: String? = nil) -> SQLError {
    let token = current
    if token.isSymbol(.rightParen) {
      return syntaxError(hint: "this \")\" has no matching \"(\"")
    }
    if token.kind == .word, Self.statementKeywords.contains(token.text.uppercased()) || token.keyword == .select {
      return syntaxError(hint: "missing \";\" between statements?")
    }
    if case .query(let query)? = statement?.kind,
      token.keyword == .union || token.keyword == .intersect || token.keyword == .except,
      query.orderBy != nil || query.limit != nil || query.offset != nil
    {
      return syntaxError(
        hint: "ORDER BY, LIMIT and OFFSET apply to the whole set operation and must come last; "
          + "put a query in parentheses to order or limit it alone")
    }
    if token.kind == .word, token.keyword == nil || token.keyword?.category == .unreserved {
      return syntaxError(hint: hint ?? "expected \";\" or the end of the statement")
    }
    return syntaxError(hint: hint ?? "expected \";\" or the end of the statement")
  }

  /// The keyword `word` is most likely a misspelling of, if any is close enough.
  static func suggestion(for word: String, among keywords: [String]) -> String? {
    let upper = word.uppercased()
    guard upper.count >= 3, !keywords.contains(upper) else { return nil }
    let limit = upper.count <= 5 ? 1 : 2
    var best: (keyword: String, distance: Int)?
    for keyword in keywords {
      let distance = editDistance(upper, keyword)
      if distance <= limit, distance < (best?.distance ?? Int.max) { best = (keyword, distance) }
    }
    return best?.keyword
  }

  /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
  /// transpositions each cost 1, so `FORM` is one edit from `FROM`.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var row = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      row[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          row[j] = min(row[j], previous2[j - 2] + 1)
        }
      }
      (previous2, previous, row) = (previous, row, previous2)
    }
    return previous[b.count]
  }

  /// A `.unsupported` error: valid DuckDB SQL that Tarn cannot run yet.
  func unsupported(_ message: String, at span: SourceSpan, hint: String? = nil) -> SQLError {
    SQLError(.unsupported, message, at: span, hint: hint)
  }
}
