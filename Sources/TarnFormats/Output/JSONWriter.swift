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
  var assembler: RowAssembler

  public init(schema: Schema, sink: any OutputSink, flushThreshold: Int = 1 << 20) {
    self.schema = schema
    output = BufferedOutput(sink: sink, flushThreshold: flushThreshold)
    assembler = RowAssembler(layout: JSONRows.layout(schema: schema, rowSuffix: [0x7D], rowSeparator: Array(",\n".utf8)))
    output.append("[")
  }

  public mutating func write(_ batch: RecordBatch) throws(OutputError) {
    try assembler.append(batch, appenders: JSONRows.appenders(for: batch, schema: schema), finisher: JSONRows(), to: &output)
  }

  public mutating func finish() throws(OutputError) {
    output.append("]\n")
    try output.flush()
  }
}
