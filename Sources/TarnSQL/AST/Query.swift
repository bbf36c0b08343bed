// Query: a full query expression — WITH, a body of SELECTs combined by set operations, ORDER BY, LIMIT, OFFSET.

/// `[WITH …] body [ORDER BY …] [LIMIT n] [OFFSET m]`.
///
/// ORDER BY, LIMIT and OFFSET belong to the whole body: in `SELECT … UNION SELECT … ORDER BY 1`
/// they sort the union. A parenthesized operand with its own ORDER BY or LIMIT is a `.nested` body.
public struct Query: Sendable, Equatable, CustomStringConvertible {
  /// Common table expressions, in order; each may refer to the ones before it.
  public var with: [CommonTableExpression]
  public var body: QueryBody
  public var orderBy: OrderBy?
  public var limit: Expression?
  public var offset: Expression?
  @IgnoredInEquality public var span: SourceSpan
  @IgnoredInEquality var height: Int

  public init(
    with: [CommonTableExpression] = [], body: QueryBody, orderBy: OrderBy? = nil, limit: Expression? = nil,
    offset: Expression? = nil, span: SourceSpan = .at(0)
  ) {
    self.with = with
    self.body = body
    self.orderBy = orderBy
    self.limit = limit
    self.offset = offset
    self.span = span
    self.height = 0
    self.height = computeHeight()
  }

  /// True when the query is only a body: no WITH, ORDER BY, LIMIT or OFFSET.
  public var isBareBody: Bool { with.isEmpty && orderBy == nil && limit == nil && offset == nil }

  public var description: String { SQLPrinter.query(self) }
}

/// What a query computes before ordering and limiting.
public indirect enum QueryBody: Sendable, Equatable {
  case select(Select)
  /// `a UNION b`, `a INTERSECT ALL b`, …
  case setOperation(SetOperation)
  /// `VALUES (1, 'a'), (2, 'b')`
  case values(Values)
  /// `(SELECT … ORDER BY … LIMIT …)` as an operand: a query with its own WITH, ORDER BY or LIMIT.
  case nested(Query)

  public var span: SourceSpan {
    switch self {
    case .select(let select): select.span
    case .setOperation(let operation): operation.span
    case .values(let values): values.span
    case .nested(let query): query.span
    }
  }
}

/// `left UNION [ALL] [BY NAME] right`, `left INTERSECT [ALL] right`, `left EXCEPT [ALL] right`.
public struct SetOperation: Sendable, Equatable {
  public enum Operator: String, Sendable, Hashable {
    case union = "UNION", intersect = "INTERSECT", except = "EXCEPT"
  }
  public var op: Operator
  /// `ALL` keeps duplicates; without it (or with `DISTINCT`) the result is deduplicated.
  public var isAll: Bool
  /// DuckDB's `UNION [ALL] BY NAME`: match columns by name instead of position.
  public var isByName: Bool
  public var left: QueryBody
  public var right: QueryBody
  @IgnoredInEquality public var span: SourceSpan
  @IgnoredInEquality var height: Int

  public init(
    _ op: Operator, isAll: Bool = false, isByName: Bool = false, left: QueryBody, right: QueryBody,
    span: SourceSpan = .at(0)
  ) {
    self.op = op
    self.isAll = isAll
    self.isByName = isByName
    self.left = left
    self.right = right
    self.span = span
    self.height = max(left.height, right.height) + 1
  }
}

/// `VALUES (…), (…)`: rows of expressions, all of the same length.
public struct Values: Sendable, Equatable {
  public var rows: [[Expression]]
  @IgnoredInEquality public var span: SourceSpan

  public init(rows: [[Expression]], span: SourceSpan = .at(0)) {
    self.rows = rows
    self.span = span
  }
}

/// `name [(columns)] AS [[NOT] MATERIALIZED] (query)` in a WITH clause.
public struct CommonTableExpression: Sendable, Equatable {
  public var name: Identifier
  /// Renames the query's columns, in order; empty when not given.
  public var columns: [Identifier]
  /// `MATERIALIZED` (true), `NOT MATERIALIZED` (false), or left to the planner (nil).
  public var isMaterialized: Bool?
  public var query: Query
  @IgnoredInEquality public var span: SourceSpan

  public init(
    name: Identifier, columns: [Identifier] = [], isMaterialized: Bool? = nil, query: Query,
    span: SourceSpan = .at(0)
  ) {
    self.name = name
    self.columns = columns
    self.isMaterialized = isMaterialized
    self.query = query
    self.span = span
  }
}

/// `ORDER BY item, …` or DuckDB's `ORDER BY ALL [ASC|DESC] [NULLS FIRST|LAST]`.
public struct OrderBy: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case items([OrderItem])
    /// Order by every select-list column, left to right.
    case all(direction: SortDirection?, nulls: NullsOrder?)
  }
  public var kind: Kind
  @IgnoredInEquality public var span: SourceSpan

  public init(_ kind: Kind, span: SourceSpan = .at(0)) {
    self.kind = kind
    self.span = span
  }
}

/// `expr [ASC|DESC] [NULLS FIRST|LAST]`. An omitted direction or nulls order is nil; the binder
/// applies DuckDB's defaults (ascending, nulls last).
///
/// The expression may be an output alias or an ordinal (`ORDER BY 2`); the binder resolves which.
public struct OrderItem: Sendable, Equatable {
  public var expression: Expression
  public var direction: SortDirection?
  public var nulls: NullsOrder?
  @IgnoredInEquality public var span: SourceSpan

  public init(_ expression: Expression, direction: SortDirection? = nil, nulls: NullsOrder? = nil, span: SourceSpan = .at(0)) {
    self.expression = expression
    self.direction = direction
    self.nulls = nulls
    self.span = span
  }
}

public enum SortDirection: String, Sendable, Hashable {
  case ascending = "ASC", descending = "DESC"
}

public enum NullsOrder: String, Sendable, Hashable {
  case first = "NULLS FIRST", last = "NULLS LAST"
}
