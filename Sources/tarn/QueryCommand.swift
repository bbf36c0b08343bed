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

  @Option(name: .long, help: "Output format: table (box), csv, tsv, ndjson, json, markdown, parquet. Default: table on a terminal, else ndjson; parquet when --output ends in .parquet.")
  var format: String?

  @Option(name: [.customShort("o"), .customLong("output")], help: "Write the last statement's rows to this file (atomically) instead of standard output.")
  var output: String?

  @Option(name: [.customShort("f"), .customLong("file")], help: "Read the SQL script from this file.")
  var file: String?

  @Argument(help: "The SQL, e.g. SELECT * FROM 'file.parquet'. Statements are separated by ';'.")
  var sql: String?

  func run() throws {
    try QueryInvocation(format: format, output: output, file: file, sql: sql).run()
  }
}

/// What `tarn query` was asked to do, however its arguments were parsed.
struct QueryInvocation {
  var format: String?
  var output: String?
  var file: String?
  var sql: String?

  /// The common forms, `[--format F|--format=F] [-o|--output P] [-f|--file P] [SQL]`, parsed directly; nil for
  /// anything else (ArgumentParser then parses it and reports errors). Parsing through ArgumentParser reflects
  /// over the command's types first, about a millisecond of a small query's few (`perf`).
  static func parseCommon(_ arguments: [String]) -> QueryInvocation? {
    var invocation = QueryInvocation()
    var i = 0
    func value(_ slot: WritableKeyPath<QueryInvocation, String?>, _ text: String) -> Bool {
      guard invocation[keyPath: slot] == nil else { return false }
      invocation[keyPath: slot] = text
      return true
    }
    while i < arguments.count {
      let argument = arguments[i]
      i += 1
      let slot: WritableKeyPath<QueryInvocation, String?>
      switch argument {
      case "--format": slot = \.format
      case "-o", "--output": slot = \.output
      case "-f", "--file": slot = \.file
      default:
        if argument.hasPrefix("--format=") {
          guard value(\.format, String(argument.dropFirst(9))) else { return nil }
          continue
        }
        guard !argument.hasPrefix("-"), value(\.sql, argument) else { return nil }
        continue
      }
      guard i < arguments.count, !arguments[i].hasPrefix("-"), value(slot, arguments[i]) else { return nil }
      i += 1
    }
    return invocation
  }

  func run() throws {
    try reportingFailures {
      let destination = try resolveDestination()
      let text = try scriptText()
      let engine = QueryEngine()
      do {
        let statements = try engine.parse(text)
        let lastWithRows = statements.lastIndex { $0.producesRows }
        for (index, statement) in statements.enumerated() {
          let result = try engine.execute(statement)
          guard result.producesRows else { continue }
          switch destination {
          case .parquet(let path) where index == lastWithRows:
            try engine.writeParquet(result, to: path)
          case .file(let format, let path) where index == lastWithRows:
            try writeText(result, format, to: path)
          case .standardOutput(let format):
            try writeText(result, format, to: nil)
          default:
            while try result.next() != nil {}  // an earlier statement's rows: run it, print nothing
          }
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

  enum Destination {
    case standardOutput(OutputFormat)
    case file(OutputFormat, String)
    case parquet(String)
  }

  private func resolveDestination() throws -> Destination {
    let name = format?.lowercased() ?? (output?.lowercased().hasSuffix(".parquet") == true ? "parquet" : nil)
    if name == "parquet" {
      guard let output else { throw ValidationError("--format parquet needs --output FILE") }
      return .parquet(output)
    }
    let chosen: OutputFormat
    switch name {
    case nil: chosen = output == nil && isatty(1) == 1 ? .box : .ndjson
    case "table": chosen = .box
    default:
      guard let known = OutputFormat(rawValue: name!) else {
        throw ValidationError("unknown format '\(format!)'; use table, csv, tsv, ndjson, json, markdown or parquet")
      }
      chosen = known
    }
    if let output { return .file(chosen, output) }
    return .standardOutput(chosen)
  }

  /// Prints a result, or writes it under a temporary name beside `path` and renames it into place.
  private func writeText(_ result: StatementResult, _ format: OutputFormat, to path: String?) throws {
    guard let path else {
      var writer = format.makeWriter(schema: result.schema, sink: FileOutputSink(descriptor: 1))
      while let batch = try result.next() { try writer.write(batch) }
      try writer.finish()
      return
    }
    let output = try AtomicTextOutput(path: path)
    var writer = format.makeWriter(schema: result.schema, sink: output.sink)
    while let batch = try result.next() { try writer.write(batch) }
    try writer.finish()
    try output.commit()
  }
}

struct QueryError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
