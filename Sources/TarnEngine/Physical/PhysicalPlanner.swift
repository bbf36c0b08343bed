// PhysicalPlanner: turns the optimized logical plan into operators, resolving column bindings to chunk positions.
import TarnCore

enum PhysicalPlanner {
  static func plan(_ plan: LogicalPlan) throws(EngineError) -> PhysicalOperator {
    switch plan {
    case .get(let g):
      let outputs = g.outputColumns.map { output in output.map { g.columns.firstIndex(of: $0)! } }
      let filters = try g.filters.map { e throws(EngineError) in try resolve(e, g.readBindings) }
      if let parquet = g.source as? ParquetSource {
        // Comparisons, IN lists and null tests keep no state, so the decoding threads test them, in parallel; the
        // rest (and the choice of outputs, when the rest need other columns) stay on this thread.
        let cheap = filters.filter(\.isCheapFilter), rest = filters.filter { !$0.isCheapFilter }
        let stream = ParquetScanStream(
          source: parquet, columns: g.columns, hints: scanHints(g), integerDictionaries: g.integerDictionaries,
          filters: cheap, outputs: rest.isEmpty ? outputs : nil)
        return ScanOperator(stream: stream, filters: rest, outputs: rest.isEmpty ? nil : outputs)
      }
      let stream = try g.source.scan(columns: g.columns, hints: scanHints(g), integerDictionaries: g.integerDictionaries)
      return ScanOperator(stream: stream, filters: filters, outputs: outputs)
    case .values(_, let types, _, let rows):
      var columns: [ColumnVector] = []
      for c in types.indices {
        var b = VectorBuilder(type: types[c], capacity: rows.count)
        for row in rows {
          let v = try ExpressionEvaluator.evaluate(row[c], Chunk(columns: [], count: 1))
          let cast = v.type == types[c] ? v : try CastKernels.cast(v, to: types[c], isTry: false)
          b.append(from: VectorFactory.flatten(cast), row: 0)
        }
        columns.append(b.finish())
      }
      return ValuesOperator(Chunk(columns: columns, count: rows.count))
    case .filter(let child, let conjuncts):
      let input = child.bindings
      return FilterOperator(child: try self.plan(child), conjuncts: try conjuncts.map { e throws(EngineError) in try resolve(e, input) })
    case .projection(_, let expressions, _, let child):
      let input = child.bindings
      return ProjectOperator(child: try self.plan(child), expressions: try expressions.map { e throws(EngineError) in try resolve(e, input) })
    case .aggregate(_, _, let groups, let aggregates, let child):
      let input = child.bindings
      var resolved: [BoundAggregate] = []
      for a in aggregates {
        var r = a
        r.arguments = try a.arguments.map { e throws(EngineError) in try resolve(e, input) }
        r.filter = try a.filter.map { e throws(EngineError) in try resolve(e, input) }
        r.orderBy = try a.orderBy.map { k throws(EngineError) in
          var k2 = k
          k2.expression = try resolve(k.expression, input)
          return k2
        }
        resolved.append(r)
      }
      return HashAggregateOperator(
        child: try self.plan(DictionaryGroupKey.allowingCodes(groups: groups, aggregates: aggregates, below: child)), groups: try groups.map { e throws(EngineError) in try resolve(e, input) }, aggregates: resolved)
    case .join(let j):
      let lb = j.left.bindings, rb = j.right.bindings
      let op = HashJoinOperator(
        kind: j.kind, probe: try self.plan(j.left), build: try self.plan(j.right),
        probeKeys: try j.equiKeys.map { k throws(EngineError) in try resolve(k.left, lb) },
        buildKeys: try j.equiKeys.map { k throws(EngineError) in try resolve(k.right, rb) }, buildTypes: j.right.types,
        residual: try j.residual.map { e throws(EngineError) in try resolve(e, lb + rb) }, markNullAware: j.markNullAware)
      op.probeTypes = j.left.types
      if let positions = j.outputPositions {
        let leftCount = lb.count
        op.probeOutput = positions.filter { $0 < leftCount }
        op.buildOutput = positions.filter { $0 >= leftCount }.map { $0 - leftCount }
      }
      return op
    case .order(let keys, let child):
      let input = child.bindings
      return SortOperator(child: try self.plan(child), keys: try resolveKeys(keys, input), types: child.types)
    case .topN(let keys, let limit, let offset, let child):
      let input = child.bindings
      let sort = SortOperator(child: try self.plan(child), keys: try resolveKeys(keys, input), types: child.types, limit: limit + offset)
      return LimitOperator(child: sort, limit: limit, offset: offset)
    case .limit(let limit, let offset, let child):
      return LimitOperator(child: try self.plan(child), limit: limit, offset: offset)
    case .distinct(let child):
      return SetOperator(left: try self.plan(child), right: nil, kind: nil, isAll: false, types: child.types)
    case .setOperation(let kind, let isAll, _, _, let l, let r):
      return SetOperator(left: try self.plan(l), right: try self.plan(r), kind: kind, isAll: isAll, types: l.types)
    }
  }

  static func resolveKeys(_ keys: [SortKey], _ input: [ColumnBinding]) throws(EngineError) -> [SortKey] {
    var out: [SortKey] = []
    for k in keys {
      var r = k
      r.expression = try resolve(k.expression, input)
      out.append(r)
    }
    return out
  }

  /// Rewrites column bindings to positions in `input`.
  static func resolve(_ e: BoundExpression, _ input: [ColumnBinding]) throws(EngineError) -> BoundExpression {
    var positions: [ColumnBinding: Int] = [:]
    for (i, b) in input.enumerated() where positions[b] == nil { positions[b] = i }
    return try e.transformed { node throws(EngineError) in
      guard case .column(let b, let name) = node.kind else { return node }
      guard let p = positions[b] else { throw .bug("column \(name) (\(b)) is not produced by the input") }
      var copy = node
      copy.kind = .column(ColumnBinding(-1, p), name: name)
      return copy
    }
  }

  /// Pushed-down filters of the form `column op constant` become row-group pruning hints.
  static func scanHints(_ g: LogicalGet) -> [ScanHint] {
    var hints: [ScanHint] = []
    for f in g.filters {
      if case .inList(let inner, let list, negated: false) = f.kind, case .column(let b, _) = inner.kind, b.table == g.tableIndex {
        let values = list.compactMap(\.constantValue)
        if let first = values.first, values.count == list.count, values.allSatisfy({ $0.type == first.type }) {
          hints.append(ScanHint(column: b.column, op: .equal, value: first, alternatives: Array(values.dropFirst())))
        }
        continue
      }
      guard case .comparison(let op, let l, let r) = f.kind else { continue }
      if case .column(let b, _) = l.kind, let c = r.constantValue, b.table == g.tableIndex {
        hints.append(ScanHint(column: b.column, op: op, value: c))
      } else if case .column(let b, _) = r.kind, let c = l.constantValue, b.table == g.tableIndex {
        hints.append(ScanHint(column: b.column, op: op.flipped, value: c))
      }
    }
    return hints
  }
}
