// JoinKeyIndex: the build side of a single-key equi-join, keyed straight from the column (no row encoding).
import CXXHash
import Dispatch
import TarnCore

/// Maps each build row's key to a key id, and probe keys to those ids, for one key column of an integer-like,
/// string or binary type.
///
/// - Integer-like keys: their bits in an `IntegerKeyTable`; ids are dense, in order of first appearance.
/// - Strings and binary: each string hashed once with XXH3; a slot keeps the hash and the key's first build row,
///   which is its id, and each build row the address and length of its bytes, so a candidate is checked with two
///   memory reads. Ids are below `keyIdBound` (the build rows), not dense. The build side may come in several vectors
///   (its batches, never copied into one).
///
/// A large string build runs on all cores, radix-partitioned: rows are hashed in parallel, grouped by bits of their
/// hash into partitions, and each partition fills its own region of the table on one core, in row order, so each
/// key's id (its first row) is the same however the work was split. A partition's region is a few hundred KiB, so
/// inserts hit the cache. (Built on one thread, a 500k-key side was a quarter of a join's time with a core idle.)
///
/// Probes go in batches: hash the batch and prefetch its slots, then find candidates and prefetch their keys, then
/// compare; the reads of a batch overlap instead of waiting on one cache miss after another. Large probe columns are
/// split across cores. A dictionary-encoded probe column is looked up once per dictionary entry it uses.
/// NULL keys never match (id -1). Other key types use `KeyEncoder` and `KeyTable` instead.
final class JoinKeyIndex: @unchecked Sendable {
  let type: DataType
  /// Per build row, its key id, or -1 for a NULL key.
  let buildIds: [Int32]
  /// Every key id is below this.
  let keyIdBound: Int
  private let integers: IntegerKeyTable
  /// The string table, when the key is a string or binary.
  private let strings: PartitionedStringBuild
  // Safe: `strings`' slots (two words each: hash, first row + 1; 0 when empty) and row references (two words per build
  // row: address of its bytes in a `build` vector, length), valid while `build` holds those vectors. Written in init
  // only, so concurrent probes only read them. Raw pointers in `let`s keep the probe loop free of exclusivity checks.
  private let table: UnsafeMutablePointer<UInt64>
  private let rowRefs: UnsafeMutablePointer<Int>
  private let build: [ColumnVector]
  // Probe-side: each entry of the probe key's dictionary, its key id (-2: not looked up).
  @exclusivity(unchecked) private var entryIds = DictionaryEntryCache()
  @exclusivity(unchecked) private var words: [UInt64] = []

  /// Rows per probe batch: enough cache misses in flight, few enough that the batch's scratch stays in L1.
  static let batch = 64
  /// Probe columns from this many rows are split across cores.
  static let parallelRows = 16_384
  /// Build sides from this many rows are partitioned across cores.
  static let partitionedBuildRows = 32_768
  /// Rows per partition a partitioned build aims for: its slots (16 bytes, up to three per row) stay in L2.
  static let rowsPerPartition = 8_192
  /// Rows hashed per task of a partitioned build.
  static let hashTaskRows = 65_536

  static func supports(_ type: DataType) -> Bool {
    IntegerKeyWords.supports(type) || type == .string || type == .binary
  }

  /// Indexes the rows of build key column `key`, of a type `supports` accepts.
  convenience init(buildKey key: ColumnVector) { self.init(buildKeys: [key], type: key.type) }

  /// Indexes the rows of the build key column given in parts (row ids count on from one part to the next).
  init(buildKeys parts: [ColumnVector], type: DataType) {
    self.type = type
    let flat = parts.map(VectorFactory.flatten)
    let n = flat.reduce(0) { $0 + $1.count }
    build = flat
    if IntegerKeyWords.supports(type) {
      var ids = [Int32](repeating: -1, count: n)
      var integers = IntegerKeyTable(capacity: n)
      var words: [UInt64] = []
      var row = 0
      for v in flat {
        if words.count < v.count { words = [UInt64](repeating: 0, count: v.count) }
        words.withUnsafeMutableBufferPointer { IntegerKeyWords.load(v, count: v.count, into: $0.baseAddress!) }
        for i in 0..<v.count where !v.isNull(i) {
          ids[row &+ i] = Int32(truncatingIfNeeded: integers.findOrInsert(0, words[i]).id)
        }
        row += v.count
      }
      self.integers = integers
      keyIdBound = integers.count
      buildIds = ids
      strings = .empty
      table = strings.table.pointer(UInt64.self)
      rowRefs = strings.rowRefs.pointer(Int.self)
      return
    }
    integers = IntegerKeyTable(capacity: 0)
    var partitions = 1
    if n >= Self.partitionedBuildRows {
      while partitions < 256, partitions &* Self.rowsPerPartition < n { partitions <<= 1 }
    }
    strings = PartitionedStringBuild(parts: flat, rows: n, partitions: partitions, taskRows: Self.hashTaskRows)
    keyIdBound = n
    buildIds = strings.ids
    table = strings.table.pointer(UInt64.self)
    rowRefs = strings.rowRefs.pointer(Int.self)
  }

