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
  let nullBytes: [UInt8]
  var scratch: [UInt8] = []

  public init(schema: Schema, sink: any OutputSink, nullText: String = "NULL", flushThreshold: Int = 1 << 20) {
    self.schema = schema
    output = BufferedOutput(sink: sink, flushThreshold: flushThreshold)
    nullBytes = Array(nullText.utf8)
    output.append("|")
    for field in schema.fields {
      output.append(" ")
      let start = output.bytes.count
      output.bytes += Array(field.name.utf8)
      escapeCell(from: start)
      output.append(" |")
    }
    output.append("\n|")
    for _ in schema.fields { output.append(" --- |") }
    output.append("\n")
  }

  public mutating func write(_ batch: RecordBatch) throws(OutputError) {
    precondition(batch.columns.count == schema.count, "batch has \(batch.columns.count) columns, schema \(schema.count)")
    let appenders = batch.columns.map { TextValueAppenders.make(for: $0) }
    for row in 0..<batch.count {
      output.append("|")
      for column in appenders.indices {
        output.append(" ")
        let start = output.bytes.count
        if appenders[column](&output.bytes, row) {
          escapeCell(from: start)
        } else {
          output.bytes += nullBytes
        }
        output.append(" |")
      }
      output.append("\n")
      try output.flushIfFull()
    }
  }

  public mutating func finish() throws(OutputError) {
    try output.flush()
  }

  /// Rewrites `output.bytes[start...]` with `|` as `\|` and CR, LF or CRLF as `<br>`.
  mutating func escapeCell(from start: Int) {
    let clean = output.bytes.withUnsafeBufferPointer { all in
      !all[start...].contains { $0 == 0x7C || $0 == 0x0A || $0 == 0x0D }
    }
    if clean { return }
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: output.bytes[start...])
    output.bytes.removeSubrange(start...)
    var previousWasCR = false
    for byte in scratch {
      switch byte {
      case 0x7C: output.append("\\|")
      case 0x0D: output.append("<br>")
      case 0x0A: if !previousWasCR { output.append("<br>") }
      default: output.bytes.append(byte)
      }
      previousWasCR = byte == 0x0D
    }
  }
}
