// Binding FROM items: paths and globs, read_parquet, tables, views, CTEs, subqueries and joins.
import TarnCore
import TarnSQL

extension Binder {
  func bindFrom(_ items: [TableReference], outer: BindScope) throws(EngineError) -> BoundRelation {
    guard var result = try items.first.map({ r throws(EngineError) in try bindTableReference(r, outer: outer) }) else {
      // No FROM: one row, no columns.
      return BoundRelation(plan: .values(tableIndex: newTableIndex(), types: [], names: [], rows: [[]]), scope: BindScope())
    }
    for item in items.dropFirst() {
      let right = try bindTableReference(item, outer: outer)
      result = BoundRelation(
        plan: .join(LogicalJoin(kind: .inner, left: result.plan, right: right.plan)),
        scope: BindScope(tables: result.scope.tables + right.scope.tables, outer: outer.tables))
    }
    return result
  }

  func bindTableReference(_ ref: TableReference, outer: BindScope) throws(EngineError) -> BoundRelation {
    switch ref.kind {
    case .path(let path):
      return try scanRelation(try sourceForPath(path, span: ref.span), alias: ref.alias, defaultAlias: baseName(path))
    case .function(let call):
      return try scanRelation(try tableFunction(call, span: ref.span), alias: ref.alias, defaultAlias: call.name.last.name)
    case .table(let name):
      let key = name.last.name.lowercased()
      for frame in ctes.reversed() {
        if let cte = frame[key] {
          // Hide this CTE (and later ones) while binding it, so it cannot refer to itself.
          let saved = ctes
          ctes = ctes.map { $0.filter { $0.key != key } }
          defer { ctes = saved }
          let (plan, names) = try bindQuery(cte.query, outer: BindScope())
          return relation(plan, names: renamed(names, cte.columns.map(\.name)), alias: ref.alias?.name.name ?? cte.name.name, columnAliases: ref.alias?.columns ?? [])
        }
      }
      if let view = catalog.views[key] {
        let (plan, names) = try bindQuery(view.query, outer: BindScope())
        return relation(plan, names: renamed(names, view.columns), alias: ref.alias?.name.name ?? name.last.name, columnAliases: ref.alias?.columns ?? [])
      }
      if let table = catalog.tables[key] {
        return try scanRelation(table, alias: ref.alias, defaultAlias: name.last.name)
      }
      // DuckDB's replacement scan: a bare name that is a file.
      if name.parts.count == 1, (try? FileGlob.expand(name.last.name)) != nil {
        return try scanRelation(try sourceForPath(name.last.name, span: ref.span), alias: ref.alias, defaultAlias: name.last.name)
      }
      let known = Array(catalog.views.keys) + Array(catalog.tables.keys) + ctes.flatMap { Array($0.keys) }
      throw EngineError(
        .catalog("Table with name \(name.last.name) does not exist!"), at: ref.span,
        hint: Suggest.closest(name.last.name, known).map { "Did you mean \"\($0)\"?" })
    case .subquery(let query):
      let (plan, names) = try bindQuery(query, outer: outer)
      return relation(plan, names: names, alias: ref.alias?.name.name ?? "unnamed_subquery", columnAliases: ref.alias?.columns ?? [])
    case .join(let join):
      return try bindJoin(join, outer: outer)
    }
  }

  func renamed(_ names: [String], _ aliases: [String]) -> [String] {
    names.enumerated().map { $0.offset < aliases.count ? aliases[$0.offset] : $0.element }
  }

  func relation(_ plan: LogicalPlan, names: [String], alias: String, columnAliases: [Identifier]) -> BoundRelation {
    let finalNames = renamed(names, columnAliases.map(\.name))
    let columns = zip(plan.bindings, zip(plan.types, finalNames)).map { ScopeColumn(name: $0.1.1, binding: $0.0, type: $0.1.0) }
    return BoundRelation(plan: plan, scope: BindScope(tables: [ScopeTable(alias: alias, columns: columns)]))
  }

