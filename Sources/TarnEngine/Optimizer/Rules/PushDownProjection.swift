// PushDownProjection: scans read only the columns some operator above uses.
//
//   Projection (count_star())            Projection (count_star())
//     Aggregate                     →      Aggregate
//       Get observations (8 columns)         Get observations (quality_grade, latitude)
//
// Projections' unused expressions are dropped too. The root's columns are always kept.
import TarnCore

struct PushDownProjectionRule: OptimizerRule {
  let name = "push_down_projection"

  func apply(_ plan: LogicalPlan) throws(EngineError) -> LogicalPlan {
    prune(plan, Set(plan.bindings), isRoot: true)
  }

  private func refs(_ es: [BoundExpression]) -> Set<ColumnBinding> {
    var out = Set<ColumnBinding>()
    for e in es { e.collectBindings(into: &out) }
    return out
  }

  private func prune(_ plan: LogicalPlan, _ required: Set<ColumnBinding>, isRoot: Bool = false) -> LogicalPlan {
    switch plan {
    case .get(var g):
      let needed = required.union(refs(g.filters))
      var columns = g.columns.filter { needed.contains(ColumnBinding(g.tableIndex, $0)) }
      if columns.isEmpty, !g.columns.isEmpty {
        // The row count still needs one column: the cheapest to decode (narrowest fixed width; strings and nested
        // last), so `count(*)` over a manifest does not decode its UUID column.
        let fields = g.source.schema.fields
        func cost(_ c: Int) -> Int {
          let type = fields[c].type
          if let width = type.fixedWidth { return width }
          return type.isVariableLength ? 64 : 1024
        }
        columns = [g.columns.min { cost($0) < cost($1) }!]
      }
      g.columns = columns
      let output = columns.filter { required.contains(ColumnBinding(g.tableIndex, $0)) }
      g.outputColumns = output.count == columns.count ? nil : output
      return .get(g)
    case .filter(let child, let c):
      return .filter(prune(child, required.union(refs(c))), c)
    case .projection(let t, let es, let names, let child):
      // Keep all expressions at the root and under set operations (positions matter); elsewhere drop unused ones.
      _ = isRoot
      return .projection(tableIndex: t, expressions: es, names: names, prune(child, refs(es)))
    case .aggregate(let g, let a, let groups, let aggs, let child):
      var needed = refs(groups)
      for x in aggs {
        needed.formUnion(refs(x.arguments))
        if let f = x.filter { needed.formUnion(f.bindings) }
        needed.formUnion(refs(x.orderBy.map(\.expression)))
      }
      return .aggregate(groupIndex: g, aggregateIndex: a, groups: groups, aggregates: aggs, prune(child, needed))
    case .join(var j):
      var needed = required
      for k in j.equiKeys { needed.formUnion(k.left.bindings); needed.formUnion(k.right.bindings) }
      if let r = j.residual { needed.formUnion(r.bindings) }
      j.left = prune(j.left, needed)
      // Semi, anti and mark joins output no right columns, but the keys still need them.
      j.right = prune(j.right, j.kind == .single ? needed.union(Set(j.right.bindings)) : needed)
      if [.inner, .left, .right, .full].contains(j.kind) {
        let all = j.left.bindings + j.right.bindings
        let kept = all.indices.filter { required.contains(all[$0]) }
        j.outputPositions = kept.count == all.count ? nil : kept
      }
      return .join(j)
    case .order(let keys, let child):
      return .order(keys, prune(child, required.union(refs(keys.map(\.expression)))))
    case .topN(let keys, let l, let o, let child):
      return .topN(keys, limit: l, offset: o, prune(child, required.union(refs(keys.map(\.expression)))))
    case .limit(let l, let o, let child):
      return .limit(limit: l, offset: o, prune(child, required))
    case .distinct(let child):
      return .distinct(prune(child, Set(child.bindings)))
    case .setOperation(let k, let all, let t, let n, let l, let r):
      return .setOperation(k, isAll: all, tableIndex: t, names: n, prune(l, Set(l.bindings)), prune(r, Set(r.bindings)))
    case .values:
      return plan
    }
  }
}
