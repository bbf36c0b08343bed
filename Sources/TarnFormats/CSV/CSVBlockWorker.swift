// Parses one block on a worker thread: tokenize a chunk of rows, convert its columns while hot, emit batches.
import TarnCore

/// A column that needs a wider type than the plan's, found in a block.
struct CSVWidening {
  var column: Int
  var from: TextScalarType
  var to: TextScalarType
  var line: Int
}

/// What a worker made of a block.
enum CSVBlockOutcome {
  /// Lines (and rejected-row lines) are counted from the block's start; `lineCount` is its line
  /// terminators, so the reader can number lines across blocks in order.
  case batches([RecordBatch], rejected: [CSVRejectedRow], rejectedCount: Int, lineCount: Int)
  /// Values in the block do not fit their column types; the read must start again with wider ones.
  /// Lines here and in `.failed` are counted from the block's start.
  case widen([CSVWidening])
  /// Quote parity split this block wrongly (a quote byte inside an unquoted field): split exactly instead.
  case splitAgainExactly
  case failed(FormatError)
}

/// One worker's reusable state. Used by a single thread.
///
/// Rows are tokenized `chunkRows` at a time into a small field table, and every column of the chunk is
/// converted right away, so the chunk's input bytes (~100 KB) are read from cache by each column's pass
/// instead of from memory. Batches collect `batchSize` rows of converted chunks.
final class CSVBlockWorker {
  /// Rows per chunk: a multiple of 64 (validity words), small enough that the chunk's bytes stay in L2.
  static let chunkRows = 1024

  let plan: CSVScanPlan
  let storage: CSVFieldStorage
  let tokenizer: CSVTokenizer
  let quotelessTokenizer: CSVTokenizer
  let nullRule: CSVNullRule
  let schema: Schema
  let outputColumns: [Int]
  let rejectLimit: Int
  /// Output columns whose type the caller fixed (never VARCHAR): checked value by value under the skip policy.
  let fixedTypedColumns: [Int]
  let skipsRaggedRows: Bool
  let batchCapacity: Int

  init(plan: CSVScanPlan) {
    self.plan = plan
    storage = CSVFieldStorage(columnCount: max(plan.columnCount, 1), rowCapacity: Self.chunkRows)
    tokenizer = CSVTokenizer(dialect: plan.dialect, columnCount: plan.columnCount)
    quotelessTokenizer = tokenizer.withoutQuotes
    nullRule = CSVNullRule(nullStrings: plan.nullStrings, allowQuotedNulls: plan.allowQuotedNulls)
    schema = plan.schema
    outputColumns = plan.outputColumns
    fixedTypedColumns = plan.outputColumns.filter { plan.isFixed[$0] && plan.types[$0] != .varchar }
    if case .skip(let keep) = plan.errorPolicy {
      rejectLimit = keep
      skipsRaggedRows = true
    } else {
      rejectLimit = 0
      skipsRaggedRows = false
    }
    // Wide files get shorter batches: about 16M cells of output per batch at most.
    // Chunks start at multiples of chunkRows within a batch; only a batch's last chunk may be short.
    let widthLimited = max(Self.chunkRows, (16 << 20) / max(outputColumns.count, 1) / Self.chunkRows * Self.chunkRows)
    batchCapacity = max(1, min(plan.batchSize, widthLimited))
  }

  /// Counts lines forward through a block; offsets asked for must not decrease.
  struct LineCounter {
    var line: Int
    var offset = 0
    let terminator: UInt8

    mutating func line(at target: Int, in block: InputBlock) -> Int {
      if target < offset {
        // Rare (an error before the last counted row): count again from the start.
        line = block.firstLine
        offset = 0
      }
      let end = min(target, block.count)
      if end > offset {
        line += CSVBlockProducer.countByte(terminator, block.bytes, offset, end)
        offset = end
      }
      return line
    }
  }

