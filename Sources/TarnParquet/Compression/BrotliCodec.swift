// BROTLI: RFC 7932 streams, through libbrotlidec's streaming decoder and libbrotlienc's one-shot encoder.

import CBrotli
import TarnCore

/// Parquet's BROTLI codec: one brotli stream per page.
///
/// The streaming decoder (rather than `BrotliDecoderDecompress`) tells "the stream holds more than the page
/// header says" (`NEEDS_MORE_OUTPUT`) from corrupt data, and truncated data (`NEEDS_MORE_INPUT`) from both.
/// Bytes after the end of the stream are ignored, as `BrotliDecoderDecompress` ignores them.
enum BrotliCodec {
  static let name = "BROTLI"
  /// Arrow's default (`kBrotliDefaultCompressionLevel`), so pyarrow and Tarn write alike. brotli's own
  /// default, 11, is several times slower for a few percent.
  static let defaultQuality = 8
  static let qualities = Int(BROTLI_MIN_QUALITY)...Int(BROTLI_MAX_QUALITY)

  /// Decodes with `BrotliDecoderDecompressStream` in a single call over both whole buffers.
  static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
    throws(ParquetError)
  {
    guard let decoder = BrotliDecoderCreateInstance(nil, nil, nil) else {
      throw ParquetError(.codec(name: name, code: -30))  // BROTLI_DECODER_ERROR_ALLOC_STATE: malloc failed
    }
    defer { BrotliDecoderDestroyInstance(decoder) }
    try withCodecPointers(input, output) { (source, destination) throws(ParquetError) in
      var availableIn = input.count
      var nextIn: UnsafePointer<UInt8>? = source
      var availableOut = output.count
      var nextOut: UnsafeMutablePointer<UInt8>? = destination
      let result = BrotliDecoderDecompressStream(decoder, &availableIn, &nextIn, &availableOut, &nextOut, nil)
      let produced = output.count &- availableOut
      switch result {
      case BROTLI_DECODER_RESULT_SUCCESS:
        guard produced == output.count else {
          throw ParquetError(.corrupt("BROTLI data decoded to \(produced) bytes, the page header says \(output.count)"))
        }
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
        throw ParquetError(.corrupt("BROTLI data holds more than the \(output.count) bytes the page header says"))
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
        throw ParquetError(.corrupt("BROTLI data ends early, after \(produced) of \(output.count) bytes"))
      default:
        throw ParquetError(.codec(name: name, code: Int(BrotliDecoderGetErrorCode(decoder).rawValue)))
      }
    }
  }

  /// Encodes with `BrotliEncoderCompress`, window `BROTLI_DEFAULT_WINDOW` (4 MB) as Arrow does.
  /// - Precondition: `qualities.contains(quality)`.
  static func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer, quality: Int) throws(ParquetError) {
    let bound = BrotliEncoderMaxCompressedSize(input.count)
    guard bound > 0 else {
      throw ParquetError(
        .lengthOverLimit(field: "BROTLI input size", value: Int64(input.count), limit: Int64(Int32.max)))
    }
    try output.appendCompressed(bound: bound) { (destination, capacity) throws(ParquetError) -> Int in
      try withCodecPointers(input, UnsafeMutableRawBufferPointer(start: destination, count: capacity)) {
        (source, destination) throws(ParquetError) -> Int in
        var written = capacity
        let status = BrotliEncoderCompress(
          Int32(quality), BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, input.count, source, &written, destination)
        guard status == BROTLI_TRUE else {
          throw ParquetError(.internalBug("BrotliEncoderCompress failed within its bound"))
        }
        return written
      }
    }
  }
}
