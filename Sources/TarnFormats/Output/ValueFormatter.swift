// Text of single values without a String per value: integers, decimals, floats, booleans, UUIDs and bytes.
import TarnCore

/// Formats single values as UTF-8 text.
///
/// Every writer formats through these functions, so a value prints the same in every format
/// (JSON then quotes or escapes where its grammar needs it). The public API appends to
/// `inout [UInt8]`. Underneath, each value type has a kernel `write…(into:)` that writes
/// through a raw pointer and returns the byte count; the writers call the kernels directly on
/// their `TextBuffer` (see there for why). Digits come from hand-written loops, two at a time;
/// floating point uses the standard library's shortest round-trip printer through
/// `TextOutputStream._writeASCII`, which hands over ASCII bytes without creating a `String`.
public enum ValueFormatter {
  // MARK: Public API

  public static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: maxIntegerLength) { writeInteger(value, into: $0) }
  }

  public static func appendInteger(_ value: UInt64, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: maxIntegerLength) { writeInteger(value, into: $0) }
  }

  public static func appendInteger(_ value: Int128, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: maxInt128Length) { writeInteger(value, into: $0) }
  }

  /// Appends `unscaled × 10^-scale` exactly: 100 with scale 2 is `1.00`, -5 with scale 3 is
  /// `-0.005`. A negative scale appends zeros (`12` with scale -2 is `1200`).
  public static func appendDecimal(_ unscaled: Int64, scale: Int, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: maxDecimalLength(scale: scale)) { writeDecimal(unscaled, scale: scale, into: $0) }
  }

  /// Appends a 128-bit decimal exactly (DECIMAL with precision 19 to 38).
  public static func appendDecimal(_ unscaled: Int128, scale: Int, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: maxDecimalLength(scale: scale)) { writeDecimal(unscaled, scale: scale, into: $0) }
  }

  /// Appends the shortest text that reads back as the same `Double` (`0.1`, `1e+20`, `1e-07`,
  /// `1.0`), with `nan`, `inf` and `-inf` for the non-finite values, as Swift and DuckDB print them.
  public static func appendDouble(_ value: Double, to out: inout [UInt8]) {
    var text = TextBuffer(capacity: 64)
    text.appendDouble(value)
    out.append(contentsOf: text.bytes)
  }

  /// Appends the shortest text that reads back as the same `Float`.
  public static func appendFloat(_ value: Float, to out: inout [UInt8]) {
    withUnsafeMutablePointer(to: &out) { target in
      var stream = ArrayStream(target: target)
      writeFloatingPoint(value, to: &stream)
    }
  }

  public static func appendBoolean(_ value: Bool, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: 5) { writeBoolean(value, into: $0) }
  }

  /// Appends 16 big-endian bytes as a canonical lowercase UUID: `8-4-4-4-12` hex digits.
  public static func appendUUID(_ bytes: UnsafeRawPointer, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: 36) { writeUUID(bytes, into: $0) }
  }

  /// Appends standard base64 (RFC 4648 §4) with `=` padding.
  public static func appendBase64(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: base64Length(bytes.count)) { writeBase64(bytes, into: $0) }
  }

  /// Appends bytes as DuckDB prints a BLOB: printable ASCII as itself, every other byte
  /// (and `"`, `'`, `\`) as `\xHH` with uppercase hex.
  public static func appendEscapedBlob(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: bytes.count &* 4) { writeEscapedBlob(bytes, into: $0) }
  }

  /// Appends the text of `vector[row]` as CSV and the box table print it (DuckDB's VARCHAR cast:
  /// `[1, 2]`, `{'a': 1}`, `\xAA` for bytes), for any type, nested or dictionary-encoded.
  /// Returns false, appending nothing, when the value is NULL.
  ///
  /// For single values (messages, casts of one value): it chooses the formatter on every call.
  /// To format whole columns use a writer, which chooses once per batch.
  @discardableResult
  public static func appendText(of vector: ColumnVector, row: Int, to out: inout [UInt8]) -> Bool {
    precondition(row >= 0 && row < vector.count, "row \(row) outside 0..<\(vector.count)")
    var text = TextBuffer(capacity: 64)
    let hasValue = TextValueAppenders.make(for: vector)(&text, row)
    out.append(contentsOf: text.bytes)
    return hasValue
  }

  /// Appends `vector[row]` as a JSON value (`null` for NULL), as the JSON writers print it.
  /// For single values; see `appendText(of:row:to:)`.
  public static func appendJSON(of vector: ColumnVector, row: Int, to out: inout [UInt8]) {
    precondition(row >= 0 && row < vector.count, "row \(row) outside 0..<\(vector.count)")
    var text = TextBuffer(capacity: 64)
    if !JSONValueAppenders.make(for: vector)(&text, row) { text.append("null") }
    out.append(contentsOf: text.bytes)
  }

  /// Runs a kernel on stack memory (heap when large) and appends what it wrote.
  @inline(__always)
  static func appendKernel(
    to out: inout [UInt8], maximum: Int, _ kernel: (UnsafeMutablePointer<UInt8>) -> Int
  ) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(maximum, 1)) { scratch in
      let n = kernel(scratch.baseAddress!)
      out.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[0..<n]))
    }
  }

  // MARK: Digits

  /// "00" "01" … "99": two digits per division by 100.
  static var digitPairs: StaticString {
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
  }

  static var hexDigitsLower: StaticString { "0123456789abcdef" }
  static var hexDigitsUpper: StaticString { "0123456789ABCDEF" }

  /// Longest text of a 64-bit integer: `-9223372036854775808` and `18446744073709551615`.
  static let maxIntegerLength = 20
  /// Longest text of a 128-bit integer, with its sign.
  static let maxInt128Length = 40

  /// Number of decimal digits of `value`, 1...20.
  @inline(__always)
  static func digitCount(_ value: UInt64) -> Int {
    var n = 1
    var v = value
    while v >= 10_000 {
      v /= 10_000
      n &+= 4
    }
    if v >= 1000 { n &+= 3 } else if v >= 100 { n &+= 2 } else if v >= 10 { n &+= 1 }
    return n
  }

  /// Writes the `count` low digits of `value` to `p[0..<count]`, zero-padded.
  @inline(__always)
  static func writeDigits(_ value: UInt64, count: Int, into p: UnsafeMutablePointer<UInt8>) {
    let pairs = digitPairs.utf8Start
    var v = value
    var i = count
    while i >= 2 {
      let q = v / 100
      let r = Int(truncatingIfNeeded: v &- q &* 100) &* 2
      v = q
      i &-= 2
      p[i] = pairs[r]
      p[i &+ 1] = pairs[r &+ 1]
    }
    if i == 1 { p[0] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10) }
  }

  /// Writes all digits of `value`; returns their count.
  @inline(__always)
  static func writeDigits(_ value: UInt64, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let n = digitCount(value)
    writeDigits(value, count: n, into: p)
    return n
  }

  /// Writes all digits of a 128-bit magnitude (up to 39); returns their count.
  static func writeDigits(_ value: UInt128, into p: UnsafeMutablePointer<UInt8>) -> Int {
    if value <= UInt128(UInt64.max) { return writeDigits(UInt64(truncatingIfNeeded: value), into: p) }
    // Split into 19-digit chunks so each fits in UInt64.
    let chunk: UInt128 = 10_000_000_000_000_000_000
    let (high, low) = value.quotientAndRemainder(dividingBy: chunk)
    var n: Int
    if high <= UInt128(UInt64.max) {
      n = writeDigits(UInt64(truncatingIfNeeded: high), into: p)
    } else {
      let (top, middle) = high.quotientAndRemainder(dividingBy: chunk)
      n = writeDigits(UInt64(truncatingIfNeeded: top), into: p)
      writeDigits(UInt64(truncatingIfNeeded: middle), count: 19, into: p + n)
      n &+= 19
    }
    writeDigits(UInt64(truncatingIfNeeded: low), count: 19, into: p + n)
    return n &+ 19
  }

  // MARK: Kernels

  @inline(__always)
  static func writeInteger(_ value: Int64, into p: UnsafeMutablePointer<UInt8>) -> Int {
    if value < 0 {
      p[0] = 0x2D
      return 1 &+ writeDigits(value.magnitude, into: p + 1)
    }
    return writeDigits(UInt64(value), into: p)
  }

  @inline(__always)
  static func writeInteger(_ value: UInt64, into p: UnsafeMutablePointer<UInt8>) -> Int {
    writeDigits(value, into: p)
  }

  static func writeInteger(_ value: Int128, into p: UnsafeMutablePointer<UInt8>) -> Int {
    if value < 0 {
      p[0] = 0x2D
      return 1 &+ writeDigits(value.magnitude, into: p + 1)
    }
    return writeDigits(value.magnitude, into: p)
  }

  @inline(__always)
  static func writeBoolean(_ value: Bool, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let text: StaticString = value ? "true" : "false"
    p.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
    return text.utf8CodeUnitCount
  }

  /// Longest text of a decimal with this scale.
  @inline(__always)
  static func maxDecimalLength(scale: Int) -> Int { maxInt128Length &+ 2 &+ Int(scale.magnitude) }

  @inline(__always)
  static func writeDecimal(_ unscaled: Int64, scale: Int, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let sign = unscaled < 0 ? 1 : 0
    p[0] = 0x2D
    let digits = writeDigits(unscaled.magnitude, into: p + sign)
    return sign &+ placePoint(digits: digits, scale: scale, at: p + sign)
  }

  static func writeDecimal(_ unscaled: Int128, scale: Int, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let sign = unscaled < 0 ? 1 : 0
    p[0] = 0x2D
    let digits = writeDigits(unscaled.magnitude, into: p + sign)
    return sign &+ placePoint(digits: digits, scale: scale, at: p + sign)
  }

  /// Turns `digits` digits at `p` into a decimal with `scale` digits after the point; returns the length.
  @inline(__always)
  static func placePoint(digits: Int, scale: Int, at p: UnsafeMutablePointer<UInt8>) -> Int {
    if scale <= 0 {
      let zeros = 0 &- scale
      (p + digits).initialize(repeating: 0x30, count: zeros)
      return digits &+ zeros
    }
    if digits > scale {
      // 12345, scale 2 → 123.45
      let integerDigits = digits &- scale
      (p + integerDigits + 1).update(from: p + integerDigits, count: scale)  // moves right, overlapping
      p[integerDigits] = 0x2E
      return digits &+ 1
    }
    // 5, scale 3 → 0.005
    let zeros = scale &- digits
    (p + 2 + zeros).update(from: p, count: digits)
    p[0] = 0x30
    p[1] = 0x2E
    (p + 2).initialize(repeating: 0x30, count: zeros)
    return 2 &+ scale
  }

  /// Writes 16 big-endian bytes as `8-4-4-4-12` lowercase hex; returns 36.
  @inline(__always)
  static func writeUUID(_ bytes: UnsafeRawPointer, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let hex = hexDigitsLower.utf8Start
    var j = 0
    for i in 0..<16 {
      if i == 4 || i == 6 || i == 8 || i == 10 {
        p[j] = 0x2D
        j &+= 1
      }
      let byte = bytes.load(fromByteOffset: i, as: UInt8.self)
      p[j] = hex[Int(byte >> 4)]
      p[j &+ 1] = hex[Int(byte & 15)]
      j &+= 2
    }
    return 36
  }

  @inline(__always)
  static func base64Length(_ byteCount: Int) -> Int { (byteCount &+ 2) / 3 &* 4 }

  static func writeBase64(_ bytes: UnsafeRawBufferPointer, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    let table = alphabet.utf8Start
    let count = bytes.count
    guard count > 0 else { return 0 }
    let source = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
    var j = 0
    var i = 0
    while i &+ 3 <= count {
      let word = UInt32(source[i]) << 16 | UInt32(source[i &+ 1]) << 8 | UInt32(source[i &+ 2])
      p[j] = table[Int(word >> 18)]
      p[j &+ 1] = table[Int((word >> 12) & 63)]
      p[j &+ 2] = table[Int((word >> 6) & 63)]
      p[j &+ 3] = table[Int(word & 63)]
      j &+= 4
      i &+= 3
    }
    let rest = count &- i
    if rest > 0 {
      let word = UInt32(source[i]) << 16 | (rest == 2 ? UInt32(source[i &+ 1]) << 8 : 0)
      p[j] = table[Int(word >> 18)]
      p[j &+ 1] = table[Int((word >> 12) & 63)]
      p[j &+ 2] = rest == 2 ? table[Int((word >> 6) & 63)] : 0x3D
      p[j &+ 3] = 0x3D
      j &+= 4
    }
    return j
  }

  static func writeEscapedBlob(_ bytes: UnsafeRawBufferPointer, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let hex = hexDigitsUpper.utf8Start
    var j = 0
    for byte in bytes {
      if byte >= 0x20, byte <= 0x7E, byte != 0x22, byte != 0x27, byte != 0x5C {
        p[j] = byte
        j &+= 1
      } else {
        p[j] = 0x5C
        p[j &+ 1] = 0x78
        p[j &+ 2] = hex[Int(byte >> 4)]
        p[j &+ 3] = hex[Int(byte & 15)]
        j &+= 4
      }
    }
    return j
  }

  // MARK: Floating point

  /// Writes a float through the standard library's printer; `nan` for every NaN, so a NaN's
  /// payload or sign never shows.
  @inline(__always)
  static func writeFloatingPoint<F: BinaryFloatingPoint & TextOutputStreamable, S: TextOutputStream>(
    _ value: F, to stream: inout S
  ) {
    if value.isNaN {
      stream.write("nan")
    } else {
      value.write(to: &stream)
    }
  }

  /// Collects the ASCII that the standard library's float printer hands over into an array.
  struct ArrayStream: TextOutputStream {
    // Safe: points at the caller's array for the duration of one `withUnsafeMutablePointer` call.
    let target: UnsafeMutablePointer<[UInt8]>
    mutating func write(_ string: String) { target.pointee.append(contentsOf: string.utf8) }
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { target.pointee.append(contentsOf: buffer) }
  }
}

