// The streaming CSV reader: sniffs a file, then returns record batches parsed on all cores, in file order.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TarnCore

/// Reads a CSV/TSV file (plain, gzip, zstd or LZ4) as a stream of record batches.
///
/// ```swift
/// let reader = try CSVReader(path: "observations.csv.gz")      // sniffs dialect, header and types
/// print(reader.schema)
/// while let batch = try reader.next() { … }
/// ```
/// One producer thread decompresses and cuts the input into blocks of whole rows; worker threads
/// tokenize and convert blocks into batches; `next()` returns them in file order. At most
/// `workers + 2` blocks are in memory at once, whatever the file size.
///
/// When a value past the sniffer's sample does not fit its column's type, the column is widened
/// (BIGINT → DOUBLE or DECIMAL → VARCHAR, DATE → TIMESTAMP, …) and the file is read again. If no batch
/// has been returned yet this happens inside `next()`; otherwise `next()` throws `.schemaWidened`, the
/// reader's `schema` already holds the wider type, and the caller calls `restart()` to read again from
/// the start (or uses `readAll()`, which does this). No value is ever truncated, rounded or dropped.
public final class CSVReader: RestartableBatchReader {
  public private(set) var plan: CSVScanPlan
  /// The schema of the batches `next()` returns.
  public var schema: Schema { plan.schema }
  /// Rows left out under `CSVErrorPolicy.skip` (the first `keepingFirst` of them).
  public private(set) var rejectedRows: [CSVRejectedRow] = []
  /// All rows left out under `CSVErrorPolicy.skip`.
  public private(set) var rejectedRowCount = 0
  /// How many times the file was read again because a type was widened or blocks had to be split exactly.
  public private(set) var rereadCount = 0

  private let source: any ByteChunkSource
  private var head: [UInt8]
  private var pipeline: OrderedPipeline<InputBlock, CSVBlockOutcome>?
  private var pending: [RecordBatch] = []
  private var pendingIndex = 0
  private var delivered = 0
  private var finished = false
  /// The line number of the first byte of the next block (workers count lines within their block).
  private var baseLine = 1

  /// Opens and sniffs `path`. Options override what the sniffer would detect.
  public convenience init(path: String, options: CSVReadOptions = CSVReadOptions()) throws(FormatError) {
    let source = try openByteSource(path: path)
    let sniffed = try CSVSniffer.sniff(source: source, options: options)
    self.init(source: source, head: sniffed.head, plan: sniffed.plan)
  }

  /// Reads `source` with a plan made by `CSVSniffer` (possibly edited). `head` holds the bytes the
  /// sniffer already consumed from the source; they are read first.
  public init(source: any ByteChunkSource, head: [UInt8] = [], plan: CSVScanPlan) {
    self.source = source
    self.head = head
    self.plan = plan
  }

  deinit { pipeline?.cancel() }

  /// Stops the worker threads. The reader returns nothing more until `restart()`.
  public func close() {
    pipeline?.cancel()
    pipeline = nil
    finished = true
  }

  /// Reads again from the first row with the current plan (after `.schemaWidened`).
  public func restart() throws(FormatError) {
    pipeline?.cancel()
    pipeline = nil
    pending = []
    pendingIndex = 0
    delivered = 0
    finished = false
    baseLine = 1
    rejectedRows = []
    rejectedRowCount = 0
    if !head.isEmpty {
      head = []
    }
    try source.rewind()
  }

  private func startPass() {
    let plan = self.plan
    let pool = InputBlockPool(blockSize: plan.blockSize)
    let producer = CSVBlockProducer(source: source, head: head, plan: plan, pool: pool)
    head = []
    let workers = (0..<max(plan.workers, 1)).map { _ in CSVBlockWorker(plan: plan) }
    pipeline = OrderedPipeline(
      workers: plan.workers, maxInFlight: plan.workers + 2,
      produce: { producer.next() },
      work: { index, block in
        let outcome = workers[index].process(block)
        pool.give(block)
        return outcome
      })
  }

  /// The next batch in file order, or nil at the end.
  public func next() throws(FormatError) -> RecordBatch? {
    while true {
      if pendingIndex < pending.count {
        let batch = pending[pendingIndex]
        pendingIndex += 1
        if pendingIndex == pending.count {
          pending = []
          pendingIndex = 0
        }
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
      case .batches(let batches, let rejected, let count, let lineCount):
        pending = batches
        pendingIndex = 0
        rejectedRowCount += count
        if case .skip(let keep) = plan.errorPolicy, rejectedRows.count < keep {
          for var row in rejected.prefix(keep - rejectedRows.count) {
            row.line += baseLine - 1
            rejectedRows.append(row)
          }
        }
        baseLine += lineCount
      case .failed(var error):
        close()
        if let line = error.location.line { error.location.line = line + baseLine - 1 }
        throw error
      case .splitAgainExactly:
        plan.splitsExactly = true
        try readAgain(because: nil)
      case .widen(var widenings):
        for i in widenings.indices { widenings[i].line += baseLine - 1 }
        for widening in widenings { plan.types[widening.column] = widening.to }
        try readAgain(because: widenings.first)
      }
    }
  }

  private func readAgain(because widening: CSVWidening?) throws(FormatError) {
    rereadCount += 1
    guard rereadCount <= 64 else {
      close()
      throw FormatError(.internalBug("column types kept widening")).at(file: plan.path)
    }
    if delivered == 0 {
      try restart()
      return
    }
    close()
    if let widening {
      throw FormatError(
        .schemaWidened(
          column: plan.names[widening.column], from: widening.from.dataType.sqlName, to: widening.to.dataType.sqlName)
      ).at(file: plan.path, line: widening.line, column: widening.column + 1)
    }
    throw FormatError(
      .schemaWidened(column: "*", from: "quote-parity splitting", to: "exact splitting (a quote inside an unquoted field)")
    ).at(file: plan.path)
  }
}
