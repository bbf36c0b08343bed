// Encoder of the BYTE_STREAM_SPLIT encoding of fixed-width values.

import TarnCore

/// Writes fixed-width values in the `BYTE_STREAM_SPLIT = 9` encoding; see `ByteStreamSplitDecoder`.
///
/// Each stream's length is the total value count, so values wait in the encoder until `finish`
/// splits them; the encoder is then empty and can be reused.
package struct ByteStreamSplitEncoder {
  /// Bytes per value.
  package let width: Int
  let pending = ByteBuffer(capacity: 1024)

  /// - Precondition: `width > 0`.
  package init(width: Int) {
    precondition(width > 0, "BYTE_STREAM_SPLIT width must be positive")
    self.width = width
  }

  /// Values appended since the last `finish`.
  package var count: Int { pending.count / width }

  /// Appends values of `width` bytes stored back to back.
  /// - Precondition: `bytes.count` is a multiple of `width`.
  package func append(_ bytes: UnsafeRawBufferPointer) {
    precondition(bytes.count % width == 0, "values are not a whole number of \(width)-byte values")
    pending.append(bytes)
  }

  /// Appends numbers (`Float`, `Double`, `Int32`, `Int64`, …) whose size is `width`.
  package func append<T: BitwiseCopyable>(_ values: UnsafeBufferPointer<T>) {
    precondition(MemoryLayout<T>.size == width, "\(T.self) is not \(width) bytes wide")
    pending.append(UnsafeRawBufferPointer(values))
  }

  /// Writes the `width` streams to `out`, and empties the encoder.
  /// - Complexity: O(bytes).
  package func finish(into out: ByteBuffer) {
    let n = count
    let w = width
    out.reserve(additional: n &* w)
    // Safe: reserve made room for n * w bytes past out.count; reads stay inside `pending`.
    let dst = out.base + out.count
    let src = UnsafeRawPointer(pending.base)
    for b in 0..<w {
      let stream = dst + n &* b
      for i in 0..<n {
        stream.storeBytes(of: src.load(fromByteOffset: i &* w &+ b, as: UInt8.self), toByteOffset: i, as: UInt8.self)
      }
    }
    out.count &+= n &* w
    pending.count = 0
  }
}
