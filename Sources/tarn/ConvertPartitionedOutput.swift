// PartitionedParquetOutput: `--partition-by a,b` — one Parquet file per distinct key, in a hive layout `out/a=1/b=x/part-0.parquet`.
#if canImport(Glibc)
import Glibc
#endif
import TarnCore
import TarnEngine
import TarnFormats
import TarnParquet

/// Splits each batch by the values of the key columns and writes the rows of each key to its own file,
/// without the key columns (readers take them from the folder names, as Spark, Trino, DuckDB and Polars do).
///
/// The whole tree is written under a temporary folder next to `folder` and renamed into place by `finish`.
/// One writer stays open per key, so memory grows with the number of distinct keys (each buffers a row group).
struct PartitionedParquetOutput: ConvertOutput {
  let folder: String
  let temporary: String
  let keyColumns: [Int]
  let dataColumns: [Int]
  let dataSchema: Schema
  let options: ParquetWriterOptions
  var writers: [String: ParquetFileWriter] = [:]
  var order: [String] = []

  init(folder: String, schema: Schema, keys: [String], options: ParquetWriterOptions) throws {
    var keyColumns: [Int] = []
    for key in keys {
      guard let index = schema.fields.firstIndex(where: { $0.name == key }) else {
        throw ConvertFailure("--partition-by: no column named '\(key)' (columns: \(schema.fields.map(\.name).joined(separator: ", ")))")
      }
      switch schema.fields[index].type {
      case .list, .structure, .map: throw ConvertFailure("--partition-by: column '\(key)' is nested; partition by a scalar column")
      default: break
      }
      keyColumns.append(index)
    }
    guard keyColumns.count < schema.fields.count else { throw ConvertFailure("--partition-by: at least one column must stay in the files") }
    var info = stat()
    if stat(folder, &info) == 0 { throw ConvertFailure("\(folder) already exists; --partition-by writes a new folder") }
    self.folder = folder
    self.keyColumns = keyColumns
    dataColumns = schema.fields.indices.filter { !keyColumns.contains($0) }
    dataSchema = Schema(dataColumns.map { schema.fields[$0] })
    self.options = options
    temporary = temporarySibling(of: folder.hasSuffix("/") ? String(folder.dropLast()) : folder)
    guard mkdir(temporary, 0o755) == 0 else {
      throw ConvertFailure("\(temporary): cannot create folder: " + String(cString: strerror(errno)))
    }
  }

  /// A partition value as a folder name: text with `/`, `=`, `%` and control bytes percent-encoded; null is
  /// Hive's `__HIVE_DEFAULT_PARTITION__`.
  static func folderValue(_ vector: ColumnVector, _ row: Int) -> String {
    var text: [UInt8] = []
    guard ValueFormatter.appendText(of: vector, row: row, to: &text) else { return "__HIVE_DEFAULT_PARTITION__" }
    var out: [UInt8] = []
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in text {
      if byte < 0x20 || byte == 0x2F || byte == 0x3D || byte == 0x25 || byte == 0x7F || byte == 0x5C {
        out += [0x25, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
      } else {
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  mutating func write(_ batch: RecordBatch) throws {
    // Group rows by their folder, in first-seen order. Per-row strings: partition keys are few and this
    // path is not the plain conversion's.
    var groups: [String: [UInt32]] = [:]
    var seen: [String] = []
    for row in 0..<batch.count {
      var relative = ""
      for (k, c) in keyColumns.enumerated() {
        if k > 0 { relative += "/" }
        relative += batch.schema.fields[c].name + "=" + Self.folderValue(batch.columns[c], row)
      }
      if groups[relative] == nil {
        groups[relative] = []
        seen.append(relative)
      }
      groups[relative]!.append(UInt32(row))
    }
    for relative in seen {
      let rows = groups[relative]!
      let part = rows.withUnsafeBufferPointer { rowsBuffer in
        RecordBatch(
          schema: dataSchema, columns: dataColumns.map { VectorTake.take(batch.columns[$0], rowsBuffer) }, count: rows.count)
      }
      try writer(for: relative).write(part)
    }
  }

  private mutating func writer(for relative: String) throws -> ParquetFileWriter {
    if let existing = writers[relative] { return existing }
    var path = temporary
    for part in relative.split(separator: "/") {
      path += "/" + part
      if mkdir(path, 0o755) != 0, errno != EEXIST {
        throw ConvertFailure("\(path): cannot create folder: " + String(cString: strerror(errno)))
      }
    }
    let writer = try ParquetFileWriter(path: path + "/part-0.parquet", schema: dataSchema, options: options)
    writers[relative] = writer
    order.append(relative)
    return writer
  }

  mutating func finish() throws {
    do {
      for relative in order { try writers[relative]!.close() }
      guard rename(temporary, folder) == 0 else {
        throw ConvertFailure("\(folder): cannot rename the finished output into place: " + String(cString: strerror(errno)))
      }
    } catch {
      abort()
      throw error
    }
  }

  func abort() {
    for writer in writers.values { writer.abort() }
    removeTree(temporary)
  }
}

/// Deletes a folder tree that this process created (empty folders and files).
func removeTree(_ path: String) {
  if let dir = opendir(path) {
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      removeTree(path + "/" + name)
    }
    closedir(dir)
    rmdir(path)
  } else {
    unlink(path)
  }
}
