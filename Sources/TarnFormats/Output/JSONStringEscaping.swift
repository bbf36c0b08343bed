// JSON string literals from raw bytes: escapes per RFC 8259 and U+FFFD for every ill-formed UTF-8 subsequence.

/// Writes bytes as a quoted JSON string.
///
/// `"` and `\` become `\"` and `\\`; control characters become `\b \f \n \r \t` or `\u00XX`.
/// Ill-formed UTF-8 becomes U+FFFD, one per maximal subpart (Unicode §3.9, "U+FFFD
/// Substitution of Maximal Subparts"), as `String(decoding:as:)` does, so output is always
/// valid UTF-8. Runs of plain ASCII are found eight bytes at a time and copied whole.
enum JSONStringEscaping {
  /// True when any of the eight bytes of `word` needs more than a copy: a control character,
  /// `"`, `\`, or a byte of a multi-byte sequence.
  @inline(__always)
  static func needsWork(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let control = (word &- ones &* 0x20) & ~word  // high bit set in some byte iff a byte < 0x20
    let quote = word ^ (ones &* 0x22)
    let quoteHit = (quote &- ones) & ~quote
    let backslash = word ^ (ones &* 0x5C)
    let backslashHit = (backslash &- ones) & ~backslash
    return (control | quoteHit | backslashHit | word) & highs != 0
  }

  /// Appends `"…"` with the contents of `bytes` escaped.
  static func appendQuoted(_ bytes: UnsafeRawBufferPointer, to out: inout TextBuffer) {
    out.append(0x22)
    appendEscaped(bytes, to: &out)
    out.append(0x22)
  }

  /// Appends the escaped contents of `bytes` without the surrounding quotes.
  static func appendEscaped(_ bytes: UnsafeRawBufferPointer, to out: inout TextBuffer) {
    let count = bytes.count
    guard count > 0 else { return }
    let base = bytes.baseAddress!
    let p = base.assumingMemoryBound(to: UInt8.self)
    var runStart = 0
    var i = 0
    while i < count {
      // Skip clean ASCII a word at a time.
      while i &+ 8 <= count, !needsWork(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i &+= 8 }
      guard i < count else { break }
      let byte = p[i]
      if byte < 0x80 {
        if byte >= 0x20, byte != 0x22, byte != 0x5C {
          i &+= 1
          continue
        }
        out.append(UnsafeBufferPointer(start: p + runStart, count: i &- runStart))
        appendEscape(byte, to: &out)
        i &+= 1
        runStart = i
      } else {
        let length = sequenceLength(p, at: i, count: count)
        if length > 0 {
          i &+= length
        } else {
          out.append(UnsafeBufferPointer(start: p + runStart, count: i &- runStart))
          out.append("\u{FFFD}")
          i &+= 0 &- length
          runStart = i
        }
      }
    }
    out.append(UnsafeBufferPointer(start: p + runStart, count: count &- runStart))
  }

  @inline(never)
  static func appendEscape(_ byte: UInt8, to out: inout TextBuffer) {
    out.append(0x5C)
    switch byte {
    case 0x22: out.append(0x22)
    case 0x5C: out.append(0x5C)
    case 0x08: out.append(0x62)  // b
    case 0x0C: out.append(0x66)  // f
    case 0x0A: out.append(0x6E)  // n
    case 0x0D: out.append(0x72)  // r
    case 0x09: out.append(0x74)  // t
    default:
      let hex = ValueFormatter.hexDigitsLower.utf8Start
      out.append(0x75)  // u
      out.append(0x30)
      out.append(0x30)
      out.append(hex[Int(byte >> 4)])
      out.append(hex[Int(byte & 15)])
    }
  }

  @inline(__always)
  static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

  /// The length of the well-formed UTF-8 sequence starting at `i` (2…4), or minus the length of
  /// the maximal ill-formed subpart to replace with one U+FFFD (-1…-3). `p[i]` is at least 0x80.
  static func sequenceLength(_ p: UnsafePointer<UInt8>, at i: Int, count: Int) -> Int {
    let lead = p[i]
    let secondLow: UInt8
    let secondHigh: UInt8
    let length: Int
    switch lead {
    case 0xC2...0xDF: (secondLow, secondHigh, length) = (0x80, 0xBF, 2)
    case 0xE0: (secondLow, secondHigh, length) = (0xA0, 0xBF, 3)
    case 0xE1...0xEC, 0xEE...0xEF: (secondLow, secondHigh, length) = (0x80, 0xBF, 3)
    case 0xED: (secondLow, secondHigh, length) = (0x80, 0x9F, 3)  // no surrogates
    case 0xF0: (secondLow, secondHigh, length) = (0x90, 0xBF, 4)
    case 0xF1...0xF3: (secondLow, secondHigh, length) = (0x80, 0xBF, 4)
    case 0xF4: (secondLow, secondHigh, length) = (0x80, 0x8F, 4)  // up to U+10FFFF
    default: return -1
    }
    guard i &+ 1 < count, p[i &+ 1] >= secondLow, p[i &+ 1] <= secondHigh else { return -1 }
    if length == 2 { return 2 }
    guard i &+ 2 < count, isContinuation(p[i &+ 2]) else { return -2 }
    if length == 3 { return 3 }
    guard i &+ 3 < count, isContinuation(p[i &+ 3]) else { return -3 }
    return 4
  }
}
