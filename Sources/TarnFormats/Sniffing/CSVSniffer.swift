// DuckDB-style CSV auto-detection: dialect, header, column names and types from a sample of the file.
import TarnCore

/// The sniffer's answer: a plan to read the file with, and the bytes it already consumed.
public struct CSVSniffResult: Sendable {
  public var plan: CSVScanPlan
  /// The first bytes of the (decompressed) stream, already read from the source; pass them to `CSVReader`.
  public var head: [UInt8]
  /// Rows whose values decided the types.
  public var sampledRows: Int
}

/// Detects how to read a CSV file, the way DuckDB's `read_csv` auto-detection does.
///
/// 1. Sample: rows from the start of the stream (`sampleRows`, default 20,480) and, for uncompressed
///    files, four chunks of `sampleRows / 8` rows from the middle and end.
/// 2. Dialect: every delimiter (`,` `|` `;` tab), quote (`"`, `'`, none), escape (doubled quote or `\`) and
///    comment (`#` when a line starts with it) that the options leave open is tried on the first rows;
///    the one giving the most rows with the same field count wins.
/// 3. Types: per column, the most specific of BOOLEAN, BIGINT, DECIMAL(38,0), DOUBLE, DECIMAL(38,s), TIME,
///    DATE, TIMESTAMP[_NS], TIMESTAMPTZ, VARCHAR that every sampled value admits (`TextScalarType`).
/// 4. Header (DuckDB's rule): the first row is a header when every column is VARCHAR, when it is all
///    empty, or when one of its values does not fit the type its column has in the other rows.
/// 5. Names: header fields trimmed, empty ones `columnN`, duplicates `a_1`; without a header `column0…`.
public enum CSVSniffer {
  /// Sniffs the file at `path` (for a plan alone, e.g. to print a schema).
  public static func sniff(path: String, options: CSVReadOptions = CSVReadOptions()) throws(FormatError) -> CSVSniffResult {
    try sniff(source: openByteSource(path: path), options: options)
  }

  /// Sniffs `source` from its current position, which it leaves just after the returned `head`.
  public static func sniff(source: any ByteChunkSource, options: CSVReadOptions) throws(FormatError) -> CSVSniffResult {
    do {
      return try sniffUnlocated(source: source, options: options)
    } catch {
      throw error.at(file: source.path)
    }
  }

  static let maximumHeadBytes = 64 << 20

