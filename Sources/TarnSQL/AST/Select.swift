// Select: one SELECT block — select list, FROM, WHERE, GROUP BY, HAVING, QUALIFY.

/// `SELECT [DISTINCT [ON (…)]] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …] [QUALIFY …]`.
///
/// DuckDB's FROM-first form (`FROM t SELECT a`, or just `FROM t`) parses to the same node;
/// a missing select list is `*`.
public struct Select: Sendable, Equatable {
  public var distinct: Distinct?
  /// At least one item.
  public var items: [SelectItem]
  /// Comma-separated FROM items; more than one means a cross product. Empty without FROM.
  public var from: [TableReference]
  public var whereClause: Expression?
  public var groupBy: GroupBy?
  public var having: Expression?
  public var qualify: Expression?
  @IgnoredInEquality public var span: SourceSpan

  public init(
    distinct: Distinct? = nil, items: [SelectItem], from: [TableReference] = [], whereClause: Expression? = nil,
    groupBy: GroupBy? = nil, having: Expression? = nil, qualify: Expression? = nil, span: SourceSpan = .at(0)
  ) {
    self.distinct = distinct
    self.items = items
    self.from = from
    self.whereClause = whereClause
    self.groupBy = groupBy
    self.having = having
    self.qualify = qualify
    self.span = span
  }
}

public enum Distinct: Sendable, Equatable {
  /// `SELECT DISTINCT`
  case distinct
  /// `SELECT DISTINCT ON (a, b)`: the first row of each (a, b) group.
  case on([Expression])
}

/// One entry of the select list.
public struct SelectItem: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// `expr`, `expr AS alias`, `expr alias`.
    case expression(Expression, alias: Identifier?)
    /// `*`, `t.*`, `* EXCLUDE (a)`, `* REPLACE (x + 1 AS x)`.
    case star(Star)
  }
  public var kind: Kind
  @IgnoredInEquality public var span: SourceSpan

  public init(_ kind: Kind, span: SourceSpan = .at(0)) {
    self.kind = kind
    self.span = span
  }

  /// `expr [AS alias]`, for tests and hand-built trees.
  public static func expression(_ expression: Expression, alias: String? = nil) -> SelectItem {
    SelectItem(.expression(expression, alias: alias.map { Identifier($0) }))
  }
}

/// `[qualifier.]* [EXCLUDE (…)] [REPLACE (…)]`.
public struct Star: Sendable, Equatable {
  public struct Replacement: Sendable, Equatable {
    public var expression: Expression
    public var name: Identifier
    public init(_ expression: Expression, as name: Identifier) {
      self.expression = expression
      self.name = name
    }
  }
  /// `t` in `t.*`; nil for a bare `*`.
  public var qualifier: QualifiedName?
  /// Columns left out.
  public var exclude: [QualifiedName]
  /// Columns whose value is replaced, keeping their position and name.
  public var replace: [Replacement]

  public init(qualifier: QualifiedName? = nil, exclude: [QualifiedName] = [], replace: [Replacement] = []) {
    self.qualifier = qualifier
    self.exclude = exclude
    self.replace = replace
  }
}

/// `GROUP BY expr, …` (each an expression, an output alias or an ordinal) or `GROUP BY ALL`.
public struct GroupBy: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case expressions([Expression])
    /// Group by every select-list item that contains no aggregate.
    case all
  }
  public var kind: Kind
  @IgnoredInEquality public var span: SourceSpan

  public init(_ kind: Kind, span: SourceSpan = .at(0)) {
    self.kind = kind
    self.span = span
  }
}
