// Hashing: the integer key table, the GROUP BY grouper, the join key index and top-N selection against simple references.
import Foundation
import Testing
import TarnCore
@testable import TarnEngine

/// xorshift64*: a seeded generator, so a failure can be replayed from the printed seed.
struct XorShiftGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    return state &* 0x2545_F491_4F6C_DD1D
  }
}

func int64Vector(_ values: [Int64?]) -> ColumnVector {
  var b = VectorBuilder(type: .int64, capacity: values.count)
  for v in values { if let v { b.append(v) } else { b.appendNull() } }
  return b.finish()
}

/// `values` as a dictionary-encoded string vector over `dictionary` (NULL rows have a nil index).
func dictionaryStrings(_ indices: [UInt32?], dictionary: [String]) -> ColumnVector {
  let codes = ByteBuffer(capacity: max(indices.count, 1) * 4)
  for i in indices { codes.append(i ?? 0) }
  var v = ColumnVector(
    type: .string, count: indices.count, values: codes, dictionary: VectorFactory.strings(dictionary))
  if indices.contains(where: { $0 == nil }) { v.validity = ValidityBitmap(indices.map { $0 != nil }) }
  return v
}

@Suite struct HashingTests {
  @Test func integerKeyTableAssignsDenseIdsInOrderAcrossGrowth() {
    let seed: UInt64 = 0x5EED_0001
    print("seed \(seed)")
    var rng = XorShiftGenerator(state: seed)
    var table = IntegerKeyTable(capacity: 4)
    var reference: [String: Int] = [:]
    for _ in 0..<20_000 {
      let h = UInt64.random(in: 0..<3, using: &rng), l = UInt64.random(in: 0..<5_000, using: &rng)
      let key = "\(h)/\(l)"
      let (id, isNew) = table.findOrInsert(h, l)
      if let known = reference[key] {
        #expect(!isNew && id == known)
      } else {
        #expect(isNew && id == reference.count)
        reference[key] = id
      }
      #expect(table.find(h, l) == reference[key])
    }
    #expect(table.count == reference.count)
    #expect(table.find(7, 7) == nil)
  }

  @Test func grouperGivesEqualKeysOneGroupWithNullsAsAGroup() {
    var grouper = Grouper(types: [.int64])
    let keys = int64Vector([5, nil, 5, -1, nil, Int64.min, -1])
    var ids = [UInt32](repeating: 99, count: keys.count)
    ids.withUnsafeMutableBufferPointer { grouper.assign([keys], count: keys.count, ids: $0.baseAddress!) }
    #expect(ids == [0, 1, 0, 2, 1, 3, 2])
    #expect(grouper.count == 4)
    let out = grouper.finishKeys()[0]
    #expect(out.value(at: 0, as: Int64.self) == 5)
    #expect(out.isNull(1))
    #expect(out.value(at: 2, as: Int64.self) == -1)
    #expect(out.value(at: 3, as: Int64.self) == Int64.min)
  }

