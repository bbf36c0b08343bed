// Identifier and QualifiedName: names of columns, tables, functions and aliases, as written.

/// A name, as written: `year`, `"Year Total"`.
///
/// DuckDB compares names case-insensitively but preserves their case; the binder does the
/// comparing, the AST keeps the spelling. `isQuoted` records `"…"` so printing gives back the
/// same token (a quoted name may be a keyword or contain spaces).
public struct Identifier: Sendable, Hashable, CustomStringConvertible {
  public var name: String
  public var isQuoted: Bool
  @IgnoredInEquality public var span: SourceSpan

  public init(_ name: String, isQuoted: Bool = false, span: SourceSpan = .at(0)) {
    self.name = name
    self.isQuoted = isQuoted
    self.span = span
  }

  public var description: String { SQLPrinter.identifier(self) }
}

/// A dotted name: `t`, `schema.t`, `t.a`, `s.field.subfield`.
///
/// For a column reference the parser cannot tell `table.column` from `column.structField`;
/// it keeps the whole path and lets the binder resolve it against the tables in scope.
public struct QualifiedName: Sendable, Hashable, CustomStringConvertible {
  /// At least one part.
  public var parts: [Identifier]

  public init(_ parts: [Identifier]) {
    precondition(!parts.isEmpty, "a qualified name has at least one part")
    self.parts = parts
  }

  /// A name of unquoted parts, for tests and hand-built trees: `QualifiedName("t", "a")`.
  public init(_ parts: String...) {
    self.init(parts.map { Identifier($0) })
  }

  /// The last part: the column, table or function name itself.
  public var last: Identifier { parts[parts.count - 1] }

  public var span: SourceSpan { parts[0].span.union(parts[parts.count - 1].span) }

  public var description: String { parts.map(SQLPrinter.identifier).joined(separator: ".") }
}
