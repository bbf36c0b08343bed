// A byte-level JSON cursor: whitespace, strings with every escape (surrogate pairs too), numbers, skipping values.

/// What went wrong while scanning, and where (a byte offset in the block).
struct JSONIssue: Error {
  var offset: Int
  var message: String
}

/// A cursor over `p[position..<end]`. Methods throw `JSONIssue` with the offset of the bad byte.
struct JSONScanner {
  let p: UnsafePointer<UInt8>
  let end: Int
  var position: Int

  init(_ p: UnsafePointer<UInt8>, start: Int, end: Int) {
    self.p = p
    self.end = end
    position = start
  }

  @inline(__always) static func isWhitespace(_ b: UInt8) -> Bool { b == 32 || b == 10 || b == 13 || b == 9 }

  @inline(__always)
  mutating func skipWhitespace() {
    while position < end, Self.isWhitespace(p[position]) { position &+= 1 }
  }

  @inline(__always) var atEnd: Bool { position >= end }
  @inline(__always) var current: UInt8 { p[position] }

  func issue(_ message: String, at offset: Int? = nil) -> JSONIssue { JSONIssue(offset: offset ?? position, message: message) }

  /// Consumes `byte` after optional whitespace, or throws.
  @inline(__always)
  mutating func expect(_ byte: UInt8, _ what: String) throws(JSONIssue) {
    skipWhitespace()
    guard position < end, p[position] == byte else {
      throw issue(position < end ? "expected \(what)" : "unexpected end of input, expected \(what)")
    }
    position &+= 1
  }

  /// Consumes the literal `true`, `false` or `null` starting at the cursor.
  mutating func literal(_ text: StaticString) throws(JSONIssue) {
    let n = text.utf8CodeUnitCount
    guard position &+ n <= end else { throw issue("unexpected end of input in a literal") }
    let bytes = text.utf8Start
    for k in 0..<n where p[position &+ k] != bytes[k] { throw issue("invalid literal") }
    position &+= n
    if position < end {
      let b = p[position]
      // A literal must end at a delimiter.
      if !(Self.isWhitespace(b) || b == 44 || b == 93 || b == 125) { throw issue("invalid literal") }
    }
  }

  /// Scans a number at the cursor; returns its `[start, end)` byte range. Grammar checked per RFC 8259.
  @inline(__always)
  mutating func number() throws(JSONIssue) -> (start: Int, end: Int) {
    let start = position
    if position < end, p[position] == 45 { position &+= 1 }
    guard position < end, NumberText.isDigit(p[position]) else { throw issue("invalid number", at: start) }
    if p[position] == 48 {
      position &+= 1
    } else {
      while position < end, NumberText.isDigit(p[position]) { position &+= 1 }
    }
    if position < end, p[position] == 46 {
      position &+= 1
      let digits = position
      while position < end, NumberText.isDigit(p[position]) { position &+= 1 }
      guard position > digits else { throw issue("invalid number", at: start) }
    }
    if position < end, p[position] | 0x20 == 101 {
      position &+= 1
      if position < end, p[position] == 43 || p[position] == 45 { position &+= 1 }
      let digits = position
      while position < end, NumberText.isDigit(p[position]) { position &+= 1 }
      guard position > digits else { throw issue("invalid number", at: start) }
    }
    if position < end {
      let b = p[position]
      if !(Self.isWhitespace(b) || b == 44 || b == 93 || b == 125) { throw issue("invalid number", at: start) }
    }
    return (start, position)
  }

  /// Scans a string whose opening quote is at the cursor. Returns the content range (without quotes)
  /// and whether it holds escapes. Raw control characters are rejected, as RFC 8259 requires.
  @inline(__always)
  mutating func string() throws(JSONIssue) -> (start: Int, end: Int, hasEscapes: Bool) {
    let open = position
    position &+= 1
    let start = position
    var hasEscapes = false
    let raw = UnsafeRawPointer(p)
    let quotes = CSVTokenizer.broadcast(34)
    let backslashes = CSVTokenizer.broadcast(92)
    while true {
      // Skip 8 plain bytes at a time (no quote, backslash or control character).
      while position &+ 8 <= end {
        let w = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        let control = (w &- 0x2020_2020_2020_2020) & ~w & 0x8080_8080_8080_8080
        let m = CSVTokenizer.zeroBytes(w ^ quotes) | CSVTokenizer.zeroBytes(w ^ backslashes) | control
        if m != 0 {
          position &+= m.trailingZeroBitCount &>> 3
          break
        }
        position &+= 8
      }
      guard position < end else { throw issue("unterminated string", at: open) }
      let b = p[position]
      if b == 34 {
        let contentEnd = position
        position &+= 1
        return (start, contentEnd, hasEscapes)
      }
      if b == 92 {
        hasEscapes = true
        guard position &+ 1 < end else { throw issue("unterminated string", at: open) }
        let e = p[position &+ 1]
        switch e {
        case 34, 92, 47, 98, 102, 110, 114, 116: position &+= 2
        case 117:
          guard position &+ 6 <= end else { throw issue("unterminated string", at: open) }
          for k in 2..<6 where Self.hexValue(p[position &+ k]) == nil { throw issue("invalid \\u escape") }
          position &+= 6
        default: throw issue("invalid escape")
        }
        continue
      }
      if b < 32 { throw issue("control character in a string") }
      position &+= 1
    }
  }