  func scanRelation(_ source: TableSource, alias: TableAlias?, defaultAlias: String) throws(EngineError) -> BoundRelation {
    let get = LogicalGet(source: source, tableIndex: newTableIndex(), columns: Array(source.schema.fields.indices))
    return relation(.get(get), names: source.schema.fields.map(\.name), alias: alias?.name.name ?? defaultAlias, columnAliases: alias?.columns ?? [])
  }

  func baseName(_ path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    return file.split(separator: ".").first.map(String.init) ?? file
  }

  func sourceForPath(_ path: String, span: SourceSpan?, options: ParquetSource.Options = .init()) throws(EngineError) -> TableSource {
    if let text = try textSourceForPath(path, span: span) { return text }
    do {
      return try ParquetSource(displayName: path, paths: try FileGlob.expand(path), options: options)
    } catch {
      throw error.at(span)
    }
  }

  func tableFunction(_ call: TableFunctionCall, span: SourceSpan) throws(EngineError) -> TableSource {
    let name = call.name.last.name.lowercased()
    switch name {
    case "read_parquet", "parquet_scan":
      var paths: [String] = []
      var options = ParquetSource.Options()
      let eb = ExpressionBinder(binder: self, scope: BindScope())
      for arg in call.arguments {
        let value = try ConstantFolder.fold(try eb.bind(arg.value))
        if let argName = arg.name?.name.lowercased() {
          guard let v = value.constantValue, v.type == .boolean || v.type.isInteger else {
            throw EngineError.bind("read_parquet option \(argName) must be a constant boolean", at: arg.span)
          }
          let on = !v.isNull(0) && NumericLanes.integer(v.type == .boolean ? ColumnVector(type: .uint8, count: 1, values: v.values) : v, 0) != 0
          switch argName {
          case "filename": options.filename = on
          case "union_by_name": options.unionByName = on
          case "hive_partitioning": options.hivePartitioning = on
          case "binary_as_string", "file_row_number", "hive_types_autocast": break
          default: throw EngineError.bind("Invalid named parameter \"\(argName)\" for function read_parquet", at: arg.span)
          }
          continue
        }
        guard let v = value.constantValue else { throw EngineError.bind("read_parquet needs constant paths", at: arg.span) }
        if case .list = v.type {
          let child = v.children[0]
          for r in v.range(at: 0) { paths.append(child.string(at: r)) }
        } else if v.type == .string {
          paths.append(v.string(at: 0))
        } else {
          throw EngineError.bind("read_parquet expects a path or a list of paths", at: arg.span)
        }
      }
      guard !paths.isEmpty else { throw EngineError.bind("read_parquet needs at least one path", at: span) }
      var files: [String] = []
      for p in paths { files += try FileGlob.expand(p) }
      return try ParquetSource(displayName: paths.joined(separator: ", "), paths: files, options: options)
    case "read_csv", "read_csv_auto", "read_json", "read_json_auto", "read_ndjson":
      return try textTableFunction(call, span: span)
    default:
      throw EngineError(.catalog("Table Function with name \(call.name.last.name) does not exist!"), at: span,
        hint: Suggest.closest(name, ["read_parquet", "read_csv", "read_json"]).map { "Did you mean \"\($0)\"?" })
    }
  }

