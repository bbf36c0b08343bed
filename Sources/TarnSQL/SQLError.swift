// SQLError: the one error type of TarnSQL — what went wrong, where in the SQL text, and how to fix it.

/// An error found while lexing or parsing SQL.
///
/// Carries the span of the offending token so a client can point at it; `rendered(in:)`
/// prints it the way DuckDB and PostgreSQL do, with the SQL line and a caret:
/// ```
/// Parser Error: syntax error at or near "FROM"
/// LINE 1: SELECT a, FROM t
///                   ^
/// HINT: remove the comma before FROM
/// ```
public struct SQLError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// The text is not valid SQL.
    case syntax
    /// Valid SQL (in DuckDB's dialect) that Tarn does not support yet.
    case unsupported
    /// Nesting or expression height beyond the parser's limits; refused to protect the stack.
    case tooDeep
  }

  public var kind: Kind
  /// One line, lower case, no trailing period, e.g. `syntax error at or near "FROM"`.
  public var message: String
  /// The offending token; empty at the end of the input.
  public var span: SourceSpan
  /// How to fix it, when the parser can tell (e.g. `did you mean FROM?`).
  public var hint: String?

  public init(_ kind: Kind, _ message: String, at span: SourceSpan, hint: String? = nil) {
    self.kind = kind
    self.message = message
    self.span = span
    self.hint = hint
  }

  /// The category label DuckDB prints before the message.
  public var label: String {
    switch kind {
    case .syntax, .tooDeep: "Parser Error"
    case .unsupported: "Not implemented Error"
    }
  }

  public var description: String {
    var text = "\(label): \(message) (at byte \(span.start))"
    if let hint { text += "; hint: \(hint)" }
    return text
  }
}
