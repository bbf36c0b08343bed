// LZ4_RAW: one bare LZ4 block per page, through liblz4's block API.

import CLZ4
import TarnCore

/// Parquet's LZ4_RAW codec: the page is a single LZ4 block, no framing, no checksum
/// (https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md).
///
/// `LZ4_decompress_safe` never reads or writes outside the buffers it is given, whatever the input.
enum LZ4RawCodec {
  static let name = "LZ4_RAW"

  static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
    throws(ParquetError)
  {
    let produced = try decompressBlock(input, into: output)
    guard produced >= 0 else { throw ParquetError(.codec(name: name, code: produced)) }
    guard produced == output.count else {
      throw ParquetError(.corrupt("LZ4_RAW data decoded to \(produced) bytes, the page header says \(output.count)"))
    }
  }

  /// Decodes one LZ4 block with `LZ4_decompress_safe`: the bytes written, or LZ4's negative error (`-1 -
  /// the input offset` where decoding failed), including when the block holds more than `output.count`.
  static func decompressBlock(
    _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
  ) throws(ParquetError) -> Int {
    let sourceCount = try int32Length(input.count, field: "LZ4 block size")
    let capacity = try int32Length(output.count, field: "LZ4 uncompressed size")
    return try withCodecPointers(input, output) { (source, destination) throws(ParquetError) -> Int in
      Int(
        LZ4_decompress_safe(
          UnsafeRawPointer(source).assumingMemoryBound(to: CChar.self),
          UnsafeMutableRawPointer(destination).assumingMemoryBound(to: CChar.self), sourceCount, capacity))
    }
  }

  /// Encodes one block with `LZ4_compress_default` into `LZ4_compressBound` bytes.
  static func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer) throws(ParquetError) {
    let sourceCount = try int32Length(input.count, field: "LZ4 input size")
    let bound = LZ4_compressBound(sourceCount)
    guard bound > 0 else {
      throw ParquetError(
        .lengthOverLimit(field: "LZ4 input size", value: Int64(input.count), limit: Int64(LZ4_MAX_INPUT_SIZE)))
    }
    try output.appendCompressed(bound: Int(bound)) { (destination, capacity) throws(ParquetError) -> Int in
      try withCodecPointers(input, UnsafeMutableRawBufferPointer(start: destination, count: capacity)) {
        (source, destination) throws(ParquetError) -> Int in
        let written = LZ4_compress_default(
          UnsafeRawPointer(source).assumingMemoryBound(to: CChar.self),
          UnsafeMutableRawPointer(destination).assumingMemoryBound(to: CChar.self), sourceCount, bound)
        guard written > 0 else { throw ParquetError(.internalBug("LZ4_compress_default failed within its bound")) }
        return Int(written)
      }
    }
  }
}
