// Decoder of the DELTA_LENGTH_BYTE_ARRAY encoding of BYTE_ARRAY values.

import TarnCore

/// Reads BYTE_ARRAY values in the `DELTA_LENGTH_BYTE_ARRAY = 6` encoding.
///
/// Byte layout (https://github.com/apache/parquet-format/blob/master/Encodings.md#DELTALENGTH):
/// ```
/// lengths: DELTA_BINARY_PACKED Int32 stream    bytes: every value's bytes, concatenated
/// "Hello", "World", "Foobar", "ABCDEF"  ->  DBP(5, 5, 6, 6) "HelloWorldFoobarABCDEF"
/// ```
/// Lengths are decoded in chunks of up to 1024 into a buffer the decoder owns, so memory does not
/// depend on the value count the input claims. Each chunk's lengths are checked (non-negative, and
/// their total within the bytes left) before any byte is copied.
///
/// The decoder borrows `bytes`: the caller keeps that memory alive and unchanged while decoding.
package struct DeltaLengthByteArrayDecoder {
  // Safe: `base` is readable for `end` bytes while the caller keeps the input alive.
  let base: UnsafeRawPointer
  let end: Int
  var lengths: DeltaBinaryPackedDecoder<Int32>
  /// Offset of the next value's bytes.
  var position: Int
  /// Room for one chunk of lengths.
  let scratch = ByteBuffer(capacity: DeltaLengthByteArrayDecoder.chunkSize &* 4)

  static let chunkSize = 1024

  /// Reads the lengths' header and finds where the bytes start.
  ///
  /// Throws `.truncated` or `.corrupt` when the lengths stream is cut short or breaks the spec.
  package init(_ bytes: UnsafeRawBufferPointer) throws(ParquetError) {
    base = baseAddress(of: bytes)
    end = bytes.count
    lengths = try DeltaBinaryPackedDecoder<Int32>(bytes)
    position = try lengths.encodedByteCount()
  }

  /// The number of values the stream holds.
  package var totalCount: Int { lengths.totalCount }

  /// Values not yet decoded or skipped.
  package var valuesLeft: Int { lengths.valuesLeft }

  /// Bytes of input consumed so far: the lengths stream plus the bytes of the values read. Once every
  /// value is read, this is the size of the whole encoded data.
  package var byteCount: Int { position }

  /// Decodes `count` values: appends each one's bytes to `values` and its end position in `values`
  /// (as `Int64`) to `offsets`, whose last entry the caller has set to the first value's start.
  ///
  /// Throws `.corrupt` when fewer than `count` values are left, for a negative length, or when the
  /// lengths add up to more than the bytes left. After a throw, the decoder state is unspecified and
  /// the buffers hold the values of the chunks before the bad one.
  /// - Complexity: O(count + bytes copied).
  package mutating func decodeByteArrays(count: Int, values: ByteBuffer, offsets: ByteBuffer) throws(ParquetError) {
    var left = count
    try checkCount(count)
    let lengthBuffer = scratch.pointer(Int32.self)
    while left > 0 {
      let n = min(left, Self.chunkSize)
      let total = try nextLengths(n)
      values.reserve(additional: total)
      offsets.reserve(additional: n &* 8)
      // Safe: reserve made room for `total` bytes and `n` offsets; nextLengths proved the `n` values'
      // bytes lie before `end`.
      var valueEnd = values.count
      let offsetOut = (offsets.base + offsets.count).assumingMemoryBound(to: Int64.self)
      for i in 0..<n {
        let length = Int(lengthBuffer[i])
        (values.base + valueEnd).copyMemory(from: base + position, byteCount: length)
        position &+= length
        valueEnd &+= length
        offsetOut[i] = Int64(valueEnd)
      }
      values.count = valueEnd
      offsets.count &+= n &* 8
      left &-= n
    }
  }

  /// Moves past `count` values. Throws as `decodeByteArrays` does.
  package mutating func skip(_ count: Int) throws(ParquetError) {
    var left = count
    try checkCount(count)
    while left > 0 {
      let n = min(left, Self.chunkSize)
      position &+= try nextLengths(n)
      left &-= n
    }
  }

  func checkCount(_ count: Int) throws(ParquetError) {
    precondition(count >= 0, "negative count")
    guard count <= valuesLeft else {
      throw ParquetError(.corrupt("DELTA_LENGTH_BYTE_ARRAY holds \(valuesLeft) more values, \(count) requested"))
    }
  }

  /// Decodes `n` lengths into `scratch` and checks them; returns their total.
  mutating func nextLengths(_ n: Int) throws(ParquetError) -> Int {
    let lengthBuffer = scratch.pointer(Int32.self)
    try lengths.decode(into: lengthBuffer, count: n)
    var total = 0
    var signs: Int32 = 0
    for i in 0..<n {
      signs |= lengthBuffer[i]
      total &+= Int(lengthBuffer[i])
    }
    guard signs >= 0 else { throw ParquetError(.corrupt("negative DELTA_LENGTH_BYTE_ARRAY length")) }
    guard total <= end &- position else {
      throw ParquetError(.corrupt("DELTA_LENGTH_BYTE_ARRAY lengths of \(total) bytes over the \(end &- position) left"))
    }
    return total
  }
}
