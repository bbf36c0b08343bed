// Lexer: turns SQL text into tokens, skipping whitespace and comments, and reports bad input by position.

/// Splits SQL text into `Token`s.
///
/// Works on UTF-8 bytes; spans are byte offsets. Handles `--` line comments, nested `/* */`
/// block comments, `'strings'` with `''` escapes, `E'…'` escape strings, `$$…$$` strings,
/// `"quoted identifiers"`, Unicode identifiers, and numbers kept as their exact text.
public struct Lexer: Sendable {
  let bytes: [UInt8]
  var position = 0

  public init(_ sql: String) {
    self.bytes = Array(sql.utf8)
  }

  /// All tokens of `sql`, ending with one `.end` token.
  /// - Complexity: O(n) in the length of `sql`.
  public static func tokenize(_ sql: String) throws(SQLError) -> [Token] {
    var lexer = Lexer(sql)
    var tokens: [Token] = []
    while true {
      let token = try lexer.next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  /// The next token; `.end` once the input is exhausted (and on every later call).
  public mutating func next() throws(SQLError) -> Token {
    try skipWhitespaceAndComments()
    let start = position
    guard let byte = peek() else { return Token(kind: .end, text: "", span: .at(start)) }

    switch byte {
    case UInt8(ascii: "'"):
      return try lexString(quoteAt: start, valueStart: start + 1, escapes: false)
    case UInt8(ascii: "\""):
      return try lexQuotedIdentifier(start: start)
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      return try lexNumber(start: start)
    case UInt8(ascii: "."):
      if let next = peek(at: 1), isDigit(next) { return try lexNumber(start: start) }
      position += 1
      return symbol(.dot, from: start)
    case UInt8(ascii: "$"):
      return try lexDollar(start: start)
    case UInt8(ascii: "?"):
      position += 1
      return Token(kind: .parameter, text: "?", span: SourceSpan(start: start, end: position))
    default:
      break
    }

    if (byte == UInt8(ascii: "E") || byte == UInt8(ascii: "e")) && peek(at: 1) == UInt8(ascii: "'") {
      return try lexString(quoteAt: start + 1, valueStart: start + 2, escapes: true, tokenStart: start)
    }
    if let (scalar, _) = scalar(at: start), isIdentifierStart(scalar) {
      return lexWord(start: start)
    }
    if let symbol = lexSymbol() {
      return self.symbol(symbol, from: start)
    }
    throw unexpectedCharacter(at: start)
  }

  // MARK: - Characters

  func peek(at offset: Int = 0) -> UInt8? {
    let index = position + offset
    return index < bytes.count ? bytes[index] : nil
  }

  func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

  /// The Unicode scalar starting at byte `offset` and its length in bytes.
  func scalar(at offset: Int) -> (Unicode.Scalar, Int)? {
    guard offset < bytes.count else { return nil }
    let lead = bytes[offset]
    if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
    let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    guard offset + length <= bytes.count else { return nil }
    var decoder = UTF8()
    var iterator = bytes[offset..<(offset + length)].makeIterator()
    if case .scalarValue(let scalar) = decoder.decode(&iterator) { return (scalar, length) }
    return nil
  }

  func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
    }
    return scalar.properties.isAlphabetic
  }

  func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      return isIdentifierStart(scalar) || (scalar >= "0" && scalar <= "9") || scalar == "$"
    }
    if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return true }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation: return true
    default: return false
    }
  }

  func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isWhitespace
  }

  // MARK: - Whitespace and comments

  mutating func skipWhitespaceAndComments() throws(SQLError) {
    while let byte = peek() {
      if byte == UInt8(ascii: "-"), peek(at: 1) == UInt8(ascii: "-") {
        while let b = peek(), b != UInt8(ascii: "\n") { position += 1 }
      } else if byte == UInt8(ascii: "/"), peek(at: 1) == UInt8(ascii: "*") {
        try skipBlockComment()
      } else if byte < 0x80 {
        guard byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) else { return }
        position += 1
      } else if let (scalar, length) = scalar(at: position), isWhitespace(scalar) {
        position += length
      } else {
        return
      }
    }
  }

  /// Skips a `/* … */` comment; like PostgreSQL, comments nest.
  mutating func skipBlockComment() throws(SQLError) {
    let start = position
    var depth = 0
    while position < bytes.count {
      if bytes[position] == UInt8(ascii: "/"), peek(at: 1) == UInt8(ascii: "*") {
        depth += 1
        position += 2
      } else if bytes[position] == UInt8(ascii: "*"), peek(at: 1) == UInt8(ascii: "/") {
        depth -= 1
        position += 2
        if depth == 0 { return }
      } else {
        position += 1
      }
    }
    throw SQLError(
      .syntax, "unterminated /* comment", at: SourceSpan(start: start, end: bytes.count),
      hint: "close the comment with */")
  }

  // MARK: - Words and symbols

  mutating func lexWord(start: Int) -> Token {
    while let (scalar, length) = scalar(at: position), isIdentifierContinue(scalar) {
      position += length
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    return Token(kind: .word, text: text, keyword: Keyword(word: text), span: SourceSpan(start: start, end: position))
  }

  func symbol(_ symbol: Symbol, from start: Int) -> Token {
    Token(kind: .symbol(symbol), text: symbol.rawValue, span: SourceSpan(start: start, end: position))
  }

  /// Consumes the longest operator or punctuation at the current position.
  mutating func lexSymbol() -> Symbol? {
    for length in stride(from: 3, through: 1, by: -1) where position + length <= bytes.count {
      let text = String(decoding: bytes[position..<(position + length)], as: UTF8.self)
      if let symbol = Symbol(rawValue: text) {
        position += length
        return symbol
      }
    }
    return nil
  }

  func unexpectedCharacter(at offset: Int) -> SQLError {
    let (scalar, length) = scalar(at: offset) ?? (Unicode.Scalar(bytes[offset]), 1)
    let hex = String(scalar.value, radix: 16, uppercase: true)
    let shown = scalar.properties.generalCategory == .control
      ? "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
      : String(scalar)
    let hint: String? =
      switch scalar {
      case "`": "quote identifiers with double quotes: \"name\""
      case "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}":
        "use straight quotes: 'text' for strings, \"name\" for identifiers"
      case "!": "for inequality write != or <>"
      default: nil
      }
    return SQLError(
      .syntax, "unexpected character \"\(shown)\"", at: SourceSpan(start: offset, end: offset + length), hint: hint)
  }
}
