// ConvertOutput: the files `tarn convert` writes — Parquet (optionally hive-partitioned), CSV, TSV, NDJSON or JSON — atomically.
#if canImport(Glibc)
import Glibc
#endif
import TarnCore
import TarnFormats
import TarnParquet

/// A table written batch by batch. Writers of other formats plug in through `openConvertOutput`.
protocol ConvertOutput {
  mutating func write(_ batch: RecordBatch) throws
  /// Completes the output; it exists only after this returns.
  mutating func finish() throws
  /// Drops a partial output.
  func abort()
}

/// The output formats, by the output path's extension.
enum ConvertOutputFormat: Equatable {
  case parquet
  case text(OutputFormat)

  /// `.parquet`; `.csv`, `.tsv`, `.ndjson`/`.jsonl`, `.json`. Anything else is Parquet.
  init(path: String) {
    let name = path.lowercased()
    if name.hasSuffix(".csv") { self = .text(.csv) }
    else if name.hasSuffix(".tsv") || name.hasSuffix(".tab") { self = .text(.tsv) }
    else if name.hasSuffix(".ndjson") || name.hasSuffix(".jsonl") { self = .text(.ndjson) }
    else if name.hasSuffix(".json") { self = .text(.json) }
    else { self = .parquet }
  }
}

/// The writer for `path`, by its extension; `partitionBy` names hive partition columns (Parquet only).
func openConvertOutput(
  _ path: String, schema: Schema, options: ParquetWriterOptions, partitionBy: [String] = []
) throws -> any ConvertOutput {
  let format = ConvertOutputFormat(path: path)
  if !partitionBy.isEmpty {
    guard format == .parquet else { throw ConvertFailure("--partition-by writes Parquet files; give a folder name as the output") }
    return try PartitionedParquetOutput(folder: path, schema: schema, keys: partitionBy, options: options)
  }
  switch format {
  case .parquet: return try ParquetConvertOutput(path: path, schema: schema, options: options)
  case .text(let text): return try TextConvertOutput(path: path, schema: schema, format: text)
  }
}

/// A one-line error of the convert command itself (bad flags, bad combinations).
struct ConvertFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Writes a Parquet file through `ParquetFileWriter` (which writes a temporary file and renames it).
struct ParquetConvertOutput: ConvertOutput {
  let writer: ParquetFileWriter

  init(path: String, schema: Schema, options: ParquetWriterOptions) throws {
    writer = try ParquetFileWriter(path: path, schema: schema, options: options)
  }

  func write(_ batch: RecordBatch) throws { try writer.write(batch) }
  func finish() throws { try writer.close() }
  func abort() { writer.abort() }
}

/// Writes CSV, TSV, NDJSON or JSON text to a temporary file and renames it into place on `finish`.
struct TextConvertOutput: ConvertOutput {
  let output: AtomicTextOutput
  var writer: any ResultWriter

  init(path: String, schema: Schema, format: OutputFormat) throws {
    output = try AtomicTextOutput(path: path)
    writer = format.makeWriter(schema: schema, sink: output.sink)
  }

  mutating func write(_ batch: RecordBatch) throws { try writer.write(batch) }

  mutating func finish() throws {
    do {
      try writer.finish()
      try output.commit()
    } catch {
      abort()
      throw error
    }
  }

  func abort() { output.abort() }
}