  func process(_ block: InputBlock) -> CSVBlockOutcome {
    let p = UnsafePointer(block.bytes)
    let n = block.count
    var lines = LineCounter(line: block.firstLine, terminator: plan.dialect.lineTerminator)
    func fail(_ reason: FormatError.Reason, offset: Int, column: Int? = nil, named: Bool = true) -> CSVBlockOutcome {
      var name: String? = nil
      if named, let column, column >= 1, column <= plan.names.count { name = plan.names[column - 1] }
      return .failed(
        FormatError(reason).at(file: plan.path, line: lines.line(at: offset, in: block), column: column, columnName: name))
    }
    let check = UTF8Validation.checkCountingLines(
      p, n, terminator: plan.dialect.lineTerminator, validate: plan.validateUTF8)
    if let bad = check.invalidAt { return fail(.invalidUTF8, offset: bad) }
    let tokenizer = block.mayHaveQuotes ? self.tokenizer : quotelessTokenizer
    var position = 0
    if block.isFirst, plan.hasHeader {
      var header = CSVHeaderSkippingSink()
      let result = tokenizer.tokenize(p, count: n, from: 0, isFinal: true, into: &header)
      if let issue = result.issue { return failure(issue, fail) }
      position = result.position
    }
    // A block holds at most lines + 1 rows: builders sized for that, not for a whole batch, keep the
    // memory of the blocks in flight proportional to their bytes (Benchmarks/convert_bench.py, peak RSS).
    let blockCapacity = min(batchCapacity, (check.lines / Self.chunkRows + 1) * Self.chunkRows)
    var batches: [RecordBatch] = []
    var rejected: [CSVRejectedRow] = []
    var rejectedCount = 0
    var builders: [CSVColumnBuilder] = []
    var batchRows = 0
    var firstRejection: [Int: Int] = [:]  // output column → line of its first misfit
    var widest: [Int: TextScalarType] = [:]  // output column → type holding its misfits so far
    func closeBatch() {
      for (k, builder) in builders.enumerated() {
        if let wider = builder.widened { widest[k] = widest[k].map { TextScalarType.join($0, wider) } ?? wider }
      }
      if firstRejection.isEmpty, batchRows > 0 {
        batches.append(RecordBatch(schema: schema, columns: builders.map { $0.finish() }, count: batchRows))
      }
      builders = []
      batchRows = 0
    }
    let readable = block.readable

    while position < n {
      if builders.isEmpty {
        builders = outputColumns.map { CSVColumnBuilder(type: plan.types[$0], capacity: blockCapacity) }
        batchRows = 0
      }
      let room = min(Self.chunkRows, blockCapacity - batchRows)
      var table = CSVFieldTable(
        storage: storage, columnCount: plan.columnCount, skipsRaggedRows: skipsRaggedRows, rowLimit: room)
      let result = tokenizer.tokenize(p, count: n, from: position, isFinal: true, into: &table)
      if result.sawStrayQuote, !plan.splitsExactly { return .splitAgainExactly }
      if let issue = result.issue {
        if case .unterminatedQuote = issue, !block.isLast, !plan.splitsExactly { return .splitAgainExactly }
        return failure(issue, fail)
      }
      // Rows before a ragged row that stops the read are converted first, so an earlier bad value is reported first.
      let raggedStop = table.stoppedOnRaggedRow ? table.raggedRows.last : nil
      if !table.raggedRows.isEmpty {
        rejectedCount += table.raggedRows.count
        for ragged in table.raggedRows where rejected.count < rejectLimit {
          rejected.append(
            CSVRejectedRow(
              file: plan.path, line: lines.line(at: ragged.rowStart, in: block),
              reason: "expected \(plan.columnCount) fields, found \(ragged.fieldCount)"))
        }
      }
      var droppedRows = false
      let tokenizedRows = table.rowCount
      if skipsRaggedRows, !fixedTypedColumns.isEmpty, table.rowCount > 0 {
        // Under the skip policy a value that does not fit a fixed type drops its row, as a ragged row does.
        for (row, column, text) in dropMisfits(&table, p) {
          droppedRows = true
          rejectedCount += 1
          if rejected.count < rejectLimit {
            rejected.append(CSVRejectedRow(
              file: plan.path, line: lines.line(at: row, in: block),
              reason: "column '\(plan.names[column])': value '\(text)' does not fit type \(plan.types[column].dataType.sqlName)"))
          }
        }
      }
      if table.rowCount > 0 {
        for (k, c) in outputColumns.enumerated() {
          let builder = builders[k]
          let wasRejected = builder.rejectedRow != nil
          builder.append(table.column(c), p, readable: readable, rule: nullRule, dialect: plan.dialect)
          if !wasRejected, let row = builder.rejectedRow {
            let chunkRow = row - batchRows
            let offset = Int(table.rowStarts[chunkRow])
            if plan.isFixed[c] {
              let f = table.column(c)
              let start = Int(f.starts[chunkRow])
              let text = String(
                decoding: UnsafeBufferPointer(start: p + start, count: Int(f.ends[chunkRow]) - start), as: UTF8.self)
              return fail(.valueDoesNotFit(value: text, type: builder.type.dataType.sqlName), offset: offset, column: c + 1)
            }
            firstRejection[k] = lines.line(at: offset, in: block)
          }
        }
        batchRows += table.rowCount
      }
      if let ragged = raggedStop {
        // The column is the first missing or extra field.
        return fail(
          .raggedRow(expected: plan.columnCount, found: ragged.fieldCount), offset: ragged.rowStart,
          column: min(ragged.fieldCount, plan.columnCount) + 1, named: false)
      }
      position = result.position
      // A chunk shortened by dropped rows ends its batch: builders take chunks at multiples of 64 rows.
      if batchRows == blockCapacity || droppedRows { closeBatch() }
      if !result.stoppedBySink || tokenizedRows == 0 { break }
    }
    if !builders.isEmpty { closeBatch() }
    if !firstRejection.isEmpty {
      // Every column that rejected a value, with the type its values in this block need.
      let widenings = firstRejection.keys.sorted().map { k -> CSVWidening in
        CSVWidening(column: outputColumns[k], from: plan.types[outputColumns[k]], to: widest[k] ?? .varchar, line: firstRejection[k]!)
      }
      return .widen(widenings)
    }
    return .batches(batches, rejected: rejected, rejectedCount: rejectedCount, lineCount: check.lines)
  }