// MARK: Appending to a TextBuffer (the writers' path)

extension TextBuffer {
  @inline(__always)
  mutating func appendInteger(_ value: Int64) {
    write(maximum: ValueFormatter.maxIntegerLength) { ValueFormatter.writeInteger(value, into: $0) }
  }

  @inline(__always)
  mutating func appendInteger(_ value: UInt64) {
    write(maximum: ValueFormatter.maxIntegerLength) { ValueFormatter.writeInteger(value, into: $0) }
  }

  @inline(__always)
  mutating func appendBoolean(_ value: Bool) {
    write(maximum: 5) { ValueFormatter.writeBoolean(value, into: $0) }
  }

  @inline(__always)
  mutating func appendDecimal(_ unscaled: Int64, scale: Int) {
    write(maximum: ValueFormatter.maxDecimalLength(scale: scale)) {
      ValueFormatter.writeDecimal(unscaled, scale: scale, into: $0)
    }
  }

  mutating func appendDecimal(_ unscaled: Int128, scale: Int) {
    write(maximum: ValueFormatter.maxDecimalLength(scale: scale)) {
      ValueFormatter.writeDecimal(unscaled, scale: scale, into: $0)
    }
  }

  mutating func appendDouble(_ value: Double) {
    reserve(ShortDecimalDouble.maximumLength)
    if let n = ShortDecimalDouble.write(value, into: base + count) {
      count &+= n
      return
    }
    var stream = TextBufferStream(target: self)
    ValueFormatter.writeFloatingPoint(value, to: &stream)
    self = stream.target
  }

  mutating func appendFloat(_ value: Float) {
    var stream = TextBufferStream(target: self)
    ValueFormatter.writeFloatingPoint(value, to: &stream)
    self = stream.target
  }

  @inline(__always)
  mutating func appendUUID(_ bytes: UnsafeRawPointer) {
    write(maximum: 36) { ValueFormatter.writeUUID(bytes, into: $0) }
  }

  mutating func appendBase64(_ bytes: UnsafeRawBufferPointer) {
    write(maximum: ValueFormatter.base64Length(bytes.count)) { ValueFormatter.writeBase64(bytes, into: $0) }
  }

  mutating func appendEscapedBlob(_ bytes: UnsafeRawBufferPointer) {
    write(maximum: bytes.count &* 4) { ValueFormatter.writeEscapedBlob(bytes, into: $0) }
  }
}

/// Collects the float printer's ASCII into a `TextBuffer`, moved in and out so it is not copied.
struct TextBufferStream: TextOutputStream {
  var target: TextBuffer
  mutating func write(_ string: String) {
    var copy = string
    copy.withUTF8 { target.append(UnsafeRawBufferPointer($0)) }
  }
  mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { target.append(buffer) }
}
