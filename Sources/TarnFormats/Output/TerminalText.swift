// Text as a terminal shows it: columns each character takes, control characters made visible, cutting with `…`.

/// One cell's text prepared for a terminal, with its width in terminal columns.
struct TerminalText {
  var bytes: [UInt8]
  var width: Int

  /// Makes `raw` safe and measurable: ill-formed UTF-8 becomes U+FFFD and control characters
  /// are spelled as DuckDB spells them (`\n`, `\t`, … and `\` plus the decimal code otherwise).
  init(displaying raw: UnsafeRawBufferPointer) {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(raw.count)
    var width = 0
    TerminalText.forEachScalar(in: raw) { scalar, encoded in
      if scalar < 0x20 {
        let escapeStart = bytes.count
        bytes.append(0x5C)
        switch scalar {
        case 7: bytes.append(0x61)  // a
        case 8: bytes.append(0x62)  // b
        case 9: bytes.append(0x74)  // t
        case 10: bytes.append(0x6E)  // n
        case 11: bytes.append(0x76)  // v
        case 12: bytes.append(0x66)  // f
        case 13: bytes.append(0x72)  // r
        case 27: bytes.append(0x65)  // e
        default: ValueFormatter.appendInteger(UInt64(scalar), to: &bytes)
        }
        width += bytes.count - escapeStart
      } else {
        bytes.append(contentsOf: encoded)
        width += TerminalText.columns(of: scalar)
      }
    }
    self.bytes = bytes
    self.width = width
  }

  init(_ text: String) {
    var copy = text
    self = copy.withUTF8 { TerminalText(displaying: UnsafeRawBufferPointer($0)) }
  }

  /// The text cut to at most `limit` columns, ending in `…` when anything was cut.
  func truncated(to limit: Int) -> TerminalText {
    guard width > limit else { return self }
    guard limit > 0 else { return TerminalText(bytes: [], width: 0) }
    var kept: [UInt8] = []
    var keptWidth = 0
    var stopped = false
    bytes.withUnsafeBytes { raw in
      TerminalText.forEachScalar(in: raw) { scalar, encoded in
        guard !stopped else { return }
        let w = TerminalText.columns(of: scalar)
        // Combining marks (width 0) stay with the character before them.
        if w > 0, keptWidth + w + 1 > limit {
          stopped = true
          return
        }
        kept.append(contentsOf: encoded)
        keptWidth += w
      }
    }
    kept += [0xE2, 0x80, 0xA6]  // …
    return TerminalText(bytes: kept, width: keptWidth + 1)
  }

  private init(bytes: [UInt8], width: Int) {
    self.bytes = bytes
    self.width = width
  }

  /// Calls `body` with each Unicode scalar and its UTF-8 bytes; ill-formed input yields U+FFFD
  /// once per maximal subpart, as `String(decoding:as:)` does.
  static func forEachScalar(in raw: UnsafeRawBufferPointer, _ body: (UInt32, UnsafeBufferPointer<UInt8>) -> Void) {
    guard let base = raw.baseAddress else { return }
    let p = base.assumingMemoryBound(to: UInt8.self)
    let count = raw.count
    let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
    var i = 0
    while i < count {
      let lead = p[i]
      if lead < 0x80 {
        body(UInt32(lead), UnsafeBufferPointer(start: p + i, count: 1))
        i += 1
        continue
      }
      let length = JSONStringEscaping.sequenceLength(p, at: i, count: count)
      if length > 0 {
        var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { scalar = scalar << 6 | UInt32(p[i + k] & 0x3F) }
        body(scalar, UnsafeBufferPointer(start: p + i, count: length))
        i += length
      } else {
        replacement.withUnsafeBufferPointer { body(0xFFFD, $0) }
        i += -length
      }
    }
  }

  /// Terminal columns of one scalar: 0 for combining marks and zero-width characters, 2 for
  /// East Asian wide and fullwidth characters and most emoji, 1 otherwise. An approximation
  /// of `wcwidth` (DuckDB uses utf8proc); grapheme clusters beyond combining marks count per scalar.
  static func columns(of scalar: UInt32) -> Int {
    if scalar < 0x300 { return 1 }
    for range in zeroWidth where range.contains(scalar) { return 0 }
    if scalar < 0x1100 { return 1 }
    for range in wide where range.contains(scalar) { return 2 }
    return 1
  }

  static let zeroWidth: [ClosedRange<UInt32>] = [
    0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x05BF...0x05BF, 0x05C1...0x05C2, 0x05C4...0x05C5,
    0x05C7...0x05C7, 0x0610...0x061A, 0x064B...0x065F, 0x0670...0x0670, 0x06D6...0x06DC, 0x06DF...0x06E4,
    0x0900...0x0902, 0x093C...0x093C, 0x0941...0x0948, 0x094D...0x094D, 0x0E31...0x0E31, 0x0E34...0x0E3A,
    0x0E47...0x0E4E, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064,
    0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFEFF...0xFEFF, 0x1F3FB...0x1F3FF, 0xE0000...0xE0FFF,
  ]

  static let wide: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
    0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
    0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
    0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
    0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
    0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55, 0x2E80...0x303E,
    0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
    0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
    0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E,
    0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
    0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4,
    0x1F3F8...0x1F43E, 0x1F440...0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E,
    0x1F550...0x1F567, 0x1F57A...0x1F57A, 0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F,
    0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6EB...0x1F6EC,
    0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF,
    0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]
}
