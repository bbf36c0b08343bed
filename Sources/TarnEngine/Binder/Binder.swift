// Binder: resolves a parsed query against the catalog into a typed logical plan (DuckDB's Binder/Planner).
import TarnCore
import TarnSQL

/// Names a script defines, for one `tarn query` run: views (kept as queries) and materialized tables.
public final class EngineCatalog: @unchecked Sendable {
  var views: [String: (query: Query, columns: [String])] = [:]
  var tables: [String: MemoryTable] = [:]
  public init() {}
}

/// A bound relation: its plan, output names, and the scope entries it contributes under `alias`.
struct BoundRelation {
  var plan: LogicalPlan
  var scope: BindScope
}

final class Binder {
  let catalog: EngineCatalog
  private var nextIndex = 0
  /// CTEs visible while binding, innermost last.
  var ctes: [[String: CommonTableExpression]] = []

  init(catalog: EngineCatalog) { self.catalog = catalog }

  func newTableIndex() -> Int {
    nextIndex += 1
    return nextIndex
  }

  // MARK: Queries

  /// Binds a full query: WITH, body, ORDER BY, LIMIT/OFFSET. Returns the plan and its column names.
  func bindQuery(_ query: Query, outer: BindScope = BindScope()) throws(EngineError) -> (LogicalPlan, [String]) {
    var frame: [String: CommonTableExpression] = [:]
    for cte in query.with { frame[cte.name.name.lowercased()] = cte }
    ctes.append(frame)
    defer { ctes.removeLast() }
    // CTEs may refer to earlier ones: binding happens lazily on reference, with the frame in place.
    if case .select(let select) = query.body {
      return try SelectBinder(binder: self, outer: outer).bind(select, orderBy: query.orderBy, limit: query.limit, offset: query.offset)
    }
    var (plan, names) = try bindBody(query.body, outer: outer)
    if let orderBy = query.orderBy {
      let outputs = zip(plan.bindings, zip(plan.types, names)).map { ScopeColumn(name: $0.1.1, binding: $0.0, type: $0.1.0) }
      var scope = BindScope()
      scope.tables = [ScopeTable(alias: "", columns: outputs)]
      var keys: [SortKey] = []
      let expressionBinder = ExpressionBinder(binder: self, scope: scope)
      for item in try orderItems(orderBy, count: outputs.count) {
        var e: BoundExpression
        if case .literal(.integer(let text)) = item.expression.kind, let k = Int(text) {
          guard k >= 1, k <= outputs.count else {
            throw EngineError.bind("ORDER term out of range - should be between 1 and \(outputs.count)", at: item.expression.span)
          }
          e = .column(outputs[k - 1].binding, outputs[k - 1].type, name: outputs[k - 1].name)
        } else {
          e = try expressionBinder.bind(item.expression)
        }
        keys.append(SortKey(expression: e, isDescending: item.direction == .descending, nullsFirst: item.nulls == .first))
      }
      plan = .order(keys, plan)
    }
    plan = try applyLimit(plan, query.limit, query.offset)
    return (plan, names)
  }

  func orderItems(_ orderBy: OrderBy, count: Int) throws(EngineError) -> [OrderItem] {
    switch orderBy.kind {
    case .items(let items): return items
    case .all(let direction, let nulls):
      return (1...max(count, 1)).map {
        OrderItem(Expression(.literal(.integer(String($0)))), direction: direction, nulls: nulls)
      }
    }
  }

  func applyLimit(_ plan: LogicalPlan, _ limit: Expression?, _ offset: Expression?) throws(EngineError) -> LogicalPlan {
    guard limit != nil || offset != nil else { return plan }
    func constant(_ e: Expression?) throws(EngineError) -> Int? {
      guard let e else { return nil }
      let bound = try ExpressionBinder(binder: self, scope: BindScope()).bind(e)
      guard let v = try ConstantFolder.fold(bound).constantValue else {
        throw EngineError.bind("LIMIT and OFFSET must be constant", at: e.span)
      }
      if v.isNull(0) { return nil }
      let i = try CastKernels.cast(v, to: .int64, isTry: false).value(at: 0, as: Int64.self)
      guard i >= 0 else { throw EngineError.bind("LIMIT/OFFSET cannot be negative", at: e.span) }
      return Int(i)
    }
    return .limit(limit: try constant(limit), offset: try constant(offset) ?? 0, plan)
  }

