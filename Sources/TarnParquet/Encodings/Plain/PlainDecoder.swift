// Decoder of the PLAIN encoding of every physical type.

import TarnCore

/// Reads values in the `PLAIN = 0` encoding: values back to back.
///
/// Byte layout (https://github.com/apache/parquet-format/blob/master/Encodings.md#PLAIN):
/// ```
/// BOOLEAN               1 bit each, LSB first: values 1,0,1,1 -> 0b0000_1101
/// INT32, FLOAT          4 bytes little-endian        INT64, DOUBLE   8 bytes little-endian
/// INT96                 12 bytes                     FIXED_LEN_BYTE_ARRAY  `width` bytes
/// BYTE_ARRAY            uint32 length, little-endian, then that many bytes
/// ```
/// One decoder reads one page's values, all of one type, in any number of `decode…`/`skip…` calls;
/// `byteCount` tells how far it got.
///
/// The decoder borrows `bytes`: the caller keeps that memory alive and unchanged while decoding.
package struct PlainDecoder {
  // Safe: `base` is readable for `end` bytes while the caller keeps the input alive.
  let base: UnsafeRawPointer
  let end: Int
  /// Offset of the next byte; for booleans, of the byte holding the next bit.
  var position = 0
  /// For booleans: the next bit inside the byte at `position`, 0…7.
  var bitOffset = 0

  /// A decoder over one page's values section; the first value starts at the first byte.
  package init(_ bytes: UnsafeRawBufferPointer) {
    base = baseAddress(of: bytes)
    end = bytes.count
  }

  /// Bytes consumed so far (a partly read boolean byte counts).
  package var byteCount: Int { position &+ (bitOffset > 0 ? 1 : 0) }

  /// Bytes not yet consumed.
  package var bytesLeft: Int { end &- byteCount }

  // MARK: Fixed width

  /// Copies `count` little-endian values (`Int32`, `Int64`, `Float`, `Double`, …) into `out`.
  ///
  /// Throws `.truncated` when fewer than `count * size` bytes are left; nothing is written then.
  /// - Precondition: `count >= 0` and `out` has room for `count` values.
  package mutating func decode<T: BitwiseCopyable>(into out: UnsafeMutablePointer<T>, count: Int) throws(ParquetError) {
    try decodeFixedWidth(into: UnsafeMutableRawPointer(out), count: count, width: MemoryLayout<T>.size)
  }

  /// Copies `count` values of `width` bytes each (INT96 is 12, FIXED_LEN_BYTE_ARRAY its type length)
  /// into `out`, back to back.
  ///
  /// Throws `.truncated` when fewer than `count * width` bytes are left, and `.corrupt` for a negative
  /// width (it comes from the schema, so from the file); nothing is written then.
  /// - Precondition: `count >= 0` and `out` has room for `count * width` bytes.
  package mutating func decodeFixedWidth(into out: UnsafeMutableRawPointer, count: Int, width: Int) throws(ParquetError) {
    let byteCount = try checkedByteCount(count: count, width: width)
    // Safe: checkedByteCount proved position + byteCount <= end.
    if byteCount > 0 { out.copyMemory(from: base + position, byteCount: byteCount) }
    position &+= byteCount
  }

  /// Moves past `count` values of `width` bytes. Throws `.truncated` when fewer are left.
  package mutating func skipFixedWidth(_ count: Int, width: Int) throws(ParquetError) {
    position &+= try checkedByteCount(count: count, width: width)
  }

  func checkedByteCount(count: Int, width: Int) throws(ParquetError) -> Int {
    precondition(count >= 0, "negative count")
    guard width >= 0 else { throw ParquetError(.corrupt("fixed width \(width)")) }
    let left = end &- position
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: width)
    guard !overflow, byteCount <= left else {
      throw ParquetError(.truncated(needed: overflow ? Int.max : byteCount, available: left))
    }
    return byteCount
  }

  // MARK: Booleans

  /// Unpacks `count` booleans into `out` as bytes 0 or 1.
  ///
  /// Throws `.truncated` when fewer than `count` bits are left; nothing is consumed then.
  package mutating func decodeBooleans(into out: UnsafeMutablePointer<UInt8>, count: Int) throws(ParquetError) {
    try checkBits(count)
    // Safe: checkBits proved the `count` bits from (position, bitOffset) lie before `end`.
    BitUnpacking.unpack(
      base + position, byteCount: end &- position, first: bitOffset, count: count, bitWidth: 1, into: out)
    advanceBits(count)
  }

  /// Moves past `count` booleans. Throws `.truncated` when fewer are left.
  package mutating func skipBooleans(_ count: Int) throws(ParquetError) {
    try checkBits(count)
    advanceBits(count)
  }

  func checkBits(_ count: Int) throws(ParquetError) {
    precondition(count >= 0, "negative count")
    let bitsLeft = (end &- position) &* 8 &- bitOffset
    guard count <= bitsLeft else {
      throw ParquetError(.truncated(needed: (bitOffset &+ count &+ 7) / 8, available: end &- position))
    }
  }

  mutating func advanceBits(_ count: Int) {
    let bit = bitOffset &+ count
    position &+= bit &>> 3
    bitOffset = bit & 7
  }

  // MARK: Byte arrays

  /// Decodes `count` BYTE_ARRAY values: appends each value's bytes to `values` and its end position
  /// in `values` (as `Int64`) to `offsets`.
  ///
  /// The caller has already put the first value's start position in `offsets`. The lengths are
  /// checked in a first pass, so on a throw (`.truncated`, or `.corrupt` for a length over the bytes
  /// left) neither buffer nor the decoder has changed.
  /// - Complexity: O(count + bytes copied); one reservation per buffer per call.
  package mutating func decodeByteArrays(count: Int, values: ByteBuffer, offsets: ByteBuffer) throws(ParquetError) {
    let total = try scanByteArrays(count)
    values.reserve(additional: total)
    offsets.reserve(additional: count &* 8)
    var p = position
    var valueEnd = values.count
    // Safe: reserve made room for `total` value bytes and `count` offsets; scanByteArrays proved
    // each length field and value lies before `end`.
    let valueBase = values.base
    let offsetOut = (offsets.base + offsets.count).assumingMemoryBound(to: Int64.self)
    for i in 0..<count {
      let length = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: p, as: UInt32.self)))
      p &+= 4
      (valueBase + valueEnd).copyMemory(from: base + p, byteCount: length)
      p &+= length
      valueEnd &+= length
      offsetOut[i] = Int64(valueEnd)
    }
    values.count = valueEnd
    offsets.count &+= count &* 8
    position = p
  }

  /// Moves past `count` BYTE_ARRAY values. Throws as `decodeByteArrays` does.
  package mutating func skipByteArrays(_ count: Int) throws(ParquetError) {
    let total = try scanByteArrays(count)
    position &+= total &+ count &* 4
  }

  /// Checks that `count` length-prefixed values lie inside the input; returns their total length.
  func scanByteArrays(_ count: Int) throws(ParquetError) -> Int {
    precondition(count >= 0, "negative count")
    var p = position
    for _ in 0..<count {
      guard end &- p >= 4 else { throw ParquetError(.truncated(needed: 4, available: end &- p)) }
      // Safe: p + 4 <= end.
      let length = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: p, as: UInt32.self)))
      p &+= 4
      guard length <= end &- p else {
        throw ParquetError(.corrupt("BYTE_ARRAY length \(length) over the \(end &- p) bytes left"))
      }
      p &+= length
    }
    return p &- position &- count &* 4
  }
}
