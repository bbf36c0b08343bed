// The streaming JSON reader: NDJSON or a top-level array of objects, schema inferred from a sample, batches in order.
import TarnCore

/// Options for reading JSON. Every nil means "detect it".
public struct JSONReadOptions: Sendable {
  public var format: JSONFormat?
  /// Top-level values whose shapes decide the schema; nil reads the whole file first.
  public var sampleRows: Int? = 20_480
  public var batchSize = 122_880
  /// Worker threads; nil uses every core.
  public var threads: Int?
  public var validateUTF8 = true
  public init() {}
}

/// Where a JSON read stands after inference: layout, records or not, and the shape of the values.
public struct JSONScanPlan: Sendable {
  public var path: String
  public var format: JSONFormat
  var shape: JSONShapeBox
  public var batchSize: Int
  public var workers: Int
  public var blockSize: Int
  public var validateUTF8: Bool

  /// Objects at the top level become rows with one column per key; anything else is one column `json`.
  var isRecords: Bool {
    if case .object(let keys, _) = shape.value { return !keys.isEmpty }
    return false
  }

  var rootType: JSONColumnType {
    if isRecords { return shape.value.columnType }
    return .structure(keys: ["json"], types: [shape.value.columnType])
  }

  public var schema: Schema {
    guard case .structure(let keys, let types) = rootType else { return Schema([]) }
    return Schema(zip(keys, types).map { Field($0, $1.dataType) })
  }
}

/// A shape behind a reference, so plans stay cheap to copy and Sendable.
final class JSONShapeBox: @unchecked Sendable {
  // Safe: never mutated after init.
  let value: JSONShape
  init(_ value: JSONShape) { self.value = value }
}

/// What a worker made of a JSON block.
enum JSONBlockOutcome {
  case batches([RecordBatch])
  /// The block holds values the schema cannot take: this is the block's own shape, to merge in.
  case widen(JSONShape, line: Int)
  case failed(FormatError)
}

/// Reads NDJSON (one value per line, or any whitespace between values) or a top-level JSON array.
///
/// ```swift
/// let reader = try JSONReader(path: "events.ndjson.zst")
/// while let batch = try reader.next() { … }
/// ```
/// Objects become rows; keys are united across rows (missing keys are null); nested objects become
/// structs and arrays lists. Types widen when values disagree: BIGINT → DOUBLE (when exact) or DECIMAL,
/// numbers or booleans mixed with strings → VARCHAR (their text), objects or arrays mixed with anything
/// else → VARCHAR holding the JSON text. As with CSV, a value past the sample that does not fit widens
/// the schema and the file is read again (`.schemaWidened` if batches were already returned).
public final class JSONReader: RestartableBatchReader {
  public private(set) var plan: JSONScanPlan
  public var schema: Schema { plan.schema }
  public private(set) var rereadCount = 0

  private let source: any ByteChunkSource
  private var head: [UInt8]
  private var pipeline: OrderedPipeline<InputBlock, JSONBlockOutcome>?
  private var pending: [RecordBatch] = []
  private var pendingIndex = 0
  private var delivered = 0
  private var finished = false

  public convenience init(path: String, options: JSONReadOptions = JSONReadOptions()) throws(FormatError) {
    let source = try openByteSource(path: path)
    let (plan, head) = try JSONSniffer.sniff(source: source, options: options)
    self.init(source: source, head: head, plan: plan)
  }

  public init(source: any ByteChunkSource, head: [UInt8], plan: JSONScanPlan) {
    self.source = source
    self.head = head
    self.plan = plan
  }

  deinit { pipeline?.cancel() }

  public func close() {
    pipeline?.cancel()
    pipeline = nil
    finished = true
  }

  public func restart() throws(FormatError) {
    pipeline?.cancel()
    pipeline = nil
    pending = []
    pendingIndex = 0
    delivered = 0
    finished = false
    head = []
    try source.rewind()
  }