  func bindJoin(_ join: Join, outer: BindScope) throws(EngineError) -> BoundRelation {
    let left = try bindTableReference(join.left, outer: outer)
    let right = try bindTableReference(join.right, outer: outer)
    var scope = BindScope(tables: left.scope.tables + right.scope.tables, outer: outer.tables)
    var condition: BoundExpression? = nil
    var usingNames: [String] = []
    if join.isNatural {
      let leftNames = Set(left.scope.allColumns.map { $0.name.lowercased() })
      usingNames = right.scope.allColumns.map(\.name).filter { leftNames.contains($0.lowercased()) }
    }
    switch join.condition {
    case .on(let e):
      condition = try ExpressionBinder(binder: self, scope: scope).bindBoolean(e, clause: "JOIN condition")
    case .using(let names):
      usingNames = names.map(\.name)
    case nil: break
    }
    var usingPairs: [(name: String, left: ScopeColumn, right: ScopeColumn)] = []
    if !usingNames.isEmpty {
      var conjuncts: [BoundExpression] = []
      for n in usingNames {
        let l = try BindScope(tables: left.scope.tables).resolve(QualifiedName([Identifier(n)]))
        let r = try BindScope(tables: right.scope.tables).resolve(QualifiedName([Identifier(n)]))
        usingPairs.append((n, l, r))
        conjuncts.append(try ExpressionBinder(binder: self, scope: scope).comparison(
          .equal, .column(l.binding, l.type, name: n), .column(r.binding, r.type, name: n), span: nil))
      }
      condition = conjuncts.count == 1 ? conjuncts[0] : BoundExpression(.and(conjuncts), type: .boolean)
      // USING columns appear once in `*` and as a bare name: the right side's copies are reachable qualified only.
      let lowered = Set(usingNames.map { $0.lowercased() })
      for t in right.scope.tables.indices.map({ $0 + left.scope.tables.count }) {
        for c in scope.tables[t].columns.indices where lowered.contains(scope.tables[t].columns[c].name.lowercased()) {
          scope.tables[t].columns[c].isQualifiedOnly = true
        }
      }
    }
    let kind: JoinKind = switch join.kind {
    case .inner, .cross: .inner
    case .left: .left
    case .right: .right
    case .full: .full
    case .semi: .semi
    case .anti: .anti
    }
    var logical = LogicalJoin(kind: kind, left: left.plan, right: right.plan)
    logical.residual = condition
    if kind == .semi || kind == .anti { scope = BindScope(tables: left.scope.tables, outer: outer.tables) }
    if kind == .full && !usingPairs.isEmpty { return try mergeUsingColumns(.join(logical), scope: scope, usingPairs) }
    return BoundRelation(plan: .join(logical), scope: scope)
  }

  /// FULL JOIN … USING: a bare USING name is COALESCE(left, right), computed by a projection over the join
  /// that also passes every column through (so `a.k` and `b.k` keep their own values).
  private func mergeUsingColumns(
    _ join: LogicalPlan, scope: BindScope, _ pairs: [(name: String, left: ScopeColumn, right: ScopeColumn)]
  ) throws(EngineError) -> BoundRelation {
    let table = newTableIndex()
    var merged = scope
    var expressions: [BoundExpression] = []
    var names: [String] = []
    for t in merged.tables.indices {
      for c in merged.tables[t].columns.indices {
        let column = merged.tables[t].columns[c]
        expressions.append(.column(column.binding, column.type, name: column.name))
        names.append(column.name)
        merged.tables[t].columns[c].binding = ColumnBinding(table, expressions.count - 1)
      }
    }
    let binder = ExpressionBinder(binder: self, scope: scope)
    for pair in pairs {
      guard let type = TypeRules.commonType(pair.left.type, pair.right.type) else {
        throw EngineError.bind("Cannot compare values of type \(pair.left.type.sqlName) and type \(pair.right.type.sqlName) in USING")
      }
      let l = try binder.cast(.column(pair.left.binding, pair.left.type, name: pair.name), type)
      let r = try binder.cast(.column(pair.right.binding, pair.right.type, name: pair.name), type)
      expressions.append(BoundExpression(.coalesce([l, r]), type: type))
      names.append(pair.name)
      let mergedBinding = ColumnBinding(table, expressions.count - 1)
      for t in merged.tables.indices {
        for c in merged.tables[t].columns.indices where scope.tables[t].columns[c].binding == pair.left.binding {
          merged.tables[t].columns[c].merged = (mergedBinding, type)
        }
      }
    }
    return BoundRelation(plan: .projection(tableIndex: table, expressions: expressions, names: names, join), scope: merged)
  }
}
