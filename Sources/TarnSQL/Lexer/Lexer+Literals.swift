// Lexer literals: numbers (kept as exact text), strings, escape strings, dollar strings and quoted identifiers.

extension Lexer {
  /// Lexes `123`, `1.50`, `.5`, `1.`, `1e10`, `2.5E-3`. The text is kept exactly so the binder can
  /// choose BIGINT, HUGEINT or DECIMAL the way DuckDB does.
  mutating func lexNumber(start: Int) throws(SQLError) -> Token {
    var kind = Token.Kind.integer
    while let b = peek(), isDigit(b) { position += 1 }
    if peek() == UInt8(ascii: "."), peek(at: 1) != UInt8(ascii: ".") {
      kind = .decimal
      position += 1
      while let b = peek(), isDigit(b) { position += 1 }
    }
    if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
      var digitsAt = 1
      if let sign = peek(at: 1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { digitsAt = 2 }
      if let d = peek(at: digitsAt), isDigit(d) {
        kind = .scientific
        position += digitsAt
        while let b = peek(), isDigit(b) { position += 1 }
      }
    }
    // PostgreSQL 15+ rejects `1abc` rather than reading it as `1 AS abc`.
    if let (scalar, _) = scalar(at: position), isIdentifierContinue(scalar) {
      var end = position
      while let (s, length) = self.scalar(at: end), isIdentifierContinue(s) { end += length }
      let text = String(decoding: bytes[start..<end], as: UTF8.self)
      throw SQLError(
        .syntax, "trailing junk after numeric literal at or near \"\(text)\"", at: SourceSpan(start: start, end: end),
        hint: "separate the number from the word with a space, or quote the name")
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    return Token(kind: kind, text: text, span: SourceSpan(start: start, end: position))
  }

  /// Lexes `'…'` (with `''` for a quote) or, when `escapes` is set, `E'…'` with backslash escapes.
  mutating func lexString(
    quoteAt quote: Int, valueStart: Int, escapes: Bool, tokenStart: Int? = nil
  ) throws(SQLError) -> Token {
    let start = tokenStart ?? quote
    position = valueStart
    var value: [UInt8] = []
    while true {
      guard let byte = peek() else {
        throw SQLError(
          .syntax, "unterminated quoted string at or near \"\(preview(from: start))\"",
          at: SourceSpan(start: start, end: bytes.count),
          hint: "close the string with a single quote ('); write '' for a quote inside a string")
      }
      if byte == UInt8(ascii: "'") {
        if peek(at: 1) == UInt8(ascii: "'") {
          value.append(byte)
          position += 2
          continue
        }
        position += 1
        break
      }
      if escapes, byte == UInt8(ascii: "\\"), position + 1 < bytes.count {
        try lexEscape(into: &value)
        continue
      }
      value.append(byte)
      position += 1
    }
    return Token(
      kind: .string, text: String(decoding: value, as: UTF8.self), span: SourceSpan(start: start, end: position))
  }

  /// Resolves one backslash escape of an `E'…'` string: `\n \t \r \b \f \\ \' \xHH \uXXXX \UXXXXXXXX \ooo`.
  mutating func lexEscape(into value: inout [UInt8]) throws(SQLError) {
    let escapeStart = position
    position += 1
    let c = bytes[position]
    position += 1
    func appendScalar(_ code: UInt32) throws(SQLError) {
      guard let scalar = Unicode.Scalar(code) else {
        throw SQLError(
          .syntax, "invalid Unicode escape value", at: SourceSpan(start: escapeStart, end: position))
      }
      value.append(contentsOf: Array(String(scalar).utf8))
    }
    func hexDigits(max: Int) -> UInt32? {
      var result: UInt32 = 0
      var count = 0
      while count < max, let b = peek(), let digit = hexValue(b) {
        result = result * 16 + digit
        position += 1
        count += 1
      }
      return count == 0 ? nil : result
    }
    switch c {
    case UInt8(ascii: "n"): value.append(0x0A)
    case UInt8(ascii: "t"): value.append(0x09)
    case UInt8(ascii: "r"): value.append(0x0D)
    case UInt8(ascii: "b"): value.append(0x08)
    case UInt8(ascii: "f"): value.append(0x0C)
    case UInt8(ascii: "x"):
      if let code = hexDigits(max: 2) { try appendScalar(code) } else { value.append(c) }
    case UInt8(ascii: "u"):
      guard let code = hexDigits(max: 4) else {
        throw SQLError(
          .syntax, "invalid Unicode escape", at: SourceSpan(start: escapeStart, end: position),
          hint: "Unicode escapes must be \\uXXXX or \\UXXXXXXXX")
      }
      try appendScalar(code)
    case UInt8(ascii: "U"):
      guard let code = hexDigits(max: 8) else {
        throw SQLError(
          .syntax, "invalid Unicode escape", at: SourceSpan(start: escapeStart, end: position),
          hint: "Unicode escapes must be \\uXXXX or \\UXXXXXXXX")
      }
      try appendScalar(code)
    case UInt8(ascii: "0")...UInt8(ascii: "7"):
      var code = UInt32(c - UInt8(ascii: "0"))
      var count = 1
      while count < 3, let b = peek(), b >= UInt8(ascii: "0"), b <= UInt8(ascii: "7") {
        code = code * 8 + UInt32(b - UInt8(ascii: "0"))
        position += 1
        count += 1
      }
      try appendScalar(code)
    default:
      value.append(c)
    }
  }

  func hexValue(_ b: UInt8) -> UInt32? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  /// Lexes `"name"` with `""` for a quote inside.
  mutating func lexQuotedIdentifier(start: Int) throws(SQLError) -> Token {
    position = start + 1
    var value: [UInt8] = []
    while true {
      guard let byte = peek() else {
        throw SQLError(
          .syntax, "unterminated quoted identifier at or near \"\(preview(from: start))\"",
          at: SourceSpan(start: start, end: bytes.count),
          hint: "close the identifier with a double quote (\"); write \"\" for a quote inside a name")
      }
      position += 1
      if byte == UInt8(ascii: "\"") {
        if peek() == UInt8(ascii: "\"") {
          value.append(byte)
          position += 1
          continue
        }
        break
      }
      value.append(byte)
    }
    let span = SourceSpan(start: start, end: position)
    if value.isEmpty {
      throw SQLError(
        .syntax, "zero-length delimited identifier at or near \"\"\"\"", at: span,
        hint: "a quoted identifier needs at least one character; for an empty string use ''")
    }
    return Token(kind: .quotedIdentifier, text: String(decoding: value, as: UTF8.self), span: span)
  }

  /// Lexes `$1` / `$name` parameters and `$$…$$` / `$tag$…$tag$` strings.
  mutating func lexDollar(start: Int) throws(SQLError) -> Token {
    position = start + 1
    if let b = peek(), isDigit(b) {
      while let d = peek(), isDigit(d) { position += 1 }
      return Token(
        kind: .parameter, text: String(decoding: bytes[start..<position], as: UTF8.self),
        span: SourceSpan(start: start, end: position))
    }
    // A tag: identifier characters up to the next `$`; `$name` without a closing `$` is a named parameter.
    var tagEnd = position
    while tagEnd < bytes.count, let (scalar, length) = scalar(at: tagEnd),
      scalar != "$", isIdentifierContinue(scalar)
    {
      tagEnd += length
    }
    guard tagEnd < bytes.count, bytes[tagEnd] == UInt8(ascii: "$") else {
      if tagEnd > position {
        position = tagEnd
        return Token(
          kind: .parameter, text: String(decoding: bytes[start..<position], as: UTF8.self),
          span: SourceSpan(start: start, end: position))
      }
      throw unexpectedCharacter(at: start)
    }
    let delimiter = Array(bytes[start...tagEnd])
    let valueStart = tagEnd + 1
    var search = valueStart
    while search + delimiter.count <= bytes.count {
      if bytes[search] == UInt8(ascii: "$"), Array(bytes[search..<(search + delimiter.count)]) == delimiter {
        position = search + delimiter.count
        return Token(
          kind: .string, text: String(decoding: bytes[valueStart..<search], as: UTF8.self),
          span: SourceSpan(start: start, end: position))
      }
      search += 1
    }
    let tag = String(decoding: delimiter, as: UTF8.self)
    throw SQLError(
      .syntax, "unterminated dollar-quoted string at or near \"\(preview(from: start))\"",
      at: SourceSpan(start: start, end: bytes.count), hint: "close the string with \(tag)")
  }

  /// Up to 20 characters of the text from `start`, for "at or near" messages.
  func preview(from start: Int) -> String {
    var text = String(decoding: bytes[start...], as: UTF8.self)
    if let newline = text.firstIndex(of: "\n") { text = String(text[..<newline]) }
    return text.count > 20 ? String(text.prefix(20)) + "…" : text
  }
}