  private func startPass() {
    let plan = self.plan
    let pool = InputBlockPool(blockSize: plan.blockSize)
    let producer = JSONBlockProducer(source: source, head: head, format: plan.format, path: plan.path, pool: pool)
    head = []
    pipeline = OrderedPipeline(
      workers: plan.workers, maxInFlight: plan.workers + 2,
      produce: { producer.next() },
      work: { _, block in
        let outcome = JSONBlockWorker(plan: plan).process(block)
        pool.give(block)
        return outcome
      })
  }

  public func next() throws(FormatError) -> RecordBatch? {
    while true {
      if pendingIndex < pending.count {
        let batch = pending[pendingIndex]
        pendingIndex += 1
        delivered += 1
        return batch
      }
      if finished { return nil }
      if pipeline == nil { startPass() }
      guard let outcome = try pipeline!.next() else {
        pipeline = nil
        finished = true
        return nil
      }
      switch outcome {
      case .batches(let batches):
        pending = batches
        pendingIndex = 0
      case .failed(let error):
        close()
        throw error
      case .widen(let blockShape, let line):
        let before = plan.rootType
        let oldSchema = plan.schema
        plan.shape = JSONShapeBox(plan.shape.value.merged(with: blockShape))
        rereadCount += 1
        guard plan.rootType != before, rereadCount <= 64 else {
          close()
          throw FormatError(.internalBug("JSON schema did not widen to hold a value")).at(file: plan.path, line: line)
        }
        if delivered == 0 {
          try restart()
          continue
        }
        close()
        let changed = plan.schema.fields.first { field in oldSchema.fields.first { $0.name == field.name } != field }
        throw FormatError(
          .schemaWidened(
            column: changed?.name ?? "*",
            from: oldSchema.fields.first { $0.name == changed?.name }?.type.sqlName ?? "(absent)",
            to: changed?.type.sqlName ?? "?")
        ).at(file: plan.path, line: line)
      }
    }
  }

}

/// Parses one block of whole top-level values into batches.
struct JSONBlockWorker {
  let plan: JSONScanPlan

  func line(at offset: Int, in block: InputBlock) -> (line: Int, column: Int) {
    var line = block.firstLine
    var lineStart = 0
    for i in 0..<min(offset, block.count) where block.bytes[i] == 10 {
      line += 1
      lineStart = i + 1
    }
    return (line, offset - lineStart + 1)
  }

  func fail(_ issue: JSONIssue, _ block: InputBlock) -> JSONBlockOutcome {
    let (line, column) = line(at: issue.offset, in: block)
    let reason: FormatError.Reason =
      issue.message.hasPrefix("unexpected end") || issue.message.hasPrefix("unterminated")
      ? .truncated(issue.message) : .malformed(issue.message)
    return .failed(FormatError(reason).at(file: plan.path, line: line, column: column))
  }

  /// Visits each top-level value: the cursor is at its first byte when `body` runs, which must consume it.
  static func forEachValue(
    _ s: inout JSONScanner, format: JSONFormat, isFirst: Bool, isLast: Bool,
    _ body: (inout JSONScanner) throws(JSONAppendFailure) -> Void
  ) throws(JSONAppendFailure) {
    s.skipWhitespace()
    if format == .array, isFirst {
      guard !s.atEnd, s.current == 91 else { throw .issue(s.issue("expected '[' to start the array")) }
      s.position += 1
      s.skipWhitespace()
      if !s.atEnd, s.current == 93 {
        s.position += 1
        s.skipWhitespace()
        guard s.atEnd else { throw .issue(s.issue("unexpected data after the array")) }
        return
      }
    }
    while true {
      s.skipWhitespace()
      if s.atEnd {
        if format == .array, isLast { throw .issue(s.issue("unexpected end of input, expected ']'")) }
        return
      }
      try body(&s)
      s.skipWhitespace()
      if format == .array {
        guard !s.atEnd else {
          if isLast { throw .issue(s.issue("unexpected end of input, expected ',' or ']'")) }
          return
        }
        if s.current == 44 {
          s.position += 1
          continue
        }
        guard s.current == 93 else { throw .issue(s.issue("expected ',' or ']'")) }
        s.position += 1
        s.skipWhitespace()
        guard s.atEnd else { throw .issue(s.issue("unexpected data after the array")) }
        return
      }
    }
  }

