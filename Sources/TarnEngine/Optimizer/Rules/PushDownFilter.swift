// PushDownFilter: moves filter conjuncts as close to the scans as they can go, into the scans themselves.
//
//   Filter (o.q = 'research' AND o.t = t.id)        Join INNER (residual o.t = t.id)
//     Join INNER                              →        Get observations (filters: q = 'research')
//       Get observations                               Get taxa
//       Get taxa
//
// A conjunct moves below a join only to a side whose rows it does not create: never to the
// NULL-padded side of an outer join, never below a MARK/SINGLE join's right side.
import TarnCore

struct PushDownFilterRule: OptimizerRule {
  let name = "push_down_filter"

  func apply(_ plan: LogicalPlan) throws(EngineError) -> LogicalPlan { push(plan, []) }

  private func push(_ plan: LogicalPlan, _ pending: [BoundExpression]) -> LogicalPlan {
    switch plan {
    case .filter(let child, let conjuncts):
      return push(child, pending + conjuncts)
    case .get(var g):
      g.filters += pending
      return .get(g)
    case .join(var j):
      let leftBindings = Set(j.left.bindings), rightBindings = Set(j.right.bindings)
      var toLeft: [BoundExpression] = [], toRight: [BoundExpression] = [], stay: [BoundExpression] = []
      var candidates = pending
      if j.kind == .inner, let residual = j.residual {
        candidates += residual.conjuncts
        j.residual = nil
      }
      for c in candidates {
        let refs = c.bindings
        let canLeft = j.kind == .inner || j.kind == .left || j.kind == .semi || j.kind == .anti || j.kind == .mark || j.kind == .single
        let canRight = j.kind == .inner || j.kind == .right
        if !refs.isEmpty, refs.isSubset(of: leftBindings), canLeft, pending.contains(where: { $0.description == c.description }) || j.kind == .inner {
          toLeft.append(c)
        } else if !refs.isEmpty, refs.isSubset(of: rightBindings), canRight {
          toRight.append(c)
        } else if j.kind == .inner, refs.isSubset(of: leftBindings.union(rightBindings)) {
          j.residual = j.residual.map { BoundExpression(.and($0.conjuncts + [c]), type: .boolean) } ?? c
        } else {
          stay.append(c)
        }
      }
      j.left = push(j.left, toLeft)
      j.right = push(j.right, toRight)
      return wrap(.join(j), stay)
    case .projection(let t, let es, let names, let child):
      // Conjuncts over projected columns that are plain column references can be rewritten and pushed.
      var map: [ColumnBinding: BoundExpression] = [:]
      for (k, e) in es.enumerated() { map[ColumnBinding(t, k)] = e }
      var down: [BoundExpression] = [], stay: [BoundExpression] = []
      for c in pending {
        let rewritten = try? c.transformed { node throws(EngineError) in
          if case .column(let b, _) = node.kind, let e = map[b] { return e }
          return node
        }
        if let rewritten, c.bindings.allSatisfy({ map[$0].map(isSimple) ?? false }) { down.append(rewritten) } else { stay.append(c) }
      }
      return wrap(.projection(tableIndex: t, expressions: es, names: names, push(child, down)), stay)
    case .order(let keys, let child):
      return .order(keys, push(child, pending))
    case .distinct(let child):
      return .distinct(push(child, pending))
    default:
      let kids = plan.children.map { push($0, []) }
      return wrap(plan.replacingChildren(kids), pending)
    }
  }

  private func isSimple(_ e: BoundExpression) -> Bool {
    if case .column = e.kind { return true }
    return false
  }

  private func wrap(_ plan: LogicalPlan, _ conjuncts: [BoundExpression]) -> LogicalPlan {
    conjuncts.isEmpty ? plan : .filter(plan, conjuncts)
  }
}
