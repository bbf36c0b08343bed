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
    let minimum = try #require(MinMaxAccumulator<Int32>.make(isMin: true, type: .date))
    let maximum = try #require(MinMaxAccumulator<Int32>.make(isMin: false, type: .date))
    try minimum.update(groups: groups, arguments: [dates], count: 5)
    try maximum.update(groups: groups, arguments: [dates], count: 5)
    let low = try minimum.finish(groupCount: 4), high = try maximum.finish(groupCount: 4)
    #expect(low.type == .date && high.type == .date)
    #expect(low.value(at: 0, as: Int32.self) == -3 && high.value(at: 0, as: Int32.self) == 10)
    for g in 1..<4 { #expect(low.isNull(g) && high.isNull(g)) }
    #expect(MinMaxAccumulator<Int32>.make(isMin: true, type: .float64) == nil)
  }
}
