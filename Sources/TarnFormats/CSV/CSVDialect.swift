// How a CSV file spells fields and rows: delimiter, quote, escape, comment prefix and line terminator.

/// The syntax of one CSV file, detected by the sniffer or given by the caller.
///
/// RFC 4180 is `delimiter: ",", quote: "\"", escape: nil` (a quote inside a quoted field is doubled).
public struct CSVDialect: Sendable, Hashable, CustomStringConvertible {
  public var delimiter: UInt8
  /// nil: no quoting at all; every quote byte is data.
  public var quote: UInt8?
  /// The byte that escapes a quote (or itself) inside a quoted field; nil means the quote itself (`""`).
  public var escape: UInt8?
  /// Lines starting with this byte are skipped entirely.
  public var comment: UInt8?
  /// `\n` (a `\r` right before it is dropped, so CRLF works) or `\r` (old Mac files).
  public var lineTerminator: UInt8

  public init(
    delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8? = UInt8(ascii: "\""), escape: UInt8? = nil,
    comment: UInt8? = nil, lineTerminator: UInt8 = UInt8(ascii: "\n")
  ) {
    self.delimiter = delimiter
    self.quote = quote
    self.escape = escape
    self.comment = comment
    self.lineTerminator = lineTerminator
  }

  /// True when escapes are doubled quotes: row boundaries then follow from quote parity alone.
  var escapesByDoubling: Bool { escape == nil || escape == quote }

  public var description: String {
    func show(_ b: UInt8?) -> String {
      guard let b else { return "none" }
      switch b {
      case 9: return "\\t"
      case 10: return "\\n"
      case 13: return "\\r"
      default: return String(decoding: [b], as: UTF8.self)
      }
    }
    return "delimiter=\(show(delimiter)) quote=\(show(quote)) escape=\(show(escape ?? quote)) "
      + "comment=\(show(comment)) newline=\(show(lineTerminator))"
  }
}

/// What to do with a row whose field count differs from the schema's.
public enum CSVErrorPolicy: Sendable, Hashable {
  /// Stop with an error naming the file, line and field.
  case fail
  /// Leave the row out, count it, and keep up to `keepingFirst` of them (line number and reason) in the report.
  case skip(keepingFirst: Int = 100)
}

/// A row left out under `CSVErrorPolicy.skip`.
public struct CSVRejectedRow: Sendable, Hashable {
  public var file: String
  public var line: Int
  public var reason: String
}

/// Options for sniffing and reading CSV. Every nil means "detect it".
public struct CSVReadOptions: Sendable {
  public var delimiter: UInt8?
  /// `.some(nil)` turns quoting off; nil detects `"` or `'`.
  public var quote: UInt8??
  /// `.some(nil)` means doubled quotes; nil detects doubled quotes or backslash.
  public var escape: UInt8??
  public var comment: UInt8?
  public var header: Bool?
  /// Column names replacing the header's (or the generated `column0…` names), by position.
  public var columnNames: [String]?
  /// Fixed column types by name (after `columnNames`); values that do not fit are errors, never widened.
  public var columnTypes: [String: DataTypeOverride] = [:]
  /// Fixed column types by 0-based position.
  public var columnTypesByIndex: [Int: DataTypeOverride] = [:]
  /// Read every column as VARCHAR.
  public var allVarchar = false
  /// Unquoted fields equal to one of these are null. The empty string is always null for non-VARCHAR columns.
  public var nullStrings: [String] = [""]
  /// When true, quoted fields can be null too (`""` with the default null string). DuckDB's default is true;
  /// Tarn's is false: a quoted empty string is an empty string.
  public var allowQuotedNulls = false
  /// Rows the sniffer looks at; nil reads the whole file for types (DuckDB's `sample_size = -1`).
  public var sampleRows: Int? = 20_480
  /// For uncompressed files, also sample chunks from the middle and end of the file.
  public var sampleSpread = true
  /// Rows per record batch (at most).
  public var batchSize = 122_880
  public var errorPolicy: CSVErrorPolicy = .fail
  /// Worker threads; nil uses every core.
  public var threads: Int?
  /// Reject input that is not UTF-8.
  public var validateUTF8 = true

  public init() {}

  /// The dialect fully given by the caller, if every part of it is.
  var explicitDialect: CSVDialect? {
    guard let delimiter, let quote, let escape else { return nil }
    return CSVDialect(delimiter: delimiter, quote: quote, escape: escape, comment: comment)
  }
}

/// A caller-fixed column type, parsed from DuckDB-style names (`BIGINT`, `DECIMAL(10,2)`, `TIMESTAMPTZ`).
public struct DataTypeOverride: Sendable, Hashable {
  public var type: TextScalarType

  public init(_ type: TextScalarType) { self.type = type }

  /// Parses a SQL type name; nil for names text readers cannot produce.
  public init?(sqlName: String) {
    let name = String(sqlName.filter { $0 != " " }).uppercased()
    switch name {
    case "BOOLEAN", "BOOL": type = .boolean
    case "BIGINT", "INT8", "LONG", "INTEGER", "INT", "INT4", "SMALLINT", "TINYINT": type = .bigint
    case "DOUBLE", "FLOAT8", "FLOAT", "REAL", "FLOAT4": type = .double
    case "VARCHAR", "TEXT", "STRING": type = .varchar
    case "DATE": type = .date
    case "TIME": type = .time
    case "TIMESTAMP", "DATETIME": type = .timestamp(nanoseconds: false)
    case "TIMESTAMP_NS": type = .timestamp(nanoseconds: true)
    case "TIMESTAMPTZ", "TIMESTAMPWITHTIMEZONE": type = .timestampTZ(nanoseconds: false)
    case "HUGEINT": type = .decimal(scale: 0)
    default:
      guard name.hasPrefix("DECIMAL(") || name.hasPrefix("NUMERIC("), name.hasSuffix(")") else { return nil }
      let inside = name.drop(while: { $0 != "(" }).dropFirst().dropLast()
      let parts = inside.split(separator: ",")
      guard parts.count == 2, let s = Int(parts[1]), s >= 0, s <= 38 else { return nil }
      type = .decimal(scale: s)
    }
  }

  /// Parses `name=TYPE`.
  public static func parseAssignment(_ text: String) -> (name: String, type: DataTypeOverride)? {
    guard let eq = text.firstIndex(of: "=") else { return nil }
    let name = String(text[..<eq])
    guard !name.isEmpty, let type = DataTypeOverride(sqlName: String(text[text.index(after: eq)...])) else { return nil }
    return (name, type)
  }
}
