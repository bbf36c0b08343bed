// ParquetSource: one or more Parquet files (a path, a glob or a list) as a table, with row-group pruning by statistics.
import Dispatch
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
  /// The footers' row counts.
  public var exactRowCount: Int? { estimatedRowCount }

  public func scan(columns: [Int], hints: [ScanHint]) throws(EngineError) -> any ChunkStream {
    ParquetScanStream(source: self, columns: columns, hints: hints)
  }

  /// Whether row group `group` of file `file` may hold rows passing every hint: by statistics, then for equality
  /// (and IN lists) by the chunk's Bloom filter when it has one.
  func rowGroupMayMatch(file: Int, group: Int, hints: [ScanHint]) -> Bool {
    let reader = readers[file]
    for hint in hints where hint.op == .equal && hint.column < fileColumnCount {
      let name = schema.fields[hint.column].name.lowercased()
      guard let field = reader.schema.fields.firstIndex(where: { $0.name.lowercased() == name }),
        reader.isFlat(field: field), reader.schema.fields[field].type == hint.value.type,
        hint.alternatives.allSatisfy({ $0.type == hint.value.type })
      else { continue }
      let leaf = reader.schema.leafRange(ofField: field).lowerBound
      // A filter that cannot be read only loses the pruning; the scan itself reports a damaged chunk.
      guard let filter = try? reader.bloomFilter(rowGroup: group, column: leaf) else { continue }
      let physical = reader.schema.columns[leaf].physicalType
      let hashes = ([hint.value] + hint.alternatives).map { BloomHash.of($0, physical: physical) }
      if hashes.allSatisfy({ $0 != nil }), !hashes.contains(where: { filter.mightContain(hash: $0!) }) { return false }
    }
    for hint in hints where hint.column < fileColumnCount && hint.alternatives.isEmpty {
      let name = schema.fields[hint.column].name.lowercased()
      guard let field = reader.schema.fields.firstIndex(where: { $0.name.lowercased() == name }) else { continue }
      let leaves = reader.schema.leafRange(ofField: field)
      guard leaves.count == 1, reader.schema.fields[field].type == hint.value.type,
        let stats = reader.statistics(rowGroup: group, column: leaves.lowerBound)
      else { continue }
      if let nulls = stats.nullCount, nulls == reader.rowCount(ofRowGroup: group) { return false }
      guard let min = stats.min, let max = stats.max else { continue }
      if hint.excludes(min: min, max: max, exact: stats.isMinExact && stats.isMaxExact) { return false }
    }
    return true
  }

  /// The rows of row group `group` of file `file` that may pass every hint by the page index (page min/max), or nil
  /// when no hinted column has one. Pages are skipped by rows, so only flat columns take part.
  func rowRangesMayMatch(file: Int, group: Int, hints: [ScanHint]) -> [Range<Int>]? {
    let reader = readers[file]
    var allowed: [Range<Int>]? = nil
    for hint in hints where hint.column < fileColumnCount && hint.alternatives.isEmpty {
      let name = schema.fields[hint.column].name.lowercased()
      guard let field = reader.schema.fields.firstIndex(where: { $0.name.lowercased() == name }), reader.isFlat(field: field),
        reader.schema.fields[field].type == hint.value.type,
        // A page index that cannot be read only loses the pruning; the scan itself reports a damaged chunk.
        let pages = try? reader.pageStatistics(rowGroup: group, column: reader.schema.leafRange(ofField: field).lowerBound)
      else { continue }
      var kept: [Range<Int>] = []
      for page in pages where !page.isAllNull {
        if let min = page.min, let max = page.max, hint.excludes(min: min, max: max, exact: false) { continue }
        if let last = kept.last, last.upperBound == page.rows.lowerBound {
          kept[kept.count - 1] = last.lowerBound..<page.rows.upperBound
        } else if !page.rows.isEmpty {
          kept.append(page.rows)
        }
      }
      allowed = allowed.map { Self.intersect($0, kept) } ?? kept
    }
    return allowed
  }

  /// The rows in both lists of ascending, disjoint ranges.
  static func intersect(_ a: [Range<Int>], _ b: [Range<Int>]) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var i = 0, j = 0
    while i < a.count && j < b.count {
      let low = Swift.max(a[i].lowerBound, b[j].lowerBound), high = Swift.min(a[i].upperBound, b[j].upperBound)
      if low < high { out.append(low..<high) }
      if a[i].upperBound < b[j].upperBound { i += 1 } else { j += 1 }
    }
    return out
  }
}

