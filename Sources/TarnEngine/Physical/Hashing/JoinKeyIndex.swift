// JoinKeyIndex: the build side of a single-key equi-join, keyed straight from the column (no row encoding).
import CXXHash
import TarnCore

/// Maps each build row's key to a dense key id, and probe keys to those ids, for one key column of an
/// integer-like, string or binary type.
///
/// - Integer-like keys: their bits in an `IntegerKeyTable`.
/// - Strings and binary: each string hashed once with XXH3 from the vector's bytes; a slot keeps the
///   hash and a representative build row, and candidates are compared by length and hash before the
///   bytes. A dictionary-encoded probe column is looked up once per dictionary entry it uses.
/// NULL keys never match (id -1). Other key types use `KeyEncoder` and `KeyTable` instead.
final class JoinKeyIndex {
  let type: DataType
  /// Per build row, its key id, or -1 for a NULL key.
  let buildIds: [Int32]
  let keyCount: Int
  private let integers: IntegerKeyTable
  // Safe: the string table is allocated in init for `slotCount` slots (two words each: hash, id + 1;
  // id + 1 = 0 for empty) and `representative` for `keyCount` ids; both live until deinit and are only
  // written in init. Raw memory in `let`s keeps the probe loop free of exclusivity checks and puts a
  // slot's hash and id in one cache line.
  private let table: UnsafeMutablePointer<UInt64>
  private let slotCount: Int
  private let representative: UnsafeMutablePointer<Int32>
  private let build: ColumnVector
  // Probe-side dictionary cache: the dictionary (by identity of its buffer) and each entry's id (-2: not looked up).
  @exclusivity(unchecked) private var cachedDictionary: ObjectIdentifier?
  @exclusivity(unchecked) private var entryIds: [Int32] = []
  @exclusivity(unchecked) private var words: [UInt64] = []

  static func supports(_ type: DataType) -> Bool {
    IntegerKeyWords.supports(type) || type == .string || type == .binary
  }

  /// Indexes the `count` rows of build key column `key`, of a type `supports` accepts.
  init(buildKey key: ColumnVector) {
    type = key.type
    let v = VectorFactory.flatten(key)
    let n = v.count
    var ids = [Int32](repeating: -1, count: n)
    if IntegerKeyWords.supports(type) {
      var integers = IntegerKeyTable(capacity: n)
      var words = [UInt64](repeating: 0, count: n)
      words.withUnsafeMutableBufferPointer { IntegerKeyWords.load(v, count: n, into: $0.baseAddress!) }
      for i in 0..<n where !v.isNull(i) {
        ids[i] = Int32(truncatingIfNeeded: integers.findOrInsert(0, words[i]).id)
      }
      self.integers = integers
      keyCount = integers.count
      buildIds = ids
      slotCount = 0
      table = .allocate(capacity: 1)
      representative = .allocate(capacity: 1)
      build = v
      return
    }
    integers = IntegerKeyTable(capacity: 0)
    build = v
    var c = 16
    while c < n * 2 { c <<= 1 }
    slotCount = c
    table = .allocate(capacity: 2 * c)
    table.initialize(repeating: 0, count: 2 * c)
    representative = .allocate(capacity: max(n, 1))
    let mask = c - 1
    var count = 0
    for i in 0..<n where !v.isNull(i) {
      let bytes = v.stringBytes(i)
      let h = XXH_INLINE_XXH3_64bits(bytes.baseAddress, bytes.count)
      var s = Int(truncatingIfNeeded: h) & mask
      while true {
        let entry = table[2 &* s &+ 1]
        if entry == 0 {
          table[2 &* s] = h
          table[2 &* s &+ 1] = UInt64(count &+ 1)
          representative[count] = Int32(truncatingIfNeeded: i)
          ids[i] = Int32(truncatingIfNeeded: count)
          count &+= 1
          break
        }
        if table[2 &* s] == h, Self.equal(bytes, v.stringBytes(Int(representative[Int(entry) &- 1]))) {
          ids[i] = Int32(truncatingIfNeeded: entry &- 1)
          break
        }
        s = (s &+ 1) & mask
      }
    }
    keyCount = count
    buildIds = ids
  }

  deinit {
    table.deallocate()
    representative.deallocate()
  }

  /// Same length, then the first 8 bytes, then the rest: most unequal keys differ early.
  @inline(__always) static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    if a.count >= 8, a.loadUnaligned(as: UInt64.self) != b.loadUnaligned(as: UInt64.self) { return false }
    return a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
  }

  @inline(__always) private func find(_ bytes: UnsafeRawBufferPointer) -> Int32 {
    let h = XXH_INLINE_XXH3_64bits(bytes.baseAddress, bytes.count)
    let mask = slotCount &- 1
    var s = Int(truncatingIfNeeded: h) & mask
    while true {
      let entry = table[2 &* s &+ 1]
      if entry == 0 { return -1 }
      if table[2 &* s] == h, Self.equal(bytes, build.stringBytes(Int(representative[Int(entry) &- 1]))) {
        return Int32(truncatingIfNeeded: entry &- 1)
      }
      s = (s &+ 1) & mask
    }
  }

  /// Writes the key id of each of the `n` rows of probe key column `key` (this index's type) to `ids`; -1 when
  /// the key is NULL or not on the build side.
  func probe(_ key: ColumnVector, count n: Int, into ids: UnsafeMutablePointer<Int32>) {
    if IntegerKeyWords.supports(type) {
      let v = VectorFactory.flatten(key)
      if words.count < n { words = [UInt64](repeating: 0, count: n) }
      let table = integers
      words.withUnsafeMutableBufferPointer { w in
        IntegerKeyWords.load(v, count: n, into: w.baseAddress!)
        for i in 0..<n {
          ids[i] = v.isNull(i) ? -1 : Int32(truncatingIfNeeded: table.find(0, w[i]) ?? -1)
        }
      }
      return
    }
    guard keyCount > 0 else {
      for i in 0..<n { ids[i] = -1 }
      return
    }
    if let dictionary = key.dictionary {
      let identity = ObjectIdentifier(dictionary.values)
      if cachedDictionary != identity || entryIds.count != dictionary.count {
        cachedDictionary = identity
        entryIds = [Int32](repeating: -2, count: dictionary.count)
      }
      let codes = key.values.pointer(UInt32.self)
      entryIds.withUnsafeMutableBufferPointer { cache in
        for i in 0..<n {
          if key.isNull(i) {
            ids[i] = -1
            continue
          }
          let e = Int(codes[i])
          var id = cache[e]
          if id == -2 {
            id = dictionary.isNull(e) ? -1 : find(dictionary.stringBytes(e))
            cache[e] = id
          }
          ids[i] = id
        }
      }
      return
    }
    for i in 0..<n { ids[i] = key.isNull(i) ? -1 : find(key.stringBytes(i)) }
  }
}
