// TableReference: a FROM item — table name, file path, table function, subquery, or join.

/// One item of a FROM clause, with its optional alias.
public struct TableReference: Sendable, Equatable, CustomStringConvertible {
  public indirect enum Kind: Sendable, Equatable {
    /// `t`, `schema.t`, `"My Table"`: a table or view (or a CTE) by name.
    case table(QualifiedName)
    /// `'obs/*.parquet'`: a file or glob; DuckDB picks the reader from the extension.
    case path(String)
    /// `read_parquet('p', hive_partitioning = true)`.
    case function(TableFunctionCall)
    /// `(SELECT …)`, `(VALUES …)`.
    case subquery(Query)
    case join(Join)
  }
  public var kind: Kind
  /// `AS t`, `t`, `AS t(a, b)`.
  public var alias: TableAlias?
  @IgnoredInEquality public var span: SourceSpan
  @IgnoredInEquality var height: Int

  public init(_ kind: Kind, alias: TableAlias? = nil, span: SourceSpan = .at(0)) {
    self.kind = kind
    self.alias = alias
    self.span = span
    self.height = kind.height + 1
  }

  public var description: String { SQLPrinter.tableReference(self) }
}

/// `AS name [(column, …)]`.
public struct TableAlias: Sendable, Equatable {
  public var name: Identifier
  /// Renames the first columns, in order; empty when not given.
  public var columns: [Identifier]

  public init(_ name: Identifier, columns: [Identifier] = []) {
    self.name = name
    self.columns = columns
  }

  public var span: SourceSpan { columns.last.map { name.span.union($0.span) } ?? name.span }
}

/// A table function in FROM: `read_parquet(['a', 'b'])`, `read_csv('p', delim = '\t', header = true)`.
///
/// Arguments written `name = value`, `name := value` or `name => value` are named arguments,
/// as in DuckDB; in a table function `=` never means comparison.
public struct TableFunctionCall: Sendable, Equatable {
  public var name: QualifiedName
  public var arguments: [FunctionArgument]

  public init(_ name: QualifiedName, arguments: [FunctionArgument] = []) {
    self.name = name
    self.arguments = arguments
  }
}

/// `left [NATURAL] kind JOIN right [ON … | USING (…)]`.
public struct Join: Sendable, Equatable {
  public enum Kind: String, Sendable, Hashable {
    case inner = "JOIN", left = "LEFT JOIN", right = "RIGHT JOIN", full = "FULL JOIN", cross = "CROSS JOIN"
    /// DuckDB's `SEMI JOIN` / `ANTI JOIN`: left rows with / without a match.
    case semi = "SEMI JOIN", anti = "ANTI JOIN"
  }
  public enum Condition: Sendable, Equatable {
    case on(Expression)
    case using([Identifier])
  }
  public var kind: Kind
  /// `NATURAL`: join on all columns with equal names; `condition` is then nil.
  public var isNatural: Bool
  public var left: TableReference
  public var right: TableReference
  /// Nil for CROSS and NATURAL joins.
  public var condition: Condition?

  public init(_ kind: Kind, isNatural: Bool = false, left: TableReference, right: TableReference, condition: Condition? = nil) {
    self.kind = kind
    self.isNatural = isNatural
    self.left = left
    self.right = right
    self.condition = condition
  }
}
