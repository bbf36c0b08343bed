// SortOperator: ORDER BY (and top-N with a limit) — materializes its input, sorts a row permutation by the keys, gathers.
import TarnCore

final class SortOperator: PhysicalOperator {
  let child: PhysicalOperator
  let keys: [SortKey]
  let types: [DataType]
  /// Top-N: keep only the first `limit` rows after `offset`.
  let limit: Int?
  private var output: [Chunk]?

  init(child: PhysicalOperator, keys: [SortKey], types: [DataType], limit: Int? = nil) {
    self.child = child
    self.keys = keys
    self.types = types
    self.limit = limit
  }

  func next() throws(EngineError) -> Chunk? {
    if output == nil {
      var chunks: [Chunk] = []
      var buffered = 0
      while let c = try child.next() {
        chunks.append(c)
        buffered += c.count
        // Top-N: compact whenever the buffer grows well past the limit, so memory stays O(limit).
        if let limit, buffered > max(4 * limit, 65_536) {
          let kept = try sorted(Materialize.concat(chunks, types: types), keep: limit)
          chunks = [kept]
          buffered = kept.count
        }
      }
      output = Materialize.batches(try sorted(Materialize.concat(chunks, types: types), keep: limit))
    }
    if output!.isEmpty { return nil }
    return output!.removeFirst()
  }

  private func sorted(_ all: Chunk, keep: Int?) throws(EngineError) -> Chunk {
    var comparators: [(Int, Int) -> Int] = []
    for k in keys {
      let v = try ExpressionEvaluator.evaluate(k.expression, all)
      comparators.append(RowComparator.make(v, descending: k.isDescending, nullsFirst: k.nullsFirst))
    }
    let precedes = { (a: Int, b: Int) -> Bool in
      for c in comparators {
        let r = c(a, b)
        if r != 0 { return r < 0 }
      }
      return a < b
    }
    var order: [Int]
    if let keep, keep < all.count / 8 {
      order = TopSelection.first(keep, of: all.count, by: precedes)
    } else {
      order = Array(0..<all.count)
      order.sort(by: precedes)
      if let keep, order.count > keep { order.removeLast(order.count - keep) }
    }
    let rows = order.map { UInt32($0) }
    return rows.withUnsafeBufferPointer { all.taking($0) }
  }
}

/// DISTINCT, UNION, INTERSECT and EXCEPT over whole rows (NULLs equal), keeping first occurrences in order.
final class SetOperator: PhysicalOperator {
  let left: PhysicalOperator
  let right: PhysicalOperator?
  let kind: LogicalPlan.SetOperationKind?
  let isAll: Bool
  let types: [DataType]
  private var output: [Chunk]?

  init(left: PhysicalOperator, right: PhysicalOperator?, kind: LogicalPlan.SetOperationKind?, isAll: Bool, types: [DataType]) {
    self.left = left
    self.right = right
    self.kind = kind
    self.isAll = isAll
    self.types = types
  }

  func next() throws(EngineError) -> Chunk? {
    if output == nil { output = try run() }
    if output!.isEmpty { return nil }
    return output!.removeFirst()
  }

  private func run() throws(EngineError) -> [Chunk] {
    var keys = EncodedKeys()
    var out: [Chunk] = []
    if kind == nil || kind == .union {
      if isAll {
        while let c = try left.next() { out.append(c) }
        if let right { while let c = try right.next() { out.append(c) } }
        return out
      }
      var seen = KeyTable()
      for op in [left] + (right.map { [$0] } ?? []) {
        while let c = try op.next() {
          KeyEncoder.encode(c.columns, count: c.count, into: &keys)
          var rows: [UInt32] = []
          for i in 0..<c.count where seen.findOrInsert(keys, i).isNew { rows.append(UInt32(i)) }
          if !rows.isEmpty { out.append(rows.withUnsafeBufferPointer { c.taking($0) }) }
        }
      }
      return out
    }
    // INTERSECT / EXCEPT: count right rows per key, then stream the left.
    var table = KeyTable()
    var rightCounts: [Int] = []
    while let c = try right!.next() {
      KeyEncoder.encode(c.columns, count: c.count, into: &keys)
      for i in 0..<c.count {
        let (id, isNew) = table.findOrInsert(keys, i)
        if isNew { rightCounts.append(0) }
        rightCounts[id] += 1
      }
    }
    var emitted = KeyTable()
    var emittedCounts: [Int] = []
    while let c = try left.next() {
      KeyEncoder.encode(c.columns, count: c.count, into: &keys)
      var rows: [UInt32] = []
      for i in 0..<c.count {
        let inRight = table.find(keys, i)
        let (e, isNew) = emitted.findOrInsert(keys, i)
        if isNew { emittedCounts.append(0) }
        let seenBefore = emittedCounts[e]
        emittedCounts[e] += 1
        let keep: Bool
        if kind == .intersect {
          keep = inRight != nil && (isAll ? seenBefore < rightCounts[inRight!] : seenBefore == 0)
        } else {
          keep = isAll ? seenBefore >= (inRight.map { rightCounts[$0] } ?? 0) : (inRight == nil && seenBefore == 0)
        }
        if keep { rows.append(UInt32(i)) }
      }
      if !rows.isEmpty { out.append(rows.withUnsafeBufferPointer { c.taking($0) }) }
    }
    return out
  }
}
