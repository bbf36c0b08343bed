// Parquet's page compression codecs: which one a column chunk uses, and the dispatch to its wrapper.

import TarnCore

/// A Parquet `CompressionCodec` (parquet.thrift); the raw values are the Thrift values.
///
/// Each codec's C calls live in its own file (`SnappyCodec.swift`, `GzipCodec.swift`, …); this type only
/// checks arguments and dispatches. Spec: https://github.com/apache/parquet-format/blob/master/Compression.md
package enum CompressionCodec: Int32, Sendable, CaseIterable, CustomStringConvertible {
  case uncompressed = 0
  case snappy = 1
  /// RFC 1952 gzip; a page may hold several concatenated members.
  case gzip = 2
  /// Never supported by Tarn: no maintained C library, and no current writer produces it.
  case lzo = 3
  case brotli = 4
  /// The deprecated `LZ4`: LZ4 blocks in Hadoop's framing, though some old writers used no framing or the
  /// LZ4 frame format. Readers must guess; see `HadoopLZ4Codec`. Writers should use `lz4Raw`.
  case lz4 = 5
  case zstd = 6
  /// A bare LZ4 block, no framing.
  case lz4Raw = 7

  /// The codec with Thrift value `value`; an unknown value is a codec Tarn doesn't know.
  package init(thrift value: Int32) throws(ParquetError) {
    guard let codec = CompressionCodec(rawValue: value) else {
      throw ParquetError(.unsupported("compression codec \(value)"))
    }
    self = codec
  }

  /// The name in parquet.thrift (`LZ4_RAW`), used in error messages.
  package var name: String {
    switch self {
    case .uncompressed: "UNCOMPRESSED"
    case .snappy: "SNAPPY"
    case .gzip: "GZIP"
    case .lzo: "LZO"
    case .brotli: "BROTLI"
    case .lz4: "LZ4"
    case .zstd: "ZSTD"
    case .lz4Raw: "LZ4_RAW"
    }
  }

  package var description: String { name }

  /// The level `compress` uses when given nil; nil for codecs without levels.
  ///
  /// ZSTD 3 is zstd's own default. GZIP 6 is zlib's default (pyarrow uses 9). BROTLI 8 is Arrow's default:
  /// brotli's own default of 11 is several times slower for little gain on Parquet pages.
  package var defaultLevel: Int? {
    switch self {
    case .zstd: ZstdCodec.defaultLevel
    case .gzip: GzipCodec.defaultLevel
    case .brotli: BrotliCodec.defaultQuality
    case .uncompressed, .snappy, .lzo, .lz4, .lz4Raw: nil
    }
  }

  /// The levels `compress` accepts; nil for codecs without levels.
  package var levels: ClosedRange<Int>? {
    switch self {
    case .zstd: ZstdCodec.levels
    case .gzip: GzipCodec.levels
    case .brotli: BrotliCodec.qualities
    case .uncompressed, .snappy, .lzo, .lz4, .lz4Raw: nil
    }
  }

  /// Decompresses one page body into `output`, which must come out exactly full.
  ///
  /// `output.count` is the page header's uncompressed size. Nothing is written past `output`; on a throw its
  /// contents are unspecified. Safe to call from several threads at once.
  /// - Throws: `.corrupt` when the data decodes to more or fewer bytes than `output.count`, `.codec` when the
  ///   C library rejects the data, `.unsupported` for LZO.
  /// - Complexity: O(input + output).
  package func decompress(
    _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
  ) throws(ParquetError) {
    // A page of zero bytes stored as zero bytes: every codec's empty stream has at least a header, but
    // writers have been seen to skip the codec for empty pages, and nothing can go wrong.
    if input.isEmpty && output.isEmpty && self != .lzo { return }
    switch self {
    case .uncompressed:
      guard input.count == output.count else {
        throw ParquetError(.corrupt("uncompressed page of \(input.count) bytes, header says \(output.count)"))
      }
      output.copyMemory(from: input)
    case .snappy: try SnappyCodec.decompress(input, into: output)
    case .gzip: try GzipCodec.decompress(input, into: output)
    case .lzo: throw ParquetError(.unsupported("LZO compression"))
    case .brotli: try BrotliCodec.decompress(input, into: output)
    case .lz4: try HadoopLZ4Codec.decompress(input, into: output)
    case .zstd: try ZstdCodec.decompress(input, into: output)
    case .lz4Raw: try LZ4RawCodec.decompress(input, into: output)
    }
  }

  /// Appends the compressed form of `input` to `output`, growing it as needed.
  ///
  /// `level` nil means `defaultLevel`. `.lz4` writes Hadoop framing that Arrow, parquet-mr and Hadoop read.
  /// - Throws: `.unsupported` for LZO, for a level on a codec without levels, or a level outside `levels`;
  ///   `.lengthOverLimit` for input the C library can't take in one call (over 2 GB for LZ4).
  /// - Complexity: O(input).
  package func compress(
    _ input: UnsafeRawBufferPointer, into output: ByteBuffer, level: Int? = nil
  ) throws(ParquetError) {
    let chosenLevel = try resolveLevel(level)
    switch self {
    case .uncompressed: output.append(input)
    case .snappy: try SnappyCodec.compress(input, into: output)
    case .gzip: try GzipCodec.compress(input, into: output, level: chosenLevel ?? GzipCodec.defaultLevel)
    case .lzo: throw ParquetError(.unsupported("LZO compression"))
    case .brotli: try BrotliCodec.compress(input, into: output, quality: chosenLevel ?? BrotliCodec.defaultQuality)
    case .lz4: try HadoopLZ4Codec.compress(input, into: output)
    case .zstd: try ZstdCodec.compress(input, into: output, level: chosenLevel ?? ZstdCodec.defaultLevel)
    case .lz4Raw: try LZ4RawCodec.compress(input, into: output)
    }
  }

  private func resolveLevel(_ level: Int?) throws(ParquetError) -> Int? {
    guard let level else { return defaultLevel }
    guard let levels else {
      throw ParquetError(.unsupported("a compression level for \(name), which has none"))
    }
    guard levels.contains(level) else {
      throw ParquetError(.unsupported("\(name) level \(level); levels run \(levels.lowerBound)...\(levels.upperBound)"))
    }
    return level
  }
}
