// CSVSource: CSV/TSV files as a table — a plain 'file.csv' in FROM, or read_csv('path', delim=…, header=…, columns=…, …).
import TarnCore
import TarnFormats
import TarnSQL

/// CSV or TSV files (plain, gzip, zstd or LZ4; a path, a glob or a list), sniffed as DuckDB's `read_csv` does.
public final class CSVSource: TextFileSource, @unchecked Sendable {
  public init(displayName: String, patterns: [String], options: CSVReadOptions = CSVReadOptions()) throws(EngineError) {
    var multi = MultiFileOptions()
    multi.kind = .csv
    multi.csv = options
    try super.init(displayName: displayName, patterns: patterns, options: multi)
  }

  /// `read_csv(path or [paths], option = value, …)` with DuckDB's option names.
  static func readCSV(_ call: TableFunctionCall, span: SourceSpan) throws(EngineError) -> CSVSource {
    let arguments = try TextFileArguments(call, span: span)
    var options = CSVReadOptions()
    var columns: [(String, String)]? = nil
    for (name, value, span) in arguments.named {
      switch name {
      case "delim", "sep", "delimiter":
        let text = try arguments.string(value, name, span)
        guard let byte = Self.singleByte(text) else { throw EngineError.bind("read_csv: the delimiter must be one character", at: span) }
        options.delimiter = byte
      case "quote":
        let text = try arguments.string(value, name, span)
        guard text.isEmpty || Self.singleByte(text) != nil else { throw EngineError.bind("read_csv: quote must be one character", at: span) }
        options.quote = .some(Self.singleByte(text))
      case "escape":
        let text = try arguments.string(value, name, span)
        guard text.isEmpty || Self.singleByte(text) != nil else { throw EngineError.bind("read_csv: escape must be one character", at: span) }
        // An escape equal to the quote means doubled quotes.
        let byte = Self.singleByte(text)
        options.escape = .some(byte == nil || byte == (options.quote ?? nil) || byte == 0x22 ? nil : byte)
      case "comment":
        let text = try arguments.string(value, name, span)
        options.comment = Self.singleByte(text)
      case "header": options.header = try arguments.boolean(value, name, span)
      case "nullstr", "null", "nullstrings":
        switch value {
        case .string(let s): options.nullStrings = [s]
        case .list(let items):
          var strings: [String] = []
          for item in items { strings.append(try arguments.string(item, name, span)) }
          options.nullStrings = strings
        default: throw EngineError.bind("read_csv option \(name) must be a string or a list of strings", at: span)
        }
      case "sample_size":
        let n = try arguments.integer(value, name, span)
        options.sampleRows = n < 0 ? nil : max(n, 1)
      case "all_varchar": options.allVarchar = try arguments.boolean(value, name, span)
      case "columns": columns = try arguments.typeStruct(value, name, span)
      case "types", "dtypes", "column_types":
        if case .list(let items) = value {
          for (i, item) in items.enumerated() {
            options.columnTypesByIndex[i] = try Self.override(try arguments.string(item, name, span), span)
          }
        } else {
          for (column, type) in try arguments.typeStruct(value, name, span) {
            options.columnTypes[column] = try Self.override(type, span)
          }
        }
      case "names", "column_names":
        guard case .list(let items) = value else { throw EngineError.bind("read_csv option \(name) must be a list of names", at: span) }
        var names: [String] = []
        for item in items { names.append(try arguments.string(item, name, span)) }
        options.columnNames = names
      case "ignore_errors":
        if try arguments.boolean(value, name, span) { options.errorPolicy = .skip(keepingFirst: 0) }
      case "allow_quoted_nulls": options.allowQuotedNulls = try arguments.boolean(value, name, span)
      case "auto_detect", "compression", "union_by_name", "parallel", "new_line", "max_line_size", "buffer_size",
        "normalize_names", "null_padding":
        // Detection is always on, compression is found from the magic bytes, files are always united by name.
        continue
      default: throw arguments.unknown(name, span)
      }
    }
    if let columns {
      // DuckDB: `columns` gives every column's name and type; the header is then off unless asked for.
      options.columnNames = columns.map(\.0)
      for (i, (_, type)) in columns.enumerated() { options.columnTypesByIndex[i] = try Self.override(type, span) }
      if options.header == nil { options.header = false }
    }
    let display = arguments.paths.joined(separator: ", ")
    return try CSVSource(displayName: display, patterns: arguments.paths, options: options)
  }

  static func singleByte(_ text: String) -> UInt8? {
    if text == "\\t" { return 0x09 }
    let bytes = Array(text.utf8)
    return bytes.count == 1 ? bytes[0] : nil
  }

  static func override(_ type: String, _ span: SourceSpan) throws(EngineError) -> DataTypeOverride {
    guard let parsed = DataTypeOverride(sqlName: type) else {
      throw EngineError.bind("read_csv cannot read a column as type \(type)", at: span)
    }
    return parsed
  }
}
