// Binding function calls: aggregates (DISTINCT, FILTER, ORDER BY), special forms (COALESCE, typeof) and scalars.
import TarnCore
import TarnSQL

extension ExpressionBinder {
  func function(_ f: FunctionCall, span: SourceSpan) throws(EngineError) -> BoundExpression {
    let name = f.name.last.name.lowercased()
    if f.isStar || AggregateFunction.named(name) != nil {
      return try aggregate(f, name: name, span: span)
    }
    guard f.orderBy.isEmpty, f.filter == nil, !f.isDistinct else {
      throw EngineError.bind("DISTINCT, ORDER BY and FILTER are only allowed in aggregate functions; \(name) is not one", at: span)
    }
    if name == "struct_pack" || name == "row" {
      var fields: [StructLiteralField] = []
      for (i, a) in f.arguments.enumerated() { fields.append(StructLiteralField(name: a.name?.name ?? "v\(i + 1)", value: a.value)) }
      return try structLiteral(fields, span: span)
    }
    var args: [BoundExpression] = []
    for a in f.arguments { args.append(try bind(a.value)) }
    switch name {
    case "list_value", "list_pack":
      return try listValue(args, span: span)
    case "coalesce", "ifnull":
      guard !args.isEmpty else { throw EngineError.bind("coalesce needs at least one argument", at: span) }
      var type: DataType = .null
      for a in args {
        guard let t = TypeRules.commonType(type, a.type, bIsLiteral: a.isConstant) else {
          throw EngineError.bind("Cannot mix values of type \(type.sqlName) and \(a.type.sqlName) in COALESCE", at: span)
        }
        type = t
      }
      if type == .null { type = .int32 }
      var casted: [BoundExpression] = []
      for a in args { casted.append(try cast(a, type)) }
      return BoundExpression(.coalesce(casted), type: type)
    case "typeof":
      guard args.count == 1 else { throw EngineError.bind("typeof takes one argument", at: span) }
      return .constant(VectorFactory.strings([args[0].type == .null ? "\"NULL\"" : args[0].type.sqlName]), span: span)
    case "date_part", "datepart", "date_trunc", "datetrunc", "date_diff", "datediff":
      // A string date/timestamp argument is read as a timestamp literal.
      var fixed = args
      for i in fixed.indices.dropFirst() where fixed[i].type == .string && fixed[i].isConstant {
        fixed[i] = try cast(fixed[i], .timestamp(.microsecond, isAdjustedToUTC: false))
      }
      return try call(name == "datetrunc" ? "date_trunc" : name, fixed, span: span)
    default:
      return try call(name, args, span: span)
    }
  }

