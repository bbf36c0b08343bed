// SelectBinder: one SELECT block — FROM, WHERE, GROUP BY/aggregates, HAVING, select list, DISTINCT, ORDER BY, LIMIT.
import TarnCore
import TarnSQL

struct SelectBinder {
  let binder: Binder
  let outer: BindScope

  func bind(_ select: Select, orderBy: OrderBy?, limit: Expression?, offset: Expression?) throws(EngineError) -> (LogicalPlan, [String]) {
    if select.qualify != nil { throw EngineError.unsupported("QUALIFY", at: select.span) }
    var from = try binder.bindFrom(select.from, outer: outer)
    from.scope.outer = outer.tables + outer.outer
    let scope = from.scope
    var plan = from.plan

    // Select list: expand stars, keep expressions with their output names.
    var items: [(expression: Expression?, column: ScopeColumn?, name: String)] = []
    var aliasMap: [String: Expression] = [:]
    for item in select.items {
      switch item.kind {
      case .star(let star):
        let excluded = Set(star.exclude.map { $0.last.name.lowercased() })
        var tables = scope.tables
        if let q = star.qualifier {
          tables = tables.filter { $0.alias.lowercased() == q.last.name.lowercased() }
          if tables.isEmpty { throw EngineError.bind("Referenced table \"\(q.last.name)\" not found!", at: item.span) }
        }
        var any = false
        for t in tables {
          for c in t.columns where (star.qualifier != nil || !c.isQualifiedOnly) && !excluded.contains(c.name.lowercased()) {
            if let r = star.replace.first(where: { $0.name.name.lowercased() == c.name.lowercased() }) {
              items.append((r.expression, nil, c.name))
            } else {
              items.append((nil, star.qualifier == nil ? c.unqualified : c, c.name))
            }
            any = true
          }
        }
        if !any && scope.tables.isEmpty { throw EngineError.bind("SELECT * with no tables specified is not valid", at: item.span) }
      case .expression(let e, let alias):
        let name = alias?.name ?? Self.columnName(e)
        items.append((e, nil, name))
        if let alias { aliasMap[alias.name.lowercased()] = e }
      }
    }

    // WHERE (select aliases allowed, as in DuckDB), with its subqueries joined underneath.
    if let whereClause = select.whereClause {
      var eb = ExpressionBinder(binder: binder, scope: scope)
      eb.aliases = aliasMap
      let subqueries = SubqueryCollector()
      eb.subqueries = subqueries
      let condition = try eb.bindBoolean(whereClause, clause: "WHERE clause")
      if containsAggregateCall(whereClause) { throw EngineError.bind("WHERE clause cannot contain aggregates!", at: whereClause.span) }
      plan = subqueries.apply(to: plan)
      plan = .filter(plan, condition.conjuncts)
    }

    // Bind the select list with an aggregate collector; decide whether the query is grouped.
    let collector = AggregateCollector(tableIndex: binder.newTableIndex())
    let groupIndex = binder.newTableIndex()
    let selectSubqueries = SubqueryCollector()
    var eb = ExpressionBinder(binder: binder, scope: scope)
    eb.aggregates = collector
    eb.subqueries = selectSubqueries
    var bound: [BoundExpression] = []
    for item in items {
      if let c = item.column { bound.append(.column(c.binding, c.type, name: c.name)) } else { bound.append(try eb.bind(item.expression!)) }
    }
    var havingBound: BoundExpression? = nil
    if let having = select.having {
      var hb = eb
      hb.aliases = aliasMap
      havingBound = try hb.bindBoolean(having, clause: "HAVING clause")
    }

    var groups: [BoundExpression] = []
    if let groupBy = select.groupBy {
      switch groupBy.kind {
      case .all:
        for (k, b) in bound.enumerated() where !references(b, table: collector.tableIndex) && items[k].expression.map({ !containsAggregateCall($0) }) ?? true {
          groups.append(b)
        }
      case .expressions(let list):
        var gb = ExpressionBinder(binder: binder, scope: scope)
        for g in list {
          if case .literal(.integer(let text)) = g.kind, let k = Int(text) {
            guard k >= 1, k <= bound.count else {
              throw EngineError.bind("GROUP BY term out of range - should be between 1 and \(bound.count)", at: g.span)
            }
            guard !references(bound[k - 1], table: collector.tableIndex) else {
              throw EngineError.bind("GROUP BY clause cannot contain aggregates!", at: g.span)
            }
            groups.append(bound[k - 1])
            continue
          }
          // A name that is not a column but a select alias groups by that select expression.
          if case .column(let name) = g.kind, name.parts.count == 1, (try? scope.resolve(name)) == nil,
            let k = items.firstIndex(where: { $0.name.lowercased() == name.parts[0].name.lowercased() })
          {
            groups.append(bound[k])
            continue
          }
          gb.aliases = [:]
          if containsAggregateCall(g) { throw EngineError.bind("GROUP BY clause cannot contain aggregates!", at: g.span) }
          groups.append(try gb.bind(g))
        }
      }
    }
    let isGrouped = select.groupBy != nil || !collector.aggregates.isEmpty || havingBound != nil
    var groupKeys: [String: Int] = [:]
    for (k, g) in groups.enumerated() where groupKeys[ExpressionPrinter.identity(g)] == nil { groupKeys[ExpressionPrinter.identity(g)] = k }
    let sourceTables = Set(plan.bindings.map(\.table))

    /// Rewrites an expression over the FROM scope to one over the aggregate's output.
    func grouped(_ e: BoundExpression, _ span: SourceSpan?) throws(EngineError) -> BoundExpression {
      guard isGrouped else { return e }
      let rewritten = try rewriteGroups(e, groups: groups, keys: groupKeys, groupIndex: groupIndex)
      for b in rewritten.bindings where sourceTables.contains(b.table) {
        let name = plan.names[plan.bindings.firstIndex(of: b) ?? 0]
        throw EngineError.bind(
          "column \"\(name)\" must appear in the GROUP BY clause or must be part of an aggregate function.", at: e.span ?? span,
          hint: "Either add it to the GROUP BY list, or use \"ANY_VALUE(\(name))\" if the exact value of \"\(name)\" is not important.")
      }
      return rewritten
    }

    var outputs: [BoundExpression] = []
    for (k, b) in bound.enumerated() { outputs.append(try grouped(b, items[k].expression?.span)) }
    // IN/EXISTS marks are computed per input row (they may feed group keys); scalar subqueries after grouping.
    let marks = selectSubqueries.joins.filter { $0.kind == .mark }
    selectSubqueries.joins.removeAll { $0.kind == .mark }
    if isGrouped {
      let preAggregate = SubqueryCollector()
      preAggregate.joins = marks
      plan = preAggregate.apply(to: plan)
    } else {
      selectSubqueries.joins = marks + selectSubqueries.joins
    }
    if isGrouped {
      plan = .aggregate(groupIndex: groupIndex, aggregateIndex: collector.tableIndex, groups: groups, aggregates: collector.aggregates, plan)
      if let havingBound { plan = .filter(plan, try grouped(havingBound, select.having?.span).conjuncts) }
    }
    plan = selectSubqueries.apply(to: plan)

    // ORDER BY: ordinals and aliases name output columns; other expressions become hidden columns.
    var names = items.map(\.name)
    var sortKeys: [(Int, SortKey)] = []
    var projected = outputs
    if let orderBy {
      let list = try binder.orderItems(orderBy, count: outputs.count)
      var ob = ExpressionBinder(binder: binder, scope: scope)
      ob.aggregates = isGrouped ? collector : nil
      ob.subqueries = selectSubqueries
      for item in list {
        var position: Int? = nil
        if case .literal(.integer(let text)) = item.expression.kind, let k = Int(text) {
          guard k >= 1, k <= outputs.count else {
            throw EngineError.bind("ORDER term out of range - should be between 1 and \(outputs.count)", at: item.expression.span)
          }
          position = k - 1
        } else if case .column(let name) = item.expression.kind, name.parts.count == 1,
          let k = items.firstIndex(where: { $0.name.lowercased() == name.parts[0].name.lowercased() && ($0.expression != nil || true) }),
          (try? scope.resolve(name)) == nil || items[k].expression.map({ e in if case .column = e.kind { return false } else { return true } }) ?? false
        {
          position = k
        } else {
          let before = collector.aggregates.count
          let e = try grouped(try ob.bind(item.expression), item.expression.span)
          if collector.aggregates.count != before, case .aggregate(let g, let a, let gs, _, let child) = plan.unwrappingFilter {
            plan = plan.replacingAggregate(.aggregate(groupIndex: g, aggregateIndex: a, groups: gs, aggregates: collector.aggregates, child))
          }
          let identity = ExpressionPrinter.identity(e)
          if let k = projected.firstIndex(where: { ExpressionPrinter.identity($0) == identity }) { position = k } else {
            if select.distinct != nil {
              throw EngineError.bind("For SELECT DISTINCT, ORDER BY expressions must appear in select list", at: item.expression.span)
            }
            projected.append(e)
            names.append("#order\(projected.count)")
            position = projected.count - 1
          }
        }
        sortKeys.append((position!, SortKey(
          expression: .column(ColumnBinding(0, 0), .null, name: ""), isDescending: item.direction == .descending,
          nullsFirst: item.nulls == .first)))
      }
    }
    let projectionIndex = binder.newTableIndex()
    plan = .projection(tableIndex: projectionIndex, expressions: projected, names: names, plan)
    if select.distinct != nil {
      if case .on = select.distinct! { throw EngineError.unsupported("DISTINCT ON", at: select.span) }
      plan = .distinct(plan)
    }
    if !sortKeys.isEmpty {
      let keys = sortKeys.map { (k, key) -> SortKey in
        var r = key
        r.expression = .column(ColumnBinding(projectionIndex, k), projected[k].type, name: names[k])
        return r
      }
      plan = .order(keys, plan)
    }
    plan = try binder.applyLimit(plan, limit, offset)
    if projected.count > outputs.count {
      let visible = (0..<outputs.count).map { BoundExpression.column(ColumnBinding(projectionIndex, $0), projected[$0].type, name: names[$0]) }
      plan = .projection(tableIndex: binder.newTableIndex(), expressions: visible, names: Array(names.prefix(outputs.count)), plan)
    }
    return (plan, Array(names.prefix(outputs.count)))
  }

