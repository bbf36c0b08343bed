// Checks that a block of input is valid UTF-8: ASCII runs 8 bytes at a time, multi-byte sequences exactly.

enum UTF8Validation {
  /// Validates `p[0..<n]` (when `validate`) and counts `terminator` bytes in the same pass.
  /// Returns the first invalid offset (or nil) and the count.
  static func checkCountingLines(_ p: UnsafePointer<UInt8>, _ n: Int, terminator: UInt8, validate: Bool) -> (
    invalidAt: Int?, lines: Int
  ) {
    let pattern = CSVTokenizer.broadcast(terminator)
    let raw = UnsafeRawPointer(p)
    var lines = 0
    var high: UInt64 = 0
    var i = 0
    while i &+ 8 <= n {
      let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      lines &+= CSVTokenizer.zeroBytes(w ^ pattern).nonzeroBitCount
      high |= w
      i &+= 8
    }
    while i < n {
      if p[i] == terminator { lines &+= 1 }
      high |= UInt64(p[i])
      i &+= 1
    }
    // Pure ASCII (the common case) needs nothing more.
    guard validate, high & 0x8080_8080_8080_8080 != 0 else { return (nil, lines) }
    return (firstInvalid(p, n), lines)
  }

  /// The offset of the first byte that starts an invalid sequence, or nil when `p[0..<n]` is valid UTF-8.
  ///
  /// Rejects overlong forms, surrogates (U+D800–DFFF) and code points past U+10FFFF, as Swift's
  /// `String(validating:)` does. A sequence cut off by the end of the block is invalid, so blocks must
  /// end at row boundaries (an ASCII byte), which they do.
  static func firstInvalid(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i < n {
      // Skip ASCII quickly.
      while i &+ 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i &+= 8 }
      while i < n, p[i] < 0x80 { i &+= 1 }
      if i >= n { return nil }
      let b0 = p[i]
      var length = 0
      var minimum: UInt32 = 0
      var scalar: UInt32 = 0
      if b0 & 0xE0 == 0xC0 {
        length = 2
        minimum = 0x80
        scalar = UInt32(b0 & 0x1F)
      } else if b0 & 0xF0 == 0xE0 {
        length = 3
        minimum = 0x800
        scalar = UInt32(b0 & 0x0F)
      } else if b0 & 0xF8 == 0xF0 {
        length = 4
        minimum = 0x10000
        scalar = UInt32(b0 & 0x07)
      } else {
        return i
      }
      guard i &+ length <= n else { return i }
      for k in 1..<length {
        let b = p[i &+ k]
        guard b & 0xC0 == 0x80 else { return i }
        scalar = scalar &<< 6 | UInt32(b & 0x3F)
      }
      guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return i }
      i &+= length
    }
    return nil
  }
}
