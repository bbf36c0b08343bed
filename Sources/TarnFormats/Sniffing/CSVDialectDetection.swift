// Picks the delimiter, quote, escape and comment prefix that split a sample into the most consistent rows.

/// Records how many fields each row has.
struct CSVShapeSink: CSVFieldSink {
  let maximumRows: Int
  var fieldCounts: [Int] = []
  var hasRoom: Bool { fieldCounts.count < maximumRows }
  @inline(__always) mutating func field(index: Int, start: Int, end: Int, flags: UInt8) {}
  mutating func endRow(rowStart: Int, fieldCount: Int) -> Bool {
    fieldCounts.append(fieldCount)
    return true
  }
}

/// How well one candidate dialect splits the sample.
struct CSVDialectScore {
  var dialect: CSVDialect
  var isValid: Bool
  var columnCount: Int
  var consistentRows: Int
  /// Rows whose field count differs from `columnCount`.
  var inconsistentRows: Int
  var order: Int

  /// Rows that agree on the column count, counted double when there is more than one column: a
  /// delimiter that makes real columns beats "no delimiter" unless it leaves most rows ragged.
  var weight: Int { consistentRows * (columnCount > 1 ? 2 : 1) }

  /// A malformed row does not disqualify a candidate outright: rows after it are not counted, so a
  /// candidate that reads the whole sample usually wins, and one bad row deep in a sample does not
  /// hand the file to a one-column reading.
  func isBetter(than other: CSVDialectScore) -> Bool {
    if weight != other.weight { return weight > other.weight }
    if columnCount != other.columnCount { return columnCount > other.columnCount }
    return order < other.order
  }
}

enum CSVDialectDetection {
  static let delimiters: [UInt8] = [44, 124, 59, 9]  // , | ; \t  (DuckDB's order)
  static let maximumRows = 10_000
  static let maximumBytes = 4 << 20

  /// The line terminator of a sample: `\n` when it has one (CRLF included), else `\r` if present.
  static func lineTerminator(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt8 {
    if CSVBlockProducer.countByte(10, p, 0, n) > 0 { return 10 }
    if CSVBlockProducer.countByte(13, p, 0, n) > 0 { return 13 }
    return 10
  }

  /// Scores every candidate the options leave open on the sample `p[0..<n]` and returns the best.
  /// `isComplete` says the sample is the whole file (its last row needs no line terminator).
  static func detect(_ p: UnsafePointer<UInt8>, _ n: Int, isComplete: Bool, options: CSVReadOptions) -> CSVDialectScore {
    let length = min(n, maximumBytes)
    let complete = isComplete && length == n
    let terminator = lineTerminator(p, length)
    func appears(_ b: UInt8) -> Bool { CSVBlockProducer.countByte(b, p, 0, length) > 0 }

    let delimiterCandidates = options.delimiter.map { [$0] } ?? delimiters
    var quoteCandidates: [UInt8?]
    if let quote = options.quote {
      quoteCandidates = [quote]
    } else {
      quoteCandidates = [34]
      if appears(39) { quoteCandidates.append(39) }
      if appears(34) || appears(39) { quoteCandidates.append(nil) }
    }
    var commentCandidates: [UInt8?] = [options.comment]
    if options.comment == nil, startsSomeLine(with: 35, p, length, terminator) { commentCandidates.append(35) }

    var best: CSVDialectScore? = nil
    var order = 0
    for delimiter in delimiterCandidates {
      for quote in quoteCandidates {
        var escapeCandidates: [UInt8?]
        if let escape = options.escape {
          escapeCandidates = [escape]
        } else {
          escapeCandidates = [nil]
          if quote != nil, appears(92) { escapeCandidates.append(92) }
        }
        for escape in escapeCandidates {
          // A comment prefix is used when skipping its lines removes ragged rows (and keeps the columns).
          var score: CSVDialectScore? = nil
          for comment in commentCandidates {
            let dialect = CSVDialect(
              delimiter: delimiter, quote: quote, escape: escape, comment: comment, lineTerminator: terminator)
            let candidate = evaluate(dialect, p, length, isComplete: complete, order: order)
            if let current = score {
              if candidate.isValid, candidate.inconsistentRows < current.inconsistentRows,
                candidate.columnCount >= current.columnCount
              {
                score = candidate
              }
            } else {
              score = candidate
            }
          }
          order += 1
          if best == nil || score!.isBetter(than: best!) { best = score }
        }
      }
    }
    return best!
  }

  static func startsSomeLine(with byte: UInt8, _ p: UnsafePointer<UInt8>, _ n: Int, _ terminator: UInt8) -> Bool {
    if n > 0, p[0] == byte { return true }
    var i = 0
    while i + 1 < n {
      if p[i] == terminator, p[i + 1] == byte { return true }
      i += 1
    }
    return false
  }

  static func evaluate(_ dialect: CSVDialect, _ p: UnsafePointer<UInt8>, _ n: Int, isComplete: Bool, order: Int)
    -> CSVDialectScore
  {
    // Column count 2 makes the tokenizer skip blank lines, which say nothing about the dialect.
    let tokenizer = CSVTokenizer(dialect: dialect, columnCount: 2)
    var sink = CSVShapeSink(maximumRows: maximumRows)
    let result = tokenizer.tokenize(p, count: n, from: 0, isFinal: isComplete, into: &sink)
    var frequency: [Int: Int] = [:]
    for count in sink.fieldCounts { frequency[count, default: 0] += 1 }
    var dominant = 1
    var consistent = 0
    for (count, rows) in frequency where rows > consistent || (rows == consistent && count > dominant) {
      dominant = count
      consistent = rows
    }
    return CSVDialectScore(
      dialect: dialect, isValid: result.issue == nil, columnCount: dominant, consistentRows: consistent,
      inconsistentRows: sink.fieldCounts.count - consistent, order: order)
  }
}
