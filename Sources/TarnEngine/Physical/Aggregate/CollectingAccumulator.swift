// CollectingAccumulator: keeps every input row of every group, then sorts once — for median, quantiles,
// string_agg, list, mode, ordered aggregates and DISTINCT.
import TarnCore

final class CollectingAccumulator: Accumulator {
  let function: AggregateFunction
  let type: DataType
  let isDistinct: Bool
  /// Sort keys of the aggregate's own ORDER BY: evaluated arguments after the function's own.
  let orderDescending: [Bool]
  let orderNullsFirst: [Bool]
  let argumentCount: Int
  /// For quantiles: the fraction(s).
  let fraction: Double
  /// Builds the streaming accumulator that DISTINCT feeds with deduplicated rows.
  let makeInner: () -> Accumulator?

  var groups: [UInt32] = []
  var parts: [[ColumnVector]] = []

  init(
    function: AggregateFunction, type: DataType, isDistinct: Bool, argumentCount: Int, orderDescending: [Bool],
    orderNullsFirst: [Bool], fraction: Double, makeInner: @escaping () -> Accumulator?
  ) {
    self.function = function
    self.type = type
    self.isDistinct = isDistinct
    self.argumentCount = argumentCount
    self.orderDescending = orderDescending
    self.orderNullsFirst = orderNullsFirst
    self.fraction = fraction
    self.makeInner = makeInner
  }

  func update(groups g: [UInt32], arguments: [ColumnVector], count: Int) {
    groups += g.prefix(count)
    parts.append(arguments.map(VectorFactory.flatten))
  }

  func finish(groupCount n: Int) throws(EngineError) -> ColumnVector {
    // No input rows at all (an ungrouped aggregate over nothing): every such aggregate is NULL.
    guard !parts.isEmpty else { return VectorFactory.nulls(type, count: n) }
    let columnCount = parts.first?.count ?? 0
    let columns = (0..<columnCount).map { c in VectorFactory.concat(parts.map { $0[c] }, type: parts[0][c].type) }
    let value = columns.first
    // Order: group, then the aggregate's ORDER BY keys, then (for DISTINCT and the order statistics) the value.
    var keys: [(ColumnVector, Bool, Bool)] = []
    for k in 0..<orderDescending.count { keys.append((columns[argumentCount + k], orderDescending[k], orderNullsFirst[k])) }
    let sortsByValue = isDistinct || function == .median || function == .quantileCont || function == .quantileDisc || function == .mode
    if sortsByValue, let value { keys.append((value, false, false)) }
    let comparators = keys.map { RowComparator.make($0.0, descending: $0.1, nullsFirst: $0.2) }
    var order = Array(0..<groups.count)
    let gs = groups
    order.sort { a, b in
      if gs[a] != gs[b] { return gs[a] < gs[b] }
      for c in comparators {
        let r = c(a, b)
        if r != 0 { return r < 0 }
      }
      return a < b
    }
    if isDistinct, let value {
      // Keep the first row of each run of equal (group, value); feed the survivors to the plain aggregate.
      var kept: [UInt32] = []
      var previous = -1
      for r in order {
        if previous >= 0, gs[previous] == gs[r], ScalarOrdering.compare(value, previous, value, r) == 0
          || (value.isNull(previous) && value.isNull(r)) && gs[previous] == gs[r] {
          continue
        }
        kept.append(UInt32(r))
        previous = r
      }
      let taken = kept.withUnsafeBufferPointer { rows in columns.map { Gather.take($0, rows) } }
      let keptGroups = kept.map { gs[Int($0)] }
      if let inner = makeInner() {
        if !keptGroups.isEmpty { try inner.update(groups: keptGroups, arguments: taken, count: keptGroups.count) }
        return try inner.finish(groupCount: n)
      }
      return try holistic(order: Array(0..<kept.count), groups: keptGroups, columns: taken, groupCount: n)
    }
    return try holistic(order: order, groups: gs, columns: columns, groupCount: n)
  }

  private func holistic(order: [Int], groups gs: [UInt32], columns: [ColumnVector], groupCount n: Int) throws(EngineError) -> ColumnVector {
    var builder = VectorBuilder(type: type, capacity: n)
    var start = 0
    var g = 0
    let value = columns.first
    while g < n {
      var end = start
      while end < order.count && Int(gs[order[end]]) == g { end += 1 }
      let rows = order[start..<end]
      try emit(rows, value, columns, &builder)
      start = end
      g += 1
    }
    return builder.finish()
  }

  private func emit(_ rows: ArraySlice<Int>, _ value: ColumnVector?, _ columns: [ColumnVector], _ b: inout VectorBuilder) throws(EngineError) {
    guard let value else { b.appendNull(); return }
    let present = rows.filter { !value.isNull($0) }
    switch function {
    case .list:
      if rows.isEmpty { b.appendNull(); return }
      for r in rows { b.children[0].append(from: value, row: r) }
      b.closeListRow()
    case .stringAgg:
      if present.isEmpty { b.appendNull(); return }
      var out: [UInt8] = []
      for (k, r) in present.enumerated() {
        if k > 0 {
          if columns.count > 1 && argumentCount > 1 {
            if !columns[1].isNull(r) { out.append(contentsOf: columns[1].stringBytes(r)) }
          } else {
            out.append(44)
          }
        }
        out.append(contentsOf: value.stringBytes(r))
      }
      out.withUnsafeBytes { b.append(bytes: $0) }
    case .median, .quantileCont:
      if present.isEmpty { b.appendNull(); return }
      let position = fraction * Double(present.count - 1)
      let lo = Int(position.rounded(.down)), hi = Int(position.rounded(.up))
      if value.type.isNumeric {
        let d = NumericLanes.doubles(VectorSlice.slice(value, present[lo], 1)).value(at: 0, as: Double.self)
        let e = NumericLanes.doubles(VectorSlice.slice(value, present[hi], 1)).value(at: 0, as: Double.self)
        b.append(d + (e - d) * (position - Double(lo)))
      } else if value.type == .date {
        let d = Double(value.value(at: present[lo], as: Int32.self)), e = Double(value.value(at: present[hi], as: Int32.self))
        b.append(Int32((d + (e - d) * (position - Double(lo))).rounded(.down)))
      } else {
        let d = Double(value.value(at: present[lo], as: Int64.self)), e = Double(value.value(at: present[hi], as: Int64.self))
        b.append(Int64((d + (e - d) * (position - Double(lo))).rounded(.down)))
      }
    case .quantileDisc:
      if present.isEmpty { b.appendNull(); return }
      let index = max(0, Int((fraction * Double(present.count)).rounded(.up)) - 1)
      b.append(from: value, row: present[min(index, present.count - 1)])
    case .mode:
      if present.isEmpty { b.appendNull(); return }
      var bestRow = present[0], bestCount = 0, runStart = 0
      for k in 0...present.count {
        if k == present.count || ScalarOrdering.compare(value, present[k], value, present[runStart]) != 0 {
          if k - runStart > bestCount { bestCount = k - runStart; bestRow = present[runStart] }
          runStart = k
        }
      }
      b.append(from: value, row: bestRow)
    case .first:
      if let r = rows.first { b.append(from: value, row: r) } else { b.appendNull() }
    case .last:
      if let r = rows.last { b.append(from: value, row: r) } else { b.appendNull() }
    case .anyValue:
      if let r = present.first { b.append(from: value, row: r) } else { b.appendNull() }
    default:
      throw .bug("collecting accumulator for \(function.rawValue)")
    }
  }
}
