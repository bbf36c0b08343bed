// Text of single values appended to a byte array without a String per value: numbers, decimals, bytes, UUIDs.
import TarnCore

/// Appends the text of one value to `inout [UInt8]`.
///
/// Every writer formats through these functions, so one value prints the same in every format
/// (JSON then quotes or escapes where its grammar needs it). Digits come from hand-written
/// loops over a small stack buffer; floating point uses the standard library's shortest
/// round-trip printer through `TextOutputStream._writeASCII`, which hands over ASCII bytes
/// without creating a `String`.
public enum ValueFormatter {
  /// "00" "01" … "99": two digits per division by 100.
  static var digitPairs: StaticString {
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899" }

  /// Writes the decimal digits of `value` so that they end just before `end`; returns where they start.
  /// - Precondition: `buffer` has room for 20 digits before `end`.
  @inline(__always)
  static func writeDigits(_ value: UInt64, into buffer: UnsafeMutablePointer<UInt8>, end: Int) -> Int {
    let pairs = digitPairs.utf8Start
    var v = value
    var i = end
    while v >= 100 {
      let q = v / 100
      let r = Int(truncatingIfNeeded: v &- q &* 100) &* 2
      v = q
      i &-= 2
      buffer[i] = pairs[r]
      buffer[i &+ 1] = pairs[r &+ 1]
    }
    if v >= 10 {
      let r = Int(truncatingIfNeeded: v) &* 2
      i &-= 2
      buffer[i] = pairs[r]
      buffer[i &+ 1] = pairs[r &+ 1]
    } else {
      i &-= 1
      buffer[i] = 0x30 &+ UInt8(truncatingIfNeeded: v)
    }
    return i
  }

  /// Writes exactly `width` digits of `value` (zero-padded, high digits dropped) ending before `end`.
  @inline(__always)
  static func writePaddedDigits(_ value: UInt64, width: Int, into buffer: UnsafeMutablePointer<UInt8>, end: Int) {
    var v = value
    var i = end
    while i > end &- width {
      i &-= 1
      let q = v / 10
      buffer[i] = 0x30 &+ UInt8(truncatingIfNeeded: v &- q &* 10)
      v = q
    }
  }

  /// Writes the digits of a 128-bit magnitude ending before `end`; returns the start.
  /// - Precondition: room for 39 digits before `end`.
  static func writeDigits(_ value: UInt128, into buffer: UnsafeMutablePointer<UInt8>, end: Int) -> Int {
    if value <= UInt128(UInt64.max) { return writeDigits(UInt64(truncatingIfNeeded: value), into: buffer, end: end) }
    let chunk: UInt128 = 10_000_000_000_000_000_000  // 10^19, so each chunk fits in UInt64
    var rest = value
    var i = end
    while rest > UInt128(UInt64.max) {
      let (q, r) = rest.quotientAndRemainder(dividingBy: chunk)
      writePaddedDigits(UInt64(truncatingIfNeeded: r), width: 19, into: buffer, end: i)
      i &-= 19
      rest = q
    }
    return writeDigits(UInt64(truncatingIfNeeded: rest), into: buffer, end: i)
  }

  // MARK: Integers

  public static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
    if value >= 0, value < 10 {
      out.append(0x30 &+ UInt8(truncatingIfNeeded: value))
      return
    }
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { scratch in
      let buffer = scratch.baseAddress!
      var start = writeDigits(value.magnitude, into: buffer, end: 24)
      if value < 0 {
        start &-= 1
        buffer[start] = 0x2D
      }
      out.append(contentsOf: UnsafeBufferPointer(start: buffer + start, count: 24 &- start))
    }
  }

  public static func appendInteger(_ value: UInt64, to out: inout [UInt8]) {
    if value < 10 {
      out.append(0x30 &+ UInt8(truncatingIfNeeded: value))
      return
    }
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { scratch in
      let buffer = scratch.baseAddress!
      let start = writeDigits(value, into: buffer, end: 24)
      out.append(contentsOf: UnsafeBufferPointer(start: buffer + start, count: 24 &- start))
    }
  }

