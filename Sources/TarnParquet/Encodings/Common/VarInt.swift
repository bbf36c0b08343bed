// ULEB128 and zigzag varints, as the RLE/bit-packed hybrid and DELTA_* encodings store them.

import TarnCore

#if _endian(big)
#error("Tarn's Parquet encodings copy little-endian values straight into memory; big-endian hosts need byte swaps")
#endif

/// Readers and writers of ULEB128 (https://en.wikipedia.org/wiki/LEB128) and zigzag integers.
enum VarInt {
  /// Reads one ULEB128 integer of at most 64 bits at `position`, and moves `position` past it.
  ///
  /// Throws `.truncated` when the input ends inside the varint and `.corrupt` when it holds more than
  /// 64 bits; `position` is unchanged on error.
  /// - Precondition: `0 <= position <= end`, and `base` is readable for `end` bytes.
  @inline(__always)
  static func readULEB128(
    _ base: UnsafeRawPointer, end: Int, position: inout Int
  ) throws(ParquetError) -> UInt64 {
    var p = position
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while p < end {
      // Safe: p < end.
      let byte = base.load(fromByteOffset: p, as: UInt8.self)
      p &+= 1
      if shift == 63, byte > 1 { throw ParquetError(.corrupt("varint longer than 64 bits")) }
      result |= UInt64(byte & 0x7f) &<< shift
      if byte < 0x80 {
        position = p
        return result
      }
      shift &+= 7
      if shift > 63 { throw ParquetError(.corrupt("varint longer than 64 bits")) }
    }
    throw ParquetError(.truncated(needed: p &- position &+ 1, available: end &- position))
  }

  /// Reads a ULEB128 integer and checks it is at most `limit`; `field` names it in the error.
  @inline(__always)
  static func readULEB128(
    _ base: UnsafeRawPointer, end: Int, position: inout Int, limit: Int, field: StaticString
  ) throws(ParquetError) -> Int {
    let value = try readULEB128(base, end: end, position: &position)
    guard value <= UInt64(limit) else {
      throw ParquetError(
        .lengthOverLimit(field: "\(field)", value: Int64(truncatingIfNeeded: value), limit: Int64(limit)))
    }
    return Int(value)
  }

  /// Reads a zigzag ULEB128 integer (0, -1, 1, -2, … stored as 0, 1, 2, 3, …).
  @inline(__always)
  static func readZigZag(_ base: UnsafeRawPointer, end: Int, position: inout Int) throws(ParquetError) -> Int64 {
    decodeZigZag(try readULEB128(base, end: end, position: &position))
  }

  @inline(__always)
  static func decodeZigZag(_ value: UInt64) -> Int64 {
    Int64(bitPattern: (value &>> 1) ^ (0 &- (value & 1)))
  }

  @inline(__always)
  static func encodeZigZag(_ value: Int64) -> UInt64 {
    UInt64(bitPattern: (value &<< 1) ^ (value &>> 63))
  }

  /// Appends `value` as ULEB128 (1 to 10 bytes).
  static func appendULEB128(_ value: UInt64, to out: ByteBuffer) {
    out.reserve(additional: 10)
    var v = value
    // Safe: reserve made room for the at most 10 bytes written here.
    let p = out.base + out.count
    var n = 0
    while v >= 0x80 {
      p.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, toByteOffset: n, as: UInt8.self)
      v &>>= 7
      n &+= 1
    }
    p.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: n, as: UInt8.self)
    out.count &+= n &+ 1
  }

  /// Appends `value` as zigzag ULEB128.
  static func appendZigZag(_ value: Int64, to out: ByteBuffer) {
    appendULEB128(encodeZigZag(value), to: out)
  }
}

/// A readable address for empty inputs, whose `baseAddress` may be nil; never read, since `end` is 0.
nonisolated(unsafe) let emptyInputBase = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16))

/// `bytes.baseAddress`, or a dummy address when the buffer is empty.
@inline(__always)
func baseAddress(of bytes: UnsafeRawBufferPointer) -> UnsafeRawPointer {
  bytes.baseAddress ?? emptyInputBase
}
