// Encoder of the DELTA_LENGTH_BYTE_ARRAY encoding of BYTE_ARRAY values.

import TarnCore

/// Writes BYTE_ARRAY values in the `DELTA_LENGTH_BYTE_ARRAY = 6` encoding: the lengths as a
/// DELTA_BINARY_PACKED stream, then all the bytes; see `DeltaLengthByteArrayDecoder`.
///
/// Append values in any number of calls, then `finish` writes the encoding; the encoder is then
/// empty and can be reused.
package struct DeltaLengthByteArrayEncoder {
  var lengths = DeltaBinaryPackedEncoder<Int32>()
  let bytes = ByteBuffer(capacity: 1024)
  /// One chunk of lengths on their way to the lengths encoder.
  var lengthChunk = [Int32](repeating: 0, count: 1024)

  /// An empty encoder.
  package init() {}

  /// Values appended since the last `finish`.
  package var count: Int { lengths.count }

  /// Appends values: value `i` is `values[offsets[i] ..< offsets[i + 1]]`.
  /// - Precondition: `offsets` is non-decreasing, inside `values`, and each value is under 2 GiB.
  package mutating func append(values: UnsafeRawBufferPointer, offsets: UnsafeBufferPointer<Int64>) {
    let count = max(offsets.count &- 1, 0)
    guard count > 0 else { return }
    let first = Int(offsets[0])
    let last = Int(offsets[count])
    precondition(first >= 0 && first <= last && last <= values.count, "offsets outside the values")
    var i = 0
    while i < count {
      let n = min(count &- i, lengthChunk.count)
      lengthChunk.withUnsafeMutableBufferPointer { chunk in
        for j in 0..<n {
          let length = offsets[i &+ j &+ 1] &- offsets[i &+ j]
          precondition(length >= 0 && length <= Int64(Int32.max), "byte array length \(length)")
          chunk[j] = Int32(truncatingIfNeeded: length)
        }
        lengths.append(UnsafeBufferPointer(rebasing: chunk[0..<n]))
      }
      i &+= n
    }
    bytes.append(UnsafeRawBufferPointer(rebasing: values[first..<last]))
  }

  /// Writes the lengths stream and the bytes to `out`, and empties the encoder.
  package mutating func finish(into out: ByteBuffer) {
    lengths.finish(into: out)
    out.append(bytes.bytes)
    bytes.count = 0
  }
}
