// ParquetSource: one or more Parquet files (a path, a glob or a list) as a table, with row-group pruning by statistics.
import TarnCore
import TarnParquet

/// Files read as one table: `'obs.parquet'`, `'obs/*.parquet'`, `read_parquet([...], filename = true, …)`.
///
/// Columns are matched to each file by name, so `union_by_name` only changes how the schema is
/// formed (the union of all files' columns; missing ones read as NULL). Virtual columns follow the
/// file columns: `filename`, then hive partition keys.
public final class ParquetSource: TableSource, @unchecked Sendable {
  public let displayName: String
  public let schema: Schema
  let readers: [ParquetFileReader]
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
        let raw = partitions.map { $0.count > k ? $0[k].value : "" }
        let isInteger = raw.allSatisfy { Int64($0) != nil }
        fields.append(Field(key, isInteger ? .int64 : .string))
        values.append(raw.map { isInteger ? VectorFactory.int64s([Int64($0)!]) : VectorFactory.strings([$0]) })
      }
      hiveValues = paths.indices.map { f in values.map { $0[f] } }
    } else {
      hiveKeys = []
      hiveValues = paths.map { _ in [] }
    }
    schema = Schema(fields)
  }

  static func hivePartitions(_ path: String) -> [(key: String, value: String)] {
    path.split(separator: "/").dropLast().compactMap { part in
      guard let eq = part.firstIndex(of: "=") else { return nil }
      return (String(part[..<eq]), String(part[part.index(after: eq)...]))
    }
  }

  public var estimatedRowCount: Int { readers.reduce(0) { $0 + $1.rowCount } }

  public func scan(columns: [Int], hints: [ScanHint]) throws(EngineError) -> any ChunkStream {
    ParquetScanStream(source: self, columns: columns, hints: hints)
  }

  /// Whether row group `group` of file `file` may hold rows passing every hint.
  func rowGroupMayMatch(file: Int, group: Int, hints: [ScanHint]) -> Bool {
    let reader = readers[file]
    for hint in hints where hint.column < fileColumnCount && hint.alternatives.isEmpty {
      let name = schema.fields[hint.column].name.lowercased()
      guard let field = reader.schema.fields.firstIndex(where: { $0.name.lowercased() == name }) else { continue }
      let leaves = reader.schema.leafRange(ofField: field)
      guard leaves.count == 1, reader.schema.fields[field].type == hint.value.type,
        let stats = reader.statistics(rowGroup: group, column: leaves.lowerBound)
      else { continue }
      if let nulls = stats.nullCount, nulls == reader.rowCount(ofRowGroup: group) { return false }
      guard let min = stats.min, let max = stats.max, !hint.value.isNull(0),
        let vsMin = ScalarOrdering.compare(hint.value, 0, min, 0),
        let vsMax = ScalarOrdering.compare(hint.value, 0, max, 0)
      else { continue }
      let excluded: Bool
      switch hint.op {
      case .equal: excluded = vsMin < 0 || vsMax > 0
      case .less: excluded = vsMin <= 0  // need some x < v, min is the smallest x
      case .lessOrEqual: excluded = vsMin < 0
      case .greater: excluded = vsMax >= 0
      case .greaterOrEqual: excluded = vsMax > 0
      case .notEqual: excluded = vsMin == 0 && vsMax == 0 && stats.isMinExact && stats.isMaxExact
      }
      if excluded { return false }
    }
    return true
  }
}

/// Reads row group after row group and hands them out in chunks of `Chunk.capacity` rows.
final class ParquetScanStream: ChunkStream {
  let source: ParquetSource
  let columns: [Int]
  let hints: [ScanHint]
  private var file = 0
  private var group = 0
  private var current: Chunk?
  private var position = 0

  init(source: ParquetSource, columns: [Int], hints: [ScanHint]) {
    self.source = source
    self.columns = columns
    self.hints = hints
  }

  func next() throws(EngineError) -> Chunk? {
    while true {
      if let current, position < current.count {
        let length = min(Chunk.capacity, current.count - position)
        defer { position += length }
        return current.slice(position, length)
      }
      current = nil
      guard file < source.readers.count else { return nil }
      let reader = source.readers[file]
      if group >= reader.rowGroupCount {
        file += 1
        group = 0
        continue
      }
      let g = group
      group += 1
      guard source.rowGroupMayMatch(file: file, group: g, hints: hints) else { continue }
      current = try readRowGroup(reader, file: file, group: g)
      position = 0
    }
  }

