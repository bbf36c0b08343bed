// COPY (query) TO 'path' (FORMAT csv|json, …): writes a query's result with the TarnFormats writers.
import TarnCore
import TarnFormats
import TarnSQL

enum CopyTo {
  static func run(_ copy: CopyStatement, engine: QueryEngine) throws(EngineError) {
    guard copy.direction == .to else { throw EngineError.unsupported("COPY … FROM") }
    let query: Query
    switch copy.source {
    case .query(let q): query = q
    case .table(let name, let columns):
      let items: [SelectItem] = columns.isEmpty
        ? [SelectItem(.star(Star()))]
        : columns.map { SelectItem.expression(Expression(.column(QualifiedName([$0])))) }
      query = Query(body: .select(Select(items: items, from: [TableReference(.table(name))])))
    }
    var format = copy.path.lowercased().hasSuffix(".parquet") ? "parquet" : (copy.path.lowercased().hasSuffix(".json") || copy.path.lowercased().hasSuffix(".ndjson") ? "json" : "csv")
    var delimiter: UInt8 = 44
    var header = true
    for option in copy.options {
      switch option.name.name.lowercased() {
      case "format": format = option.word?.lowercased() ?? format
      case "delimiter", "delim", "sep": delimiter = option.word?.utf8.first ?? delimiter
      case "header": header = option.word.map { $0.lowercased() != "false" && $0 != "0" } ?? true
      case "overwrite", "overwrite_or_ignore", "compression": break
      case "partition_by": throw EngineError.unsupported("COPY … (PARTITION_BY …)")
      default: throw EngineError.bind("Unrecognized option for COPY: \(option.name.name)")
      }
    }
    if format == "parquet" {
      throw EngineError.unsupported("COPY … (FORMAT parquet): the Parquet writer is not connected to the engine yet")
    }
    let result = try engine.execute(Statement(.query(query)))
    let sink: FileOutputSink
    do { sink = try FileOutputSink(path: copy.path) } catch { throw EngineError(.output(error)) }
    var writer: any ResultWriter
    switch format {
    case "csv":
      var options = CSVWriter.Options(delimiter: delimiter)
      options.includesHeader = header
      writer = CSVWriter(schema: result.schema, sink: sink, options: options)
    case "json", "ndjson": writer = NDJSONWriter(schema: result.schema, sink: sink)
    default: throw EngineError.unsupported("COPY format \(format)")
    }
    do {
      while let batch = try result.next() { try writer.write(batch) }
      try writer.finish()
      try sink.close()
    } catch let e as OutputError {
      throw EngineError(.output(e))
    } catch let e as EngineError {
      throw e
    } catch {
      throw .bug("\(error)")
    }
  }
}