  func process(_ block: InputBlock) -> JSONBlockOutcome {
    let p = UnsafePointer(block.bytes)
    let n = block.count
    if plan.validateUTF8, let bad = UTF8Validation.firstInvalid(p, n) {
      let (line, column) = line(at: bad, in: block)
      return .failed(FormatError(.invalidUTF8).at(file: plan.path, line: line, column: column))
    }
    let rootType = plan.rootType
    let isRecords = plan.isRecords
    var batches: [RecordBatch] = []
    let schema = plan.schema
    var builder = JSONColumnBuilder(type: rootType, capacity: min(plan.batchSize, 4096))
    var scanner = JSONScanner(p, start: 0, end: n)
    do throws(JSONAppendFailure) {
      try Self.forEachValue(&scanner, format: plan.format, isFirst: block.isFirst, isLast: block.isLast) {
        (s) throws(JSONAppendFailure) in
        if isRecords {
          try builder.append(&s)
        } else {
          // One column `json`: wrap the value as the single field of a row.
          try builder.children[0].append(&s)
          builder.closeWrapperRow()
        }
        if builder.count >= plan.batchSize {
          batches.append(Self.batch(builder, schema))
          builder = JSONColumnBuilder(type: rootType, capacity: min(plan.batchSize, 4096))
        }
      }
    } catch {
      switch error {
      case .issue(let issue): return fail(issue, block)
      case .mismatch:
        // Infer this block's own shape; the reader merges it into the schema and reads again.
        var inference = JSONScanner(p, start: 0, end: n)
        var shape = JSONShape.null
        do throws(JSONAppendFailure) {
          try Self.forEachValue(&inference, format: plan.format, isFirst: block.isFirst, isLast: block.isLast) {
            (s) throws(JSONAppendFailure) in
            do throws(JSONIssue) { shape = shape.merged(with: try JSONShapeInference.shape(&s)) } catch { throw .issue(error) }
          }
        } catch {
          if case .issue(let issue) = error { return fail(issue, block) }
        }
        // Non-object values at the top level turn a records schema into one `json` column.
        if isRecords, case .object = shape {} else if isRecords, shape != .null { shape = .mixed }
        return .widen(shape, line: line(at: scanner.position, in: block).line)
      }
    }
    if builder.count > 0 { batches.append(Self.batch(builder, schema)) }
    return .batches(batches)
  }

  static func batch(_ builder: JSONColumnBuilder, _ schema: Schema) -> RecordBatch {
    let root = builder.finish()
    return RecordBatch(schema: schema, columns: root.children, count: root.count)
  }
}

/// Detects the layout and infers the shape of a JSON file from a sample.
public enum JSONSniffer {
  public static func sniff(path: String, options: JSONReadOptions = JSONReadOptions()) throws(FormatError) -> JSONScanPlan {
    try sniff(source: openByteSource(path: path), options: options).plan
  }

