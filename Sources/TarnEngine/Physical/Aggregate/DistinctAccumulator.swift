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
  /// Whether `inner` gives the same result in any row order (count, sum, min, …). Then, once the compact pairs pass
  /// `radixThreshold`, they move to a `RadixPairSet`, from which new pairs reach `inner` in batches, later and in
  /// another order.
  let isOrderFree: Bool
  @exclusivity(unchecked) private var radix: RadixPairSet?
  /// Pairs past which the compact set no longer stays in a core's L2 (2 MiB of slots at half load).
  static let radixThreshold = 1 << 17
  /// Whether the pairs that fit have moved to `radix`.
  var holdsPairsBack: Bool { radix != nil }
  /// The type of the values, for the vectors of pairs out of `radix`.
  private var valueType: DataType = .null
  // Unchecked: mutated once per row; only `update` touches them, one batch at a time.
  @exclusivity(unchecked) private var integers = IntegerKeyTable()
  /// The pairs of a group id and a value that both fit 32 bits (most of them), in half the memory; `integers` holds
  /// the rest (and NULLs). A pair always goes to the same one, so each is still seen once.
  @exclusivity(unchecked) private var compact = CompactPairSet()
  @exclusivity(unchecked) private var table = KeyTable()
  @exclusivity(unchecked) private var keys = EncodedKeys()
  @exclusivity(unchecked) private var words: [UInt64] = []
  @exclusivity(unchecked) private var highs: [UInt64] = []

  init(inner: Accumulator, isOrderFree: Bool = false) {
    self.inner = inner
    self.isOrderFree = isOrderFree
  }

  /// Set in a key's high word, above the group id, when the value is NULL (whose low word is 0): NULL is a value of
  /// its own. The table's high word has 32 bits, so group ids stay below 2^31 (each group is at least one row).
  static let nullFlag: UInt64 = 1 << 31

  /// For dictionary-coded integer values: per group, a bit per entry of the current dictionary (a whole number of
  /// words each), set once the (group, entry) pair has been seen.
  @exclusivity(unchecked) private var seen: [UInt64] = []
  @exclusivity(unchecked) private var entryWords = DictionaryEntryCache()
  @exclusivity(unchecked) private var dictionaryWords: [UInt64] = []
  /// The most bits the per-group bitmaps may take; past it values go row by row to the hash set.
  static let maxSeenBits = 1 << 27

  func update(groups: [UInt32], arguments: [ColumnVector], count n: Int) throws(EngineError) {
    guard n > 0 else { return }
    try admit(groups: groups, arguments: arguments, count: n)
    if radix != nil {
      try passFresh()
    } else if isOrderFree && compact.count > Self.radixThreshold {
      valueType = arguments[0].type
      radix = RadixPairSet(holding: compact)
      compact = CompactPairSet()
    }
  }

  /// Passes the rows of new pairs to `inner`, or holds them back in `radix`.
  private func admit(groups: [UInt32], arguments: [ColumnVector], count n: Int) throws(EngineError) {
    if let dictionary = arguments[0].dictionary, IntegerKeyWords.supports(arguments[0].type),
      let kept = keptByCodes(groups: groups, values: arguments[0], dictionary: dictionary, count: n)
    {
      try pass(kept, groups: groups, arguments: arguments, count: n)
      return
    }
    let value = VectorFactory.flatten(arguments[0])
    var kept: [UInt32] = []
    if IntegerKeyWords.supports(value.type) {
      if words.count < n { words = [UInt64](repeating: 0, count: n) }
      if highs.count < n { highs = [UInt64](repeating: 0, count: n) }
      words.withUnsafeMutableBufferPointer { IntegerKeyWords.load(value, count: n, into: $0.baseAddress!) }
      // The high word holds the group and `nullFlag` for a NULL.
      var allGroups: UInt32 = 0
      for i in 0..<n {
        let isNull = value.isNull(i)
        allGroups |= groups[i]
        highs[i] = UInt64(groups[i]) | UInt64(unsafeBitCast(isNull, to: UInt8.self)) &* Self.nullFlag
        if isNull { words[i] = 0 }
      }
      guard UInt64(allGroups) < Self.nullFlag else {
        throw EngineError(.unsupported("DISTINCT aggregates over more than 2147483648 groups"))
      }
      // Prefetching pays only once the table has outgrown the caches (and never for `radix`).
      let lookahead = integers.count &+ compact.count > 1 << 15 ? 8 : n
      for i in 0..<n {
        if i &+ lookahead < n { prefetch(highs[i &+ lookahead], words[i &+ lookahead]) }
        admit(highs[i], words[i], row: i, to: &kept)
      }
    } else {
      let groupColumn = ColumnVector(
        type: .uint32, count: n, values: groups.withUnsafeBytes { ByteBuffer(copying: UnsafeRawBufferPointer(rebasing: $0[0..<(n * 4)])) })
      KeyEncoder.encode([groupColumn, value], count: n, into: &keys)
      for i in 0..<n where table.findOrInsert(keys, i).isNew { kept.append(UInt32(truncatingIfNeeded: i)) }
    }
    try pass(kept, groups: groups, arguments: arguments, count: n)
  }

  /// Hands the rows `kept` (first sightings) to the inner aggregate.
  private func pass(_ kept: [UInt32], groups: [UInt32], arguments: [ColumnVector], count n: Int) throws(EngineError) {
    guard !kept.isEmpty else { return }
    if kept.count == n {
      try inner.update(groups: groups, arguments: arguments, count: n)
      return
    }
    let taken = kept.withUnsafeBufferPointer { rows in arguments.map { Gather.take($0, rows) } }
    try inner.update(groups: kept.map { groups[Int($0)] }, arguments: taken, count: kept.count)
  }

  /// The rows whose (group, value) pair is new, for values coded by `dictionary`: a row whose (group, entry) bit is
  /// set was seen; otherwise the bit is set and the pair goes to the hash set, which also holds the pairs of earlier
  /// dictionaries and plain batches (and catches a dictionary listing one value twice). So each pair is hashed once
  /// per dictionary, not once per row. Nil when the bitmaps would pass `maxSeenBits`.
  private func keptByCodes(groups: [UInt32], values: ColumnVector, dictionary: ColumnVector, count n: Int) -> [UInt32]? {
    var groupCount = 0
    for i in 0..<n { groupCount = max(groupCount, Int(groups[i]) &+ 1) }
    let words = (dictionary.count &+ 63) >> 6
    guard groupCount &* words &* 64 <= Self.maxSeenBits else { return nil }
    if entryWords.use(dictionary, unknown: 0) {
      dictionaryWords = IntegerKeyWords.words(of: VectorFactory.flatten(dictionary))
      seen = []
    }
    if seen.count < groupCount &* words { seen.append(contentsOf: repeatElement(0, count: groupCount &* words &- seen.count)) }
    var kept: [UInt32] = []
    let codes = values.values.pointer(UInt32.self)
    seen.withUnsafeMutableBufferPointer { bits in
      for i in 0..<n {
        if values.isNull(i) {
          admit(UInt64(groups[i]) | Self.nullFlag, 0, row: i, to: &kept)
          continue
        }
        let code = Int(codes[i])
        let word = Int(groups[i]) &* words &+ code >> 6
        let bit = UInt64(1) << UInt64(code & 63)
        if bits[word] & bit != 0 { continue }
        bits[word] |= bit
        admit(UInt64(groups[i]), dictionaryWords[code], row: i, to: &kept)
      }
    }
    return kept
  }

  /// Adds the pair of high word `h` (the group, and `nullFlag` for NULL) and value bits `l` of row `i`, appending
  /// `i` to `kept` when the pair is new; with `radix` on, a pair that fits is held back there instead.
  @inline(__always) private func admit(_ h: UInt64, _ l: UInt64, row i: Int, to kept: inout [UInt32]) {
    if CompactPairSet.fits(group: h, value: l) {
      if radix != nil {
        radix!.add(CompactPairSet.packed(h, l))
      } else if compact.insert(group: h, value: l) {
        kept.append(UInt32(truncatingIfNeeded: i))
      }
    } else if integers.findOrInsert(h, l).isNew {
      kept.append(UInt32(truncatingIfNeeded: i))
    }
  }

  /// Hands the pairs `radix` has found new to `inner`, as a batch of groups and values.
  private func passFresh() throws(EngineError) {
    let fresh = radix!.takeFresh()
    guard !fresh.isEmpty else { return }
    var groups = [UInt32](repeating: 0, count: fresh.count)
    var values = [UInt64](repeating: 0, count: fresh.count)
    for (i, word) in fresh.enumerated() {
      let (group, value) = CompactPairSet.unpacked(word)
      groups[i] = group
      values[i] = UInt64(value)
    }
    try inner.update(groups: groups, arguments: [IntegerKeyWords.vector(values, type: valueType)], count: fresh.count)
  }

  @inline(__always) private func prefetch(_ h: UInt64, _ l: UInt64) {
    if CompactPairSet.fits(group: h, value: l) { compact.prefetch(group: h, value: l) } else { integers.prefetch(h, l) }
  }

  func finish(groupCount: Int) throws(EngineError) -> ColumnVector {
    if radix != nil {
      radix!.flushAll()
      try passFresh()
    }
    return try inner.finish(groupCount: groupCount)
  }
}
