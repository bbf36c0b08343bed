// Reads many CSV or JSON files as one table: columns united by name, missing ones null, conflicting types widened.
import TarnCore

/// The text formats Tarn reads.
public enum TextFileKind: String, Sendable {
  case csv, json

  /// The kind of `path`: by extension (`.csv`, `.tsv`, `.txt`, `.json`, `.ndjson`, `.jsonl`, with any
  /// compression suffix), else by the first non-blank byte of its content (`{` or `[` is JSON).
  public static func detect(path: String) throws(FormatError) -> TextFileKind {
    var name = path.lowercased()
    for suffix in [".gz", ".gzip", ".zst", ".zstd", ".lz4"] where name.hasSuffix(suffix) {
      name.removeLast(suffix.count)
    }
    if name.hasSuffix(".json") || name.hasSuffix(".ndjson") || name.hasSuffix(".jsonl") { return .json }
    if name.hasSuffix(".csv") || name.hasSuffix(".tsv") || name.hasSuffix(".txt") || name.hasSuffix(".tab") { return .csv }
    let source = try openByteSource(path: path)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 8)
    defer { buffer.deallocate() }
    let n = try source.read(into: buffer)
    var i = n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0
    while i < n, JSONScanner.isWhitespace(buffer[i]) { i += 1 }
    return i < n && (buffer[i] == 123 || buffer[i] == 91) ? .json : .csv
  }
}

/// Options for a multi-file read: the per-format options apply to every file.
public struct MultiFileOptions: Sendable {
  /// nil: detect from the first file (all files must be of that kind).
  public var kind: TextFileKind?
  public var csv = CSVReadOptions()
  public var json = JSONReadOptions()
  public init() {}
}

/// One table over several files, read one after another.
///
/// Every file is sniffed first. Columns are united by name in order of first appearance; a column a file
/// lacks is null in its rows; a column whose types differ gets the narrowest type that holds both
/// (BIGINT + DOUBLE → DOUBLE, DATE + TIMESTAMP → TIMESTAMP, anything + VARCHAR → VARCHAR, JSON shapes
/// merged). Each file is then read with the united types, so batches all have `schema`. If a file needs a
/// still wider type while being read, the schema widens: transparently if no batch was returned yet,
/// else `next()` throws `.schemaWidened` and `restart()` reads every file again.
public final class MultiFileReader: RestartableBatchReader {
  public let paths: [String]
  public let kind: TextFileKind
  public private(set) var schema: Schema
  public private(set) var rereadCount = 0

  /// Rows left out under `CSVErrorPolicy.skip`, over all files read so far (the first `keepingFirst`).
  public private(set) var rejectedRows: [CSVRejectedRow] = []
  public private(set) var rejectedRowCount = 0

  // CSV: each file's plan (its own names), and the united names and types.
  /// What sniffing found for each CSV file (dialect, header, its own names and types).
  public private(set) var csvPlans: [CSVScanPlan] = []
  private var unitedNames: [String] = []
  private var unitedTypes: [TextScalarType] = []
  // JSON: each file's plan, all sharing the united shape.
  /// What sniffing found for each JSON file.
  public private(set) var jsonPlans: [JSONScanPlan] = []
  private var unitedShape = JSONShape.null

  private var fileIndex = 0
  private var csvReader: CSVReader?
  private var jsonReader: JSONReader?
  private var delivered = 0

  /// Sniffs every file (patterns with `*`, `?`, `[` or `**` are expanded first).
  public init(paths patterns: [String], options: MultiFileOptions = MultiFileOptions()) throws(FormatError) {
    let paths = try FileGlob.expand(patterns)
    guard !paths.isEmpty else { throw FormatError(.invalidOption("no input files")) }
    self.paths = paths
    if let given = options.kind { kind = given } else { kind = try TextFileKind.detect(path: paths[0]) }
    schema = Schema([])
    switch kind {
    case .csv:
      for path in paths {
        let plan = try CSVSniffer.sniff(path: path, options: options.csv).plan
        csvPlans.append(plan)
        for (name, type) in zip(plan.names, plan.types) {
          if let index = unitedNames.firstIndex(of: name) {
            unitedTypes[index] = Self.join(unitedTypes[index], type)
          } else {
            unitedNames.append(name)
            unitedTypes.append(type)
          }
        }
      }
    case .json:
      for path in paths {
        let plan = try JSONSniffer.sniff(path: path, options: options.json)
        jsonPlans.append(plan)
        unitedShape = unitedShape.merged(with: plan.shape.value)
      }
    }
    schema = unitedSchema()
  }

  private func unitedSchema() -> Schema {
    switch kind {
    case .csv: return Schema(zip(unitedNames, unitedTypes).map { Field($0, $1.dataType) })
    case .json:
      var plan = jsonPlans[0]
      plan.shape = JSONShapeBox(unitedShape)
      return plan.schema
    }
  }

  /// The narrowest text type that holds the values of both.
  static func join(_ a: TextScalarType, _ b: TextScalarType) -> TextScalarType { TextScalarType.join(a, b) }

  /// Starts again from the first file, with the current (possibly widened) schema.
  public func restart() throws(FormatError) {
    csvReader?.close()
    jsonReader?.close()
    csvReader = nil
    jsonReader = nil
    fileIndex = 0
    delivered = 0
    rejectedRows = []
    rejectedRowCount = 0
  }

