// HashAggregateOperator: GROUP BY with any aggregates — keys to dense group ids through one KeyTable, then per-batch accumulator updates.
import TarnCore

final class HashAggregateOperator: PhysicalOperator {
  let child: PhysicalOperator
  let groups: [BoundExpression]
  let groupTypes: [DataType]
  let aggregates: [BoundAggregate]
  private var output: [Chunk]?

  init(child: PhysicalOperator, groups: [BoundExpression], aggregates: [BoundAggregate]) {
    self.child = child
    self.groups = groups
    self.groupTypes = groups.map(\.type)
    self.aggregates = aggregates
  }

  static func makeAccumulator(_ a: BoundAggregate) -> Accumulator {
    let inputType = a.arguments.first?.type ?? .null
    func streaming() -> Accumulator? {
      switch a.function {
      case .countStar: return CountAccumulator(isStar: true)
      case .count: return CountAccumulator(isStar: false)
      case .countIf: return CountIfAccumulator()
      case .sum:
        if case .decimal(_, let scale) = inputType { return NumericAccumulator(.sumDecimal, scale: scale) }
        return NumericAccumulator(a.type == .integerSum ? .sumInteger : .sumDouble)
      case .avg: return NumericAccumulator(inputType.isInteger ? .avgInteger : .avg)
      case .product: return NumericAccumulator(.product)
      case .stddevSamp: return NumericAccumulator(.stddevSamp)
      case .varSamp: return NumericAccumulator(.varSamp)
      case .stddevPop: return NumericAccumulator(.stddevPop)
      case .varPop: return NumericAccumulator(.varPop)
      case .min, .boolAnd: return MinMaxAccumulator.make(isMin: true, type: a.type) ?? SelectAccumulator(.min, type: a.type)
      case .max, .boolOr: return MinMaxAccumulator.make(isMin: false, type: a.type) ?? SelectAccumulator(.max, type: a.type)
      case .anyValue: return a.orderBy.isEmpty ? SelectAccumulator(.anyValue, type: a.type) : nil
      case .first: return a.orderBy.isEmpty ? SelectAccumulator(.first, type: a.type) : nil
      case .last: return a.orderBy.isEmpty ? SelectAccumulator(.last, type: a.type) : nil
      default: return nil
      }
    }
    if a.orderBy.isEmpty || !a.function.isOrderSensitive, let s = streaming() {
      return a.isDistinct ? DistinctAccumulator(inner: s, isOrderFree: a.function.isExact(over: inputType)) : s
    }
    var fraction = 0.5
    if a.function == .quantileCont || a.function == .quantileDisc, a.arguments.count > 1, let c = a.arguments[1].constantValue {
      fraction = NumericLanes.doubles(c.flattened).value(at: 0, as: Double.self)
    }
    let argumentCount = a.function == .stringAgg ? min(a.arguments.count, 2) : 1
    _ = inputType
    return CollectingAccumulator(
      function: a.function, type: a.type, isDistinct: a.isDistinct, argumentCount: argumentCount,
      orderDescending: a.orderBy.map(\.isDescending), orderNullsFirst: a.orderBy.map(\.nullsFirst), fraction: fraction,
      makeInner: { a.isDistinct && !a.function.isHolistic ? streaming() : nil })
  }

  func next() throws(EngineError) -> Chunk? {
    if output == nil { output = try run() }
    if output!.isEmpty { return nil }
    return output!.removeFirst()
  }

  private func run() throws(EngineError) -> [Chunk] {
    var grouper = Grouper(types: groupTypes)
    let accumulators = aggregates.map(Self.makeAccumulator)
    var ids = [UInt32](repeating: 0, count: Chunk.capacity)
    while let chunk = try child.next() {
      let n = chunk.count
      if ids.count < n { ids = [UInt32](repeating: 0, count: n) }
      if groups.isEmpty {
        for i in 0..<n { ids[i] = 0 }
      } else {
        var keyColumns: [ColumnVector] = []
        for g in groups { keyColumns.append(try ExpressionEvaluator.evaluate(g, chunk)) }
        ids.withUnsafeMutableBufferPointer { grouper.assign(keyColumns, count: n, ids: $0.baseAddress!) }
      }
      let batchIds = Array(ids.prefix(n))
      for (k, a) in aggregates.enumerated() {
        var sub = chunk
        var subIds = batchIds
        if let filter = a.filter {
          let rows = Selection.trueRows(try ExpressionEvaluator.evaluate(filter, chunk))
          if rows.isEmpty { continue }
          sub = rows.withUnsafeBufferPointer { chunk.taking($0) }
          subIds = rows.map { batchIds[Int($0)] }
        }
        var args: [ColumnVector] = []
        for e in a.arguments { args.append(try ExpressionEvaluator.evaluate(e, sub)) }
        for key in a.orderBy { args.append(try ExpressionEvaluator.evaluate(key.expression, sub)) }
        try accumulators[k].update(groups: subIds, arguments: args, count: sub.count)
      }
    }
    let groupCount = groups.isEmpty ? 1 : grouper.count
    var columns = grouper.finishKeys()
    for acc in accumulators { columns.append(try acc.finish(groupCount: groupCount)) }
    if groupCount == 0 { return [] }
    return Materialize.batches(Chunk(columns: columns, count: groupCount))
  }
}

extension AggregateFunction {
  /// Whether the aggregate's result over values of `type` is the same, bit for bit, in any row order: counts,
  /// extremes and exact totals, not sums of doubles (rounding depends on order) or first and last.
  func isExact(over type: DataType) -> Bool {
    switch self {
    case .count, .countIf, .min, .max, .boolAnd, .boolOr: true
    case .sum: type.isInteger || type == .boolean || type.isDecimal
    case .avg: type.isInteger
    default: false
    }
  }

  /// Whether the aggregate's result depends on input order (so its ORDER BY matters).
  var isOrderSensitive: Bool {
    switch self {
    case .first, .last, .anyValue, .stringAgg, .list: true
    default: false
    }
  }
}
