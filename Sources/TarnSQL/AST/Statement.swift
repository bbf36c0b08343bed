// Statement: one statement of a script — a query, CREATE VIEW/TABLE AS, DROP, DESCRIBE, EXPLAIN or COPY.

/// A top-level statement and where it was written.
public struct Statement: Sendable, Equatable, CustomStringConvertible {
  public indirect enum Kind: Sendable, Equatable {
    case query(Query)
    case createView(CreateViewStatement)
    case createTable(CreateTableAsStatement)
    case drop(DropStatement)
    case describe(DescribeStatement)
    case explain(ExplainStatement)
    case copy(CopyStatement)
  }
  public var kind: Kind
  @IgnoredInEquality public var span: SourceSpan

  public init(_ kind: Kind, span: SourceSpan = .at(0)) {
    self.kind = kind
    self.span = span
  }

  public var description: String { SQLPrinter.statement(self) }
}
