// DuckDB's default terminal table ("duckbox"): a box with names, types and values, rows elided past a limit.
import TarnCore

/// Writes the whole result as a box table, as the DuckDB 1.x shell prints it:
/// ```
/// ┌───────┬─────────┐
/// │   x   │    s    │
/// │ int64 │ varchar │
/// ├───────┼─────────┤
/// │     1 │ a       │
/// │  NULL │ NULL    │
/// └───────┴─────────┘
/// ```
/// Names and types are centred; numbers are right-aligned, everything else left-aligned.
/// Past `maxRows + 3` rows only the first and last `maxRows / 2` are shown around three `·`
/// rows, and the footer says `1000 rows (40 shown)`. As in DuckDB, the footer with the row
/// count appears for 0 rows, for 10 or more, or when rows are hidden, and adds `N columns`
/// when it fits; `alwaysShowsRowCount` shows it for every result.
///
/// Differences from DuckDB: values wider than `maxColumnWidth` are always cut with `…`
/// (DuckDB cuts only when the table is wider than the terminal, and then drops middle
/// columns, which this writer does not); widths are an approximation of utf8proc's.
///
/// Batches are kept until `finish()`, which formats only the rows shown.
public struct BoxTableWriter: ResultWriter {
  public struct Options: Sendable {
    /// Rows shown at most (DuckDB's `.maxrows`, 40 in its shell).
    public var maxRows: Int
    /// Widest a column may be, in terminal columns; longer text is cut with `…`.
    public var maxColumnWidth: Int
    public var nullText: String
    public var alwaysShowsRowCount: Bool

    public init(maxRows: Int = 40, maxColumnWidth: Int = 40, nullText: String = "NULL", alwaysShowsRowCount: Bool = false) {
      self.maxRows = maxRows
      self.maxColumnWidth = maxColumnWidth
      self.nullText = nullText
      self.alwaysShowsRowCount = alwaysShowsRowCount
    }
  }

  enum Alignment { case left, middle, right }

  public let schema: Schema
  public let options: Options
  let sink: any OutputSink
  var batches: [RecordBatch] = []
  var rowCount = 0

  public init(schema: Schema, sink: any OutputSink, options: Options = Options()) {
    self.schema = schema
    self.options = options
    self.sink = sink
  }

  public mutating func write(_ batch: RecordBatch) throws(OutputError) {
    precondition(batch.columns.count == schema.count, "batch has \(batch.columns.count) columns, schema \(schema.count)")
    guard batch.count > 0 else { return }
    batches.append(batch)
    rowCount += batch.count
  }

  public mutating func finish() throws(OutputError) {
    let text = render()
    try sink.write(contentsOf: text)
    batches = []
    rowCount = 0
  }

  // MARK: Layout

  /// The table as bytes.
  func render() -> [UInt8] {
    let columnCount = schema.count
    guard columnCount > 0 else { return [] }
    // Which rows: all, or the first `top` and last `bottom` when there are too many.
    var top = rowCount
    var bottom = 0
    if rowCount > options.maxRows + 3 {
      let shown = max(options.maxRows, 0)
      top = (shown + 1) / 2
      bottom = shown - top
    }
    let hasHiddenRows = top + bottom < rowCount
    let topCells = cells(rows: 0..<top)
    let bottomCells = cells(rows: (rowCount - bottom)..<rowCount)

    let names = schema.fields.map { TerminalText($0.name) }
    let types = schema.fields.map { TerminalText(Self.typeName($0.type)) }
    let alignments = schema.fields.map { Self.isNumeric($0.type) ? Alignment.right : .left }

    var widths = (0..<columnCount).map { max(names[$0].width, types[$0].width) }
    for row in topCells + bottomCells {
      for column in 0..<columnCount { widths[column] = max(widths[column], row[column].width) }
    }
    let limit = max(options.maxColumnWidth, 1)
    widths = widths.map { min($0, limit) }

    // The footer must fit under the table: widen the first column if needed.
    var rowCountText = "\(rowCount) rows"
    var shownText = hasHiddenRows ? "(\(top + bottom) shown)" : ""
    var minimumRowLength = max(rowCountText.utf8.count, shownText.utf8.count) + 4
    var totalLength = widths.reduce(1) { $0 + $1 + 3 }
    if hasHiddenRows || rowCount == 0 || options.alwaysShowsRowCount, totalLength < minimumRowLength {
      widths[0] += minimumRowLength - totalLength
      totalLength = minimumRowLength
    }
    var boundaries: [Int] = []
    for column in 0..<columnCount {
      boundaries.append((column == 0 ? 0 : boundaries[column - 1] + 1) + widths[column] + 2)
    }

    var out: [UInt8] = []
    func line(_ left: String, _ junction: String, _ right: String, junctions: Bool = true) {
      out += Array(left.utf8)
      var next = 0
      for k in 0..<(totalLength - 2) {
        if junctions, next + 1 < columnCount, k == boundaries[next] {
          out += Array(junction.utf8)
          next += 1
        } else {
          out += [0xE2, 0x94, 0x80]  // ─
        }
      }
      out += Array(right.utf8)
      out.append(0x0A)
    }
    func row(_ texts: [TerminalText], _ alignments: [Alignment]) {
      for column in 0..<columnCount {
        Self.appendCell(texts[column], width: widths[column], alignment: alignments[column], to: &out)
      }
      out += [0xE2, 0x94, 0x82, 0x0A]  // │
    }

    let centred = [Alignment](repeating: .middle, count: columnCount)
    line("┌", "┬", "┐")
    row(names, centred)
    row(types, centred)
    line("├", rowCount > 0 ? "┼" : "┴", "┤")
    for cells in topCells { row(cells, alignments) }
    if bottom > 0 {
      var dotAlignments = alignments
      var dots: [TerminalText] = []
      for column in 0..<columnCount {
        let (text, alignment) = Self.ellipsis(
          above: topCells.last?[column], below: bottomCells.first?[column], width: widths[column],
          alignment: alignments[column])
        dots.append(text)
        dotAlignments[column] = alignment
      }
      for _ in 0..<3 { row(dots, dotAlignments) }
      for cells in bottomCells { row(cells, alignments) }
    }

    // Footer.
    var showsShownSeparately = hasHiddenRows
    if hasHiddenRows, totalLength >= rowCountText.utf8.count + shownText.utf8.count + 5 {
      rowCountText += " " + shownText
      shownText = ""
      showsShownSeparately = false
      minimumRowLength = rowCountText.utf8.count + 4
    }
    let columnCountText = "\(columnCount) column" + (columnCount > 1 ? "s" : "")
    let rowsAndColumnsLength = rowCountText.utf8.count + columnCountText.utf8.count + 6
    let wantsRowCount = rowCount == 0 || rowCount >= 10 || hasHiddenRows || options.alwaysShowsRowCount
    let showsRowsAndColumns = totalLength >= rowsAndColumnsLength && rowCount >= 10 && columnCount > 1
    let showsRows = totalLength >= minimumRowLength && wantsRowCount
    let showsFooter = showsRows || showsRowsAndColumns
    if rowCount > 0 {
      if showsFooter { line("├", "┴", "┤") } else { line("└", "┴", "┘") }
    }
    guard showsFooter else { return out }
    if showsRowsAndColumns {
      out += Array("│ ".utf8) + Array(rowCountText.utf8)
      out += [UInt8](repeating: 0x20, count: totalLength - rowCountText.utf8.count - columnCountText.utf8.count - 4)
      out += Array(columnCountText.utf8) + Array(" │\n".utf8)
    } else {
      Self.appendCell(TerminalText(rowCountText), width: totalLength - 4, alignment: .middle, to: &out)
      out += Array("│\n".utf8)
      if showsShownSeparately {
        Self.appendCell(TerminalText(shownText), width: totalLength - 4, alignment: .middle, to: &out)
        out += Array("│\n".utf8)
      }
    }
    line("└", "─", "┘", junctions: false)
    return out
  }