extension ScanHint {
  /// Whether no value in `min...max` can pass `column op value`; `exact`: min and max are values that occur.
  func excludes(min: ColumnVector, max: ColumnVector, exact: Bool) -> Bool {
    guard !value.isNull(0), let vsMin = ScalarOrdering.compare(value, 0, min, 0),
      let vsMax = ScalarOrdering.compare(value, 0, max, 0)
    else { return false }
    switch op {
    case .equal: return vsMin < 0 || vsMax > 0
    case .less: return vsMin <= 0  // need some x < v, min is the smallest x
    case .lessOrEqual: return vsMin < 0
    case .greater: return vsMax >= 0
    case .greaterOrEqual: return vsMax > 0
    case .notEqual: return vsMin == 0 && vsMax == 0 && exact
    }
  }
}

/// Reads the row groups that may match and hands their rows out in order.
///
/// Flat fields are read in morsels of `morselRows` rows, page by page (`ParquetRowGroupScan`), so memory holds a
/// morsel, not a row group; row groups with nested fields are decoded whole. Each open row group always has its
/// next morsel decoding on another thread: the first from the moment the plan is built (so a join's probe side
/// decodes while its build side runs), each following one while the operators above work through the current
/// one. The row group after the current one is open too (`openRowGroups`), so decoding a file of many row
/// groups runs on two cores even when the operators above are cheap. Rows come out in file order.
final class ParquetScanStream: ChunkStream {
  static let morselRows = 1 << 16
  static let openRowGroups = 2
  /// Morsels each open row group decodes ahead of the one being consumed.
  static let morselsAhead = 4
  let source: ParquetSource
  let columns: [Int]
  let hints: [ScanHint]
  private var current: Chunk?
  private var position = 0
  /// The row groups left to open, in order.
  private var waiting: [(file: Int, group: Int)]
  /// Open row groups, the current first, each with its next morsels decoding in order on its own queue.
  private var open: [RowGroupLane] = []

  init(source: ParquetSource, columns: [Int], hints: [ScanHint]) {
    self.source = source
    self.columns = columns
    self.hints = hints
    var groups: [(file: Int, group: Int)] = []
    for (f, reader) in source.readers.enumerated() {
      for g in 0..<reader.rowGroupCount where source.rowGroupMayMatch(file: f, group: g, hints: hints) { groups.append((f, g)) }
    }
    waiting = groups.reversed()
    fillOpen()
  }

  func next() throws(EngineError) -> Chunk? {
    while true {
      if let current, position < current.count {
        if position == 0, current.count <= ParquetScanStream.morselRows {
          position = current.count
          return current
        }
        let length = min(Chunk.capacity, current.count - position)
        defer { position += length }
        return current.slice(position, length)
      }
      current = nil
      guard let lane = open.first else { return nil }
      guard let morsel = try lane.take() else {
        open.removeFirst()
        fillOpen()
        continue
      }
      current = morsel
      position = 0
    }
  }

  /// Opens row groups until `openRowGroups` are open or none is left.
  private func fillOpen() {
    while open.count < Self.openRowGroups, let (f, g) = waiting.popLast() {
      open.append(
        RowGroupLane(MorselProducer(source: source, columns: columns, hints: hints, file: f, group: g), depth: Self.morselsAhead))
    }
  }
}

/// One open row group: its next morsels decoding one after another on a serial queue, taken in order.
final class RowGroupLane {
  private let producer: MorselProducer
  private let queue = DispatchQueue(label: "tarn.scan.rowgroup")
  private var pending: [PendingMorsel] = []
  private var ended = false

  init(_ producer: MorselProducer, depth: Int) {
    self.producer = producer
    for _ in 0..<depth { schedule() }
  }

  /// The next morsel (nil at the row group's end), starting another one decoding.
  func take() throws(EngineError) -> Chunk? {
    guard !pending.isEmpty else { return nil }
    let result = pending.removeFirst().wait()
    guard let morsel = try result.get() else {
      ended = true
      return nil
    }
    schedule()
    return morsel
  }

