// What a ParquetFileWriter can be told: codec, row-group and page limits, encodings, statistics, bloom filters, metadata.
import TarnCore

/// A page compression codec the writer can use (LZO and Hadoop LZ4 are read-only).
public enum ParquetCompression: String, Sendable, CaseIterable {
  case uncompressed = "none"
  case snappy, gzip, brotli, zstd
  /// `LZ4_RAW`: a bare LZ4 block, what current writers mean by LZ4.
  case lz4 = "lz4"

  var codec: CompressionCodec {
    switch self {
    case .uncompressed: .uncompressed
    case .snappy: .snappy
    case .gzip: .gzip
    case .brotli: .brotli
    case .zstd: .zstd
    case .lz4: .lz4Raw
    }
  }

  /// The codec named by a CLI spelling (`zstd`, `snappy`, `gzip`, `lz4`, `lz4_raw`, `brotli`, `none`, `uncompressed`).
  public init?(name: String) {
    switch name.lowercased() {
    case "none", "uncompressed": self = .uncompressed
    case "lz4", "lz4_raw", "lz4raw": self = .lz4
    default:
      guard let known = ParquetCompression(rawValue: name.lowercased()) else { return nil }
      self = known
    }
  }

  /// The levels `compressionLevel` accepts; nil for codecs without levels.
  public var levels: ClosedRange<Int>? { codec.levels }
}

/// The data page format: v1 (every reader) or v2 (levels stored uncompressed, in front of the values).
public enum ParquetDataPageVersion: Sendable {
  case v1, v2
}

/// A value encoding that can be chosen for a column instead of dictionary encoding.
public enum ParquetColumnEncoding: Sendable, Equatable {
  case plain
  /// INT32 and INT64 columns.
  case deltaBinaryPacked
  /// BYTE_ARRAY columns (strings, binary).
  case deltaLengthByteArray
  /// BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY columns.
  case deltaByteArray
  /// FLOAT, DOUBLE, INT32, INT64 and FIXED_LEN_BYTE_ARRAY columns.
  case byteStreamSplit

  var thrift: Encoding {
    switch self {
    case .plain: .plain
    case .deltaBinaryPacked: .deltaBinaryPacked
    case .deltaLengthByteArray: .deltaLengthByteArray
    case .deltaByteArray: .deltaByteArray
    case .byteStreamSplit: .byteStreamSplit
    }
  }
}

/// Options of `ParquetFileWriter`. Columns are named by their dotted Parquet path (`a.list.element`)
/// or by their top-level field name, which then covers every leaf under it.
public struct ParquetWriterOptions: Sendable {
  public var compression: ParquetCompression = .zstd
  /// Nil: the codec's default (ZSTD 3, GZIP 6, BROTLI 8).
  public var compressionLevel: Int?
  /// A row group is flushed when it reaches this many rows…
  public var rowGroupRows = 1_048_576
  /// …or this many buffered (encoded, uncompressed) bytes.
  public var rowGroupBytes = 128 << 20
  /// Uncompressed bytes of values per data page.
  public var pageSize = 1 << 20
  /// Rows per data page at most, so the page index can skip finely (Arrow's default).
  public var pageRowLimit = 20_000
  public var dataPageVersion: ParquetDataPageVersion = .v1
  /// Dictionary-encode every column that allows it (all but booleans and explicitly encoded columns).
  public var dictionaryEnabled = true
  /// Columns never dictionary-encoded.
  public var dictionaryDisabledColumns: Set<String> = []
  /// A column chunk whose dictionary grows past this many (PLAIN-encoded) bytes is written without one.
  public var dictionarySizeLimit = 1 << 20
  /// The encoding of columns written without a dictionary, or of every value of the named columns.
  public var columnEncodings: [String: ParquetColumnEncoding] = [:]
  public var statisticsEnabled = true
  /// Write a ColumnIndex and OffsetIndex per column chunk (needs statistics for the ColumnIndex).
  public var pageIndexEnabled = true
  /// Longest min/max written for byte-array columns; longer ones are truncated (max rounded up).
  public var statisticsTruncateLength = 64
  /// Columns that get a split-block Bloom filter, with the false-positive probability to size it for.
  public var bloomFilterColumns: [String: Double] = [:]
  /// Key/value pairs for the footer.
  public var keyValueMetadata: [(key: String, value: String)] = []
  public var createdBy = "tarn"

  /// The false-positive probability for Bloom filters asked for without one (Arrow's default).
  public static let defaultBloomFilterFPP = 0.05

  public init() {}

  /// The explicit encoding for the leaf at `path`, by dotted path or top-level name.
  func encoding(for path: [String]) -> ParquetColumnEncoding? {
    columnEncodings[path.joined(separator: ".")] ?? columnEncodings[path[0]]
  }

  func isDictionaryDisabled(for path: [String]) -> Bool {
    dictionaryDisabledColumns.contains(path.joined(separator: ".")) || dictionaryDisabledColumns.contains(path[0])
  }

  func bloomFilterFPP(for path: [String]) -> Double? {
    bloomFilterColumns[path.joined(separator: ".")] ?? bloomFilterColumns[path[0]]
  }
}
