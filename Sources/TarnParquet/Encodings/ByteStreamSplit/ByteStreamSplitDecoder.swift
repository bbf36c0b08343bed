// Decoder of the BYTE_STREAM_SPLIT encoding of fixed-width values.

/// Reads fixed-width values in the `BYTE_STREAM_SPLIT = 9` encoding: FLOAT16 (width 2), INT32 and
/// FLOAT (4), INT64 and DOUBLE (8), and FIXED_LEN_BYTE_ARRAY of any width.
///
/// Byte layout (https://github.com/apache/parquet-format/blob/master/Encodings.md#BYTESTREAMSPLIT):
/// `width` streams of `n` bytes each; stream `b` holds byte `b` of every value.
/// ```
/// values AA BB CC, DD EE FF (width 3)  ->  AA DD | BB EE | CC FF
/// ```
/// The value count is the input size over the width, so the decoder needs the exact page values
/// section. Widths 2, 4 and 8 assemble each value in a register; other widths copy stream by stream.
///
/// The decoder borrows `bytes`: the caller keeps that memory alive and unchanged while decoding.
package struct ByteStreamSplitDecoder {
  // Safe: `base` is readable for `width * totalCount` bytes while the caller keeps the input alive.
  let base: UnsafeRawPointer
  /// Bytes per value.
  package let width: Int
  /// The number of values, which is also the length of each stream.
  package let totalCount: Int
  /// Index of the next value.
  var index = 0

  /// Throws `.corrupt` when `width` is not positive (it comes from the schema, so from the file) or
  /// `bytes` is not a whole number of values.
  package init(_ bytes: UnsafeRawBufferPointer, width: Int) throws(ParquetError) {
    guard width > 0 else { throw ParquetError(.corrupt("BYTE_STREAM_SPLIT width \(width)")) }
    guard bytes.count % width == 0 else {
      throw ParquetError(.corrupt("BYTE_STREAM_SPLIT data of \(bytes.count) bytes is not a multiple of width \(width)"))
    }
    base = baseAddress(of: bytes)
    self.width = width
    totalCount = bytes.count / width
  }

  /// Values not yet decoded or skipped.
  package var valuesLeft: Int { totalCount &- index }

  /// Writes `count` values of `width` bytes, back to back, to `out`.
  ///
  /// Throws `.truncated` when fewer than `count` values are left; nothing is written then.
  /// - Precondition: `count >= 0` and `out` has room for `count * width` bytes.
  /// - Complexity: O(count * width).
  package mutating func decode(into out: UnsafeMutableRawPointer, count: Int) throws(ParquetError) {
    try checkCount(count)
    // Safe: checkCount proved index + count <= totalCount, so every byte read lies inside stream b,
    // at base + b * totalCount + [index, index + count).
    let n = totalCount
    let first = base + index
    switch width {
    case 2:
      for i in 0..<count {
        let b0 = UInt16(first.load(fromByteOffset: i, as: UInt8.self))
        let b1 = UInt16(first.load(fromByteOffset: n &+ i, as: UInt8.self))
        out.storeBytes(of: b0 | b1 &<< 8, toByteOffset: i &* 2, as: UInt16.self)
      }
    case 4:
      for i in 0..<count {
        var word = UInt32(first.load(fromByteOffset: i, as: UInt8.self))
        word |= UInt32(first.load(fromByteOffset: n &+ i, as: UInt8.self)) &<< 8
        word |= UInt32(first.load(fromByteOffset: n &* 2 &+ i, as: UInt8.self)) &<< 16
        word |= UInt32(first.load(fromByteOffset: n &* 3 &+ i, as: UInt8.self)) &<< 24
        out.storeBytes(of: word, toByteOffset: i &* 4, as: UInt32.self)
      }
    case 8:
      for i in 0..<count {
        var word: UInt64 = 0
        for b in 0..<8 {
          word |= UInt64(first.load(fromByteOffset: n &* b &+ i, as: UInt8.self)) &<< UInt64(b &* 8)
        }
        out.storeBytes(of: word, toByteOffset: i &* 8, as: UInt64.self)
      }
    default:
      let w = width
      for b in 0..<w {
        let stream = first + n &* b
        for i in 0..<count {
          out.storeBytes(of: stream.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i &* w &+ b, as: UInt8.self)
        }
      }
    }
    index &+= count
  }

  /// Moves past `count` values. Throws `.truncated` when fewer are left.
  package mutating func skip(_ count: Int) throws(ParquetError) {
    try checkCount(count)
    index &+= count
  }

  func checkCount(_ count: Int) throws(ParquetError) {
    precondition(count >= 0, "negative count")
    guard count <= valuesLeft else {
      throw ParquetError(.truncated(needed: count &* width, available: valuesLeft &* width))
    }
  }
}
