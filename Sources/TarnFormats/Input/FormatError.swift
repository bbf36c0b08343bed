// The one error type of the text-format layer (CSV, JSON, compressed input): what went wrong, and where.

/// Where in an input file an error happened. Each layer fills in what it knows, once per block.
public struct FormatLocation: Sendable, Equatable {
  public var file: String?
  /// 1-based physical line (every `\n` counts, also those inside quoted fields).
  public var line: Int?
  /// 1-based field number within the row (CSV), or byte column within the line (JSON).
  public var column: Int?
  /// The schema name of the column, when the error is about a value.
  public var columnName: String?
  public init() {}
}

public struct FormatError: Error, Sendable, CustomStringConvertible {
  public enum Reason: Sendable, Equatable {
    case io(String)
    /// A decompressor failed; `code` is the library's own error code.
    case codec(name: String, code: Int, message: String)
    /// The input ends inside a compressed member, a quoted field or a JSON value.
    case truncated(String)
    /// The bytes break the format's grammar.
    case malformed(String)
    /// A CSV row has `found` fields where the schema has `expected`.
    case raggedRow(expected: Int, found: Int)
    case invalidUTF8
    /// A value does not fit a column type the caller fixed (an override), so widening is not allowed.
    case valueDoesNotFit(value: String, type: String)
    /// A value past the sample needs a wider column type, but batches with the old type were already
    /// returned. The reader's `schema` already holds the widened type; call `restart()` to read again.
    case schemaWidened(column: String, from: String, to: String)
    /// A query bound the sniffed type, and a value past the sample needs a wider one (a query cannot
    /// change a column's type once planned; a conversion reads again instead).
    case typeChangedAfterSample(column: String, sniffed: String, needed: String)
    /// Legal input that Tarn cannot read yet.
    case unsupported(String)
    /// The caller's options contradict each other or the input.
    case invalidOption(String)
    /// Tarn's fault; the message says so.
    case internalBug(String)
  }

  public var reason: Reason
  public var location = FormatLocation()

  public init(_ reason: Reason) { self.reason = reason }

  /// A copy with the given location fields filled in where they are still empty.
  public func at(file: String? = nil, line: Int? = nil, column: Int? = nil, columnName: String? = nil) -> FormatError {
    var copy = self
    if copy.location.file == nil { copy.location.file = file }
    if copy.location.line == nil { copy.location.line = line }
    if copy.location.column == nil { copy.location.column = column }
    if copy.location.columnName == nil { copy.location.columnName = columnName }
    return copy
  }

  public var message: String {
    switch reason {
    case .io(let what): what
    case .codec(let name, let code, let message): "\(name) failed (code \(code)): \(message)"
    case .truncated(let what): "truncated input: \(what)"
    case .malformed(let what): what
    case .raggedRow(let expected, let found): "expected \(expected) fields, found \(found)"
    case .invalidUTF8: "invalid UTF-8"
    case .valueDoesNotFit(let value, let type): "value '\(value)' does not fit type \(type)"
    case .schemaWidened(let column, let from, let to):
      "column '\(column)' widened from \(from) to \(to) after batches were returned; restart the read"
    case .typeChangedAfterSample(let column, let sniffed, let needed):
      "column '\(column)' was sniffed as \(sniffed) from a sample, but a later value needs \(needed); "
        + "read with sample_size=-1 or types={'\(column)': '\(needed)'}"
    case .unsupported(let what): "unsupported: \(what)"
    case .invalidOption(let what): "invalid option: \(what)"
    case .internalBug(let what): "internal error (a bug in Tarn): \(what)"
    }
  }

  /// One line: `file:12:3: column 'x': value 'abc' does not fit type BIGINT`.
  public var description: String {
    var prefix = location.file ?? ""
    if let line = location.line {
      prefix += (prefix.isEmpty ? "" : ":") + "\(line)"
      if let column = location.column { prefix += ":\(column)" }
    }
    var text = prefix.isEmpty ? "" : prefix + ": "
    if let name = location.columnName { text += "column '\(name)': " }
    return text + message
  }
}