  /// Keys of a small range go through the dense map, whose range widens batch by batch; a batch too wide for it, and
  /// integer dictionaries, go through the hash table: every path must give a key the same group.
  @Test func grouperIntegerPathsAgreeAcrossBatches() {
    var grouper = Grouper(types: [.int64])
    var reference: [Int64?: UInt32] = [:]
    func check(_ keys: ColumnVector, _ what: String) {
      var ids = [UInt32](repeating: 99, count: keys.count)
      ids.withUnsafeMutableBufferPointer { grouper.assign([keys], count: keys.count, ids: $0.baseAddress!) }
      for (i, id) in ids.enumerated() {
        let key: Int64? = keys.isNull(i) ? nil : VectorFactory.flatten(keys).value(at: i, as: Int64.self)
        if let known = reference[key] { #expect(id == known, "\(what) row \(i)") } else {
          #expect(id == UInt32(reference.count), "\(what): new keys take the next id")
          reference[key] = id
        }
      }
    }
    check(int64Vector([2_000, 2_003, nil, 2_000]), "dense")
    check(int64Vector([1_990, 2_003, 2_010]), "dense, widened below and above")
    check(int64Vector([5, 1 << 40, 2_003, nil]), "too wide: hashed")
    let dictionary = int64Vector([1 << 40, 7, 2_010, 1_990])
    let coded = ColumnVector(
      type: .int64, count: 5, values: ByteBuffer(copying: [UInt32(1), 0, 3, 1, 2]), dictionary: dictionary)
    check(coded, "dictionary codes")
    check(int64Vector([7, 2_000, 1_990, 6]), "dense again")
    #expect(grouper.count == reference.count)
    let out = grouper.finishKeys()[0]
    for (key, id) in reference { #expect(key == nil ? out.isNull(Int(id)) : out.value(at: Int(id), as: Int64.self) == key) }
  }

  /// A first batch of dictionary codes makes groups only for the entries its rows use, numbered as the rows meet
  /// them, with NULL a group of its own in between.
  @Test func grouperMakesGroupsOnlyForDictionaryEntriesRowsUse() {
    var grouper = Grouper(types: [.int64])
    let dictionary = int64Vector([10, 20, 30, 40])
    let validity = ValidityBitmap([true, true, false, true, true])
    let coded = ColumnVector(
      type: .int64, count: 5, values: ByteBuffer(copying: [UInt32(2), 0, 0, 2, 0]), validity: validity,
      dictionary: dictionary)
    var ids = [UInt32](repeating: 99, count: 5)
    ids.withUnsafeMutableBufferPointer { grouper.assign([coded], count: 5, ids: $0.baseAddress!) }
    #expect(ids == [0, 1, 2, 0, 1])
    let plain = int64Vector([40, 30, nil])
    var more = [UInt32](repeating: 99, count: 3)
    more.withUnsafeMutableBufferPointer { grouper.assign([plain], count: 3, ids: $0.baseAddress!) }
    #expect(more == [3, 0, 2])
    #expect(grouper.count == 4)
    let out = grouper.finishKeys()[0]
    #expect(out.value(at: 0, as: Int64.self) == 30)
    #expect(out.value(at: 1, as: Int64.self) == 10)
    #expect(out.isNull(2))
    #expect(out.value(at: 3, as: Int64.self) == 40)
  }

  @Test func grouperDictionaryCodesAgreeWithPlainStrings() {
    // Batch 1 is dictionary-encoded, batch 2 plain with the same strings (and a new one): the ids must line up,
    // and an entry no row uses must not become a group.
    var grouper = Grouper(types: [.string])
    let batch1 = dictionaryStrings([2, 0, nil, 2], dictionary: ["a", "unused", "c"])
    var ids = [UInt32](repeating: 0, count: 4)
    ids.withUnsafeMutableBufferPointer { grouper.assign([batch1], count: 4, ids: $0.baseAddress!) }
    #expect(ids == [0, 1, 2, 0])
    let batch2 = VectorFactory.strings(["a", nil, "d", "c"])
    ids.withUnsafeMutableBufferPointer { grouper.assign([batch2], count: 4, ids: $0.baseAddress!) }
    #expect(ids == [1, 2, 3, 0])
    let keys = grouper.finishKeys()[0]
    #expect(keys.count == 4)
    #expect(keys.string(at: 0) == "c" && keys.string(at: 1) == "a" && keys.isNull(2) && keys.string(at: 3) == "d")
  }

  @Test func grouperRebuildsIntegerKeysOfEveryWidthWithTheirNullGroup() throws {
    // Group keys are kept as 64-bit words and narrowed back to the key's type at the end.
    let cases: [(DataType, [Int64?])] = [
      (.int8, [-128, 127, nil, -1, 127]), (.int16, [-300, nil, 300, -300]), (.int32, [Int64(Int32.min), 5, nil]),
      (.date, [-1, 0, 20_000, nil, 0]), (.int64, [Int64.min, Int64.max, nil, 1 << 40]),
      (.uint32, [Int64(UInt32.max), 0, nil]), (.decimal(precision: 12, scale: 2), [-12_345, nil, 99]),
    ]
    for (type, values) in cases {
      var b = VectorBuilder(type: type, capacity: values.count)
      for v in values {
        guard let v else {
          b.appendNull()
          continue
        }
        switch type.fixedWidth! {
        case 1: b.append(Int8(truncatingIfNeeded: v))
        case 2: b.append(Int16(truncatingIfNeeded: v))
        case 4: b.append(UInt32(truncatingIfNeeded: v))
        default: b.append(v)
        }
      }
      let column = b.finish()
      var grouper = Grouper(types: [type])
      var ids = [UInt32](repeating: 0, count: values.count)
      ids.withUnsafeMutableBufferPointer { grouper.assign([column], count: values.count, ids: $0.baseAddress!) }
      let key = grouper.finishKeys()[0]
      #expect(key.type == type)
      for (row, id) in ids.enumerated() {
        #expect(key.isNull(Int(id)) == column.isNull(row), "\(type) row \(row)")
        if !column.isNull(row) {
          let width = type.fixedWidth!
          #expect(memcmp(key.values.base + Int(id) * width, column.values.base + row * width, width) == 0, "\(type) row \(row)")
        }
      }
    }
  }

  @Test func integerGroupKeysNumberKeysInFirstAppearanceOrderAcrossBothTables() {
    // Keys either side of the compact slots' limit (2^32 - 2), sign-extended negatives and the NULL key (1, 0) share one
    // numbering, through growth of the compact table.
    let seed: UInt64 = 0x5EED_0004
    print("seed \(seed)")
    var rng = XorShiftGenerator(state: seed)
    let edges: [(UInt64, UInt64)] = [
      (0, 0), (0, 0xFFFF_FFFE), (0, 0xFFFF_FFFF), (0, 1 << 32), (0, UInt64(bitPattern: -1)), (1, 0), (0, 7),
    ]
    var keys = IntegerGroupKeys()
    var reference: [String: Int] = [:]
    for i in 0..<30_000 {
      let key = i % 11 == 0 ? edges[Int(rng.next() % UInt64(edges.count))] : (0, rng.next() % 6_000 * 997)
      let expected = reference["\(key.0)/\(key.1)"]
      let (id, isNew) = keys.findOrInsert(key.0, key.1)
      #expect(isNew == (expected == nil))
      #expect(id == expected ?? reference.count, "key \(key)")
      if expected == nil { reference["\(key.0)/\(key.1)"] = id }
    }
    #expect(keys.count == reference.count)
  }

  @Test func joinKeyIndexLargeProbesSplitAcrossCoresMatchAReference() {
    // 50,000 probe rows take the batched, parallel path; a third are absent, some NULL.
    let seed: UInt64 = 0x5EED_0002
    print("seed \(seed)")
    var rng = XorShiftGenerator(state: seed)
    let keys = (0..<20_000).map { "key-\($0)-\(String(repeating: "x", count: $0 % 40))" }
    let index = JoinKeyIndex(buildKey: VectorFactory.strings(keys + keys.prefix(100)))
    #expect(index.keyIdBound == keys.count + 100)
    var probe: [String?] = []
    for _ in 0..<50_000 {
      let k = Int(rng.next() % 30_000)
      probe.append(k % 97 == 0 ? nil : (k < keys.count ? keys[k] : "absent-\(k)"))
    }
    var ids = [Int32](repeating: 7, count: probe.count)
    ids.withUnsafeMutableBufferPointer { index.probe(VectorFactory.strings(probe), count: probe.count, into: $0.baseAddress!) }
    let idOf = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, Int32($0)) })
    let expected = probe.map { p in p.flatMap { idOf[$0] } ?? -1 }
    #expect(ids == expected)
  }

  @Test func joinKeyIndexOverBuildPartsEqualsOneOverTheWholeColumn() {
    // The build side as its batches (never copied into one): ids count on across parts, as over the whole column.
    let values: [String?] = ["a", "bb", nil, "a", "ccc", "", "bb", "dddd-long-key", nil, ""]
    let whole = JoinKeyIndex(buildKey: VectorFactory.strings(values))
    let parts = [0..<3, 3..<3, 3..<8, 8..<10].map { VectorFactory.strings(Array(values[$0])) }
    let split = JoinKeyIndex(buildKeys: parts, type: .string)
    #expect(split.buildIds == whole.buildIds)
    #expect(split.keyIdBound == whole.keyIdBound)
    let probe = VectorFactory.strings(["", "dddd-long-key", "zz", nil, "a"])
    var a = [Int32](repeating: 9, count: 5), b = a
    a.withUnsafeMutableBufferPointer { whole.probe(probe, count: 5, into: $0.baseAddress!) }
    b.withUnsafeMutableBufferPointer { split.probe(probe, count: 5, into: $0.baseAddress!) }
    #expect(a == b && a == [5, 7, -1, -1, 0])  // a string key's id is its first build row
    let integers = JoinKeyIndex(buildKeys: [int64Vector([7, nil]), int64Vector([8, 7])], type: .int64)
    #expect(integers.buildIds == [0, -1, 1, 0])
  }

  @Test func partitionedStringBuildGivesEachRowItsKeysFirstRowHoweverSplit() {
    // 40,000 rows of 9,000 keys (some only differing past 8 bytes), NULLs and empty strings, over parts of uneven
    // sizes: every split into tasks and partitions must give each row the first row of its key.
    let seed: UInt64 = 0x5EED_0003
    print("seed \(seed)")
    var rng = XorShiftGenerator(state: seed)
    var values: [String?] = []
    for _ in 0..<40_000 {
      let k = Int(rng.next() % 9_000)
      values.append(k % 101 == 0 ? nil : (k % 997 == 0 ? "" : "observation-\(k)-\(String(repeating: "z", count: k % 23))"))
    }
    var firstRow: [String: Int32] = [:]
    let expected = values.enumerated().map { row, v -> Int32 in
      guard let v else { return -1 }
      if let first = firstRow[v] { return first }
      firstRow[v] = Int32(row)
      return Int32(row)
    }
    let bounds = [0, 1, 1, 4_999, 17_000, 17_001, 40_000]
    let parts = zip(bounds, bounds.dropFirst()).map { VectorFactory.strings(Array(values[$0..<$1])) }
    for (partitions, taskRows) in [(1, 65_536), (4, 1_000), (64, 7), (256, 4_096)] {
      let build = PartitionedStringBuild(parts: parts, rows: values.count, partitions: partitions, taskRows: taskRows)
      #expect(build.ids == expected, "\(partitions) partitions, tasks of \(taskRows) rows")
    }
    let index = JoinKeyIndex(buildKeys: parts, type: .string)
    #expect(index.buildIds == expected)
    let probe: [String?] = ["observation-5-zzzzz", nil, "", "observation-5-zzzz", "observation-8999-zzzzzzzzzzzzzzzzzzzzzz"]
    var ids = [Int32](repeating: 9, count: probe.count)
    ids.withUnsafeMutableBufferPointer { index.probe(VectorFactory.strings(probe), count: probe.count, into: $0.baseAddress!) }
    let reference = probe.map { p in p.flatMap { firstRow[$0] } ?? -1 }
    #expect(ids == reference)
    #expect(reference[0] >= 0 && reference[2] >= 0 && reference[3] == -1)
  }

  @Test func dictionaryCachesSurviveFreedDictionariesReusingTheirAddress() {
    // Each batch has a fresh dictionary of the same size in another order, and the previous one is freed first, so
    // the allocator hands its memory (and object address) to the next: a cache keyed by address alone went stale
    // (a wrong count(DISTINCT) at 10M rows, one row group's dictionary per morsel).
    var grouper = Grouper(types: [.string])
    let index = JoinKeyIndex(buildKey: VectorFactory.strings(["a", "b", "c"]))
    let orders = [["a", "b", "c"], ["c", "a", "b"], ["b", "c", "a"]]
    var groupOf: [String: UInt32] = [:]
    for round in 0..<300 {
      let dictionary = orders[round % orders.count]
      var ids = [UInt32](repeating: 0, count: 3)
      var probed = [Int32](repeating: 0, count: 3)
      ids.withUnsafeMutableBufferPointer { idsOut in
        probed.withUnsafeMutableBufferPointer { probedOut in
          // Built and dropped with nothing allocated in between, so the next round's buffers land where these were.
          let entries = VectorFactory.strings(dictionary)
          let codes = ByteBuffer(copying: [UInt32(0), 1, 2])
          let batch = ColumnVector(type: .string, count: 3, values: codes, dictionary: entries)
          grouper.assign([batch], count: 3, ids: idsOut.baseAddress!)
          index.probe(batch, count: 3, into: probedOut.baseAddress!)
        }
      }
      for (row, key) in dictionary.enumerated() {
        if groupOf[key] == nil { groupOf[key] = ids[row] }
        #expect(ids[row] == groupOf[key], "round \(round): \(key)")
        #expect(probed[row] == ["a": 0, "b": 1, "c": 2][key], "round \(round): \(key)")
      }
    }
  }

  @Test func joinKeyIndexMatchesStringsIntegersAndSkipsNulls() {
    let build = VectorFactory.strings(["x", "longer than eight bytes", nil, "x", "y"])
    let index = JoinKeyIndex(buildKey: build)
    #expect(index.keyIdBound == 5)
    #expect(index.buildIds == [0, 1, -1, 0, 4])  // a string key's id is its first build row
    let probe = VectorFactory.strings(["y", nil, "longer than eight bytez", "longer than eight bytes", "z"])
    var ids = [Int32](repeating: 7, count: 5)
    ids.withUnsafeMutableBufferPointer { index.probe(probe, count: 5, into: $0.baseAddress!) }
    #expect(ids == [4, -1, -1, 1, -1])
    // The same keys dictionary-encoded on the probe side, twice (the per-entry cache must not go stale).
    for dictionary in [["x", "q", "y"], ["y", "x"]] {
      let codes: [UInt32?] = [0, nil, 1, 0]
      let coded = dictionaryStrings(codes, dictionary: dictionary)
      ids.withUnsafeMutableBufferPointer { index.probe(coded, count: 4, into: $0.baseAddress!) }
      let expected = codes.map { c -> Int32 in
        guard let c else { return -1 }
        return ["x": 0, "y": 4][dictionary[Int(c)]] ?? -1
      }
      #expect(Array(ids.prefix(4)) == expected)
    }
    let integers = JoinKeyIndex(buildKey: int64Vector([3, nil, 4, 3]))
    #expect(integers.buildIds == [0, -1, 1, 0])
    let probeInts = int64Vector([4, 3, nil, 5])
    ids.withUnsafeMutableBufferPointer { integers.probe(probeInts, count: 4, into: $0.baseAddress!) }
    #expect(Array(ids.prefix(4)) == [1, 0, -1, -1])
  }

  @Test(arguments: [0, 1, 3, 10, 99, 100, 150])
  func topSelectionEqualsSortThenPrefix(k: Int) {
    let seed = UInt64(0x70_9000 + k)
    print("seed \(seed)")
    var rng = XorShiftGenerator(state: seed)
    let values = (0..<100).map { _ in Int.random(in: 0..<20, using: &rng) }
    let precedes = { (a: Int, b: Int) -> Bool in values[a] != values[b] ? values[a] > values[b] : a < b }
    let expected = Array((0..<values.count).sorted(by: precedes).prefix(k))
    #expect(TopSelection.first(k, of: values.count, by: precedes) == expected)
  }
}
