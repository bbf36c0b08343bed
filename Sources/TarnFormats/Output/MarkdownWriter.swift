// Markdown pipe tables (GitHub-flavoured): header row, `---` separator, one row per line; streamed.
import TarnCore

/// Writes rows as a Markdown table:
/// ```
/// | a | b |
/// | --- | --- |
/// | 1 | x |
/// ```
/// Cells are not padded to a common width, so the table streams. `|` in a cell becomes `\|`
/// and a line break `<br>`. Values print as in CSV (`TextValueAppenders`); NULL as `nullText`.
public struct MarkdownWriter: ResultWriter {
  public let schema: Schema
  var output: BufferedOutput
  var assembler: RowAssembler
  let cells: MarkdownCells

  public init(schema: Schema, sink: any OutputSink, nullText: String = "NULL", flushThreshold: Int = 1 << 20) {
    self.schema = schema
    output = BufferedOutput(sink: sink, flushThreshold: flushThreshold)
    cells = MarkdownCells(nullBytes: Array(nullText.utf8))
    assembler = RowAssembler(
      layout: RowLayout(
        rowPrefix: [0x7C, 0x20], columnPrefixes: schema.fields.indices.map { $0 == 0 ? [] : Array(" | ".utf8) },
        rowSuffix: Array(" |\n".utf8)))
    output.append("|")
    for field in schema.fields {
      output.append(" ")
      let start = output.text.count
      output.append(Array(field.name.utf8))
      MarkdownCells.escape(&output.text, from: start)
      output.append(" |")
    }
    output.append("\n|")
    for _ in schema.fields { output.append(" --- |") }
    output.append("\n")
  }

  public mutating func write(_ batch: RecordBatch) throws(OutputError) {
    precondition(batch.columns.count == schema.count, "batch has \(batch.columns.count) columns, schema \(schema.count)")
    let appenders = batch.columns.map { ColumnAppender(append: TextValueAppenders.make(for: $0)) }
    try assembler.append(batch, appenders: appenders, finisher: cells, to: &output)
  }

  public mutating func finish() throws(OutputError) {
    try output.flush()
  }
}

/// NULL text and escaping for Markdown cells.
struct MarkdownCells: CellFinisher {
  let nullBytes: [UInt8]

  @inline(__always)
  func finish(_ text: inout TextBuffer, column: Int, start: Int, hasValue: Bool) {
    if hasValue { Self.escape(&text, from: start) } else { text.append(nullBytes) }
  }

  /// Rewrites `text[start...]` with `|` as `\|` and CR, LF or CRLF as `<br>`.
  static func escape(_ text: inout TextBuffer, from start: Int) {
    let cell = text.bytes(from: start)
    guard cell.contains(where: { $0 == 0x7C || $0 == 0x0A || $0 == 0x0D }) else { return }
    let copy = Array(cell)
    text.truncate(to: start)
    var previousWasCR = false
    for byte in copy {
      switch byte {
      case 0x7C: text.append("\\|")
      case 0x0D: text.append("<br>")
      case 0x0A: if !previousWasCR { text.append("<br>") }
      default: text.append(byte)
      }
      previousWasCR = byte == 0x0D
    }
  }
}
