// LogicalPlan: the relational operator tree the binder builds and the optimizer rewrites.
import TarnCore

/// One sort key: an expression, direction and where NULLs go (DuckDB default: ASC NULLS LAST).
public struct SortKey: @unchecked Sendable {
  var expression: BoundExpression
  var isDescending: Bool
  var nullsFirst: Bool
}

public enum JoinKind: String, Sendable {
  case inner = "INNER", left = "LEFT", right = "RIGHT", full = "FULL"
  /// Left rows with a match / without a match; output only left columns.
  case semi = "SEMI", anti = "ANTI"
  /// Left rows plus one BOOLEAN column: TRUE on a match, NULL when no match but a NULL made it unknown
  /// (IN semantics), FALSE otherwise. Used for IN/NOT IN/EXISTS anywhere in an expression.
  case mark = "MARK"
  /// Left rows plus the right side's single row (NULLs when it is empty); more than one row is an error.
  /// Scalar subqueries.
  case single = "SINGLE"
}

/// An aggregate call: function, arguments over the input, DISTINCT, FILTER and its own ORDER BY.
public struct BoundAggregate: @unchecked Sendable {
  var function: AggregateFunction
  var arguments: [BoundExpression]
  var isDistinct: Bool
  var filter: BoundExpression?
  var orderBy: [SortKey]
  var type: DataType
  /// As written, for EXPLAIN and column names.
  var name: String
}

/// A table read: which source columns, which pushed-down predicates.
public struct LogicalGet: @unchecked Sendable {
  var source: TableSource
  var tableIndex: Int
  /// Positions in `source.schema` that are read, in output order.
  var columns: [Int]
  /// Conjuncts over this scan's bindings, evaluated by the scan (and used to skip row groups).
  var filters: [BoundExpression] = []
  /// The columns the scan outputs, a subset of `columns` in their order; nil: all of them. Columns only the
  /// filters read are left out, so the rows passing the filters are not copied for them.
  var outputColumns: [Int]? = nil
  /// Integer columns (positions in `source.schema`) that only a GROUP BY above reads, as its one key: they may come out
  /// dictionary-encoded, and the grouping then works once per dictionary entry (`DictionaryGroupKey`).
  var integerDictionaries: Set<Int> = []

  /// The bindings of every column read, which the filters refer to.
  var readBindings: [ColumnBinding] { columns.map { ColumnBinding(tableIndex, $0) } }
}

public struct LogicalJoin: @unchecked Sendable {
  var kind: JoinKind
  var left: LogicalPlan
  var right: LogicalPlan
  /// Equality keys (left expression, right expression), each over one side only.
  var equiKeys: [(left: BoundExpression, right: BoundExpression)] = []
  /// Any other condition, over both sides.
  var residual: BoundExpression?
  /// For `.mark`: the binding of the BOOLEAN column.
  var markBinding: ColumnBinding?
  /// For `.mark` from IN: NULL keys make the answer unknown (NULL) rather than FALSE. False for EXISTS.
  var markNullAware = true
  /// Inner and outer joins: the positions in `left.bindings + right.bindings` of the columns output, when some are
  /// used by nothing above (a key only the join compares); nil: all. Unused columns are never gathered.
  var outputPositions: [Int]? = nil
}

