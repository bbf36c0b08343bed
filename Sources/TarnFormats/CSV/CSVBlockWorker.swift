// Parses one block on a worker thread: tokenize rows into the field table, convert columns into batches.
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
  case batches([RecordBatch], rejected: [CSVRejectedRow], rejectedCount: Int)
  /// Values in the block do not fit their column types; the read must start again with wider ones.
  case widen([CSVWidening])
  /// Quote parity split this block wrongly (a quote byte inside an unquoted field): split exactly instead.
  case splitAgainExactly
  case failed(FormatError)
}

/// One worker's reusable state. Used by a single thread.
final class CSVBlockWorker {
  let plan: CSVScanPlan
  let storage: CSVFieldStorage
  let tokenizer: CSVTokenizer
  let nullRule: CSVNullRule
  let schema: Schema
  let outputColumns: [Int]
  let rejectLimit: Int

  init(plan: CSVScanPlan) {
    self.plan = plan
    let columns = max(plan.columnCount, 1)
    // About 4M cells per worker at most (36 MB of positions); wide files get shorter batches.
    let rows = min(max(plan.batchSize, 1), max(2048, 4_194_304 / columns))
    storage = CSVFieldStorage(columnCount: columns, rowCapacity: rows)
    tokenizer = CSVTokenizer(dialect: plan.dialect, columnCount: plan.columnCount)
    nullRule = CSVNullRule(nullStrings: plan.nullStrings, allowQuotedNulls: plan.allowQuotedNulls)
    schema = plan.schema
    outputColumns = plan.outputColumns
    if case .skip(let keep) = plan.errorPolicy { rejectLimit = keep } else { rejectLimit = 0 }
  }

  /// Lines from the start of the block to `offset`, as a 1-based line number.
  func line(at offset: Int, in block: InputBlock) -> Int {
    var lines = block.firstLine
    let terminator = plan.dialect.lineTerminator
    for i in 0..<min(offset, block.count) where block.bytes[i] == terminator { lines += 1 }
    return lines
  }

  func fail(_ reason: FormatError.Reason, offset: Int, column: Int? = nil, in block: InputBlock) -> CSVBlockOutcome {
    var name: String? = nil
    if let column, column >= 1, column <= plan.names.count { name = plan.names[column - 1] }
    return .failed(FormatError(reason).at(file: plan.path, line: line(at: offset, in: block), column: column, columnName: name))
  }

  func process(_ block: InputBlock) -> CSVBlockOutcome {
    let p = UnsafePointer(block.bytes)
    let n = block.count
    if plan.validateUTF8, let bad = UTF8Validation.firstInvalid(p, n) {
      return fail(.invalidUTF8, offset: bad, in: block)
    }
    var position = 0
    if block.isFirst, plan.hasHeader {
      var header = CSVHeaderSkippingSink()
      let result = tokenizer.tokenize(p, count: n, from: 0, isFinal: true, into: &header)
      if let issue = result.issue { return failure(issue, block) }
      position = result.position
    }
    var batches: [RecordBatch] = []
    var rejected: [CSVRejectedRow] = []
    var rejectedCount = 0
    while position < n {
      var table = CSVFieldTable(
        storage: storage, columnCount: plan.columnCount, skipsRaggedRows: rejectLimit > 0 || isSkipping)
      let result = tokenizer.tokenize(p, count: n, from: position, isFinal: true, into: &table)
      if result.sawStrayQuote, !plan.splitsExactly { return .splitAgainExactly }
      if let issue = result.issue {
        if case .unterminatedQuote = issue, !block.isLast, !plan.splitsExactly { return .splitAgainExactly }
        return failure(issue, block)
      }
      if table.stoppedOnRaggedRow, let ragged = table.raggedRows.last {
        // The column is the first missing or extra field.
        return .failed(
          FormatError(.raggedRow(expected: plan.columnCount, found: ragged.fieldCount)).at(
            file: plan.path, line: line(at: ragged.rowStart, in: block),
            column: min(ragged.fieldCount, plan.columnCount) + 1))
      }
      if !table.raggedRows.isEmpty {
        rejectedCount += table.raggedRows.count
        // Lines are counted incrementally: rejected rows come in file order.
        var lineNumber = block.firstLine
        var counted = 0
        for ragged in table.raggedRows where rejected.count < rejectLimit {
          for i in counted..<ragged.rowStart where block.bytes[i] == plan.dialect.lineTerminator { lineNumber += 1 }
          counted = ragged.rowStart
          rejected.append(
            CSVRejectedRow(
              file: plan.path, line: lineNumber,
              reason: "expected \(plan.columnCount) fields, found \(ragged.fieldCount)"))
        }
      }
      if table.rowCount > 0 {
        switch convert(table, p, block) {
        case .success(let batch): batches.append(batch)
        case .failure(let outcome): return outcome.outcome
        }
      }
      if !result.stoppedBySink || result.position == position { break }
      position = result.position
    }
    return .batches(batches, rejected: rejected, rejectedCount: rejectedCount)
  }

