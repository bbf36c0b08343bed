// ExtractJoinKeys: turns `left_expr = right_expr` conjuncts of a join condition into hash-join keys.
//
//   Join INNER (residual: p.observation_uuid = o.observation_uuid AND p.position < 2)
//     → Join INNER keys [p.observation_uuid = o.observation_uuid] (residual: p.position < 2)
//
// Only equalities whose sides each reference exactly one input qualify; the rest stays a residual.
import TarnCore

struct ExtractJoinKeysRule: OptimizerRule {
  let name = "extract_join_keys"

  func apply(_ plan: LogicalPlan) throws(EngineError) -> LogicalPlan {
    try plan.transformed { node throws(EngineError) in
      // A null-aware MARK join (IN) keeps its residual: its NULL rules differ from a hash match's.
      guard case .join(var j) = node, let residual = j.residual, j.kind != .mark || !j.markNullAware else { return node }
      let left = Set(j.left.bindings), right = Set(j.right.bindings)
      var rest: [BoundExpression] = []
      for c in residual.conjuncts {
        if case .comparison(.equal, let a, let b) = c.kind {
          let ra = a.bindings, rb = b.bindings
          if !ra.isEmpty, !rb.isEmpty, ra.isSubset(of: left), rb.isSubset(of: right) { j.equiKeys.append((a, b)); continue }
          if !ra.isEmpty, !rb.isEmpty, ra.isSubset(of: right), rb.isSubset(of: left) { j.equiKeys.append((b, a)); continue }
        }
        rest.append(c)
      }
      j.residual = rest.isEmpty ? nil : (rest.count == 1 ? rest[0] : BoundExpression(.and(rest), type: .boolean))
      return .join(j)
    }
  }
}

/// ChooseBuildSide: the hash table is built on the right input, so an inner join puts the smaller input there.
///
///   Join INNER (photos 2.5M, taxa 100k) keeps taxa on the right; (taxa, photos) is swapped.
/// Outer, semi, anti, mark and single joins keep their sides (their meaning depends on them).
struct ChooseBuildSideRule: OptimizerRule {
  let name = "choose_build_side"

  func apply(_ plan: LogicalPlan) throws(EngineError) -> LogicalPlan {
    try plan.transformed { node throws(EngineError) in
      guard case .join(var j) = node, j.kind == .inner, j.left.estimatedRows < j.right.estimatedRows else { return node }
      swap(&j.left, &j.right)
      j.equiKeys = j.equiKeys.map { ($0.right, $0.left) }
      return .join(j)
    }
  }
}

/// SortLimitToTopN: ORDER BY … LIMIT n runs as a top-N that keeps O(n) rows instead of sorting everything.
///
///   Limit 10 (Order count DESC (…))  →  TopN 10 by count DESC (…)
struct SortLimitToTopNRule: OptimizerRule {
  let name = "sort_limit_to_top_n"

  func apply(_ plan: LogicalPlan) throws(EngineError) -> LogicalPlan {
    try plan.transformed { node throws(EngineError) in
      guard case .limit(let limit?, let offset, let child) = node, case .order(let keys, let input) = child else { return node }
      return .topN(keys, limit: limit, offset: offset, input)
    }
  }
}