  static func sniffUnlocated(source: any ByteChunkSource, options: CSVReadOptions) throws(FormatError) -> CSVSniffResult {
    let sampleRows = options.sampleRows.map { max($0, 1) }
    // 1. The head of the stream: enough lines for the sample, bounded.
    var head: [UInt8] = []
    var headIsComplete = false
    var lines = 0
    let chunk = 1 << 20
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
    defer { buffer.deallocate() }
    while head.count < maximumHeadBytes {
      let before = head.count
      let n = try source.read(into: buffer)
      head.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
      if n < chunk {
        headIsComplete = true
        break
      }
      lines += head.withUnsafeBufferPointer { CSVBlockProducer.countByte(10, $0.baseAddress!, before, $0.count) }
      if let sampleRows, lines > sampleRows + 1 { break }
      if sampleRows == nil, head.count >= 8 << 20 { break }
    }
    let bomLength = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0

    var plan = CSVScanPlan(
      path: source.path, dialect: CSVDialect(), hasHeader: false, names: [], types: [], isFixed: [],
      projection: nil, nullStrings: options.nullStrings, allowQuotedNulls: options.allowQuotedNulls,
      batchSize: max(options.batchSize, 1), errorPolicy: options.errorPolicy, validateUTF8: options.validateUTF8,
      workers: 0, blockSize: 1 << 20, splitsExactly: false)
    let threads = options.threads ?? Processors.online
    plan.workers = threads <= 1 ? 0 : threads

    var sampled = 0
    var averageRowBytes = 100.0
    try head.withUnsafeBufferPointer { (buffer) throws(FormatError) in
      let p = buffer.baseAddress! + bomLength
      let n = buffer.count - bomLength
      guard n > 0 else {
        // An empty file: one VARCHAR column and no rows, as DuckDB reads it.
        plan.dialect = options.explicitDialect ?? CSVDialect()
        plan.hasHeader = options.header ?? false
        plan.names = options.columnNames ?? ["column0"]
        plan.types = Array(repeating: .varchar, count: plan.names.count)
        plan.isFixed = Array(repeating: false, count: plan.names.count)
        return
      }
      // 2. Dialect.
      let best = CSVDialectDetection.detect(p, n, isComplete: headIsComplete, options: options)
      plan.dialect = best.dialect
      let columnCount = best.columnCount
      let tokenizer = CSVTokenizer(dialect: plan.dialect, columnCount: columnCount)

      // The first row, whatever its field count: the header candidate.
      var first = CSVFirstRowSink()
      let firstResult = tokenizer.tokenize(p, count: n, from: 0, isFinal: headIsComplete, into: &first)
      let headerFields: [(start: Int, end: Int, flags: UInt8)] = first.fields

      // 3. Types of the other rows.
      let rowLimit = sampleRows ?? CSVDialectDetection.maximumRows * 10
      let storage = CSVFieldStorage(columnCount: columnCount, rowCapacity: min(rowLimit, 1 << 20))
      var table = CSVFieldTable(storage: storage, columnCount: columnCount, skipsRaggedRows: true)
      let rest = tokenizer.tokenize(p, count: n, from: firstResult.position, isFinal: headIsComplete, into: &table)
      var stats = [ColumnTypeStats](repeating: ColumnTypeStats(), count: columnCount)
      let rule = CSVNullRule(nullStrings: options.nullStrings, allowQuotedNulls: options.allowQuotedNulls)
      accumulate(table, p, rule: rule, into: &stats)
      sampled = table.rowCount
      if rest.sawStrayQuote || firstResult.sawStrayQuote { plan.splitsExactly = true }
      let rowsInHead = table.rowCount + (first.fields.isEmpty ? 0 : 1)
      if rowsInHead > 0 { averageRowBytes = Double(max(rest.position, 1)) / Double(rowsInHead) }

      // Spread the sample over the file: chunks from the middle and the end, read from the head when it
      // holds the whole file, else at offsets of an uncompressed file.
      let totalSize: Int? = headIsComplete ? n : (source.isSeekable ? source.knownSize.map { $0 - bomLength } : nil)
      if let sampleRows, options.sampleSpread, let size = totalSize, size > rest.position,
        plan.dialect.escapesByDoubling, plan.dialect.comment == nil,
        !hasQuotedLineBreaks(table, p, terminator: plan.dialect.lineTerminator)
      {
        let chunkRows = max(sampleRows / 8, 1)
        // About chunkRows rows per chunk; the storage has room for twice that, so the end chunk reaches the end.
        let chunkBytes = max(4 << 10, Int(averageRowBytes * Double(chunkRows)))
        let chunkStorage = CSVFieldStorage(columnCount: columnCount, rowCapacity: chunkRows * 2)
        let sampledEnd = rest.position
        for k in 1...4 {
          let offset = max(k < 4 ? sampledEnd + (size - sampledEnd) / 4 * k : size - chunkBytes, sampledEnd)
          let count = min(chunkBytes, size - offset)
          guard count > 0 else { continue }
          let bytes: [UInt8]
          if headIsComplete {
            bytes = Array(UnsafeBufferPointer(start: p + offset, count: count))
          } else {
            bytes = try readChunk(source, at: offset + bomLength, count: count)
          }
          bytes.withUnsafeBufferPointer { chunk in
            let q = chunk.baseAddress!
            guard let firstBreak = (0..<chunk.count).first(where: { q[$0] == plan.dialect.lineTerminator }) else { return }
            var chunkTable = CSVFieldTable(storage: chunkStorage, columnCount: columnCount, skipsRaggedRows: true)
            _ = tokenizer.tokenize(
              q, count: chunk.count, from: firstBreak + 1, isFinal: offset + chunk.count >= size, into: &chunkTable)
            accumulate(chunkTable, q, rule: rule, into: &stats)
            sampled += chunkTable.rowCount
          }
        }
      }
      if sampleRows == nil {
        plan.hasHeader = true  // provisional, so the full pass skips the header candidate
        let full = try wholeFileStats(source: source, head: head, plan: plan, columnCount: columnCount, rule: rule)
        stats = full.stats
        sampled = full.rows
      }

      // 4. Header.
      let headerValues = headerFields.prefix(columnCount)
      var firstRowIsNull = true
      var firstRowConsistent = true
      var allVarchar = true
      for (c, field) in headerValues.enumerated() {
        let isEmpty = field.end == field.start
        let isNull = isEmpty || (rule.tokens.isEmpty ? false : rule.matchesToken(p, field.start, field.end))
        if !isNull { firstRowIsNull = false }
        let type = stats[c].resolved
        if type == .varchar { continue }
        allVarchar = false
        if !isNull, !type.admits(ValueClassifier.classify(p, field.start, field.end)) { firstRowConsistent = false }
      }
      for c in headerValues.count..<columnCount where stats[c].resolved != .varchar { allVarchar = false }
      plan.hasHeader = options.header ?? (allVarchar || firstRowIsNull || !firstRowConsistent)
      if headerFields.isEmpty { plan.hasHeader = options.header ?? false }
      if !plan.hasHeader, headerFields.count == columnCount {
        // The first row is data: its values count for the types too.
        for (c, field) in headerFields.enumerated() {
          let isNull = field.end == field.start || (!rule.tokens.isEmpty && rule.matchesToken(p, field.start, field.end))
          if !isNull { stats[c].add(ValueClassifier.classify(p, field.start, field.end)) }
        }
        sampled += 1
      }

      // 5. Names.
      if plan.hasHeader {
        let texts: [String?] = headerFields.map { field in
          let bytes = UnsafeBufferPointer(start: p + field.start, count: field.end - field.start)
          var text = String(decoding: bytes, as: UTF8.self)
          if field.flags & CSVFieldFlags.escaped != 0 {
            let q = plan.dialect.quote.map { String(UnicodeScalar($0)) } ?? "\""
            let e = plan.dialect.escape.map { String(UnicodeScalar($0)) } ?? q
            text = text.replacingAll(e + q, with: q)
            if e != q { text = text.replacingAll(e + e, with: e) }
          }
          return text
        }
        plan.names = ColumnNaming.fromHeader(texts, count: columnCount)
      } else {
        plan.names = ColumnNaming.generatedNames(columnCount)
      }
      plan.types = stats.map { $0.resolved }
      plan.isFixed = Array(repeating: false, count: columnCount)
    }

    // Overrides.
    if let names = options.columnNames {
      for (i, name) in names.enumerated() where i < plan.names.count { plan.names[i] = name }
    }
    if options.allVarchar {
      plan.types = Array(repeating: .varchar, count: plan.names.count)
    }
    for (name, type) in options.columnTypes {
      guard let index = plan.names.firstIndex(of: name) else {
        throw FormatError(.invalidOption("no column named '\(name)' to give type \(type.type.dataType.sqlName)"))
      }
      plan.types[index] = type.type
      plan.isFixed[index] = true
    }
    for (index, type) in options.columnTypesByIndex {
      guard index >= 0, index < plan.types.count else {
        throw FormatError(.invalidOption("no column \(index) to give type \(type.type.dataType.sqlName)"))
      }
      plan.types[index] = type.type
      plan.isFixed[index] = true
    }

    // Blocks of about one batch, but enough of them to keep every worker busy on small files.
    var blockSize = Int(averageRowBytes * Double(plan.batchSize) * 1.05)
    if let size = source.knownSize { blockSize = min(blockSize, max(1 << 20, size / max(2 * plan.workers, 1))) }
    plan.blockSize = min(max(blockSize, 256 << 10), 64 << 20)

    if sampleRows == nil {
      try source.rewind()
      head = []
    }
    return CSVSniffResult(plan: plan, head: head, sampledRows: sampled)
  }

