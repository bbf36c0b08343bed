// `tarn query SQL`: runs a query and prints its rows in the chosen format.
import ArgumentParser
import TarnCore
import TarnFormats
import TarnParquet
#if canImport(Glibc)
import Glibc
#endif

struct QueryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query", abstract: "Run a SQL query over data files and print the result.")

  @Option(name: .long, help: "Output format: table (box), csv, tsv, ndjson, json, markdown. Default: table on a terminal, else ndjson.")
  var format: String?

  @Argument(help: "The SQL query, e.g. SELECT * FROM 'file.parquet'.")
  var sql: String

  func run() throws {
    try reportingFailures {
      let outputFormat = try resolveFormat()
      let query = try InterimSelect.parse(sql)
      let reader = try ParquetFileReader(path: query.path)
      let fields = try query.columns.map { names in
        try names.map { name in
          guard let index = reader.schema.fields.firstIndex(where: { $0.name == name }) else {
            throw QueryError(message: "column '\(name)' not found in \(query.path); it has \(reader.schema.fields.map(\.name).joined(separator: ", "))")
          }
          return index
        }
      }
      let schema = Schema((fields ?? Array(reader.schema.fields.indices)).map { reader.schema.fields[$0] })
      let sink = FileOutputSink(descriptor: 1)
      var writer = outputFormat.makeWriter(schema: schema, sink: sink)
      var remaining = query.limit ?? Int.max
      for group in 0..<reader.rowGroupCount where remaining > 0 {
        var batch = try reader.readRowGroup(group, fields: fields)
        if batch.count > remaining { batch = batch.prefix(remaining) }
        remaining -= batch.count
        try writer.write(batch)
      }
      try writer.finish()
    }
  }

  private func resolveFormat() throws -> OutputFormat {
    guard let format else { return isatty(1) == 1 ? .box : .ndjson }
    if format == "table" { return .box }
    guard let known = OutputFormat(rawValue: format) else {
      throw ValidationError("unknown format '\(format)'; use table, csv, tsv, ndjson, json or markdown")
    }
    return known
  }
}

struct QueryError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
