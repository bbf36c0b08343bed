// JSONSource: NDJSON or JSON-array files as a table — a plain 'file.ndjson' in FROM, or read_json('path', format=…).
import TarnCore
import TarnFormats
import TarnSQL

/// JSON files (NDJSON or one top-level array, detected; plain or compressed; a path, a glob or a list).
/// Objects become rows, nested objects structs, arrays lists; mixed types widen.
public final class JSONSource: TextFileSource, @unchecked Sendable {
  public init(displayName: String, patterns: [String], options: JSONReadOptions = JSONReadOptions()) throws(EngineError) {
    var multi = MultiFileOptions()
    multi.kind = .json
    multi.json = options
    try super.init(displayName: displayName, patterns: patterns, options: multi)
  }

  /// `read_json(path or [paths], format = 'auto' | 'newline_delimited' | 'array', sample_size = n)`.
  static func readJSON(_ call: TableFunctionCall, span: SourceSpan) throws(EngineError) -> JSONSource {
    let arguments = try TextFileArguments(call, span: span)
    var options = JSONReadOptions()
    if arguments.function == "read_ndjson" || arguments.function == "read_ndjson_auto" { options.format = .newlineDelimited }
    for (name, value, span) in arguments.named {
      switch name {
      case "format":
        switch try arguments.string(value, name, span).lowercased() {
        case "auto": options.format = nil
        case "newline_delimited", "nd", "ndjson", "jsonl": options.format = .newlineDelimited
        case "array": options.format = .array
        case let other: throw EngineError.bind("read_json: unknown format '\(other)'; use auto, newline_delimited or array", at: span)
        }
      case "sample_size":
        let n = try arguments.integer(value, name, span)
        options.sampleRows = n < 0 ? nil : max(n, 1)
      case "auto_detect", "compression", "union_by_name", "maximum_object_size", "records":
        continue
      default: throw arguments.unknown(name, span)
      }
    }
    return try JSONSource(displayName: arguments.paths.joined(separator: ", "), patterns: arguments.paths, options: options)
  }
}