public indirect enum LogicalPlan: @unchecked Sendable {
  case get(LogicalGet)
  /// Constant rows; one empty row (no columns) is the input of a FROM-less SELECT.
  case values(tableIndex: Int, types: [DataType], names: [String], rows: [[BoundExpression]])
  case filter(LogicalPlan, [BoundExpression])
  case projection(tableIndex: Int, expressions: [BoundExpression], names: [String], LogicalPlan)
  case aggregate(groupIndex: Int, aggregateIndex: Int, groups: [BoundExpression], aggregates: [BoundAggregate], LogicalPlan)
  case join(LogicalJoin)
  case order([SortKey], LogicalPlan)
  case limit(limit: Int?, offset: Int, LogicalPlan)
  case topN([SortKey], limit: Int, offset: Int, LogicalPlan)
  case distinct(LogicalPlan)
  /// UNION/INTERSECT/EXCEPT; both sides already have the output types.
  case setOperation(SetOperationKind, isAll: Bool, tableIndex: Int, names: [String], LogicalPlan, LogicalPlan)

  public enum SetOperationKind: String, Sendable { case union = "UNION", intersect = "INTERSECT", except = "EXCEPT" }

  /// The bindings this node outputs, in order.
  var bindings: [ColumnBinding] {
    switch self {
    case .get(let g): return (g.outputColumns ?? g.columns).map { ColumnBinding(g.tableIndex, $0) }
    case .values(let t, let types, _, _): return types.indices.map { ColumnBinding(t, $0) }
    case .filter(let p, _), .order(_, let p), .limit(_, _, let p), .topN(_, _, _, let p), .distinct(let p): return p.bindings
    case .projection(let t, let es, _, _): return es.indices.map { ColumnBinding(t, $0) }
    case .aggregate(let g, let a, let groups, let aggs, _):
      return groups.indices.map { ColumnBinding(g, $0) } + aggs.indices.map { ColumnBinding(a, $0) }
    case .join(let j):
      switch j.kind {
      case .semi, .anti: return j.left.bindings
      case .mark: return j.left.bindings + [j.markBinding!]
      default:
        let all = j.left.bindings + j.right.bindings
        return j.outputPositions.map { $0.map { all[$0] } } ?? all
      }
    case .setOperation(_, _, let t, let names, _, _): return names.indices.map { ColumnBinding(t, $0) }
    }
  }

  /// The output types, parallel to `bindings`.
  var types: [DataType] {
    switch self {
    case .get(let g): return (g.outputColumns ?? g.columns).map { g.source.schema.fields[$0].type }
    case .values(_, let types, _, _): return types
    case .filter(let p, _), .order(_, let p), .limit(_, _, let p), .topN(_, _, _, let p), .distinct(let p): return p.types
    case .projection(_, let es, _, _): return es.map(\.type)
    case .aggregate(_, _, let groups, let aggs, _): return groups.map(\.type) + aggs.map(\.type)
    case .join(let j):
      switch j.kind {
      case .semi, .anti: return j.left.types
      case .mark: return j.left.types + [.boolean]
      case .left, .right, .full, .inner, .single:
        let all = j.left.types + j.right.types
        return j.outputPositions.map { $0.map { all[$0] } } ?? all
      }
    case .setOperation(_, _, _, _, let l, _): return l.types
    }
  }

  /// Output column names, for result schemas.
  var names: [String] {
    switch self {
    case .get(let g): return (g.outputColumns ?? g.columns).map { g.source.schema.fields[$0].name }
    case .values(_, _, let names, _): return names
    case .filter(let p, _), .order(_, let p), .limit(_, _, let p), .topN(_, _, _, let p), .distinct(let p): return p.names
    case .projection(_, _, let names, _): return names
    case .aggregate(_, _, let groups, let aggs, _): return groups.map(\.description) + aggs.map(\.name)
    case .join(let j):
      switch j.kind {
      case .semi, .anti: return j.left.names
      case .mark: return j.left.names + ["mark"]
      default:
        let all = j.left.names + j.right.names
        return j.outputPositions.map { $0.map { all[$0] } } ?? all
      }
    case .setOperation(_, _, _, let names, _, _): return names
    }
  }

  var children: [LogicalPlan] {
    switch self {
    case .get, .values: []
    case .filter(let p, _), .order(_, let p), .limit(_, _, let p), .topN(_, _, _, let p), .distinct(let p): [p]
    case .projection(_, _, _, let p): [p]
    case .aggregate(_, _, _, _, let p): [p]
    case .join(let j): [j.left, j.right]
    case .setOperation(_, _, _, _, let l, let r): [l, r]
    }
  }

  /// The same node over new children (same count as `children`).
  func replacingChildren(_ new: [LogicalPlan]) -> LogicalPlan {
    switch self {
    case .get, .values: return self
    case .filter(_, let c): return .filter(new[0], c)
    case .order(let k, _): return .order(k, new[0])
    case .limit(let l, let o, _): return .limit(limit: l, offset: o, new[0])
    case .topN(let k, let l, let o, _): return .topN(k, limit: l, offset: o, new[0])
    case .distinct: return .distinct(new[0])
    case .projection(let t, let e, let n, _): return .projection(tableIndex: t, expressions: e, names: n, new[0])
    case .aggregate(let g, let a, let gs, let ags, _):
      return .aggregate(groupIndex: g, aggregateIndex: a, groups: gs, aggregates: ags, new[0])
    case .join(var j):
      j.left = new[0]
      j.right = new[1]
      return .join(j)
    case .setOperation(let k, let all, let t, let n, _, _): return .setOperation(k, isAll: all, tableIndex: t, names: n, new[0], new[1])
    }
  }

  /// Rewrites bottom-up.
  func transformed(_ f: (LogicalPlan) throws(EngineError) -> LogicalPlan) throws(EngineError) -> LogicalPlan {
    let kids = children
    if kids.isEmpty { return try f(self) }
    var new: [LogicalPlan] = []
    for k in kids { new.append(try k.transformed(f)) }
    return try f(replacingChildren(new))
  }

  /// A rough output size for choosing join sides: source rows, shrunk by filters.
  var estimatedRows: Double {
    switch self {
    case .get(let g): return Double(g.source.estimatedRowCount) * (g.filters.isEmpty ? 1 : 0.3)
    case .values(_, _, _, let rows): return Double(rows.count)
    case .filter(let p, _): return p.estimatedRows * 0.3
    case .projection(_, _, _, let p), .order(_, let p), .distinct(let p): return p.estimatedRows
    case .aggregate(_, _, let groups, _, let p): return groups.isEmpty ? 1 : p.estimatedRows * 0.3
    case .limit(let l, _, let p): return min(Double(l ?? Int.max), p.estimatedRows)
    case .topN(_, let l, _, let p): return min(Double(l), p.estimatedRows)
    case .join(let j):
      switch j.kind {
      case .semi, .anti, .mark, .single, .left: return j.left.estimatedRows
      case .right: return j.right.estimatedRows
      default: return max(j.left.estimatedRows, j.right.estimatedRows)
      }
    case .setOperation(_, _, _, _, let l, let r): return l.estimatedRows + r.estimatedRows
    }
  }
}
