// DistinctAccumulator: count(DISTINCT x), sum(DISTINCT x), … — a hash set of (group, value) feeding a streaming aggregate.
import TarnCore

/// Passes each (group, first argument) pair to `inner` the first time it is seen, streaming:
/// memory is O(distinct pairs), and nothing is sorted.
///
/// Integer-like values are keyed by their bits beside the group id in an `IntegerKeyTable`; other
/// types go through `KeyEncoder` with the group id as a leading key column. A NULL is a value of its
/// own here (kept once per group), so aggregates that count NULLs (first, last) see them as before.
final class DistinctAccumulator: Accumulator {
  let inner: Accumulator
  // Unchecked: mutated once per row; only `update` touches them, one batch at a time.
  @exclusivity(unchecked) private var integers = IntegerKeyTable()
  @exclusivity(unchecked) private var table = KeyTable()
  @exclusivity(unchecked) private var keys = EncodedKeys()
  @exclusivity(unchecked) private var words: [UInt64] = []
  @exclusivity(unchecked) private var highs: [UInt64] = []

  init(inner: Accumulator) { self.inner = inner }

  func update(groups: [UInt32], arguments: [ColumnVector], count n: Int) throws(EngineError) {
    guard n > 0 else { return }
    let value = VectorFactory.flatten(arguments[0])
    var kept: [UInt32] = []
    if IntegerKeyWords.supports(value.type) {
      if words.count < n { words = [UInt64](repeating: 0, count: n) }
      if highs.count < n { highs = [UInt64](repeating: 0, count: n) }
      words.withUnsafeMutableBufferPointer { IntegerKeyWords.load(value, count: n, into: $0.baseAddress!) }
      // The high word holds the group and, above it, whether the value is NULL (whose low word is 0).
      for i in 0..<n {
        let isNull = value.isNull(i)
        highs[i] = UInt64(groups[i]) | (UInt64(unsafeBitCast(isNull, to: UInt8.self)) << 32)
        if isNull { words[i] = 0 }
      }
      // Prefetching pays only once the table has outgrown the caches.
      let lookahead = integers.count > 1 << 15 ? 8 : n
      for i in 0..<n {
        if i &+ lookahead < n { integers.prefetch(highs[i &+ lookahead], words[i &+ lookahead]) }
        if integers.findOrInsert(highs[i], words[i]).isNew { kept.append(UInt32(truncatingIfNeeded: i)) }
      }
    } else {
      let groupColumn = ColumnVector(
        type: .uint32, count: n, values: groups.withUnsafeBytes { ByteBuffer(copying: UnsafeRawBufferPointer(rebasing: $0[0..<(n * 4)])) })
      KeyEncoder.encode([groupColumn, value], count: n, into: &keys)
      for i in 0..<n where table.findOrInsert(keys, i).isNew { kept.append(UInt32(truncatingIfNeeded: i)) }
    }
    guard !kept.isEmpty else { return }
    if kept.count == n {
      try inner.update(groups: groups, arguments: arguments, count: n)
      return
    }
    let taken = kept.withUnsafeBufferPointer { rows in arguments.map { Gather.take($0, rows) } }
    try inner.update(groups: kept.map { groups[Int($0)] }, arguments: taken, count: kept.count)
  }

  func finish(groupCount: Int) throws(EngineError) -> ColumnVector {
    try inner.finish(groupCount: groupCount)
  }
}
