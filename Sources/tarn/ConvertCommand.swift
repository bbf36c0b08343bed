// `tarn convert IN OUT`: reads a table batch by batch and writes it in another file, with bounded memory.
import ArgumentParser
import TarnCore
import TarnParquet

struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert", abstract: "Convert a data file to Parquet (row group by row group).")

  @Argument(help: "The input file (Parquet).") var input: String
  @Argument(help: "The output file (Parquet); written atomically.") var output: String
  @Option(help: "Compression: zstd, snappy, gzip, lz4, brotli or none.") var compression = "zstd"
  @Option(help: "Compression level (zstd, gzip, brotli).") var compressionLevel: Int?
  @Option(help: "Rows per row group.") var rowGroupSize: Int?
  @Option(help: "Data page version: 1 or 2.") var pageVersion = 1
  @Option(help: "Comma-separated columns to give a Bloom filter.") var bloomFilter: String?

  func run() throws {
    try reportingFailures {
      guard let codec = ParquetCompression(name: compression) else {
        throw ValidationError("unknown compression '\(compression)'; use zstd, snappy, gzip, lz4, brotli or none")
      }
      var options = ParquetWriterOptions()
      options.compression = codec
      options.compressionLevel = compressionLevel
      if let rowGroupSize {
        guard rowGroupSize > 0 else { throw ValidationError("--row-group-size must be positive") }
        options.rowGroupRows = rowGroupSize
      }
      guard pageVersion == 1 || pageVersion == 2 else { throw ValidationError("--page-version must be 1 or 2") }
      options.dataPageVersion = pageVersion == 1 ? .v1 : .v2
      for column in (bloomFilter ?? "").split(separator: ",") {
        options.bloomFilterColumns[String(column)] = ParquetWriterOptions.defaultBloomFilterFPP
      }
      options.createdBy = "tarn version \(Tarn.version)"
      var source = try openConvertInput(input)
      options.keyValueMetadata = source.keyValueMetadata
      var sink = try openConvertOutput(output, schema: source.schema, options: options)
      do {
        while let batch = try source.next() { try sink.write(batch) }
        try sink.finish()
      } catch {
        sink.abort()
        throw error
      }
    }
  }
}

/// A table read batch by batch. Readers of other formats plug in through `openConvertInput`.
protocol ConvertInput {
  var schema: Schema { get }
  /// Metadata worth carrying over to the output.
  var keyValueMetadata: [(key: String, value: String)] { get }
  /// The next batch, or nil at the end.
  mutating func next() throws -> RecordBatch?
}

/// A table written batch by batch. Writers of other formats plug in through `openConvertOutput`.
protocol ConvertOutput {
  mutating func write(_ batch: RecordBatch) throws
  /// Completes the output; it exists only after this returns.
  mutating func finish() throws
  /// Drops a partial output.
  func abort()
}

/// The input reader for `path`, chosen by its extension (Parquet for anything else, for now).
func openConvertInput(_ path: String) throws -> any ConvertInput {
  try ParquetConvertInput(path: path)
}

/// The output writer for `path`, chosen by its extension (Parquet for anything else, for now).
func openConvertOutput(_ path: String, schema: Schema, options: ParquetWriterOptions) throws -> any ConvertOutput {
  try ParquetConvertOutput(path: path, schema: schema, options: options)
}

/// Reads a Parquet file one row group at a time.
struct ParquetConvertInput: ConvertInput {
  let reader: ParquetFileReader
  var nextRowGroup = 0

  init(path: String) throws { reader = try ParquetFileReader(path: path) }

  var schema: Schema { Schema(reader.schema.fields) }

  /// Arrow's serialized schema describes the source's Arrow types, not what Tarn writes, so it is dropped.
  var keyValueMetadata: [(key: String, value: String)] {
    reader.keyValueMetadata.compactMap { entry in
      guard entry.key != "ARROW:schema", let value = entry.value else { return nil }
      return (entry.key, value)
    }
  }

  mutating func next() throws -> RecordBatch? {
    guard nextRowGroup < reader.rowGroupCount else { return nil }
    defer { nextRowGroup += 1 }
    return try reader.readRowGroup(nextRowGroup)
  }
}

/// Writes a Parquet file through `ParquetFileWriter`.
struct ParquetConvertOutput: ConvertOutput {
  let writer: ParquetFileWriter

  init(path: String, schema: Schema, options: ParquetWriterOptions) throws {
    writer = try ParquetFileWriter(path: path, schema: schema, options: options)
  }

  func write(_ batch: RecordBatch) throws { try writer.write(batch) }
  func finish() throws { try writer.close() }
  func abort() { writer.abort() }
}
