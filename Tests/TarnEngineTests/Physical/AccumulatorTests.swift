// Accumulators: hashed DISTINCT and typed MIN/MAX against straightforward references.
import Testing
import TarnCore
@testable import TarnEngine

@Suite struct AccumulatorTests {
  @Test func distinctCountsEachValueOncePerGroupAcrossBatches() throws {
    let seed: UInt64 = 0x5EED_0D15
    print("seed \(seed)")
    var rng = XorShiftGenerator(state: seed)
    let distinct = DistinctAccumulator(inner: CountAccumulator(isStar: false))
    var seen = [Set<Int64>](repeating: [], count: 3)
    for _ in 0..<5 {
      let n = 700
      let groups = (0..<n).map { _ in UInt32.random(in: 0..<3, using: &rng) }
      let values: [Int64?] = (0..<n).map { _ in Bool.random(using: &rng) && Bool.random(using: &rng) ? nil : Int64.random(in: -50..<50, using: &rng) }
      for (g, v) in zip(groups, values) { if let v { seen[Int(g)].insert(v) } }
      try distinct.update(groups: groups, arguments: [int64Vector(values)], count: n)
    }
    let counts = try distinct.finish(groupCount: 3)
    for g in 0..<3 { #expect(counts.value(at: g, as: Int64.self) == Int64(seen[g].count)) }
  }

  @Test func distinctSplitsPairsBetweenTheCompactSetAndTheWideTableWithoutDoubleCounting() throws {
    // Values on both sides of 2^32 and below zero, NULLs, enough pairs to grow both tables, plain and coded batches.
    let seed: UInt64 = 0x5EED_0D16
    print("seed \(seed)")
    var rng = XorShiftGenerator(state: seed)
    let edges: [Int64] = [0, 1, Int64(UInt32.max) - 1, Int64(UInt32.max), Int64(UInt32.max) + 1, -1, Int64.min, Int64.max]
    let distinct = DistinctAccumulator(inner: CountAccumulator(isStar: false))
    var seen = [Set<Int64>](repeating: [], count: 4)
    var nulls = [Bool](repeating: false, count: 4)
    for batch in 0..<6 {
      let n = 5_000
      let groups = (0..<n).map { _ in UInt32.random(in: 0..<4, using: &rng) }
      let values: [Int64?] = (0..<n).map { i in
        if i % 97 == 0 { return nil }
        if i % 13 == 0 { return edges[Int.random(in: 0..<edges.count, using: &rng)] }
        return Int64.random(in: -3_000...(3 << 31), using: &rng) / (batch % 2 == 0 ? 1 : 1_000)
      }
      for (g, v) in zip(groups, values) { if let v { seen[Int(g)].insert(v) } else { nulls[Int(g)] = true } }
      try distinct.update(groups: groups, arguments: [int64Vector(values)], count: n)
    }
    let counts = try distinct.finish(groupCount: 4)
    for g in 0..<4 { #expect(counts.value(at: g, as: Int64.self) == Int64(seen[g].count), "group \(g)") }
    #expect(nulls.allSatisfy { $0 })
  }

  @Test func compactPairSetKeepsEachFittingPairOnceThroughGrowth() {
    #expect(CompactPairSet.fits(group: (1 << 31) - 1, value: UInt64(UInt32.max)))
    #expect(!CompactPairSet.fits(group: 1 << 31, value: 0))
    #expect(!CompactPairSet.fits(group: 0, value: 1 << 32))
    var set = CompactPairSet()
    var reference = Set<UInt64>()
    var rng = XorShiftGenerator(state: 0x5EED_0D17)
    for _ in 0..<20_000 {
      let group = UInt64(rng.next() % 5), value = rng.next() % 9_000 + (rng.next() % 2 == 0 ? 0 : UInt64(UInt32.max) - 9_000)
      #expect(set.insert(group: group, value: value) == reference.insert(group << 32 | value).inserted)
    }
    #expect(set.count == reference.count)
  }

  @Test func radixPairSetFindsEachPairNewOnceThroughFlushesAndGrowth() {
    var compact = CompactPairSet()
    var reference = Set<UInt64>()
    var rng = XorShiftGenerator(state: 0x5EED_0D18)
    for _ in 0..<3_000 {
      let group = rng.next() % 3, value = rng.next() % 50_000
      _ = compact.insert(group: group, value: value)
      reference.insert(CompactPairSet.packed(group, value))
    }
    var radix = RadixPairSet(holding: compact)
    #expect(radix.count == reference.count)
    var fresh: [UInt64] = []
    var drawn = Set<UInt64>()
    // Far more pairs than the buffers hold, many repeated (within a buffer, across flushes, from the start set).
    for _ in 0..<400_000 {
      let word = CompactPairSet.packed(rng.next() % 3, rng.next() % 150_000)
      radix.add(word)
      drawn.insert(word)
      if rng.next() % 1_000 == 0 { fresh += radix.takeFresh() }
    }
    radix.flushAll()
    fresh += radix.takeFresh()
    #expect(radix.takeFresh().isEmpty)
    #expect(Set(fresh).count == fresh.count, "a pair came out twice")
    #expect(Set(fresh) == drawn.subtracting(reference))
    #expect(radix.count == drawn.union(reference).count)
    let (group, value) = CompactPairSet.unpacked(CompactPairSet.packed(2, UInt64(UInt32.max)))
    #expect(group == 2 && value == UInt32.max)
  }

  @Test func orderFreeDistinctAggregatesAgreeWithAReferenceAcrossTheSwitchToRadix() throws {
    // Enough pairs to pass `radixThreshold`; plain and dictionary-coded batches, NULLs, values that don't fit 32 bits.
    let seed: UInt64 = 0x5EED_0D19
    print("seed \(seed)")
    var rng = XorShiftGenerator(state: seed)
    let groupCount = 5
    let count = DistinctAccumulator(inner: CountAccumulator(isStar: false), isOrderFree: true)
    let sum = DistinctAccumulator(inner: NumericAccumulator(.sumInteger), isOrderFree: true)
    let low = DistinctAccumulator(inner: try #require(MinMaxAccumulator.make(isMin: true, type: .int32)), isOrderFree: true)
    var seen = [Set<Int64>](repeating: [], count: groupCount)
    func int32Vector(_ values: [Int32?]) -> ColumnVector {
      var b = VectorBuilder(type: .int32, capacity: values.count)
      for v in values { if let v { b.append(v) } else { b.appendNull() } }
      return b.finish()
    }
    for batch in 0..<40 {
      let n = 8_192
      let groups = (0..<n).map { _ in UInt32.random(in: 0..<UInt32(groupCount), using: &rng) }
      var values: [Int32?] = (0..<n).map { i in
        i % 101 == 0 ? nil : i % 211 == 0 ? -Int32.random(in: 1...9, using: &rng) : Int32.random(in: 0..<60_000, using: &rng)
      }
      var vector: ColumnVector
      if batch % 3 == 2 {
        // Coded: a dictionary of 500 values, one of them negative.
        let dictionary = (0..<500).map { _ in Int32.random(in: -5..<70_000, using: &rng) }
        let codes = (0..<n).map { _ in UInt32.random(in: 0..<500, using: &rng) }
        values = codes.map { dictionary[Int($0)] }
        vector = ColumnVector(
          type: .int32, count: n, values: ByteBuffer(copying: codes),
          dictionary: int32Vector(dictionary.map { $0 }))
      } else {
        vector = int32Vector(values)
      }
      for (g, v) in zip(groups, values) { if let v { seen[Int(g)].insert(Int64(v)) } }
      // Only count(DISTINCT) is given dictionary codes (`DictionaryGroupKey`).
      try count.update(groups: groups, arguments: [vector], count: n)
      vector = VectorFactory.flatten(vector)
      for a in [sum, low] { try a.update(groups: groups, arguments: [vector], count: n) }
    }
    #expect(seen.map(\.count).reduce(0, +) > DistinctAccumulator.radixThreshold)
    #expect(count.holdsPairsBack && sum.holdsPairsBack && low.holdsPairsBack)
    let counts = try count.finish(groupCount: groupCount)
    let sums = try sum.finish(groupCount: groupCount)
    let lows = try low.finish(groupCount: groupCount)
    for g in 0..<groupCount {
      #expect(counts.value(at: g, as: Int64.self) == Int64(seen[g].count), "group \(g)")
      #expect(sums.value(at: g, as: Int128.self) == Int128(seen[g].reduce(0, +)), "group \(g)")
      #expect(lows.value(at: g, as: Int32.self) == Int32(seen[g].min()!), "group \(g)")
    }
  }

  @Test func distinctOverStringsKeysByGroupAndValue() throws {
    let distinct = DistinctAccumulator(inner: CountAccumulator(isStar: false))
    let values = VectorFactory.strings(["a", "b", "a", nil, "a", "b", "c"])
    try distinct.update(groups: [0, 0, 0, 0, 1, 1, 0], arguments: [values], count: 7)
    let coded = dictionaryStrings([0, 1, nil], dictionary: ["c", "d"])
    try distinct.update(groups: [0, 0, 1], arguments: [coded], count: 3)
    let counts = try distinct.finish(groupCount: 2)
    #expect(counts.value(at: 0, as: Int64.self) == 4)  // a, b, c, d
    #expect(counts.value(at: 1, as: Int64.self) == 2)  // a, b
  }

  @Test func minMaxOfDatesIgnoresNullsAndLeavesEmptyGroupsNull() throws {
    var b = VectorBuilder(type: .date, capacity: 5)
    for v: Int32? in [10, nil, -3, 7, nil] { if let v { b.append(v) } else { b.appendNull() } }
    let dates = b.finish()
    let groups: [UInt32] = [0, 1, 0, 0, 2]
    let minimum = try #require(MinMaxAccumulator.make(isMin: true, type: .date))
    let maximum = try #require(MinMaxAccumulator.make(isMin: false, type: .date))
    try minimum.update(groups: groups, arguments: [dates], count: 5)
    try maximum.update(groups: groups, arguments: [dates], count: 5)
    let low = try minimum.finish(groupCount: 4), high = try maximum.finish(groupCount: 4)
    #expect(low.type == .date && high.type == .date)
    #expect(low.value(at: 0, as: Int32.self) == -3 && high.value(at: 0, as: Int32.self) == 10)
    for g in 1..<4 { #expect(low.isNull(g) && high.isNull(g)) }
    #expect(MinMaxAccumulator.make(isMin: true, type: .float64) == nil)
  }

  @Test func minMaxOverAFewGroupsAgreesWithTheRowByRowPathAndAReference() throws {
    // Batches of 1–4 groups take a pass per group; then a batch of 40 groups moves to the row-by-row loop.
    let seed: UInt64 = 0x5EED_0D1A
    print("seed \(seed)")
    var rng = XorShiftGenerator(state: seed)
    let minimum = try #require(MinMaxAccumulator.make(isMin: true, type: .int64))
    let maximum = try #require(MinMaxAccumulator.make(isMin: false, type: .int64))
    var low = [Int64?](repeating: nil, count: 40), high = [Int64?](repeating: nil, count: 40)
    for (batch, groupCount) in [1, 3, 4, 2, 40, 3].enumerated() {
      let n = 1_000 + batch * 37
      // Group 3 only ever gets NULLs; the extremes of Int64 are values like any other.
      let groups = (0..<n).map { _ in UInt32.random(in: 0..<UInt32(groupCount), using: &rng) }
      let values: [Int64?] = (0..<n).map { i in
        if groups[i] == 3 || i % 7 == 0 { return nil }
        if i % 97 == 0 { return Bool.random(using: &rng) ? Int64.max : Int64.min }
        return Int64.random(in: -1_000_000...1_000_000, using: &rng)
      }
      for (g, v) in zip(groups, values) {
        guard let v else { continue }
        low[Int(g)] = min(low[Int(g)] ?? v, v)
        high[Int(g)] = max(high[Int(g)] ?? v, v)
      }
      try minimum.update(groups: groups, arguments: [int64Vector(values)], count: n)
      try maximum.update(groups: groups, arguments: [int64Vector(values)], count: n)
    }
    let lows = try minimum.finish(groupCount: 40), highs = try maximum.finish(groupCount: 40)
    for g in 0..<40 {
      #expect((lows.isNull(g) ? nil : lows.value(at: g, as: Int64.self)) == low[g], "group \(g)")
      #expect((highs.isNull(g) ? nil : highs.value(at: g, as: Int64.self)) == high[g], "group \(g)")
    }
    #expect(low[3] == nil && lows.isNull(3))
  }

  @Test func minMaxKeepsTheOrderOfUnsignedAndNegativeValues() throws {
    var unsigned = VectorBuilder(type: .uint8, capacity: 3)
    for v: UInt8 in [100, 200, 7] { unsigned.append(v) }
    var signed = VectorBuilder(type: .int16, capacity: 3)
    for v: Int16 in [-300, 5, -2] { signed.append(v) }
    let groups: [UInt32] = [0, 0, 0]
    let maxU = try #require(MinMaxAccumulator.make(isMin: false, type: .uint8))
    let minS = try #require(MinMaxAccumulator.make(isMin: true, type: .int16))
    try maxU.update(groups: groups, arguments: [unsigned.finish()], count: 3)
    try minS.update(groups: groups, arguments: [signed.finish()], count: 3)
    #expect(try maxU.finish(groupCount: 1).value(at: 0, as: UInt8.self) == 200)
    #expect(try minS.finish(groupCount: 1).value(at: 0, as: Int16.self) == -300)
    #expect(MinMaxAccumulator.make(isMin: true, type: .uint64) == nil)
  }

  @Test func integerSumsAndAveragesAreExactBeyondInt64AndDoublePrecision() throws {
    // UBIGINT values past Int64.max were truncated to 64 bits on the way to the 128-bit total.
    #expect(try rows("SELECT sum(x)::VARCHAR FROM (VALUES (18446744073709551615::UBIGINT), (1::UBIGINT)) t(x)")
      == [["18446744073709551616"]])
    // Every integer width is read in place, NULLs skipped.
    #expect(try rows(
      "SELECT sum(a), sum(b), sum(c), sum(d), sum(e), sum(f), avg(a), avg(c) FROM (VALUES ((-128)::TINYINT, (-32768)::SMALLINT, "
        + "255::UTINYINT, 65535::USMALLINT, 4294967295::UINTEGER, true), (NULL, 7::SMALLINT, 1::UTINYINT, NULL, 1::UINTEGER, true)) "
        + "t(a, b, c, d, e, f)") == [["-128", "-32761", "256", "65535", "4294967296", "2", "-128.0", "128.0"]])
    // A running double total loses each + 1 after 2^53; the 128-bit total keeps them until the one division.
    #expect(try rows("SELECT avg(x) = 9007199254740994 / 3 FROM (VALUES (9007199254740992), (1), (1)) t(x)") == [["true"]])
    let averages = NumericAccumulator(.avgInteger)
    var b = VectorBuilder(type: .int64, capacity: 4)
    for v: Int64? in [1 << 53, 1, nil, 1] { if let v { b.append(v) } else { b.appendNull() } }
    try averages.update(groups: [0, 0, 0, 0], arguments: [b.finish()], count: 4)
    #expect(averages.finish(groupCount: 1).value(at: 0, as: Double.self) == Double((1 << 53) + 2) / 3)
  }
}
