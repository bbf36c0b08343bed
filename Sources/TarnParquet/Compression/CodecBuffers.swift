// Plumbing shared by the codec wrappers: non-null base addresses for C, size limits, and appending output.

import TarnCore

/// Calls `body` with the start addresses of `input` and `output`, standing a valid scratch address in for
/// an empty buffer's nil base.
///
/// Why: several C codecs reject NULL even when the length is zero (LZ4 returns -1 for a NULL source), and
/// an empty page is still a legal page whose compressed bytes must be checked.
@inline(__always)
func withCodecPointers<R>(
  _ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer,
  _ body: (UnsafePointer<UInt8>, UnsafeMutablePointer<UInt8>) throws(ParquetError) -> R
) throws(ParquetError) -> R {
  if let source = input.baseAddress, let destination = output.baseAddress {
    return try body(source.assumingMemoryBound(to: UInt8.self), destination.assumingMemoryBound(to: UInt8.self))
  }
  var scratch: UInt64 = 0
  return try withUnsafeMutableBytes(of: &scratch) { (spare) throws(ParquetError) -> R in
    // Safe: `spare` covers the 8 bytes of `scratch`; it is only handed out paired with a length of 0.
    let spareBase = spare.baseAddress!.assumingMemoryBound(to: UInt8.self)
    let source = input.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(spareBase)
    let destination = output.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? spareBase
    return try body(source, destination)
  }
}

/// `count` as an `Int32`, for the LZ4 API; larger buffers are reported against `field`.
@inline(__always)
func int32Length(_ count: Int, field: String) throws(ParquetError) -> Int32 {
  guard let value = Int32(exactly: count) else {
    throw ParquetError(.lengthOverLimit(field: field, value: Int64(count), limit: Int64(Int32.max)))
  }
  return value
}

/// Big-endian `UInt32` at `offset`, for framing headers (Hadoop LZ4).
/// - Precondition: `offset + 4 <= bytes.count`.
@inline(__always)
func loadBigEndianUInt32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
  UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
}

extension ByteBuffer {
  /// Appends at most `bound` bytes written by `body`, which returns how many it wrote.
  ///
  /// Why: every compressor writes into a buffer sized by its worst-case bound, then reports the real size.
  /// - Precondition: `body` writes at most `bound` bytes and returns that count.
  func appendCompressed(
    bound: Int, _ body: (UnsafeMutablePointer<UInt8>, Int) throws(ParquetError) -> Int
  ) throws(ParquetError) {
    reserve(additional: max(bound, 1))
    // Safe: reserve made room for max(bound, 1) bytes past count.
    let destination = (base + count).assumingMemoryBound(to: UInt8.self)
    let written = try body(destination, bound)
    guard written >= 0, written <= bound else {
      throw ParquetError(.internalBug("a compressor wrote \(written) bytes into a bound of \(bound)"))
    }
    count &+= written
  }
}