  /// `│` then the text padded to `width` plus one space each side, cut with `…` if too wide.
  static func appendCell(_ text: TerminalText, width: Int, alignment: Alignment, to out: inout [UInt8]) {
    let shown = text.truncated(to: width)
    let padding = width - shown.width + 2
    let left: Int
    switch alignment {
    case .left: left = 1
    case .right: left = padding - 1
    case .middle: left = padding / 2
    }
    out += [0xE2, 0x94, 0x82]  // │
    out += [UInt8](repeating: 0x20, count: left)
    out += shown.bytes
    out += [UInt8](repeating: 0x20, count: padding - left)
  }

  /// The `·` of the elided-rows marker, placed under the middle of the shorter of the values
  /// around it, as DuckDB does.
  static func ellipsis(above: TerminalText?, below: TerminalText?, width: Int, alignment: Alignment)
    -> (TerminalText, Alignment)
  {
    let dot = TerminalText("·")
    let aboveWidth = min(width, above?.width ?? 0)
    let belowWidth = min(width, below?.width ?? 0)
    var dotWidth = min(aboveWidth, belowWidth)
    if aboveWidth == 0 { dotWidth = belowWidth } else if belowWidth == 0 { dotWidth = aboveWidth }
    if dotWidth > 1 {
      let padding = dotWidth - 1
      let left = alignment == .left ? padding / 2 : padding - padding / 2
      let text = String(repeating: " ", count: left) + "·" + String(repeating: " ", count: padding - left)
      return (TerminalText(text), alignment)
    }
    return (dot, dotWidth == 0 ? .middle : alignment)
  }

  /// The shown cells of `rows` (positions in the whole result), NULL as `nullText`.
  func cells(rows: Range<Int>) -> [[TerminalText]] {
    guard !rows.isEmpty else { return [] }
    let null = TerminalText(options.nullText)
    var result: [[TerminalText]] = []
    var batchStart = 0
    var scratch = TextBuffer(capacity: 256)
    for batch in batches {
      let first = max(rows.lowerBound, batchStart)
      let last = min(rows.upperBound, batchStart + batch.count)
      if first < last {
        let batchRows = first..<last
        let appenders = batch.columns.map { TextValueAppenders.make(for: $0) }
        for row in batchRows {
          result.append(
            appenders.map { appender in
              scratch.removeAll()
              guard appender(&scratch, row - batchStart) else { return null }
              return TerminalText(displaying: scratch.bytes)
            })
        }
      }
      batchStart += batch.count
      if batchStart >= rows.upperBound { break }
    }
    return result
  }

  /// The type as DuckDB's box header spells it: `int32`, `varchar`, `decimal(10,2)`, `int64[]`.
  public static func typeName(_ type: DataType) -> String {
    switch type {
    case .int8: "int8"
    case .int16: "int16"
    case .int32: "int32"
    case .int64: "int64"
    case .uint8: "uint8"
    case .uint16: "uint16"
    case .uint32: "uint32"
    case .uint64: "uint64"
    case .list(let element): typeName(element.type) + "[]"
    default: type.sqlName.lowercased()
    }
  }

  static func isNumeric(_ type: DataType) -> Bool {
    switch type {
    case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float32, .float64, .decimal: true
    default: false
    }
  }
}