  private func aggregate(_ f: FunctionCall, name: String, span: SourceSpan) throws(EngineError) -> BoundExpression {
    guard !insideAggregate else { throw EngineError.bind("aggregate function calls cannot be nested", at: span) }
    guard let collector = aggregates else {
      throw EngineError.bind("aggregate function calls cannot be used here (\(name))", at: span)
    }
    var inner = self
    inner.insideAggregate = true
    inner.aggregates = nil
    var function = AggregateFunction.named(name) ?? .countStar
    if f.isStar || (name == "count" && f.arguments.isEmpty) { function = .countStar }
    var args: [BoundExpression] = []
    for a in f.arguments { args.append(try inner.bind(a.value)) }
    if function == .boolAnd || function == .boolOr, let t = args.first?.type, t != .boolean, t != .null {
      throw EngineError.bind("No function matches '\(name)(\(t.sqlName))'", at: span)
    }
    if function == .stringAgg {
      if args.count == 1 { args.append(.constant(VectorFactory.strings([","]))) }
      guard args.count == 2 else { throw EngineError.bind("string_agg takes a value and a separator", at: span) }
      args[0] = try inner.cast(args[0], .string)
      args[1] = try inner.cast(args[1], .string)
    }
    if function == .quantileCont || function == .quantileDisc {
      guard args.count == 2, args[1].isConstant, args[1].type.isNumeric, let c = args[1].constantValue, !c.isNull(0) else {
        throw EngineError.bind("\(name) needs a constant quantile as its second argument", at: span)
      }
      let q = NumericLanes.doubles(c.flattened).value(at: 0, as: Double.self)
      guard q >= 0, q <= 1 else { throw EngineError.bind("QUANTILE can only take parameters in the range [0, 1]; got \(q)", at: span) }
    }
    if (function == .sum || function == .avg) && args.first?.type == .string {
      throw EngineError.bind("No function matches the given name and argument types '\(name)(VARCHAR)'. You might need to add explicit type casts.", at: span)
    }
    guard let type = function.resultType(args.map(\.type)) else {
      throw EngineError.bind(
        "No function matches the given name and argument types '\(name)(\(args.map { $0.type.sqlName }.joined(separator: ", ")))'. You might need to add explicit type casts.",
        at: span)
    }
    let filter = try f.filter.map { e throws(EngineError) in try inner.bindBoolean(e, clause: "FILTER") }
    var orderBy: [SortKey] = []
    for item in f.orderBy {
      orderBy.append(SortKey(expression: try inner.bind(item.expression), isDescending: item.direction == .descending, nullsFirst: item.nulls == .first))
    }
    if function == .median || function == .quantileCont, let t = args.first?.type, t.isNumeric { args[0] = try inner.cast(args[0], .float64) }
    let text = SQLPrinter.expression(Expression(.function(f)))
    let bound = BoundAggregate(function: function, arguments: args, isDistinct: f.isDistinct, filter: filter, orderBy: orderBy, type: type, name: text)
    // Identical calls share one aggregate.
    let key = text
    let index: Int
    if let existing = collector.keys.firstIndex(of: key) { index = existing } else {
      collector.aggregates.append(bound)
      collector.keys.append(key)
      index = collector.aggregates.count - 1
    }
    return .column(ColumnBinding(collector.tableIndex, index), type, name: text)
  }

  // MARK: Subqueries

  /// IN (subquery) and EXISTS: a MARK join under the current clause; the expression is its BOOLEAN column.
  func subqueryMark(_ query: Query, probe: BoundExpression?, span: SourceSpan, nullAware: Bool) throws(EngineError) -> BoundExpression {
    guard let subqueries else { throw EngineError.unsupported("subqueries in this clause", at: span) }
    let (plan, _) = try binder.bindQuery(query, outer: BindScope(tables: [], outer: scope.tables + scope.outer))
    var join = LogicalJoin(kind: .mark, left: .values(tableIndex: -1, types: [], names: [], rows: []), right: plan)
    if let probe {
      guard plan.types.count == 1 else { throw EngineError.bind("Subquery returns \(plan.types.count) columns - expected 1", at: span) }
      let column = BoundExpression.column(plan.bindings[0], plan.types[0], name: "subquery")
      guard let t = TypeRules.commonType(probe.type, column.type, aIsLiteral: probe.isConstant) else {
        throw EngineError.bind("Cannot compare values of type \(probe.type.sqlName) and type \(column.type.sqlName)", at: span)
      }
      join.equiKeys = [(try cast(probe, t), try cast(column, t))]
    }
    join.markNullAware = nullAware
    let binding = ColumnBinding(binder.newTableIndex(), 0)
    join.markBinding = binding
    subqueries.joins.append(join)
    return .column(binding, .boolean, name: probe == nil ? "EXISTS(...)" : "IN (...)")
  }

  /// A scalar subquery: a SINGLE join; more than one row is an error, none gives NULL.
  func scalarSubquery(_ query: Query, span: SourceSpan) throws(EngineError) -> BoundExpression {
    guard let subqueries else { throw EngineError.unsupported("subqueries in this clause", at: span) }
    let (plan, names) = try binder.bindQuery(query, outer: BindScope(tables: [], outer: scope.tables + scope.outer))
    guard plan.types.count == 1 else { throw EngineError.bind("Subquery returns \(plan.types.count) columns - expected 1", at: span) }
    subqueries.joins.append(LogicalJoin(kind: .single, left: .values(tableIndex: -1, types: [], names: [], rows: []), right: plan))
    return .column(plan.bindings[0], plan.types[0], name: names[0])
  }
}

extension SubqueryCollector {
  /// `plan` with the collected subquery joins stacked on top (each join's left side is the plan so far).
  func apply(to plan: LogicalPlan) -> LogicalPlan {
    var result = plan
    for var j in joins {
      j.left = result
      result = .join(j)
    }
    joins = []
    return result
  }
}