  func bindBody(_ body: QueryBody, outer: BindScope) throws(EngineError) -> (LogicalPlan, [String]) {
    switch body {
    case .select(let s):
      return try SelectBinder(binder: self, outer: outer).bind(s, orderBy: nil, limit: nil, offset: nil)
    case .nested(let q):
      return try bindQuery(q, outer: outer)
    case .values(let values):
      guard let width = values.rows.first?.count else { throw EngineError.bind("VALUES needs at least one row") }
      let eb = ExpressionBinder(binder: self, scope: BindScope())
      var rows: [[BoundExpression]] = []
      for row in values.rows {
        guard row.count == width else { throw EngineError.bind("VALUES lists must all be the same length", at: values.span) }
        var bound: [BoundExpression] = []
        for e in row { bound.append(try eb.bind(e)) }
        rows.append(bound)
      }
      var types: [DataType] = []
      for c in 0..<width {
        var t = rows[0][c].type
        for r in rows.dropFirst() {
          guard let common = TypeRules.commonType(t, r[c].type) else {
            throw EngineError.bind("Cannot combine types \(t.sqlName) and \(r[c].type.sqlName) in VALUES", at: values.span)
          }
          t = common
        }
        types.append(t == .null ? .int32 : t)
      }
      let names = (0..<width).map { "col\($0)" }
      return (.values(tableIndex: newTableIndex(), types: types, names: names, rows: rows), names)
    case .setOperation(let op):
      var (left, leftNames) = try bindBody(op.left, outer: outer)
      var (right, rightNames) = try bindBody(op.right, outer: outer)
      if op.isByName {
        // Reorder the right side by name; missing columns become NULL.
        var expressions: [BoundExpression] = []
        let rb = right.bindings, rt = right.types
        var names = leftNames
        for n in rightNames where !names.contains(where: { $0.lowercased() == n.lowercased() }) { names.append(n) }
        for n in names {
          if let k = rightNames.firstIndex(where: { $0.lowercased() == n.lowercased() }) {
            expressions.append(.column(rb[k], rt[k], name: n))
          } else {
            expressions.append(.constant(VectorFactory.nulls(.null, count: 1)))
          }
        }
        right = .projection(tableIndex: newTableIndex(), expressions: expressions, names: names, right)
        if names.count > leftNames.count {
          let lb = left.bindings, lt = left.types
          var le: [BoundExpression] = []
          for (k, n) in names.enumerated() {
            le.append(k < leftNames.count ? .column(lb[k], lt[k], name: n) : .constant(VectorFactory.nulls(.null, count: 1)))
          }
          left = .projection(tableIndex: newTableIndex(), expressions: le, names: names, left)
        }
        leftNames = names
        rightNames = names
      }
      guard left.types.count == right.types.count else {
        throw EngineError.bind(
          "Set operations can only apply to expressions with the same number of result columns", at: op.span)
      }
      var types: [DataType] = []
      for (a, b) in zip(left.types, right.types) {
        guard let t = TypeRules.commonType(a, b) else {
          throw EngineError.bind("Cannot combine types \(a.sqlName) and \(b.sqlName) in \(op.op.rawValue)", at: op.span)
        }
        types.append(t == .null ? .int32 : t)
      }
      left = castProjection(left, to: types, names: leftNames)
      right = castProjection(right, to: types, names: leftNames)
      let kind: LogicalPlan.SetOperationKind = switch op.op {
      case .union: .union
      case .intersect: .intersect
      case .except: .except
      }
      return (.setOperation(kind, isAll: op.isAll, tableIndex: newTableIndex(), names: leftNames, left, right), leftNames)
    }
  }

  /// Wraps `plan` in a projection casting its columns to `types`, when any differs.
  func castProjection(_ plan: LogicalPlan, to types: [DataType], names: [String]) -> LogicalPlan {
    let current = plan.types
    if current == types { return plan }
    let expressions = zip(plan.bindings, zip(current, types)).enumerated().map { (k, pair) -> BoundExpression in
      let column = BoundExpression.column(pair.0, pair.1.0, name: names[k])
      return pair.1.0 == pair.1.1 ? column : BoundExpression(.cast(column, isTry: false), type: pair.1.1)
    }
    return .projection(tableIndex: newTableIndex(), expressions: expressions, names: names, plan)
  }
}