  var isSkipping: Bool {
    if case .skip = plan.errorPolicy { return true }
    return false
  }

  func failure(_ issue: CSVTokenizerIssue, _ block: InputBlock) -> CSVBlockOutcome {
    switch issue {
    case .unterminatedQuote(let offset):
      return fail(.truncated("a quoted field opened here is never closed"), offset: offset, in: block)
    case .unexpectedAfterQuote(let offset):
      return fail(.malformed("unexpected character after a closing quote"), offset: offset, in: block)
    }
  }

  struct OutcomeBox: Error { var outcome: CSVBlockOutcome }

  /// Converts every output column of the table; collects all widenings before giving up on the batch.
  func convert(_ table: CSVFieldTable, _ p: UnsafePointer<UInt8>, _ block: InputBlock) -> Result<RecordBatch, OutcomeBox> {
    var columns: [ColumnVector] = []
    columns.reserveCapacity(outputColumns.count)
    var widenings: [CSVWidening] = []
    for c in outputColumns {
      let fields = table.column(c)
      let type = plan.types[c]
      switch CSVColumnConverter.convert(fields, p, type: type, rule: nullRule, dialect: plan.dialect) {
      case .converted(let vector):
        columns.append(vector)
      case .rejected(let row):
        let start = Int(fields.starts[row])
        let offset = Int(table.rowStarts[row])
        if plan.isFixed[c] {
          let text = String(decoding: UnsafeBufferPointer(start: p + start, count: Int(fields.ends[row]) - start), as: UTF8.self)
          return .failure(
            OutcomeBox(outcome: fail(.valueDoesNotFit(value: text, type: type.dataType.sqlName), offset: offset, column: c + 1, in: block)))
        }
        let wider = widenedType(fields, p, from: row, current: type)
        widenings.append(CSVWidening(column: c, from: type, to: wider, line: line(at: offset, in: block)))
      }
    }
    if !widenings.isEmpty { return .failure(OutcomeBox(outcome: .widen(widenings))) }
    return .success(RecordBatch(schema: schema, columns: columns, count: table.rowCount))
  }

  /// The type that holds every value of rows `row...` of a column that rejected row `row`.
  func widenedType(_ f: CSVColumnFields, _ p: UnsafePointer<UInt8>, from row: Int, current: TextScalarType) -> TextScalarType {
    var type = current
    for r in row..<f.count {
      let s = Int(f.starts[r])
      let e = Int(f.ends[r])
      if s == e { continue }  // empty: null in a typed column
      if !nullRule.tokens.isEmpty, f.flags[r] & CSVFieldFlags.quoted == 0 || nullRule.allowQuotedNulls,
        nullRule.matchesToken(p, s, e)
      {
        continue
      }
      let value = ValueClassifier.classify(p, s, e)
      if !type.admits(value) { type = ColumnTypeStats.widen(type, toHold: value) }
      if type == .varchar { break }
    }
    return type == current ? .varchar : type
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