  public static func sniff(source: any ByteChunkSource, options: JSONReadOptions) throws(FormatError) -> (
    plan: JSONScanPlan, head: [UInt8]
  ) {
    let sampleRows = options.sampleRows.map { max($0, 1) }
    var head: [UInt8] = []
    var complete = false
    let chunk = 1 << 20
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
    defer { buffer.deallocate() }
    var lines = 0
    while head.count < 64 << 20 {
      let before = head.count
      let n = try source.read(into: buffer)
      head.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
      if n < chunk {
        complete = true
        break
      }
      lines += head.withUnsafeBufferPointer { CSVBlockProducer.countByte(10, $0.baseAddress!, before, $0.count) }
      if let sampleRows, lines > sampleRows { break }
    }
    let bom = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var format = options.format ?? .newlineDelimited
    var shape = JSONShape.null
    var sampled = 0
    try head.withUnsafeBufferPointer { (all) throws(FormatError) in
      let p = all.baseAddress! + bom
      let n = all.count - bom
      var s = JSONScanner(p, start: 0, end: n)
      s.skipWhitespace()
      if options.format == nil, !s.atEnd, s.current == 91 {
        // One top-level array, unless more values follow it (NDJSON whose lines are arrays).
        var probe = s
        let wholeArray = (try? probe.skipValue()) != nil
        probe.skipWhitespace()
        format = (wholeArray && !probe.atEnd) ? .newlineDelimited : .array
      }
      let limit = sampleRows ?? Int.max
      do throws(JSONAppendFailure) {
        try JSONBlockWorker.forEachValue(&s, format: format, isFirst: true, isLast: complete) {
          (v) throws(JSONAppendFailure) in
          guard sampled < limit else {
            v.position = v.end  // stop
            return
          }
          do throws(JSONIssue) { shape = shape.merged(with: try JSONShapeInference.shape(&v)) } catch { throw .issue(error) }
          sampled += 1
        }
      } catch {
        // A value cut off by the end of the sample is not an error; a real one shows up when reading.
        if complete, sampled < limit, case .issue(let issue) = error {
          var line = 1
          var lineStart = 0
          for i in 0..<min(issue.offset, n) where p[i] == 10 {
            line += 1
            lineStart = i + 1
          }
          let reason: FormatError.Reason =
            issue.message.hasPrefix("unexpected end") || issue.message.hasPrefix("unterminated")
            ? .truncated(issue.message) : .malformed(issue.message)
          throw FormatError(reason).at(file: source.path, line: line, column: issue.offset - lineStart + 1)
        }
      }
    }
    let threads = options.threads ?? Processors.online
    let workers = threads <= 1 ? 0 : threads
    let averageBytes = sampled > 0 ? Double(head.count) / Double(max(sampled, 1)) : 200
    var blockSize = Int(averageBytes * Double(options.batchSize))
    if let size = source.knownSize { blockSize = min(blockSize, max(1 << 20, size / max(2 * workers, 1))) }
    blockSize = min(max(blockSize, 256 << 10), 64 << 20)
    var plan = JSONScanPlan(
      path: source.path, format: format, shape: JSONShapeBox(shape), batchSize: max(options.batchSize, 1),
      workers: workers, blockSize: blockSize, validateUTF8: options.validateUTF8)
    if sampleRows == nil {
      // Whole-file inference: stream every block through shape inference, then start over.
      let pool = InputBlockPool(blockSize: 8 << 20)
      let producer = JSONBlockProducer(source: source, head: head, format: format, path: source.path, pool: pool)
      var whole = JSONShape.null
      while case .job(let block) = producer.next() {
        var s = JSONScanner(UnsafePointer(block.bytes), start: 0, end: block.count)
        do throws(JSONAppendFailure) {
          try JSONBlockWorker.forEachValue(&s, format: format, isFirst: block.isFirst, isLast: block.isLast) {
            (v) throws(JSONAppendFailure) in
            do throws(JSONIssue) { whole = whole.merged(with: try JSONShapeInference.shape(&v)) } catch { throw .issue(error) }
          }
        } catch {
          if case .issue(let issue) = error {
            let (line, column) = JSONBlockWorker(plan: plan).line(at: issue.offset, in: block)
            throw FormatError(.malformed(issue.message)).at(file: source.path, line: line, column: column)
          }
        }
        pool.give(block)
      }
      plan.shape = JSONShapeBox(whole)
      try source.rewind()
      head = []
    }
    return (plan, head)
  }
}
