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
/// At most `maximumOpenWriters` files are open at once: when more keys are live, the least recently used
/// file is finished and that key's later rows go to `part-1.parquet`, `part-2.parquet`, … (as Spark does).
/// More than `maximumPartitions` distinct keys is refused with an error: a layout of that many folders
/// is almost always a mistake (a column like a date or an id), and writing it would take very long.
struct PartitionedParquetOutput: ConvertOutput {
  let folder: String
  let temporary: String
  let keyColumns: [Int]
  let keyNames: [String]
  let dataColumns: [Int]
  let dataSchema: Schema
  let options: ParquetWriterOptions
  var writers: [String: ParquetFileWriter] = [:]
  /// Open keys, least recently used first.
  var recency: [String] = []
  /// Per key, the number of its files already finished.
  var finishedParts: [String: Int] = [:]
  static let maximumOpenWriters = 512
  static let maximumPartitions = 4096
  var partitionCount = 0

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
    keyNames = keys
    raiseOpenFileLimit()
    dataColumns = schema.fields.indices.filter { !keyColumns.contains($0) }
    dataSchema = Schema(dataColumns.map { schema.fields[$0] })
    self.options = options
    temporary = TemporaryFiles.siblingPath(of: folder)
    guard mkdir(temporary, 0o755) == 0 else {
      throw ConvertFailure("\(temporary): cannot create folder: " + String(cString: strerror(errno)))
    }
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
        relative += batch.schema.fields[c].name + "=" + HivePartitionPath.folderValue(of: batch.columns[c], row: row)
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
    if let existing = writers[relative] {
      if recency.last != relative, let index = recency.firstIndex(of: relative) {
        recency.remove(at: index)
        recency.append(relative)
      }
      return existing
    }
    if finishedParts[relative] == nil {
      partitionCount += 1
      guard partitionCount <= Self.maximumPartitions else {
        throw ConvertFailure(
          "--partition-by \(keyNames.joined(separator: ",")) makes more than \(Self.maximumPartitions) partitions; "
            + "partition by coarser columns")
      }
      finishedParts[relative] = 0
    }
    if writers.count >= Self.maximumOpenWriters {
      let oldest = recency.removeFirst()
      try writers.removeValue(forKey: oldest)!.close()
      finishedParts[oldest, default: 0] += 1
    }
    var path = temporary
    for part in relative.split(separator: "/") {
      path += "/" + part
      if mkdir(path, 0o755) != 0, errno != EEXIST {
        throw ConvertFailure("\(path): cannot create folder: " + String(cString: strerror(errno)))
      }
    }
    let writer = try ParquetFileWriter(
      path: path + "/part-\(finishedParts[relative]!).parquet", schema: dataSchema, options: options)
    writers[relative] = writer
    recency.append(relative)
    return writer
  }

  mutating func finish() throws {
    do {
      for relative in recency { try writers[relative]!.close() }
      writers = [:]
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

/// Lets the process keep `maximumOpenWriters` files open: raises the soft descriptor limit to the hard one.
func raiseOpenFileLimit() {
  var limit = rlimit()
  guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
  limit.rlim_cur = min(limit.rlim_max, 65_536)
  _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
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
