// EngineError: the one error type of TarnEngine — bind, catalog, conversion and runtime failures, wrapping lower layers' errors.
import TarnCore
import TarnFormats
import TarnParquet
import TarnSQL

/// An error from binding, planning or running a statement.
///
/// Lower layers' errors are wrapped, never flattened to strings, so a caller can still tell a
/// corrupt Parquet file from a bad query. `span` points into the statement's SQL when known;
/// `rendered(in:)` prints it DuckDB-style with the SQL line and a caret.
public struct EngineError: Error, Sendable, CustomStringConvertible {
  public enum Reason: Sendable {
    /// The SQL does not parse.
    case parse(SQLError)
    /// Names or types do not resolve: unknown column, wrong argument types, misplaced aggregate.
    case bind(String)
    /// A table, view, file or function that does not exist.
    case catalog(String)
    /// A value does not convert to the requested type (`CAST('x' AS INTEGER)`).
    case conversion(String)
    /// Arithmetic overflow or a value outside a function's domain.
    case outOfRange(String)
    /// A valid call with an argument the function rejects (bad regex, bad format string).
    case invalidInput(String)
    /// Legal DuckDB SQL that Tarn cannot run yet.
    case unsupported(String)
    case parquet(ParquetError)
    case output(OutputError)
    /// A CSV or JSON file could not be read (carries file, line and column).
    case format(FormatError)
    /// A file could not be opened or listed.
    case io(String)
    /// Tarn's fault; the message says so.
    case internalBug(String)
  }

  public var reason: Reason
  /// Where in the statement's SQL, when the failing construct is known.
  public var span: SourceSpan?
  public var hint: String?

  public init(_ reason: Reason, at span: SourceSpan? = nil, hint: String? = nil) {
    self.reason = reason
    self.span = span
    self.hint = hint
  }

  /// Fills in the span if none is known yet.
  public func at(_ span: SourceSpan?) -> EngineError {
    var copy = self
    if copy.span == nil { copy.span = span }
    return copy
  }

  /// DuckDB's category label.
  public var label: String {
    switch reason {
    case .parse(let error): error.label
    case .bind: "Binder Error"
    case .catalog: "Catalog Error"
    case .conversion: "Conversion Error"
    case .outOfRange: "Out of Range Error"
    case .invalidInput: "Invalid Input Error"
    case .unsupported: "Not implemented Error"
    case .parquet: "IO Error"
    case .output: "IO Error"
    case .format: "Invalid Input Error"
    case .io: "IO Error"
    case .internalBug: "INTERNAL Error"
    }
  }

  /// The message without label or location.
  public var message: String {
    switch reason {
    case .parse(let error): error.message
    case .bind(let m), .catalog(let m), .conversion(let m), .outOfRange(let m), .invalidInput(let m),
      .unsupported(let m), .io(let m):
      m
    case .internalBug(let m): "\(m) (this is a bug in Tarn)"
    case .parquet(let error): "\(error)"
    case .output(let error): "\(error)"
    case .format(let error): "\(error)"
    }
  }

  public var description: String {
    var text = "\(label): \(message)"
    if let hint = hint ?? parseHint { text += "; hint: \(hint)" }
    return text
  }

  private var parseHint: String? {
    if case .parse(let error) = reason { return error.hint }
    return nil
  }

  /// The message, the SQL line with a caret under the error, and the hint, as DuckDB prints them.
  public func rendered(in sql: String) -> String {
    if case .parse(let error) = reason { return error.rendered(in: sql) }
    guard let span else { return description }
    // SQLError's renderer draws the line and caret; only the label differs.
    let shaped = SQLError(.syntax, message, at: span, hint: hint).rendered(in: sql)
    let parserLabel = "Parser Error"
    return label + shaped.dropFirst(parserLabel.count)
  }
}

extension EngineError {
  static func bind(_ message: String, at span: SourceSpan? = nil, hint: String? = nil) -> EngineError {
    EngineError(.bind(message), at: span, hint: hint)
  }
  static func unsupported(_ message: String, at span: SourceSpan? = nil) -> EngineError {
    EngineError(.unsupported(message), at: span)
  }
  static func bug(_ message: String) -> EngineError { EngineError(.internalBug(message)) }
}
