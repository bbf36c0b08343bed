// Streams a batch as lines of text: formats a chunk of rows column by column, then joins each row's cells.
import Dispatch
import TarnCore

/// What a writer does with each cell after its appender ran: print its NULL, quote or escape.
protocol CellFinisher: Sendable {
  /// `hasValue` is false when the appender found NULL and wrote nothing. The cell's text
  /// starts at `start` in `text` and may be rewritten in place.
  func finish(_ text: inout TextBuffer, column: Int, start: Int, hasValue: Bool)
}

/// A top-level column's appender. The wrapper keeps the closure at its natural abstraction
/// inside an array, so calling it needs no reabstraction thunk.
struct ColumnAppender {
  let append: ValueAppender
}

/// The punctuation around the cells of a row.
struct RowLayout {
  /// Before the first cell.
  var rowPrefix: [UInt8]
  /// Before each column's cell: a JSON key, a delimiter.
  var columnPrefixes: [[UInt8]]
  /// After the last cell.
  var rowSuffix: [UInt8]
  /// Between two rows, never before the first or after the last of the output.
  var rowSeparator: [UInt8] = []
}

/// Formats rows column-major, `chunkRows` at a time, into one text buffer per column, then
/// copies each row's cells out in order with the layout's punctuation.
///
/// Column-major order lets each column's appender closure be fetched once per chunk instead of
/// once per value (fetching a closure from an array costs a retain and a release), and keeps the
/// type dispatch out of the loop. The cost is one extra copy of the text.
struct RowAssembler {
  static let chunkRows = 1024

  let layout: RowLayout
  /// Punctuation back to back: row prefix, each column prefix, row suffix, row separator.
  let punctuation: [UInt8]
  /// `punctuation[punctuationStarts[k]..<punctuationStarts[k + 1]]` is piece k.
  let punctuationStarts: [Int]
  var columnTexts: [TextBuffer]
  /// `ends[column * chunkRows + i]` is the end of chunk row i's cell in `columnTexts[column]`.
  var ends: [Int]
  var hasWrittenRow = false

  init(layout: RowLayout) {
    self.layout = layout
    var pieces = [layout.rowPrefix]
    pieces += layout.columnPrefixes
    pieces += [layout.rowSuffix, layout.rowSeparator]
    var starts = [0]
    for piece in pieces { starts.append(starts.last! + piece.count) }
    // Slack so that `copyInSixteens` may read past the last piece.
    punctuation = pieces.flatMap { $0 } + [UInt8](repeating: 0, count: Self.slack)
    punctuationStarts = starts
    let columns = layout.columnPrefixes.count
    columnTexts = (0..<columns).map { _ in TextBuffer(capacity: 16 * 1024) }
    ends = [Int](repeating: 0, count: columns * Self.chunkRows)
  }

  /// Appends `rows` (at most `chunkRows` of them) to `out`.
  mutating func append<F: CellFinisher>(
    rows: Range<Int>, appenders: [ColumnAppender], finisher: F, to out: inout TextBuffer
  ) {
    precondition(rows.count <= Self.chunkRows && appenders.count == columnTexts.count)
    let columns = appenders.count
    let n = rows.count
    let chunkRows = Self.chunkRows
    ends.withUnsafeMutableBufferPointer { ends in
      for column in 0..<columns {
        let appender = appenders[column].append
        var text = columnTexts[column]
        text.removeAll()
        let columnEnds = ends.baseAddress! + column &* chunkRows
        for i in 0..<n {
          let start = text.count
          let hasValue = appender(&text, rows.lowerBound &+ i)
          finisher.finish(&text, column: column, start: start, hasValue: hasValue)
          columnEnds[i] = text.count
        }
        text.reserve(Self.slack)  // `copyInSixteens` reads up to 15 bytes past a cell
        columnTexts[column] = text
      }
    }
    // Every byte of the chunk's rows, reserved at once so the copy loop checks no capacity.
    let rowPunctuation = punctuationStarts[columns &+ 2] &- punctuationStarts[0]
    let separatorLength = punctuationStarts[columns &+ 3] &- punctuationStarts[columns &+ 2]
    var total = n &* (rowPunctuation &+ separatorLength) &+ Self.slack
    for text in columnTexts { total &+= text.count }
    out.reserve(total)
    // Safe: the text buffers are not appended to below, so their base pointers stay valid; `out` has room for
    // `total` bytes, which covers every row plus the copies' overshoot.
    let bases = columnTexts.map { UnsafePointer($0.base) }
    let start = out.base + out.count
    var target = start
    punctuation.withUnsafeBufferPointer { marks in
      let p = marks.baseAddress!
      ends.withUnsafeBufferPointer { ends in
        punctuationStarts.withUnsafeBufferPointer { starts in
          bases.withUnsafeBufferPointer { bases in
            @inline(__always) func piece(_ k: Int) {
              let length = starts[k &+ 1] &- starts[k]
              Self.copyInSixteens(from: p + starts[k], count: length, to: target)
              target += length
            }
            let separator = columns &+ 2
            for i in 0..<n {
              if hasWrittenRow { piece(separator) }
              hasWrittenRow = true
              piece(0)
              for column in 0..<columns {
                piece(column &+ 1)
                let columnEnds = ends.baseAddress! + column &* chunkRows
                let cellStart = i == 0 ? 0 : columnEnds[i &- 1]
                let length = columnEnds[i] &- cellStart
                Self.copyInSixteens(from: bases[column] + cellStart, count: length, to: target)
                target += length
              }
              piece(columns &+ 1)
            }
          }
        }
      }
    }
    out.count &+= target - start
  }