  public static func appendInteger(_ value: Int128, to out: inout [UInt8]) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { scratch in
      let buffer = scratch.baseAddress!
      var start = writeDigits(value.magnitude, into: buffer, end: 48)
      if value < 0 {
        start &-= 1
        buffer[start] = 0x2D
      }
      out.append(contentsOf: UnsafeBufferPointer(start: buffer + start, count: 48 &- start))
    }
  }

  // MARK: Decimals

  /// Appends `unscaled × 10^-scale` exactly: 100 with scale 2 is `1.00`, -5 with scale 3 is `-0.005`.
  /// A negative scale appends zeros (`12` with scale -2 is `1200`).
  public static func appendDecimal(_ unscaled: Int64, scale: Int, to out: inout [UInt8]) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { scratch in
      let buffer = scratch.baseAddress!
      let start = writeDigits(unscaled.magnitude, into: buffer, end: 24)
      appendScaled(
        digits: UnsafeBufferPointer(start: buffer + start, count: 24 &- start), isNegative: unscaled < 0,
        scale: scale, to: &out)
    }
  }

  /// Appends a 128-bit decimal exactly (precision up to 38 and beyond).
  public static func appendDecimal(_ unscaled: Int128, scale: Int, to out: inout [UInt8]) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { scratch in
      let buffer = scratch.baseAddress!
      let start = writeDigits(unscaled.magnitude, into: buffer, end: 48)
      appendScaled(
        digits: UnsafeBufferPointer(start: buffer + start, count: 48 &- start), isNegative: unscaled < 0,
        scale: scale, to: &out)
    }
  }

  @inline(__always)
  static func appendScaled(digits: UnsafeBufferPointer<UInt8>, isNegative: Bool, scale: Int, to out: inout [UInt8]) {
    if isNegative { out.append(0x2D) }
    let count = digits.count
    if scale <= 0 {
      out.append(contentsOf: digits)
      for _ in 0..<(0 &- scale) { out.append(0x30) }
    } else if count > scale {
      out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<(count &- scale)]))
      out.append(0x2E)
      out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(count &- scale)...]))
    } else {
      out.append(0x30)
      out.append(0x2E)
      for _ in 0..<(scale &- count) { out.append(0x30) }
      out.append(contentsOf: digits)
    }
  }

  // MARK: Floating point

  /// Collects the ASCII that the standard library's float printer hands over.
  struct ASCIIStream: TextOutputStream {
    // Safe: points at the caller's array for the duration of one `withUnsafeMutablePointer` call.
    let target: UnsafeMutablePointer<[UInt8]>
    mutating func write(_ string: String) { target.pointee.append(contentsOf: string.utf8) }
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { target.pointee.append(contentsOf: buffer) }
  }

  /// Appends the shortest text that reads back as the same `Double` (`0.1`, `1e+20`, `1e-07`,
  /// `1.0`), with `nan`, `inf` and `-inf` for the non-finite values, as Swift and DuckDB print them.
  public static func appendDouble(_ value: Double, to out: inout [UInt8]) {
    if value.isNaN {
      appendASCII("nan", to: &out)
      return
    }
    withUnsafeMutablePointer(to: &out) { target in
      var stream = ASCIIStream(target: target)
      value.write(to: &stream)
    }
  }

  /// Appends the shortest text that reads back as the same `Float`.
  public static func appendFloat(_ value: Float, to out: inout [UInt8]) {
    if value.isNaN {
      appendASCII("nan", to: &out)
      return
    }
    withUnsafeMutablePointer(to: &out) { target in
      var stream = ASCIIStream(target: target)
      value.write(to: &stream)
    }
  }

  // MARK: Booleans, literals

  @inline(__always)
  public static func appendBoolean(_ value: Bool, to out: inout [UInt8]) {
    if value { appendASCII("true", to: &out) } else { appendASCII("false", to: &out) }
  }

  /// Appends the bytes of a literal.
  @inline(__always)
  public static func appendASCII(_ text: StaticString, to out: inout [UInt8]) {
    out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  // MARK: Bytes

  static var hexDigitsLower: StaticString { "0123456789abcdef" }
  static var hexDigitsUpper: StaticString { "0123456789ABCDEF" }

  /// Appends 16 big-endian bytes as a canonical lowercase UUID: `8-4-4-4-12` hex digits.
  public static func appendUUID(_ bytes: UnsafeRawPointer, to out: inout [UInt8]) {
    let hex = hexDigitsLower.utf8Start
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { scratch in
      let buffer = scratch.baseAddress!
      var j = 0
      for i in 0..<16 {
        if i == 4 || i == 6 || i == 8 || i == 10 {
          buffer[j] = 0x2D
          j &+= 1
        }
        let byte = bytes.load(fromByteOffset: i, as: UInt8.self)
        buffer[j] = hex[Int(byte >> 4)]
        buffer[j &+ 1] = hex[Int(byte & 15)]
        j &+= 2
      }
      out.append(contentsOf: UnsafeBufferPointer(start: buffer, count: 36))
    }
  }

  /// Appends standard base64 (RFC 4648 §4) with `=` padding.
  public static func appendBase64(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    let table = alphabet.utf8Start
    let count = bytes.count
    guard count > 0 else { return }
    let source = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { scratch in
      let buffer = scratch.baseAddress!
      var j = 0
      var i = 0
      while i &+ 3 <= count {
        let word = UInt32(source[i]) << 16 | UInt32(source[i &+ 1]) << 8 | UInt32(source[i &+ 2])
        buffer[j] = table[Int(word >> 18)]
        buffer[j &+ 1] = table[Int((word >> 12) & 63)]
        buffer[j &+ 2] = table[Int((word >> 6) & 63)]
        buffer[j &+ 3] = table[Int(word & 63)]
        j &+= 4
        i &+= 3
        if j == 256 {
          out.append(contentsOf: UnsafeBufferPointer(start: buffer, count: j))
          j = 0
        }
      }
      let rest = count &- i
      if rest > 0 {
        let word = UInt32(source[i]) << 16 | (rest == 2 ? UInt32(source[i &+ 1]) << 8 : 0)
        buffer[j] = table[Int(word >> 18)]
        buffer[j &+ 1] = table[Int((word >> 12) & 63)]
        buffer[j &+ 2] = rest == 2 ? table[Int((word >> 6) & 63)] : 0x3D
        buffer[j &+ 3] = 0x3D
        j &+= 4
      }
      out.append(contentsOf: UnsafeBufferPointer(start: buffer, count: j))
    }
  }

  /// Appends bytes as DuckDB prints a BLOB: printable ASCII as itself, every other byte
  /// (and `"`, `'`, `\`) as `\xHH` with uppercase hex.
  public static func appendEscapedBlob(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    let hex = hexDigitsUpper.utf8Start
    for byte in bytes {
      if byte >= 0x20, byte <= 0x7E, byte != 0x22, byte != 0x27, byte != 0x5C {
        out.append(byte)
      } else {
        out.append(0x5C)
        out.append(0x78)
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 15)])
      }
    }
  }
}