  static func readChunk(_ source: any ByteChunkSource, at offset: Int, count: Int) throws(FormatError) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: max(count, 0))
    let n = try bytes.withUnsafeMutableBytes { raw in
      Result { () throws(FormatError) -> Int in try source.read(at: offset, into: raw) }
    }.get()
    bytes.removeLast(bytes.count - n)
    return bytes
  }

  /// Adds every non-null value of the table to the per-column candidate sets.
  static func accumulate(_ table: CSVFieldTable, _ p: UnsafePointer<UInt8>, rule: CSVNullRule, into stats: inout [ColumnTypeStats]) {
    for c in 0..<table.columnCount {
      let f = table.column(c)
      var column = stats[c]
      for r in 0..<f.count {
        let s = Int(f.starts[r])
        let e = Int(f.ends[r])
        if s == e { continue }
        if !rule.tokens.isEmpty, f.flags[r] & CSVFieldFlags.quoted == 0 || rule.allowQuotedNulls,
          rule.matchesToken(p, s, e)
        {
          continue
        }
        column.add(ValueClassifier.classify(p, s, e))
      }
      stats[c] = column
    }
  }

  /// True when a quoted field in the sample spans lines: chunks read from the middle could then start
  /// inside a quoted field, so the sample stays at the head.
  static func hasQuotedLineBreaks(_ table: CSVFieldTable, _ p: UnsafePointer<UInt8>, terminator: UInt8) -> Bool {
    for c in 0..<table.columnCount {
      let f = table.column(c)
      for r in 0..<f.count where f.flags[r] & CSVFieldFlags.quoted != 0 {
        for i in Int(f.starts[r])..<Int(f.ends[r]) where p[i] == terminator { return true }
      }
    }
    return false
  }

  /// Types from every row of the file (`sampleRows == nil`), streamed block by block.
  static func wholeFileStats(
    source: any ByteChunkSource, head: [UInt8], plan: CSVScanPlan, columnCount: Int, rule: CSVNullRule
  ) throws(FormatError) -> (stats: [ColumnTypeStats], rows: Int) {
    var plan = plan
    plan.blockSize = 8 << 20
    let pool = InputBlockPool(blockSize: plan.blockSize)
    let producer = CSVBlockProducer(source: source, head: head, plan: plan, pool: pool)
    let tokenizer = CSVTokenizer(dialect: plan.dialect, columnCount: columnCount)
    let storage = CSVFieldStorage(columnCount: columnCount, rowCapacity: 65_536)
    var stats = [ColumnTypeStats](repeating: ColumnTypeStats(), count: columnCount)
    var rows = 0
    while true {
      let step = producer.next()
      guard case .job(let block) = step else {
        if case .failed(let error) = step { throw error }
        break
      }
      let p = UnsafePointer(block.bytes)
      var position = 0
      if block.isFirst {
        var header = CSVHeaderSkippingSink()
        position = tokenizer.tokenize(p, count: block.count, from: 0, isFinal: true, into: &header).position
      }
      while position < block.count {
        var table = CSVFieldTable(storage: storage, columnCount: columnCount, skipsRaggedRows: true)
        let result = tokenizer.tokenize(p, count: block.count, from: position, isFinal: true, into: &table)
        accumulate(table, p, rule: rule, into: &stats)
        rows += table.rowCount
        if !result.stoppedBySink || result.position == position { break }
        position = result.position
      }
      pool.give(block)
    }
    return (stats, rows)
  }
}

/// Keeps the fields of the first row only.
struct CSVFirstRowSink: CSVFieldSink {
  var fields: [(start: Int, end: Int, flags: UInt8)] = []
  var done = false
  var hasRoom: Bool { !done }
  mutating func field(index: Int, start: Int, end: Int, flags: UInt8) { fields.append((start, end, flags)) }
  mutating func endRow(rowStart: Int, fieldCount: Int) -> Bool {
    done = true
    return true
  }
}
