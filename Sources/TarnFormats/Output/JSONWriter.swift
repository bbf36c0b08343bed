// A JSON array of row objects: `[` then the objects separated by commas, then `]`; `[]` when empty.
import TarnCore

/// Writes all rows as one JSON array of objects, one object per line:
/// ```
/// [{"a":1,"b":"x"},
/// {"a":2,"b":null}]
/// ```
/// Values are written as by `NDJSONWriter`. The array closes in `finish()`.
public struct JSONWriter: ResultWriter {
  public let schema: Schema
  var output: BufferedOutput
  let encoder: JSONObjectEncoder
  var hasRows = false

  public init(schema: Schema, sink: any OutputSink, flushThreshold: Int = 1 << 20) {
    self.schema = schema
    output = BufferedOutput(sink: sink, flushThreshold: flushThreshold)
    encoder = JSONObjectEncoder(schema: schema)
    output.append("[")
  }

  public mutating func write(_ batch: RecordBatch) throws(OutputError) {
    let appenders = JSONObjectEncoder.appenders(for: batch, schema: schema)
    var row = 0
    while row < batch.count {
      // Objects end in ",\n"; the last one of each run loses it, and the next run puts it back.
      if hasRows { output.append(",\n") }
      hasRows = true
      row = encoder.appendRows(
        of: batch, appenders: appenders, from: row, separator: ",\n", limit: output.flushThreshold,
        to: &output.bytes)
      output.bytes.removeLast(2)
      try output.flushIfFull()
    }
  }

  public mutating func finish() throws(OutputError) {
    output.append("]\n")
    try output.flush()
  }
}
