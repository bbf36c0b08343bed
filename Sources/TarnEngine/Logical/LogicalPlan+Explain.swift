// EXPLAIN: the optimized logical plan as an indented tree, one operator per line.
import TarnCore

extension LogicalPlan {
  public var explainText: String {
    var lines: [String] = []
    render(into: &lines, depth: 0)
    return lines.joined(separator: "\n")
  }

  private func render(into lines: inout [String], depth: Int) {
    let pad = String(repeating: "  ", count: depth)
    lines.append(pad + headline)
    for c in children { c.render(into: &lines, depth: depth + 1) }
  }

  var headline: String {
    func list(_ es: [BoundExpression]) -> String { es.map(\.description).joined(separator: ", ") }
    func keys(_ ks: [SortKey]) -> String {
      ks.map { "\($0.expression)\($0.isDescending ? " DESC" : "")\($0.nullsFirst ? " NULLS FIRST" : "")" }.joined(separator: ", ")
    }
    switch self {
    case .get(let g):
      var s = "Scan \(g.source.displayName) [\(g.columns.map { g.source.schema.fields[$0].name }.joined(separator: ", "))]"
      if !g.filters.isEmpty { s += " filters: \(list(g.filters))" }
      return s
    case .values(_, _, _, let rows): return "Values (\(rows.count) rows)"
    case .filter(_, let c): return "Filter \(list(c))"
    case .projection(_, let es, _, _): return "Projection \(list(es))"
    case .aggregate(_, _, let groups, let aggs, _):
      return "Aggregate groups: [\(list(groups))] aggregates: [\(aggs.map(\.name).joined(separator: ", "))]"
    case .join(let j):
      var s = "Join \(j.kind.rawValue)"
      if !j.equiKeys.isEmpty { s += " on " + j.equiKeys.map { "\($0.left) = \($0.right)" }.joined(separator: " AND ") }
      if let r = j.residual { s += " where \(r)" }
      return s
    case .order(let k, _): return "Order \(keys(k))"
    case .topN(let k, let l, let o, _): return "TopN \(l)\(o > 0 ? " offset \(o)" : "") by \(keys(k))"
    case .limit(let l, let o, _): return "Limit \(l.map(String.init) ?? "ALL")\(o > 0 ? " offset \(o)" : "")"
    case .distinct: return "Distinct"
    case .setOperation(let k, let all, _, _, _, _): return "\(k.rawValue)\(all ? " ALL" : "")"
    }
  }
}
