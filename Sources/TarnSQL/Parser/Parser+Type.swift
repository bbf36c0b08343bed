// Parser for type names: named types with modifiers, multi-word names, T[] lists, STRUCT(…) and MAP(…).

extension Parser {
  /// `INTEGER`, `DECIMAL(18, 3)`, `DOUBLE PRECISION`, `TIMESTAMP WITH TIME ZONE`, `VARCHAR[]`,
  /// `INT[3]`, `STRUCT(a INT, b VARCHAR)`, `MAP(VARCHAR, INT)`.
  mutating func parseType() throws(SQLError) -> TypeName {
    try enterNesting()
    defer { leaveNesting() }
    let first = current
    let start = first.span.start
    guard first.kind == .word || first.kind == .quotedIdentifier,
      first.keyword?.category != .reserved
    else {
      throw syntaxError(expected: "a type name such as INTEGER, VARCHAR or DECIMAL(18, 3)")
    }
    advance()
    var type: TypeName
    let upper = first.kind == .word ? first.text.uppercased() : ""
    if upper == "STRUCT" || upper == "ROW", check(.leftParen) {
      let open = advance()
      var fields: [StructTypeField] = []
      repeat {
        guard current.kind == .word || current.kind == .quotedIdentifier else {
          throw syntaxError(expected: "a field name: STRUCT(name type, …)")
        }
        let name = identifier(advance())
        fields.append(StructTypeField(name: name, type: try parseType()))
      } while accept(.comma)
      try expectClosing(open, "\",\"")
      type = TypeName(.structure(fields), span: span(from: start))
    } else if upper == "MAP", check(.leftParen) {
      let open = advance()
      let key = try parseType()
      try expect(.comma, "\",\" between the key and value types: MAP(key, value)")
      let value = try parseType()
      try expectClosing(open)
      type = TypeName(.map(key: key, value: value), span: span(from: start))
    } else {
      var name = first.text
      // Multi-word type names, as PostgreSQL spells them.
      if upper == "DOUBLE", check(.precision) {
        name += " " + advance().text
      } else if upper == "CHARACTER" || upper == "CHAR", check(.varying) {
        name += " " + advance().text
      } else if (upper == "TIMESTAMP" || upper == "TIME"), check(.with) || check(.without) {
        let with = advance()
        guard check(.time), check(.zone, at: 1) else {
          throw syntaxError(expected: "TIME ZONE after \(first.text) \(with.text)")
        }
        name += " " + with.text + " " + advance().text + " " + advance().text
      }
      var parameters: [Int] = []
      if check(.leftParen) {
        let open = advance()
        repeat {
          guard current.kind == .integer, let value = Int(current.text) else {
            throw syntaxError(expected: "an integer type modifier, e.g. DECIMAL(18, 3)")
          }
          advance()
          parameters.append(value)
        } while accept(.comma)
        try expectClosing(open, "\",\"")
      }
      type = TypeName(.named(name, parameters: parameters), span: span(from: start))
    }
    // `T[]` lists and `T[n]` arrays, possibly nested: `INT[][]`.
    var dimensions = 0
    while check(.leftBracket) {
      dimensions += 1
      if depth + dimensions > Self.maxNestingDepth { throw nestingTooDeep() }
      let open = advance()
      if accept(.rightBracket) {
        type = TypeName(.list(type), span: span(from: start))
      } else if current.kind == .integer, let size = Int(current.text), check(.rightBracket, at: 1) {
        advance()
        advance()
        type = TypeName(.array(type, size: size), span: span(from: start))
      } else {
        throw syntaxError(hint: "expected \"]\" or an array size after the \"[\" at \(position(of: open))")
      }
    }
    return type
  }
}
