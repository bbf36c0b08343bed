// Newline-delimited JSON: one object per row and line, streamed batch by batch.
import TarnCore

/// Writes each row as a JSON object on its own line (`{"a":1,"b":"x"}\n`), keys in schema order.
/// See `JSONValueAppenders` for how each type is written.
public struct NDJSONWriter: ResultWriter {
  public let schema: Schema
  var output: BufferedOutput
  let encoder: JSONObjectEncoder

  /// - Parameter flushThreshold: bytes buffered before they are written to `sink`.
  public init(schema: Schema, sink: any OutputSink, flushThreshold: Int = 1 << 20) {
    self.schema = schema
    output = BufferedOutput(sink: sink, flushThreshold: flushThreshold)
    encoder = JSONObjectEncoder(schema: schema)
  }

  public mutating func write(_ batch: RecordBatch) throws(OutputError) {
    let appenders = JSONObjectEncoder.appenders(for: batch, schema: schema)
    var row = 0
    while row < batch.count {
      row = encoder.appendRows(
        of: batch, appenders: appenders, from: row, separator: "\n", limit: output.flushThreshold, to: &output.bytes)
      try output.flushIfFull()
    }
  }

  public mutating func finish() throws(OutputError) {
    try output.flush()
  }
}
