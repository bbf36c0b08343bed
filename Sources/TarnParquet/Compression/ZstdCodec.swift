// ZSTD: Zstandard frames (RFC 8878), through libzstd's one-shot API with a context per thread.

import CZstd
import TarnCore

/// Parquet's ZSTD codec: one or more zstd frames per page.
///
/// `ZSTD_decompressDCtx` decodes every frame in the input, concatenated frames and skippable frames
/// included, and needs no content size in the frame header (pipes write none). It decodes straight
/// into the output, so a hostile window size allocates nothing.
enum ZstdCodec {
  static let name = "ZSTD"
  /// Level 1, Arrow's default (`pyarrow.parquet.write_table`): on the 1M-row write benchmark
  /// (`Benchmarks/write_bench.py`) it compresses about 1.6x faster than zstd's own default of 3 and the file came
  /// out 1.5% smaller, since most page bytes (ids, coordinates) are near-random and level 3 buys nothing there.
  static let defaultLevel = 1
  /// Negative levels are zstd's fast modes; 20 to 22 are its "ultra" levels.
  static var levels: ClosedRange<Int> { Int(ZSTD_minCLevel())...Int(ZSTD_maxCLevel()) }

  private static let decompressionContexts = ThreadLocalContext(release: { context in
    _ = ZSTD_freeDCtx(OpaquePointer(context))
  })
  private static let compressionContexts = ThreadLocalContext(release: { context in
    _ = ZSTD_freeCCtx(OpaquePointer(context))
  })

  /// Decodes with `ZSTD_decompressDCtx`, reusing this thread's `ZSTD_DCtx`.
  static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
    throws(ParquetError)
  {
    let produced: Int? = try withCodecPointers(input, output) { (source, destination) throws(ParquetError) in
      try decompressionContexts.withContext(make: { UnsafeMutableRawPointer(ZSTD_createDCtx()) }) {
        (context) throws(ParquetError) -> Int in
        let result = ZSTD_decompressDCtx(OpaquePointer(context), destination, output.count, source, input.count)
        if ZSTD_isError(result) != 0 {
          let code = ZSTD_getErrorCode(result)
          if code == ZSTD_error_dstSize_tooSmall {
            throw ParquetError(.corrupt("ZSTD data holds more than the \(output.count) bytes the page header says"))
          }
          throw ParquetError(.codec(name: name, code: Int(code.rawValue)))
        }
        return result
      }
    }
    guard let produced else { throw ParquetError(.codec(name: name, code: Int(ZSTD_error_memory_allocation.rawValue))) }
    guard produced == output.count else {
      throw ParquetError(.corrupt("ZSTD data decoded to \(produced) bytes, the page header says \(output.count)"))
    }
  }

  /// Encodes one frame with `ZSTD_compressCCtx`, reusing this thread's `ZSTD_CCtx`. The frame records the
  /// content size and no checksum, as Arrow and parquet-mr write it.
  /// - Precondition: `levels.contains(level)`.
  static func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer, level: Int) throws(ParquetError) {
    let bound = ZSTD_compressBound(input.count)
    guard ZSTD_isError(bound) == 0 else {
      throw ParquetError(.lengthOverLimit(field: "ZSTD input", value: Int64(input.count), limit: Int64(Int32.max)))
    }
    try output.appendCompressed(bound: bound) { (destination, capacity) throws(ParquetError) -> Int in
      let written: Int? = try withCodecPointers(
        input, UnsafeMutableRawBufferPointer(start: destination, count: capacity)
      ) {
        (source, destination) throws(ParquetError) in
        try compressionContexts.withContext(make: { UnsafeMutableRawPointer(ZSTD_createCCtx()) }) {
          (context) throws(ParquetError) -> Int in
          let result = ZSTD_compressCCtx(
            OpaquePointer(context), destination, capacity, source, input.count, Int32(level))
          guard ZSTD_isError(result) == 0 else {
            throw ParquetError(.internalBug("ZSTD_compressCCtx failed: \(String(cString: ZSTD_getErrorName(result)))"))
          }
          return result
        }
      }
      guard let written else {
        throw ParquetError(.codec(name: name, code: Int(ZSTD_error_memory_allocation.rawValue)))
      }
      return written
    }
  }
}