  @inline(__always) static func hexValue(_ b: UInt8) -> UInt32? {
    if b &- 48 < 10 { return UInt32(b &- 48) }
    let l = b | 0x20
    if l &- 97 < 6 { return UInt32(l &- 87) }
    return nil
  }

  /// Writes the unescaped content of a string scanned by `string()` to `out`; returns the bytes written.
  /// Lone surrogates become U+FFFD (they cannot be UTF-8). `out` needs `end - start` bytes of room.
  static func unescape(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
    var i = start
    var o = 0
    while i < end {
      let b = p[i]
      if b != 92 {
        out[o] = b
        o &+= 1
        i &+= 1
        continue
      }
      let e = p[i &+ 1]
      i &+= 2
      switch e {
      case 98: out[o] = 8
      case 102: out[o] = 12
      case 110: out[o] = 10
      case 114: out[o] = 13
      case 116: out[o] = 9
      case 117:
        var scalar = hex4(p, i)
        i &+= 4
        if scalar >= 0xD800, scalar < 0xDC00 {
          if i &+ 6 <= end, p[i] == 92, p[i &+ 1] == 117 {
            let low = hex4(p, i &+ 2)
            if low >= 0xDC00, low < 0xE000 {
              scalar = 0x10000 &+ ((scalar &- 0xD800) &<< 10) &+ (low &- 0xDC00)
              i &+= 6
            } else {
              scalar = 0xFFFD
            }
          } else {
            scalar = 0xFFFD
          }
        } else if scalar >= 0xDC00, scalar < 0xE000 {
          scalar = 0xFFFD
        }
        o &+= writeUTF8(scalar, out + o)
        continue
      default: out[o] = e  // " \ /
      }
      o &+= 1
    }
    return o
  }

  @inline(__always) static func hex4(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt32 {
    (hexValue(p[i])! &<< 12) | (hexValue(p[i &+ 1])! &<< 8) | (hexValue(p[i &+ 2])! &<< 4) | hexValue(p[i &+ 3])!
  }

  @inline(__always) static func writeUTF8(_ scalar: UInt32, _ out: UnsafeMutablePointer<UInt8>) -> Int {
    switch scalar {
    case ..<0x80:
      out[0] = UInt8(scalar)
      return 1
    case ..<0x800:
      out[0] = UInt8(0xC0 | (scalar >> 6))
      out[1] = UInt8(0x80 | (scalar & 0x3F))
      return 2
    case ..<0x10000:
      out[0] = UInt8(0xE0 | (scalar >> 12))
      out[1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
      out[2] = UInt8(0x80 | (scalar & 0x3F))
      return 3
    default:
      out[0] = UInt8(0xF0 | (scalar >> 18))
      out[1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
      out[2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
      out[3] = UInt8(0x80 | (scalar & 0x3F))
      return 4
    }
  }

  /// Skips one whole value at the cursor (after whitespace); returns its `[start, end)` range.
  mutating func skipValue(depth: Int = 0) throws(JSONIssue) -> (start: Int, end: Int) {
    skipWhitespace()
    guard position < end else { throw issue("unexpected end of input, expected a value") }
    guard depth < 512 else { throw issue("nesting deeper than 512") }
    let start = position
    switch p[position] {
    case 123:  // {
      position &+= 1
      skipWhitespace()
      if position < end, p[position] == 125 {
        position &+= 1
        return (start, position)
      }
      while true {
        skipWhitespace()
        guard position < end, p[position] == 34 else { throw issue("expected a key") }
        _ = try string()
        try expect(58, "':'")
        _ = try skipValue(depth: depth + 1)
        skipWhitespace()
        guard position < end else { throw issue("unexpected end of input in an object") }
        if p[position] == 44 {
          position &+= 1
          continue
        }
        guard p[position] == 125 else { throw issue("expected ',' or '}'") }
        position &+= 1
        return (start, position)
      }
    case 91:  // [
      position &+= 1
      skipWhitespace()
      if position < end, p[position] == 93 {
        position &+= 1
        return (start, position)
      }
      while true {
        _ = try skipValue(depth: depth + 1)
        skipWhitespace()
        guard position < end else { throw issue("unexpected end of input in an array") }
        if p[position] == 44 {
          position &+= 1
          continue
        }
        guard p[position] == 93 else { throw issue("expected ',' or ']'") }
        position &+= 1
        return (start, position)
      }
    case 34:
      _ = try string()
    case 116: try literal("true")
    case 102: try literal("false")
    case 110: try literal("null")
    default: _ = try number()
    }
    return (start, position)
  }
}