  /// Bytes kept free past the end of each column text and of the output: `copyInSixteens` moves whole 16-byte
  /// blocks, so it reads and writes up to 15 bytes past a cell.
  static let slack = 32

  /// Copies `count` bytes in 16-byte moves (a cell is one or two of them; `memcpy` would cost a call each).
  /// - Precondition: `source` is readable and `target` writable for `count` rounded up to 16.
  @inline(__always)
  static func copyInSixteens(from source: UnsafePointer<UInt8>, count: Int, to target: UnsafeMutablePointer<UInt8>) {
    let from = UnsafeRawPointer(source)
    let to = UnsafeMutableRawPointer(target)
    var offset = 0
    repeat {
      to.storeBytes(
        of: from.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self), toByteOffset: offset, as: SIMD16<UInt8>.self)
      offset &+= 16
    } while offset < count
  }

  /// Batches from this many rows are formatted in parts on all cores.
  static let parallelRows = 16_384

  /// Appends a whole batch in chunks, calling `flush` between chunks so output stays bounded.
  mutating func append<F: CellFinisher>(
    _ batch: RecordBatch, appenders: [ColumnAppender], finisher: F, to output: inout BufferedOutput
  ) throws(OutputError) {
    let parts = min(Processors.online, batch.count / (Self.parallelRows / 2))
    if parts > 1 {
      try appendInParts(parts, batch, appenders: appenders, finisher: finisher, to: &output)
      return
    }
    var start = 0
    while start < batch.count {
      let end = min(start + Self.chunkRows, batch.count)
      append(rows: start..<end, appenders: appenders, finisher: finisher, to: &output.text)
      try output.flushIfFull()
      start = end
    }
  }

  /// Formats `parts` consecutive slices of `batch` at once, each into its own text, then writes them in order.
  ///
  /// Why: formatting (numbers, dates, quoting) is most of a conversion to text, and it is per row, so the slices
  /// are independent; the appenders only read their vectors.
  private mutating func appendInParts<F: CellFinisher>(
    _ parts: Int, _ batch: RecordBatch, appenders: [ColumnAppender], finisher: F, to output: inout BufferedOutput
  ) throws(OutputError) {
    let bounds = (0...parts).map { batch.count * $0 / parts }
    let continues = hasWrittenRow
    let layout = self.layout
    let texts = UnsafeMutableBufferPointer<TextBuffer?>.allocate(capacity: parts)
    texts.initialize(repeating: nil)
    defer { texts.deinitialize().deallocate() }
    nonisolated(unsafe) let shared = (texts, appenders, finisher)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      var assembler = RowAssembler(layout: layout)
      assembler.hasWrittenRow = continues || part > 0
      let rows = bounds[part]..<bounds[part + 1]
      var text = TextBuffer(capacity: rows.count * 64)
      var start = rows.lowerBound
      while start < rows.upperBound {
        let end = min(start + Self.chunkRows, rows.upperBound)
        assembler.append(rows: start..<end, appenders: shared.1, finisher: shared.2, to: &text)
        start = end
      }
      shared.0[part] = text
    }
    hasWrittenRow = continues || batch.count > 0
    try output.flush()
    for text in texts { try output.sink.write(text!.bytes) }
  }
}
