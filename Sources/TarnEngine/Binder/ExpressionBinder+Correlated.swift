// Correlated subqueries: EXISTS becomes a MARK join on its condition; an aggregate scalar subquery a grouped SINGLE join.
import TarnCore
import TarnSQL

extension ExpressionBinder {
  /// Decorrelates `EXISTS (SELECT items FROM f WHERE c)` where `c` refers to columns of the enclosing query:
  ///
  ///   Filter EXISTS(...)                      Filter mark
  ///     outer          →                        Join MARK (residual: c)
  ///                                               outer
  ///                                               f
  ///
  /// Equalities in `c` become hash keys (ExtractJoinKeys); the rest is checked per candidate pair. The select
  /// list does not matter for EXISTS. Returns nil for shapes this does not cover (aggregates, GROUP BY, LIMIT,
  /// set operations, references to queries further out); the caller then reports the correlation.
  func correlatedExists(_ query: Query, span: SourceSpan) throws(EngineError) -> BoundExpression? {
    guard let subqueries, query.with.isEmpty, query.limit == nil, query.offset == nil,
      case .select(let select) = query.body, select.groupBy == nil, select.having == nil, select.qualify == nil,
      let condition = select.whereClause, !select.from.isEmpty,
      select.items.allSatisfy(\.isPlainForExists)
    else { return nil }
    let inner = try binder.bindFrom(select.from, outer: BindScope())
    var conditionScope = BindScope(tables: inner.scope.tables, outer: scope.tables)
    conditionScope.allowsOuterReferences = true
    let bound = try ExpressionBinder(binder: binder, scope: conditionScope).bindBoolean(condition, clause: "WHERE")
    var join = LogicalJoin(kind: .mark, left: .values(tableIndex: -1, types: [], names: [], rows: []), right: inner.plan)
    join.residual = bound
    join.markNullAware = false
    let binding = ColumnBinding(binder.newTableIndex(), 0)
    join.markBinding = binding
    subqueries.joins.append(join)
    return .column(binding, .boolean, name: "EXISTS(...)")
  }
}

extension ExpressionBinder {
  /// Decorrelates a scalar subquery that aggregates over rows matching the outer row by equalities:
  ///
  ///   (SELECT count(*) FROM p WHERE p.k = o.k AND p.x > 1)
  ///     →  Join SINGLE keys [o.k = k] (outer, SELECT p.k AS k, count(*) FROM p WHERE p.x > 1 GROUP BY p.k)
  ///
  /// A `count` gives 0, not NULL, for an outer row with no match. Returns nil for other shapes.
  func correlatedScalar(_ query: Query, span: SourceSpan) throws(EngineError) -> BoundExpression? {
    guard let subqueries, query.with.isEmpty, query.limit == nil, query.offset == nil, query.orderBy == nil,
      case .select(let select) = query.body, select.groupBy == nil, select.having == nil, select.qualify == nil,
      select.distinct == nil, let condition = select.whereClause, !select.from.isEmpty, select.items.count == 1,
      case .expression(let item, _) = select.items[0].kind, case .function(let call) = item.kind,
      AggregateFunction.named(call.name.last.name.lowercased()) != nil
    else { return nil }
    let inner = try binder.bindFrom(select.from, outer: BindScope())
    let innerBinder = ExpressionBinder(binder: binder, scope: inner.scope)
    let outerBinder = ExpressionBinder(binder: binder, scope: BindScope(tables: scope.tables))
    var local: [Expression] = []
    var keys: [(inner: Expression, outer: BoundExpression)] = []
    for conjunct in condition.conjuncts {
      if (try? innerBinder.bind(conjunct)) != nil { local.append(conjunct); continue }
      guard case .binary(.equal, let a, let b) = conjunct.kind else { return nil }
      if (try? innerBinder.bind(a)) != nil, let o = try? outerBinder.bind(b) {
        keys.append((a, o))
      } else if (try? innerBinder.bind(b)) != nil, let o = try? outerBinder.bind(a) {
        keys.append((b, o))
      } else {
        return nil
      }
    }
    guard !keys.isEmpty else { return nil }
    let whereClause = local.dropFirst().reduce(local.first) { acc, c in acc.map { Expression(.binary(.and, $0, c)) } ?? c }
    let grouped = Query(body: .select(Select(
      items: keys.map { SelectItem.expression($0.inner) } + [SelectItem.expression(item)], from: select.from,
      whereClause: whereClause, groupBy: GroupBy(.expressions(keys.map(\.inner))))))
    let (plan, _) = try binder.bindQuery(grouped, outer: BindScope())
    var join = LogicalJoin(kind: .single, left: .values(tableIndex: -1, types: [], names: [], rows: []), right: plan)
    for (k, key) in keys.enumerated() {
      let column = BoundExpression.column(plan.bindings[k], plan.types[k], name: "key")
      guard let t = TypeRules.commonType(key.outer.type, column.type) else {
        throw EngineError.bind("Cannot compare values of type \(key.outer.type.sqlName) and type \(column.type.sqlName)", at: span)
      }
      join.equiKeys.append((try cast(key.outer, t), try cast(column, t)))
    }
    subqueries.joins.append(join)
    let type = plan.types[keys.count]
    let value = BoundExpression.column(plan.bindings[keys.count], type, name: SQLPrinter.expression(item))
    guard call.name.last.name.lowercased() == "count" else { return value }
    return BoundExpression(.coalesce([value, .constant(VectorFactory.int64s([0]))]), type: type)
  }
}

extension Expression {
  /// The operands of a chain of ANDs.
  fileprivate var conjuncts: [Expression] {
    if case .binary(.and, let a, let b) = kind { return a.conjuncts + b.conjuncts }
    return [self]
  }
}

extension SelectItem {
  /// A select item that cannot turn the subquery into an aggregate: `*`, a column or a constant.
  fileprivate var isPlainForExists: Bool {
    switch kind {
    case .star: true
    case .expression(let e, _):
      switch e.kind {
      case .literal, .column: true
      default: false
      }
    }
  }
}

extension EngineError {
  /// Whether binding failed on a reference to an enclosing query's column.
  var isCorrelatedReference: Bool {
    if case .unsupported(let message) = reason { return message.hasPrefix("correlated subqueries") }
    return false
  }
}
