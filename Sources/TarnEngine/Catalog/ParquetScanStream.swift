// ParquetScanStream: a Parquet table's rows in order, morsels decoding ahead on other threads, two row groups at once.
import Dispatch
import TarnCore
import TarnParquet

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
  /// A morsel ends at the first page boundary from this many rows on (`ParquetRowGroupScan.windowEnd`), unless the
  /// row group or the rows the page index leaves end first: enough rows that a join's probe splits over the cores
  /// (`JoinKeyIndex.parallelRows`).
  static let minimumMorselRows = 1 << 14
  static let openRowGroups = 2
  /// Morsels each open row group decodes ahead of the one being consumed.
  static let morselsAhead = 4
  let request: ParquetScanRequest
  private var current: Chunk?
  private var position = 0
  /// The row groups left to open, in order.
  private var waiting: [(file: Int, group: Int)]
  /// Open row groups, the current first, each with its next morsels decoding in order on its own queue.
  private var open: [RowGroupLane] = []

  /// `filters` (conjuncts over `columns`' positions, each evaluated without per-query state: see
  /// `BoundExpression.isCheapFilter`) and the choice of `outputs` are applied to each morsel on its decoding thread.
  init(
    source: ParquetSource, columns: [Int], hints: [ScanHint], integerDictionaries: Set<Int> = [],
    filters: [BoundExpression] = [], outputs: [Int]? = nil
  ) {
    request = ParquetScanRequest(
      source: source, columns: columns, hints: hints, integerDictionaries: integerDictionaries, demand: DecodeDemand(),
      filters: filters, outputs: outputs)
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
        RowGroupLane(MorselProducer(request, file: f, group: g), depth: Self.morselsAhead, demand: request.demand))
    }
  }
}

/// What a Parquet scan reads, shared by the stream and the producer of each of its row groups.
struct ParquetScanRequest {
  let source: ParquetSource
  let columns: [Int]
  let hints: [ScanHint]
  /// Integer columns (positions in the source schema) whose dictionary-encoded pages stay dictionary + indices.
  let integerDictionaries: Set<Int>
  /// Whether the stream's reader last waited for a morsel (then pages decode ahead on more threads).
  let demand: DecodeDemand
  /// Conjuncts every row handed out passes, tested where the morsel is decoded, so the reader's thread does not.
  let filters: [BoundExpression]
  /// The positions among `columns` handed out (nil: all).
  let outputs: [Int]?
}

/// One open row group: its next morsels decoding one after another on a serial queue, taken in order.
final class RowGroupLane {
  private let producer: MorselProducer
  private let queue = DispatchQueue(label: "tarn.scan.rowgroup")
  private var pending: [PendingResult<Chunk?, EngineError>] = []
  private var ended = false
  private let demand: DecodeDemand

  init(_ producer: MorselProducer, depth: Int, demand: DecodeDemand) {
    self.producer = producer
    self.demand = demand
    for _ in 0..<depth { schedule() }
  }

  /// The next morsel (nil at the row group's end), starting another one decoding.
  func take() throws(EngineError) -> Chunk? {
    guard !pending.isEmpty else { return nil }
    // Decoding is the bottleneck unless at least two morsels wait decoded (one would flip the choice every morsel).
    demand.consumerWaits = pending.prefix(2).contains { !$0.isDone }
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
    let job = PendingResult<Chunk?, EngineError>()
    // Safe: the serial queue runs one job at a time on the producer, each after the one before.
    let producer = UncheckedSendable(producer)
    queue.async {
      job.finish(Result { () throws(EngineError) -> Chunk? in try producer.value.next() })
    }
    pending.append(job)
  }
}
