// The interface every result format shares, and the list of formats for choosing one by name.
import TarnCore

/// Turns record batches into text and sends it to an `OutputSink`.
///
/// Call `write` for each batch, then `finish` once: it writes what the format needs at the end
/// (JSON's `]`, the whole box table) and flushes. Batches must have the writer's schema.
public protocol ResultWriter {
  var schema: Schema { get }
  mutating func write(_ batch: RecordBatch) throws(OutputError)
  mutating func finish() throws(OutputError)
}

/// The output formats, by the names a command line uses.
public enum OutputFormat: String, CaseIterable, Sendable {
  case ndjson, json, csv, tsv, markdown, box

  /// A writer of this format with default options.
  public func makeWriter(schema: Schema, sink: any OutputSink) -> any ResultWriter {
    switch self {
    case .ndjson: NDJSONWriter(schema: schema, sink: sink)
    case .json: JSONWriter(schema: schema, sink: sink)
    case .csv: CSVWriter(schema: schema, sink: sink)
    case .tsv: CSVWriter(schema: schema, sink: sink, options: CSVWriter.Options(delimiter: 0x09))
    case .markdown: MarkdownWriter(schema: schema, sink: sink)
    case .box: BoxTableWriter(schema: schema, sink: sink)
    }
  }
}
