// Newline-delimited JSON: one object per row and line, streamed batch by batch.
import TarnCore

/// Writes each row as a JSON object on its own line (`{"a":1,"b":"x"}\n`), keys in schema order.
/// See `JSONValueAppenders` for how each type is written.
public struct NDJSONWriter: ResultWriter {
  public let schema: Schema
  var output: BufferedOutput
  var assembler: RowAssembler

  /// - Parameter flushThreshold: bytes buffered before they are written to `sink`.
  public init(schema: Schema, sink: any OutputSink, flushThreshold: Int = 1 << 20) {
    self.schema = schema
    output = BufferedOutput(sink: sink, flushThreshold: flushThreshold)
    assembler = RowAssembler(layout: JSONRows.layout(schema: schema, rowSuffix: Array("}\n".utf8), rowSeparator: []))
  }

  public mutating func write(_ batch: RecordBatch) throws(OutputError) {
    try assembler.append(batch, appenders: JSONRows.appenders(for: batch, schema: schema), finisher: JSONRows(), to: &output)
  }

  public mutating func finish() throws(OutputError) {
    try output.flush()
  }
}

/// The row layout and NULL spelling shared by the JSON and NDJSON writers.
struct JSONRows: CellFinisher {
  @inline(__always)
  func finish(_ text: inout TextBuffer, column: Int, start: Int, hasValue: Bool) {
    if !hasValue { text.append("null") }
  }

  static func layout(schema: Schema, rowSuffix: [UInt8], rowSeparator: [UInt8]) -> RowLayout {
    RowLayout(
      rowPrefix: [0x7B],
      columnPrefixes: schema.fields.indices.map {
        JSONValueAppenders.objectKey(schema.fields[$0].name, leading: $0 == 0 ? nil : 0x2C)
      },
      rowSuffix: rowSuffix, rowSeparator: rowSeparator)
  }

  static func appenders(for batch: RecordBatch, schema: Schema) -> [ColumnAppender] {
    precondition(batch.columns.count == schema.count, "batch has \(batch.columns.count) columns, schema \(schema.count)")
    return batch.columns.map { ColumnAppender(append: JSONValueAppenders.make(for: $0)) }
  }
}