  private func schedule() {
    guard !ended else { return }
    let job = PendingMorsel()
    // Safe: the serial queue runs one job at a time on the producer, each after the one before.
    let producer = UnsafeTransfer(producer)
    queue.async {
      job.finish(Result { () throws(EngineError) -> Chunk? in try producer.value.next() })
    }
    pending.append(job)
  }
}

/// One row group, morsel by morsel: late materialization per morsel, then casts and virtual columns.
final class MorselProducer {
  let source: ParquetSource
  let columns: [Int]
  let hints: [ScanHint]
  let file: Int
  let group: Int
  private var scan: (rowGroup: ParquetRowGroupScan, fields: [Int], position: Int)?
  private var isDone = false
  /// The rows the page index leaves (ascending); nil: all.
  private var allowed: [Range<Int>]?

  init(source: ParquetSource, columns: [Int], hints: [ScanHint], file: Int, group: Int) {
    self.source = source
    self.columns = columns
    self.hints = hints
    self.file = file
    self.group = group
  }

  /// The row group's next non-empty morsel, or nil at its end.
  func next() throws(EngineError) -> Chunk? {
    let reader = source.readers[file]
    if scan == nil && !isDone {
      let fields = fileFields(reader).compactMap { $0 }
      if ParquetRowGroupScan.canScan(reader, fields: fields) {
        do {
          scan = (try ParquetRowGroupScan(reader: reader, rowGroup: group, fields: fields), fields, 0)
        } catch { throw EngineError(.parquet(error)) }
        allowed = source.rowRangesMayMatch(file: file, group: group, hints: hints)
      } else {
        isDone = true
        let batch: RecordBatch
        do { batch = try reader.readRowGroup(group, fields: fields) } catch { throw EngineError(.parquet(error)) }
        var vectors: [Int: ColumnVector] = [:]
        for (i, field) in fields.enumerated() { vectors[field] = batch.columns[i] }
        return batch.count == 0 ? nil : try assemble(vectors, rows: batch.count, file: file)
      }
    }
    while let open = scan {
      guard open.position < open.rowGroup.rowCount else {
        scan = nil
        isDone = true
        return nil
      }
      var window = open.position..<min(open.position + ParquetScanStream.morselRows, open.rowGroup.rowCount)
      if let allowed {
        // Pages no row of which may pass are never read: windows jump to the next rows the page index leaves.
        guard let next = allowed.first(where: { $0.upperBound > window.lowerBound }) else {
          scan!.position = open.rowGroup.rowCount
          continue
        }
        let start = Swift.max(window.lowerBound, next.lowerBound)
        window = start..<min(start + ParquetScanStream.morselRows, next.upperBound)
      }
      scan!.position = window.upperBound
      let (vectors, kept) = try LateMaterialization.read(
        open.rowGroup, window: window, fields: open.fields, hints: filterHints(reader, fileFields: open.fields))
      let rows = kept ?? window.count
      if rows == 0 { continue }
      return try assemble(vectors, rows: rows, file: file)
    }
    return nil
  }

  /// Per scanned column from the files: its field in `reader`, or nil when that file lacks it.
  private func fileFields(_ reader: ParquetFileReader) -> [Int?] {
    columns.filter { $0 < source.fileColumnCount }.map { c in
      let name = source.schema.fields[c].name.lowercased()
      return reader.schema.fields.firstIndex(where: { $0.name.lowercased() == name })
    }
  }

