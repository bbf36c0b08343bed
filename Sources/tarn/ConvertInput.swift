// ConvertInput: the tables `tarn convert` reads — Parquet files, or CSV/TSV/JSON files united by name — batch by batch.
#if canImport(Glibc)
import Glibc
#endif
import TarnCore
import TarnEngine
import TarnFormats
import TarnParquet

/// A table read batch by batch. Readers of other formats plug in through `openConvertInput`.
protocol ConvertInput {
  var schema: Schema { get }
  /// Metadata worth carrying over to the output.
  var keyValueMetadata: [(key: String, value: String)] { get }
  /// The next batch, or nil at the end. Throws `FormatError.schemaWidened` when a type had to widen
  /// after batches were returned; `schema` then holds the wider types and `restart()` reads again.
  mutating func next() throws -> RecordBatch?
  /// Reads again from the first row, with the current schema.
  mutating func restart() throws
  /// Rows left out under `--on-error skip`: the count, and the first ones with line and reason.
  var rejectedRowCount: Int { get }
  var rejectedRows: [CSVRejectedRow] { get }
}

/// How to read text inputs: the reader options the command line sets.
struct ConvertReadOptions {
  var csv = CSVReadOptions()
  var json = JSONReadOptions()
}

/// What an input path holds.
enum ConvertInputKind: Equatable {
  case parquet, text(TextFileKind)

  /// Parquet by its `PAR1` magic; otherwise CSV or JSON by extension, then by content.
  static func detect(_ path: String) throws -> ConvertInputKind {
    if try leadingBytes(of: path, count: 4) == Array("PAR1".utf8) { return .parquet }
    return .text(try TextFileKind.detect(path: path))
  }
}

/// The input for `patterns` (paths or globs): every file must be of one kind.
func openConvertInput(_ patterns: [String], options: ConvertReadOptions = ConvertReadOptions()) throws -> any ConvertInput {
  let paths = try FileGlob.expand(patterns)
  guard let first = paths.first else { throw FormatError(.invalidOption("no input files match \(patterns.joined(separator: " "))")) }
  let kind = try ConvertInputKind.detect(first)
  for path in paths.dropFirst() where try ConvertInputKind.detect(path) != kind {
    throw FormatError(.unsupported("inputs of different formats (\(first) and \(path)) cannot be converted together"))
  }
  switch kind {
  case .parquet: return try ParquetConvertInput(paths: paths)
  case .text(let textKind):
    var multi = MultiFileOptions()
    multi.kind = textKind
    multi.csv = options.csv
    multi.json = options.json
    return TextConvertInput(reader: try MultiFileReader(paths: paths, options: multi))
  }
}

/// CSV/TSV or JSON files through `MultiFileReader`.
struct TextConvertInput: ConvertInput {
  let reader: MultiFileReader
  var schema: Schema { reader.schema }
  var keyValueMetadata: [(key: String, value: String)] { [] }
  mutating func next() throws -> RecordBatch? { try reader.next() }
  mutating func restart() throws { try reader.restart() }
  var rejectedRowCount: Int { reader.rejectedRowCount }
  var rejectedRows: [CSVRejectedRow] { reader.rejectedRows }
}

/// Parquet files united by name (a column a file lacks is null in its rows), read through the query engine's scan:
/// flat row groups in morsels decoded page by page on other threads while this one writes, so memory holds a few
/// morsels, not a row group (whole row groups cost more in fresh pages the kernel clears than in decoding:
/// `perf`, Parquet → CSV).
struct ParquetConvertInput: ConvertInput {
  let readers: [ParquetFileReader]
  let schema: Schema
  let source: ParquetSource
  /// The files' total size and rows, for the progress bar (a batch counts as its share of the rows).
  let totalBytes: Int
  let totalRows: Int
  var stream: (any ChunkStream)?

  init(paths: [String]) throws {
    var options = ParquetSource.Options()
    options.unionByName = true
    options.hivePartitioning = false
    source = try ParquetSource(displayName: paths.joined(separator: ", "), paths: paths, options: options)
    readers = source.readers
    schema = source.schema
    // The union keeps each name's first type; a file that stores another would be cast, which convert refuses.
    for reader in readers.dropFirst() {
      for field in reader.schema.fields {
        let united = schema.fields.first { $0.name.lowercased() == field.name.lowercased() }!
        guard united.type == field.type else {
          throw FormatError(.unsupported(
            "column '\(field.name)' is \(united.type.sqlName) in one file and \(field.type.sqlName) in another"))
            .at(file: reader.path)
        }
      }
    }
    totalBytes = paths.reduce(0) { total, path in
      var info = stat()
      return total + (stat(path, &info) == 0 ? Int(info.st_size) : 0)
    }
    totalRows = readers.reduce(0) { $0 + $1.rowCount }
  }

  /// Arrow's serialized schema describes the source's Arrow types, not what Tarn writes, so it is dropped.
  var keyValueMetadata: [(key: String, value: String)] {
    guard readers.count == 1 else { return [] }
    return readers[0].keyValueMetadata.compactMap { entry in
      guard entry.key != "ARROW:schema", let value = entry.value else { return nil }
      return (entry.key, value)
    }
  }

  var rejectedRowCount: Int { 0 }
  var rejectedRows: [CSVRejectedRow] { [] }

  mutating func restart() throws {
    stream = nil
  }

  mutating func next() throws -> RecordBatch? {
    if stream == nil { stream = try source.scan(columns: Array(schema.fields.indices), hints: []) }
    guard let chunk = try stream!.next() else { return nil }
    InputProgress.add(totalBytes * chunk.count / max(totalRows, 1))
    return RecordBatch(schema: schema, columns: chunk.columns, count: chunk.count)
  }
}