  private func readRowGroup(_ reader: ParquetFileReader, file: Int, group: Int) throws(EngineError) -> Chunk {
    var fileFields: [Int] = []
    var positions: [Int?] = []
    for c in columns where c < source.fileColumnCount {
      let name = source.schema.fields[c].name.lowercased()
      if let f = reader.schema.fields.firstIndex(where: { $0.name.lowercased() == name }) {
        positions.append(fileFields.count)
        fileFields.append(f)
      } else {
        positions.append(nil)
      }
    }
    let (vectors, kept) = try LateMaterialization.read(
      reader, group: group, fields: fileFields, hints: filterHints(reader, fileFields: fileFields))
    let rows = kept?.count ?? reader.rowCount(ofRowGroup: group)
    var out: [ColumnVector] = []
    var k = 0
    for c in columns {
      if c < source.fileColumnCount {
        if let p = positions[k], var v = vectors[fileFields[p]] {
          let want = source.schema.fields[c].type
          if v.type != want { v = try CastKernels.cast(v, to: want, isTry: false) }
          out.append(v)
        } else {
          out.append(VectorFactory.nulls(source.schema.fields[c].type, count: rows))
        }
        k += 1
      } else if source.includesFilename && c == source.fileColumnCount {
        out.append(VectorFactory.broadcast(VectorFactory.strings([reader.path]), count: rows))
      } else {
        let h = c - source.fileColumnCount - (source.includesFilename ? 1 : 0)
        out.append(VectorFactory.broadcast(source.hiveValues[file][h], count: rows))
      }
    }
    return Chunk(columns: out, count: rows)
  }

  /// The hints that can pick rows: on a scanned, flat file field whose type is the hint's (no cast in between).
  private func filterHints(_ reader: ParquetFileReader, fileFields: [Int]) -> [(field: Int, hint: ScanHint)] {
    var out: [(field: Int, hint: ScanHint)] = []
    for hint in hints where hint.column < source.fileColumnCount {
      let name = source.schema.fields[hint.column].name.lowercased()
      guard let f = reader.schema.fields.firstIndex(where: { $0.name.lowercased() == name }), fileFields.contains(f),
        reader.isFlat(field: f), reader.schema.fields[f].type == hint.value.type,
        hint.alternatives.allSatisfy({ $0.type == hint.value.type }),
        source.schema.fields[hint.column].type == hint.value.type
      else { continue }
      out.append((f, hint))
    }
    return out
  }
}

/// Late materialization for one row group: decode the columns the hints test, find the rows passing every hint,
/// then decode the other columns for those rows only.
///
/// The rows are only those that *may* pass the scan's filters (hints are conjuncts of them); the scan operator
/// still applies every filter. Worth it only when the hints drop most rows, so above `maxKeptFraction` the other
/// columns are decoded whole and nothing is gathered.
enum LateMaterialization {
  static let maxKeptFraction = 0.5

  /// Vectors by file field, and the kept row positions (nil: every row).
  static func read(
    _ reader: ParquetFileReader, group: Int, fields: [Int], hints: [(field: Int, hint: ScanHint)]
  ) throws(EngineError) -> ([Int: ColumnVector], [UInt32]?) {
    func readGroup(_ fields: [Int], rows: UnsafeBufferPointer<UInt32>? = nil) throws(EngineError) -> RecordBatch {
      do { return try reader.readRowGroup(group, fields: fields, rows: rows) } catch { throw EngineError(.parquet(error)) }
    }
    var vectors: [Int: ColumnVector] = [:]
    let testFields = Array(Set(hints.map(\.field))).sorted()
    let otherFields = fields.filter { !testFields.contains($0) }
    guard !testFields.isEmpty, !otherFields.isEmpty, otherFields.allSatisfy(reader.isFlat(field:)) else {
      let batch = try readGroup(fields)
      for (i, f) in fields.enumerated() { vectors[f] = batch.columns[i] }
      return (vectors, nil)
    }
    let tested = try readGroup(testFields)
    let n = tested.count
    var mask: ColumnVector? = nil
    for (field, hint) in hints {
      let column = tested.columns[testFields.firstIndex(of: field)!]
      var passes = try CompareKernels.compare(hint.op, column, VectorFactory.broadcast(hint.value, count: n))
      for other in hint.alternatives {
        passes = BooleanKernels.or(passes, try CompareKernels.compare(.equal, column, VectorFactory.broadcast(other, count: n)))
      }
      mask = mask.map { BooleanKernels.and($0, passes) } ?? passes
    }
    let kept = Selection.trueRows(mask!)
    if Double(kept.count) > maxKeptFraction * Double(n) {
      let rest = try readGroup(otherFields)
      for (i, f) in testFields.enumerated() { vectors[f] = tested.columns[i] }
      for (i, f) in otherFields.enumerated() { vectors[f] = rest.columns[i] }
      return (vectors, nil)
    }
    try kept.withUnsafeBufferPointer { (rows) throws(EngineError) in
      for (i, f) in testFields.enumerated() { vectors[f] = Gather.take(tested.columns[i], rows) }
      guard !rows.isEmpty else { return }
      let rest = try readGroup(otherFields, rows: rows)
      for (i, f) in otherFields.enumerated() { vectors[f] = rest.columns[i] }
    }
    return (vectors, kept)
  }
}