  /// The bytes of key `id` (its first build row).
  @inline(__always) private func key(_ id: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: rowRefs[2 &* id]), count: rowRefs[2 &* id &+ 1])
  }

  /// Same length, then the first 8 bytes, then the rest: most unequal keys differ early.
  @inline(__always) static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    if a.count >= 8, a.loadUnaligned(as: UInt64.self) != b.loadUnaligned(as: UInt64.self) { return false }
    return a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
  }

  @inline(__always) private func find(_ bytes: UnsafeRawBufferPointer) -> Int32 {
    let h = XXH_INLINE_XXH3_64bits(bytes.baseAddress, bytes.count)
    let (base, mask) = strings.home(h)
    var s = Int(truncatingIfNeeded: h) & mask
    while true {
      let entry = table[2 &* (base &+ s) &+ 1]
      if entry == 0 { return -1 }
      if table[2 &* (base &+ s)] == h, Self.equal(bytes, key(Int(entry) &- 1)) {
        return Int32(truncatingIfNeeded: entry &- 1)
      }
      s = (s &+ 1) & mask
    }
  }

  /// Key ids of rows `range` of flat string column `v`, a batch at a time (see the type's comment).
  private func probeStrings(_ v: ColumnVector, _ range: Range<Int>, into ids: UnsafeMutablePointer<Int32>) {
    let offsets = v.offsets!.pointer(Int64.self)
    let base = v.values.base
    let strings = self.strings  // once, not a retain of its arrays per row
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.batch) { hashes in
      var start = range.lowerBound
      while start < range.upperBound {
        let end = min(start &+ Self.batch, range.upperBound)
        for i in start..<end {
          let from = Int(offsets[i])
          let h = XXH_INLINE_XXH3_64bits(base + from, Int(offsets[i &+ 1]) &- from)
          hashes[i &- start] = h
          let (first, mask) = strings.home(h)
          tarn_prefetch(table + 2 &* (first &+ (Int(truncatingIfNeeded: h) & mask)))
        }
        // Candidates: the first slot holding this hash (its key is prefetched), or -1 at an empty slot.
        for i in start..<end {
          let h = hashes[i &- start]
          let (first, mask) = strings.home(h)
          var s = Int(truncatingIfNeeded: h) & mask
          var candidate: Int32 = -1
          while true {
            let entry = table[2 &* (first &+ s) &+ 1]
            if entry == 0 { break }
            if table[2 &* (first &+ s)] == h {
              candidate = Int32(truncatingIfNeeded: entry &- 1)
              tarn_prefetch(UnsafeRawPointer(bitPattern: rowRefs[2 &* Int(candidate)]))
              break
            }
            s = (s &+ 1) & mask
          }
          ids[i] = candidate
        }
        for i in start..<end where ids[i] >= 0 {
          let from = Int(offsets[i])
          let bytes = UnsafeRawBufferPointer(start: base + from, count: Int(offsets[i &+ 1]) &- from)
          // A 64-bit hash equal for different keys is rare; then the full walk decides.
          if !Self.equal(bytes, key(Int(ids[i]))) { ids[i] = find(bytes) }
        }
        if let validity = v.validity {
          for i in start..<end where !validity.isValid(i) { ids[i] = -1 }
        }
        start = end
      }
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
    guard keyIdBound > 0 else {
      for i in 0..<n { ids[i] = -1 }
      return
    }
    if let dictionary = key.dictionary {
      _ = entryIds.use(dictionary, unknown: -2)
      let codes = key.values.pointer(UInt32.self)
      entryIds.ids.withUnsafeMutableBufferPointer { cache in
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
    guard n >= Self.parallelRows else { return probeStrings(key, 0..<n, into: ids) }
    let parts = 8
    let out = UncheckedSendable(ids)
    let column = UncheckedSendable(key)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      let lower = n * part / parts, upper = n * (part + 1) / parts
      self.probeStrings(column.value, lower..<upper, into: out.value)
    }
  }
}
