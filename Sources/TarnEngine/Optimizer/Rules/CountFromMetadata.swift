// CountFromMetadata: count(*) of a whole table whose row count is known exactly (Parquet footers) reads no data.
//
//   Aggregate [] [count(*)]                 →   Values (1000000)
//     Get observations.parquet (no filters)
//
// Only for count(*) without FILTER over an unfiltered scan; any other aggregate, a GROUP BY or a filter keeps the
// scan.
import TarnCore

struct CountFromMetadataRule: OptimizerRule {
  let name = "count_from_metadata"

  func apply(_ plan: LogicalPlan) throws(EngineError) -> LogicalPlan {
    try plan.transformed { node throws(EngineError) in
      guard case .aggregate(_, let aggregateIndex, let groups, let aggregates, let child) = node, groups.isEmpty,
        !aggregates.isEmpty, aggregates.allSatisfy({ $0.function == .countStar && $0.filter == nil }),
        case .get(let g) = child, g.filters.isEmpty, let rows = g.source.exactRowCount
      else { return node }
      let count = BoundExpression.constant(VectorFactory.int64s([Int64(rows)]))
      return .values(
        tableIndex: aggregateIndex, types: aggregates.map { _ in .int64 }, names: aggregates.map(\.name),
        rows: [aggregates.map { _ in count }])
    }
  }
}