  func references(_ e: BoundExpression, table: Int) -> Bool { e.bindings.contains { $0.table == table } }

  func rewriteGroups(_ e: BoundExpression, groups: [BoundExpression], keys: [String: Int], groupIndex: Int) throws(EngineError) -> BoundExpression {
    if let k = keys[ExpressionPrinter.identity(e)] {
      return .column(ColumnBinding(groupIndex, k), groups[k].type, name: groups[k].description)
    }
    let kids = e.children
    if kids.isEmpty { return e }
    var new: [BoundExpression] = []
    for c in kids { new.append(try rewriteGroups(c, groups: groups, keys: keys, groupIndex: groupIndex)) }
    return e.replacingChildren(new)
  }

  func containsAggregateCall(_ e: Expression) -> Bool {
    SQLPrinter.expression(e).lowercased().contains { _ in false } || AggregateScan.contains(e)
  }

  /// DuckDB's default column name: the expression as written (a bare column keeps its name).
  static func columnName(_ e: Expression) -> String {
    if case .column(let name) = e.kind { return name.last.name }
    return SQLPrinter.expression(e)
  }
}

/// Finds aggregate calls in an AST expression (not inside subqueries).
enum AggregateScan {
  static func contains(_ e: Expression) -> Bool {
    switch e.kind {
    case .function(let f):
      if f.isStar || AggregateFunction.named(f.name.last.name) != nil { return true }
      return f.arguments.contains { contains($0.value) }
    case .unary(_, let x), .isNull(let x, _), .isBoolean(let x, _, _), .interval(let x, _), .fieldAccess(let x, _): return contains(x)
    case .binary(_, let a, let b): return contains(a) || contains(b)
    case .between(let a, let b, let c, _): return contains(a) || contains(b) || contains(c)
    case .inList(let a, let list, _): return contains(a) || list.contains(where: contains)
    case .cast(let c): return contains(c.expression)
    case .caseWhen(let c):
      return (c.operand.map(contains) ?? false) || c.branches.contains { contains($0.when) || contains($0.then) }
        || (c.elseResult.map(contains) ?? false)
    case .patternMatch(let m): return contains(m.value) || contains(m.pattern)
    default: return false
    }
  }
}

extension LogicalPlan {
  /// The aggregate node under an optional HAVING filter.
  var unwrappingFilter: LogicalPlan {
    if case .filter(let child, _) = self { return child.unwrappingFilter }
    if case .join(let j) = self, j.kind == .single || j.kind == .mark { return j.left.unwrappingFilter }
    return self
  }

  /// Replaces the aggregate found by `unwrappingFilter`.
  func replacingAggregate(_ aggregate: LogicalPlan) -> LogicalPlan {
    switch self {
    case .aggregate: return aggregate
    case .filter(let child, let c): return .filter(child.replacingAggregate(aggregate), c)
    case .join(var j) where j.kind == .single || j.kind == .mark:
      j.left = j.left.replacingAggregate(aggregate)
      return .join(j)
    default: return self
    }
  }
}