  /// The scan's columns from vectors by file field: cast to the table's types, missing ones as NULL, then
  /// the filename and hive partition values.
  private func assemble(_ vectors: [Int: ColumnVector], rows: Int, file: Int) throws(EngineError) -> Chunk {
    let reader = source.readers[file]
    let fields = fileFields(reader)
    var out: [ColumnVector] = []
    var k = 0
    for c in columns {
      if c < source.fileColumnCount {
        if let f = fields[k], var v = vectors[f] {
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

/// One morsel decoding on another thread: its result (nil at the end of the scan), handed over once.
final class PendingMorsel: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  // Safe: written once by the decoding thread before `signal`, read only after `wait`.
  private var result: Result<Chunk?, EngineError>?

  func finish(_ result: Result<Chunk?, EngineError>) {
    self.result = result
    done.signal()
  }

  func wait() -> Result<Chunk?, EngineError> {
    done.wait()
    return result!
  }
}

/// Moves a non-Sendable reference to another thread whose use of it the caller has proved safe.
struct UnsafeTransfer<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

/// Late materialization for one morsel: decode the columns the hints test, find the rows passing every hint,
/// then decode the other columns for those rows only (pages holding none of them are skipped).
///
/// The rows are only those that *may* pass the scan's filters (hints are conjuncts of them); the scan operator
/// still applies every filter. Picking rows costs a gather, so above `maxKeptFraction` the other columns are
/// decoded whole and nothing is gathered.
enum LateMaterialization {
  static let maxKeptFraction = 0.5

  /// Vectors by file field, and the number of kept rows (nil: every row of the window).
  static func read(
    _ scan: ParquetRowGroupScan, window: Range<Int>, fields: [Int], hints: [(field: Int, hint: ScanHint)]
  ) throws(EngineError) -> ([Int: ColumnVector], Int?) {
    func decode(_ fields: [Int], selection: UnsafeBufferPointer<UInt32>? = nil) throws(EngineError) -> [ColumnVector] {
      do { return try scan.read(fields, rows: window, selection: selection) } catch { throw EngineError(.parquet(error)) }
    }
    var vectors: [Int: ColumnVector] = [:]
    let testFields = Array(Set(hints.map(\.field))).sorted()
    let otherFields = fields.filter { !testFields.contains($0) }
    guard !testFields.isEmpty, !otherFields.isEmpty else {
      for (f, v) in zip(fields, try decode(fields)) { vectors[f] = v }
      return (vectors, nil)
    }
    let tested = try decode(testFields)
    let n = window.count
    var mask: ColumnVector? = nil
    for (field, hint) in hints {
      let column = tested[testFields.firstIndex(of: field)!]
      var passes = try CompareKernels.compare(hint.op, column, VectorFactory.broadcast(hint.value, count: n))
      for other in hint.alternatives {
        passes = BooleanKernels.or(passes, try CompareKernels.compare(.equal, column, VectorFactory.broadcast(other, count: n)))
      }
      mask = mask.map { BooleanKernels.and($0, passes) } ?? passes
    }
    let kept = Selection.trueRows(mask!)
    if Double(kept.count) > maxKeptFraction * Double(n) {
      for (f, v) in zip(testFields, tested) { vectors[f] = v }
      for (f, v) in zip(otherFields, try decode(otherFields)) { vectors[f] = v }
      return (vectors, nil)
    }
    if kept.isEmpty { return ([:], 0) }
    try kept.withUnsafeBufferPointer { (rows) throws(EngineError) in
      for (f, v) in zip(testFields, tested) { vectors[f] = Gather.take(v, rows) }
      let base = UInt32(window.lowerBound)
      let positions = rows.map { $0 &+ base }
      try positions.withUnsafeBufferPointer { (selection) throws(EngineError) in
        for (f, v) in zip(otherFields, try decode(otherFields, selection: selection)) { vectors[f] = v }
      }
    }
    return (vectors, kept.count)
  }
}

/// The Bloom-filter hash of a one-row constant as its column stores it (XXH64 of the plain encoding), for the types
/// whose stored value is the constant's own bytes and whose equality is byte equality; nil for the rest (NULL,
/// floats, where -0 = 0 but their bytes differ, decimals, timestamps, nested), which are then not checked.
enum BloomHash {
  static func of(_ value: ColumnVector, physical: ParquetPhysicalType) -> UInt64? {
    let v = value.flattened
    guard v.count == 1, !v.isNull(0) else { return nil }
    switch (v.type, physical) {
    case (.string, .byteArray), (.binary, .byteArray):
      return SplitBlockBloomFilter.hash(bytes: v.stringBytes(0))
    case (.int64, .int64): return SplitBlockBloomFilter.hash(v.value(at: 0, as: Int64.self).littleEndian)
    case (.int32, .int32), (.date, .int32): return SplitBlockBloomFilter.hash(v.value(at: 0, as: Int32.self).littleEndian)
    default: return nil
    }
  }
}