  /// Removes the rows whose value in a fixed-type column does not fit it; returns each one's start offset,
  /// column and value, in row order.
  func dropMisfits(_ table: inout CSVFieldTable, _ p: UnsafePointer<UInt8>) -> [(offset: Int, column: Int, text: String)] {
    var dropped: [(offset: Int, column: Int, text: String)] = []
    var row = 0
    while row < table.rowCount {
      var misfit: (column: Int, text: String)? = nil
      for c in fixedTypedColumns {
        let cell = c &* table.rowCapacity &+ row
        let s = Int(table.starts[cell]), e = Int(table.ends[cell])
        if s == e { continue }
        let quoted = table.flags[cell] & CSVFieldFlags.quoted != 0
        if !nullRule.tokens.isEmpty, !quoted || nullRule.allowQuotedNulls, nullRule.matchesToken(p, s, e) { continue }
        if !plan.types[c].admits(ValueClassifier.classify(p, s, e)) {
          misfit = (c, String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self))
          break
        }
      }
      if let misfit {
        dropped.append((Int(table.rowStarts[row]), misfit.column, misfit.text))
        table.removeRow(row)
      } else {
        row += 1
      }
    }
    return dropped
  }

  func failure(_ issue: CSVTokenizerIssue, _ fail: (FormatError.Reason, Int, Int?, Bool) -> CSVBlockOutcome)
    -> CSVBlockOutcome
  {
    switch issue {
    case .unterminatedQuote(let offset):
      return fail(.truncated("a quoted field opened here is never closed"), offset, nil, false)
    case .unexpectedAfterQuote(let offset):
      return fail(.malformed("unexpected character after a closing quote"), offset, nil, false)
    }
  }
}

/// Takes the first row (the header) and stops.
struct CSVHeaderSkippingSink: CSVFieldSink {
  var taken = false
  var hasRoom: Bool { !taken }
  mutating func field(index: Int, start: Int, end: Int, flags: UInt8) {}
  mutating func endRow(rowStart: Int, fieldCount: Int) -> Bool {
    taken = true
    return true
  }
}
