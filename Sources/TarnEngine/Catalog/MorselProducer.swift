// MorselProducer: one row group read morsel by morsel, with late materialization, casts and virtual columns.
import TarnCore
import TarnParquet

/// One row group, morsel by morsel: late materialization per morsel, then casts and virtual columns.
final class MorselProducer {
  let request: ParquetScanRequest
  let file: Int
  let group: Int
  /// The open row group, its fields, the hints that pick rows in it (found once), and the next window's first row.
  private var scan: (rowGroup: ParquetRowGroupScan, fields: [Int], hints: [(field: Int, hint: ScanHint)], position: Int)?
  private var isDone = false
  /// The rows the page index leaves (ascending); nil: all.
  private var allowed: [Range<Int>]?

  init(_ request: ParquetScanRequest, file: Int, group: Int) {
    self.request = request
    self.file = file
    self.group = group
  }

  /// The row group's next non-empty morsel, its rows passing `request.filters`, or nil at its end.
  func next() throws(EngineError) -> Chunk? {
    while let morsel = try nextRead() {
      if request.filters.isEmpty && request.outputs == nil { return morsel }
      let passing = try FilterOperator.apply(request.filters, morsel, keeping: request.outputs)
      if passing.count > 0 { return passing }
    }
    return nil
  }

  /// The row group's next non-empty morsel as read, or nil at its end.
  private func nextRead() throws(EngineError) -> Chunk? {
    let reader = request.source.readers[file]
    if scan == nil && !isDone {
      let fields = fileFields.compactMap { $0 }
      if ParquetRowGroupScan.canScan(reader, fields: fields) {
        do {
          scan = (
            try ParquetRowGroupScan(
              reader: reader, rowGroup: group, fields: fields, demand: request.demand,
              integerDictionaries: integerDictionaryFields), fields,
            filterHints(reader, fileFields: fields), 0)
        } catch { throw EngineError(.parquet(error)) }
        allowed = request.source.rowRangesMayMatch(file: file, group: group, hints: request.hints)
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
      var start = open.position
      var limit = open.rowGroup.rowCount
      if let allowed {
        // Pages no row of which may pass are never read: windows jump to the next rows the page index leaves.
        guard let next = allowed.first(where: { $0.upperBound > start }) else {
          scan!.position = open.rowGroup.rowCount
          continue
        }
        start = Swift.max(start, next.lowerBound)
        limit = next.upperBound
      }
      let end = open.rowGroup.windowEnd(
        from: start, fields: open.fields, minimum: ParquetScanStream.minimumMorselRows,
        maximum: ParquetScanStream.morselRows)
      let window = start..<min(end, limit)
      scan!.position = window.upperBound
      let (vectors, kept) = try LateMaterialization.read(
        open.rowGroup, window: window, fields: open.fields, hints: open.hints)
      let rows = kept ?? window.count
      if rows == 0 { continue }
      return try assemble(vectors, rows: rows, file: file)
    }
    return nil
  }

  /// The file fields of `request.integerDictionaries`.
  private var integerDictionaryFields: Set<Int> {
    let fromFiles = request.columns.filter { $0 < request.source.fileColumnCount }
    return Set(zip(fromFiles, fileFields).compactMap { c, f in request.integerDictionaries.contains(c) ? f : nil })
  }

  /// Per scanned column from the files: its field in this producer's file, or nil when the file lacks it (found once).
  private lazy var fileFields: [Int?] = {
    let source = request.source
    let reader = source.readers[file]
    return request.columns.filter { $0 < source.fileColumnCount }.map { c in
      let name = source.schema.fields[c].name.lowercased()
      return reader.schema.fields.firstIndex(where: { $0.name.lowercased() == name })
    }
  }()

  /// The scan's columns from vectors by file field: cast to the table's types, missing ones as NULL, then
  /// the filename and hive partition values.
  private func assemble(_ vectors: [Int: ColumnVector], rows: Int, file: Int) throws(EngineError) -> Chunk {
    let source = request.source
    let reader = source.readers[file]
    let fields = fileFields
    var out: [ColumnVector] = []
    var k = 0
    for c in request.columns {
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
    request.hints.compactMap { hint in
      request.source.flatFileField(for: hint, in: reader).flatMap { fileFields.contains($0) ? ($0, hint) : nil }
    }
  }
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
    var passing = [UInt8](repeating: 1, count: window.count)
    try passing.withUnsafeMutableBufferPointer { (p) throws(EngineError) in
      for (field, hint) in hints {
        let column = tested[testFields.firstIndex(of: field)!]
        if hint.alternatives.isEmpty {
          try ConstantFilter.narrow(p.baseAddress!, column, hint.op, hint.value)
        } else {
          try ConstantFilter.narrow(p.baseAddress!, column, in: [hint.value] + hint.alternatives)
        }
      }
    }
    let kept = Selection.trueRows(passing)
    if Double(kept.count) > maxKeptFraction * Double(window.count) {
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
