// `tarn query SQL`: runs SQL statements through TarnEngine and prints each result in the chosen format.
import ArgumentParser
import TarnCore
import TarnEngine
import TarnFormats
#if canImport(Glibc)
import Glibc
#endif

struct QueryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query", abstract: "Run SQL statements over data files and print the results.")

  @Option(name: .long, help: "Output format: table (box), csv, tsv, ndjson, json, markdown. Default: table on a terminal, else ndjson.")
  var format: String?

  @Option(name: [.customShort("f"), .customLong("file")], help: "Read the SQL script from this file.")
  var file: String?

  @Argument(help: "The SQL, e.g. SELECT * FROM 'file.parquet'. Statements are separated by ';'.")
  var sql: String?

  func run() throws {
    try reportingFailures {
      let outputFormat = try resolveFormat()
      let text = try scriptText()
      let engine = QueryEngine()
      do {
        let statements = try engine.parse(text)
        for statement in statements {
          let result = try engine.execute(statement)
          guard result.producesRows else { continue }
          let sink = FileOutputSink(descriptor: 1)
          var writer = outputFormat.makeWriter(schema: result.schema, sink: sink)
          while let batch = try result.next() { try writer.write(batch) }
          try writer.finish()
        }
      } catch let error as EngineError {
        writeStandardError(error.rendered(in: text) + "\n")
        throw ExitCode.failure
      }
    }
  }

  private func scriptText() throws -> String {
    if let file {
      guard let handle = fopen(file, "rb") else { throw QueryError(message: "cannot open \(file)") }
      defer { fclose(handle) }
      var bytes: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 65_536)
      while true {
        let n = fread(&buffer, 1, buffer.count, handle)
        if n <= 0 { break }
        bytes += buffer[0..<n]
      }
      return String(decoding: bytes, as: UTF8.self) + (sql.map { ";\n" + $0 } ?? "")
    }
    guard let sql else { throw ValidationError("give the SQL as an argument or with -f FILE") }
    return sql
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
