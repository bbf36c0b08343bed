// Optimizer: runs the rewrite rules in order; each rule lives in its own file under Rules/.
import TarnCore

/// A logical-plan rewrite. Rules are pure functions of the plan so tests can run one alone.
protocol OptimizerRule: Sendable {
  var name: String { get }
  func apply(_ plan: LogicalPlan) throws(EngineError) -> LogicalPlan
}

public enum Optimizer {
  static let rules: [any OptimizerRule] = [
    FoldConstantsRule(), PushDownFilterRule(), CountFromMetadataRule(), ExtractJoinKeysRule(), ChooseBuildSideRule(), SortLimitToTopNRule(),
    PushDownProjectionRule(),
  ]

  static func optimize(_ plan: LogicalPlan) throws(EngineError) -> LogicalPlan {
    var p = plan
    for rule in rules { p = try rule.apply(p) }
    return p
  }
}

struct FoldConstantsRule: OptimizerRule {
  let name = "fold_constants"
  func apply(_ plan: LogicalPlan) throws(EngineError) -> LogicalPlan { try ConstantFolder.run(plan) }
}
