// ParquetSource: one or more Parquet files (a path, a glob or a list) as a table.
import TarnCore
import TarnFormats
import TarnParquet

/// Files read as one table: `'obs.parquet'`, `'obs/*.parquet'`, `read_parquet([...], filename = true, …)`.
///
/// Columns are matched to each file by name, so `union_by_name` only changes how the schema is
/// formed (the union of all files' columns; missing ones read as NULL). Virtual columns follow the
/// file columns: `filename`, then hive partition keys.
public final class ParquetSource: TableSource, @unchecked Sendable {
  public let displayName: String
  public let schema: Schema
  public let readers: [ParquetFileReader]
  /// Number of leading columns that come from the files.
  let fileColumnCount: Int
  let includesFilename: Bool
  /// Hive partition keys and, per file, their values as one-row vectors of the key's type.
  let hiveKeys: [String]
  let hiveValues: [[ColumnVector]]

  public struct Options: Sendable {
    public var filename = false
    public var unionByName = false
    public var hivePartitioning: Bool? = nil
    public init() {}
  }

  public init(displayName: String, paths: [String], options: Options = Options()) throws(EngineError) {
    self.displayName = displayName
    var readers: [ParquetFileReader] = []
    for path in paths {
      do { readers.append(try ParquetFileReader(path: path)) } catch { throw EngineError(.parquet(error)) }
    }
    guard let first = readers.first else { throw EngineError(.io("No files found in \(displayName)")) }
    self.readers = readers
    var fields = first.schema.fields
    if options.unionByName {
      for reader in readers.dropFirst() {
        for field in reader.schema.fields where !fields.contains(where: { $0.name.lowercased() == field.name.lowercased() }) {
          fields.append(field)
        }
      }
    }
    // Without union_by_name the first file's columns are the schema; other files' missing columns read as NULL.
    fileColumnCount = fields.count
    includesFilename = options.filename
    if options.filename { fields.append(Field("filename", .string)) }
    // Hive partitions: `key=value` directory names, on by default when every file has them.
    let partitions = paths.map(Self.hivePartitions)
    let keys = partitions.first?.map(\.key) ?? []
    let useHive = options.hivePartitioning ?? (!keys.isEmpty && partitions.allSatisfy { $0.map(\.key) == keys })
    if useHive && !keys.isEmpty {
      hiveKeys = keys
      var values: [[ColumnVector]] = []
      for (k, key) in keys.enumerated() {
        let texts = partitions.map { $0.count > k ? $0[k].value : "" }
        let isInteger = texts.allSatisfy { text in text.map { Int64($0) != nil } ?? true }
        let type: DataType = isInteger && texts.contains { $0 != nil } ? .int64 : .string
        fields.append(Field(key, type))
        values.append(
          texts.map { text in
            guard let text else { return VectorFactory.nulls(type, count: 1) }
            return type == .int64 ? VectorFactory.int64s([Int64(text)!]) : VectorFactory.strings([text])
          })
      }
      hiveValues = paths.indices.map { f in values.map { $0[f] } }
    } else {
      hiveKeys = []
      hiveValues = paths.map { _ in [] }
    }
    schema = Schema(fields)
  }

  /// The `key=value` folders of `path`, each value decoded (`HivePartitionPath`): nil for NULL.
  static func hivePartitions(_ path: String) -> [(key: String, value: String?)] {
    path.split(separator: "/").dropLast().compactMap { part in
      guard let eq = part.firstIndex(of: "=") else { return nil }
      return (String(part[..<eq]), HivePartitionPath.decode(part[part.index(after: eq)...]))
    }
  }

  public var estimatedRowCount: Int { readers.reduce(0) { $0 + $1.rowCount } }
  /// The footers' row counts.
  public var exactRowCount: Int? { estimatedRowCount }

  public func scan(columns: [Int], hints: [ScanHint]) throws(EngineError) -> any ChunkStream {
    try scan(columns: columns, hints: hints, integerDictionaries: [])
  }

  public func scan(columns: [Int], hints: [ScanHint], integerDictionaries: Set<Int>) throws(EngineError)
    -> any ChunkStream
  {
    ParquetScanStream(source: self, columns: columns, hints: hints, integerDictionaries: integerDictionaries)
  }
}