  /// The next batch, with `schema`, or nil after the last file.
  public func next() throws(FormatError) -> RecordBatch? {
    while fileIndex < paths.count {
      let batch: RecordBatch?
      switch kind {
      case .csv: batch = try nextCSV()
      case .json: batch = try nextJSON()
      }
      if let batch {
        delivered += 1
        return batch
      }
      fileIndex += 1
    }
    return nil
  }

  /// Called when a file's reader had to widen: updates the united schema and decides whether to go on.
  private func schemaChanged(_ error: FormatError?) throws(FormatError) {
    let old = schema
    schema = unitedSchema()
    rereadCount += 1
    if delivered > 0 {
      csvReader?.close()
      jsonReader?.close()
      let changed = schema.fields.first { field in old.fields.first { $0.name == field.name } != field }
      throw FormatError(
        .schemaWidened(
          column: changed?.name ?? "*", from: old.fields.first { $0.name == changed?.name }?.type.sqlName ?? "?",
          to: changed?.type.sqlName ?? "?")
      ).at(file: paths[fileIndex], line: error?.location.line)
    }
  }

  private func nextCSV() throws(FormatError) -> RecordBatch? {
    if csvReader == nil {
      var plan = csvPlans[fileIndex]
      for (i, name) in plan.names.enumerated() where !plan.isFixed[i] {
        plan.types[i] = unitedTypes[unitedNames.firstIndex(of: name)!]
      }
      csvReader = CSVReader(source: try openByteSource(path: plan.path), plan: plan)
    }
    let reader = csvReader!
    var batch: RecordBatch?
    do {
      batch = try reader.next()
    } catch let error where error.isSchemaWidening {
      try absorbWidening(reader.plan)
      try schemaChanged(error)
      try reader.restart()
      return try nextCSV()
    }
    if reader.plan.types != csvPlans[fileIndex].types.enumerated().map({ i, t in
      csvPlans[fileIndex].isFixed[i] ? t : unitedTypes[unitedNames.firstIndex(of: csvPlans[fileIndex].names[i])!]
    }) {
      // The file's reader widened before returning anything; the other files must follow.
      try absorbWidening(reader.plan)
      try schemaChanged(nil)
    }
    guard let batch else {
      rejectedRowCount += reader.rejectedRowCount
      rejectedRows += reader.rejectedRows
      csvReader = nil
      return nil
    }
    return mapCSV(batch, plan: reader.plan)
  }

  private func absorbWidening(_ plan: CSVScanPlan) throws(FormatError) {
    for (name, type) in zip(plan.names, plan.types) {
      let index = unitedNames.firstIndex(of: name)!
      unitedTypes[index] = Self.join(unitedTypes[index], type)
    }
  }

  /// A file's batch with the united columns: its own where it has them, nulls elsewhere.
  private func mapCSV(_ batch: RecordBatch, plan: CSVScanPlan) -> RecordBatch {
    var columns: [ColumnVector] = []
    for (name, type) in zip(unitedNames, unitedTypes) {
      if let index = plan.names.firstIndex(of: name), batch.columns[index].type == type.dataType {
        columns.append(batch.columns[index])
      } else {
        columns.append(nullVector(type.dataType, count: batch.count))
      }
    }
    return RecordBatch(schema: schema, columns: columns, count: batch.count)
  }

  private func nextJSON() throws(FormatError) -> RecordBatch? {
    if jsonReader == nil {
      var plan = jsonPlans[fileIndex]
      plan.shape = JSONShapeBox(unitedShape)
      jsonReader = JSONReader(source: try openByteSource(path: plan.path), head: [], plan: plan)
    }
    let reader = jsonReader!
    var batch: RecordBatch?
    do {
      batch = try reader.next()
    } catch let error where error.isSchemaWidening {
      unitedShape = unitedShape.merged(with: reader.plan.shape.value)
      try schemaChanged(error)
      try reader.restart()
      return try nextJSON()
    }
    if reader.plan.shape.value != unitedShape {
      unitedShape = unitedShape.merged(with: reader.plan.shape.value)
      try schemaChanged(nil)
    }
    guard let batch else {
      jsonReader = nil
      return nil
    }
    return RecordBatch(schema: schema, columns: batch.columns, count: batch.count)
  }

}

/// A vector of `count` nulls of any type (children of nested types are empty or null too).
public func nullVector(_ type: DataType, count: Int) -> ColumnVector {
  let validity = ValidityBitmap(allNull: count)
  switch type {
  case .string, .binary:
    let offsets = ByteBuffer(capacity: (count + 1) * 8, zeroed: true)
    offsets.count = (count + 1) * 8
    return ColumnVector(type: type, count: count, values: ByteBuffer(capacity: 0), offsets: offsets, validity: validity)
  case .list(let element):
    let offsets = ByteBuffer(capacity: (count + 1) * 8, zeroed: true)
    offsets.count = (count + 1) * 8
    return ColumnVector(
      type: type, count: count, values: ByteBuffer(capacity: 0), offsets: offsets, validity: validity,
      children: [nullVector(element.type, count: 0)])
  case .structure(let fields):
    return ColumnVector(
      type: type, count: count, values: ByteBuffer(capacity: 0), validity: validity,
      children: fields.map { nullVector($0.type, count: count) })
  default:
    let width = type.fixedWidth ?? 0
    let values = ByteBuffer(capacity: count * width, zeroed: true)
    values.count = count * width
    return ColumnVector(type: type, count: count, values: values, validity: validity)
  }
}
