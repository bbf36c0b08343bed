// Decoder of the deprecated BIT_PACKED encoding of definition and repetition levels.

/// Reads levels in the deprecated `BIT_PACKED = 4` encoding: values back to back, each `bitWidth`
/// bits, packed from the most significant bit of each byte down, with no header.
///
/// Byte layout (https://github.com/apache/parquet-format/blob/master/Encodings.md#BITPACKED):
/// ```
/// 0..7 in 3 bits:  00000101 00111001 01110111
///                  ABCDEFGH IJKLMNOP QRSTUVWX   (A is the top bit of value 0)
/// ```
/// The data has no length of its own: `n` levels occupy `byteCount(valueCount: n, bitWidth:)` bytes,
/// and the next part of a data page v1 starts there.
///
/// The decoder borrows `bytes`: the caller keeps that memory alive and unchanged while decoding.
package struct BitPackedDecoder {
  // Safe: `base` is readable for `end` bytes while the caller keeps the input alive.
  let base: UnsafeRawPointer
  let end: Int
  /// Bits per value, 0…32.
  package let bitWidth: Int
  /// Index of the next value.
  var index = 0

  /// - Parameter bytes: the packed levels; may run past them (the decoder never reads past the
  ///   values asked for).
  /// Throws `.corrupt` for a bit width outside 0…32.
  package init(_ bytes: UnsafeRawBufferPointer, bitWidth: Int) throws(ParquetError) {
    guard bitWidth >= 0, bitWidth <= 32 else {
      throw ParquetError(.corrupt("BIT_PACKED bit width \(bitWidth) over 32"))
    }
    base = baseAddress(of: bytes)
    end = bytes.count
    self.bitWidth = bitWidth
  }

  /// The bytes `valueCount` values of `bitWidth` bits occupy: `ceil(valueCount * bitWidth / 8)`.
  /// - Precondition: `valueCount >= 0`, `0 <= bitWidth <= 32`.
  package static func byteCount(valueCount: Int, bitWidth: Int) -> Int {
    (valueCount &* bitWidth &+ 7) / 8
  }

  /// Values left in the input (the trailing padding bits may make it a few more than were written).
  package var valuesLeft: Int {
    bitWidth == 0 ? Int.max : (end &* 8 / bitWidth) &- index
  }

  /// Writes exactly `count` values into `out[0 ..< count]`.
  ///
  /// Throws `.truncated` when the input holds fewer values, and `.internalBug` when `T` is narrower
  /// than the bit width.
  /// - Precondition: `count >= 0` and `out` has room for `count` values.
  package mutating func decode<T: FixedWidthInteger & UnsignedInteger>(
    into out: UnsafeMutablePointer<T>, count: Int
  ) throws(ParquetError) {
    precondition(count >= 0, "negative count")
    guard bitWidth <= T.bitWidth else {
      throw ParquetError(.internalBug("BIT_PACKED bit width \(bitWidth) decoded into \(T.bitWidth)-bit integers"))
    }
    try checkAvailable(count)
    let w = bitWidth
    guard w > 0 else {
      out.initialize(repeating: 0, count: count)
      return
    }
    let shiftDown = UInt64(64 &- w)
    var bit = index &* w
    // Values whose 8-byte big-endian window lies inside the input load one word each.
    let fastCount = end >= 8 ? min(count, max(0, ((end &- 8) &* 8 &+ 7) / w &- index &+ 1)) : 0
    for i in 0..<fastCount {
      // Safe: bit / 8 + 8 <= end for the values below fastCount; bit % 8 + w <= 39 bits fit the word.
      let word = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
      out[i] = T(truncatingIfNeeded: (word &<< UInt64(bit & 7)) &>> shiftDown)
      bit &+= w
    }
    for i in fastCount..<count {
      var word: UInt64 = 0
      let first = bit &>> 3
      for b in 0..<8 where first &+ b < end {
        // Safe: first + b < end.
        word |= UInt64(base.load(fromByteOffset: first &+ b, as: UInt8.self)) &<< UInt64(56 &- b &* 8)
      }
      out[i] = T(truncatingIfNeeded: (word &<< UInt64(bit & 7)) &>> shiftDown)
      bit &+= w
    }
    index &+= count
  }

  /// Moves past `count` values. Throws `.truncated` when the input holds fewer.
  package mutating func skip(_ count: Int) throws(ParquetError) {
    precondition(count >= 0, "negative count")
    try checkAvailable(count)
    index &+= count
  }

  func checkAvailable(_ count: Int) throws(ParquetError) {
    guard bitWidth > 0 else { return }
    // Compare bit counts; index and count are bounded by end * 8 / bitWidth and Int.max / 64.
    guard count <= Int.max / 64, (index &+ count) &* bitWidth <= end &* 8 else {
      throw ParquetError(.truncated(
        needed: Self.byteCount(valueCount: index &+ min(count, Int.max / 64), bitWidth: bitWidth),
        available: end))
    }
  }
}
