// FoldConstants: evaluates expressions whose inputs are all constants once, at plan time.
//
//   Filter (x > 1 + 2)            →  Filter (x > 3)
//   Projection (CAST('2020-01-01' AS DATE))  →  Projection (DATE '2020-01-01')
//
// Must not fold non-deterministic functions (random()); errors while folding are left for run time,
// so a failing constant in an untaken CASE branch does not fail the query.
import TarnCore

enum ConstantFolder {
  static func fold(_ e: BoundExpression) throws(EngineError) -> BoundExpression {
    try e.transformed { node throws(EngineError) in
      if node.isConstant { return node }
      if case .column = node.kind { return node }
      if case .function(let f, _) = node.kind, !f.isDeterministic { return node }
      guard node.children.allSatisfy(\.isConstant) else { return node }
      guard let v = try? ExpressionEvaluator.evaluate(node, Chunk(columns: [], count: 1)) else { return node }
      return .constant(VectorFactory.flatten(v), span: node.span)
    }
  }

  /// Folds every expression in the plan.
  static func run(_ plan: LogicalPlan) throws(EngineError) -> LogicalPlan {
    try plan.transformed { node throws(EngineError) in
      switch node {
      case .filter(let child, let conjuncts):
        var kept: [BoundExpression] = []
        for c in conjuncts {
          let f = try fold(c)
          if let v = f.constantValue, !v.isNull(0), v.type == .boolean, v.value(at: 0, as: UInt8.self) == 1 { continue }
          kept.append(f)
        }
        return kept.isEmpty ? child : .filter(child, kept)
      case .projection(let t, let es, let names, let child):
        var folded: [BoundExpression] = []
        for e in es { folded.append(try fold(e)) }
        return .projection(tableIndex: t, expressions: folded, names: names, child)
      default:
        return node
      }
    }
  }
}
