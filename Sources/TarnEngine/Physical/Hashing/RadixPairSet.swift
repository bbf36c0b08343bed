// RadixPairSet: CompactPairSet's packed (group, value) pairs in 64 hash partitions, inserted a buffer at a time.
import TarnCore

/// The set of pairs behind `count(DISTINCT x)` once it has outgrown the caches: `count(DISTINCT observer_id)` per
/// quality grade over 10M rows keeps 760k pairs, a 12–16 MB table in which every row was a cache miss, prefetched or
/// not.
///
/// A pair first goes to its partition's buffer, chosen by the top `partitionBits` of its hash. When a buffer fills,
/// its pairs are looked up together in that partition's own table, a 64th of the whole, in a tight loop that starts
/// loading the slot of the pair `lookahead` places on: the cache misses overlap, where row by row they came one or two
/// at a time between the rest of each row's work. The pairs found new are appended to `fresh`, for the owner to take.
/// (Query 6 at 10M rows: 15% less wall time; 512-pair buffers beat 2048 and 8192, whose memory costs page faults.)
///
/// So a pair is known to be new only some rows after it is added, and pairs come out of `fresh` in no particular
/// order: this is for aggregates that depend on neither (count, sum, min, …).
struct RadixPairSet {
  static let partitionBits = 6
  static let partitionCount = 1 << partitionBits
  /// Pairs a partition holds back: 4 KiB each, 256 KiB in all.
  static let bufferCapacity = 512
  /// How many pairs ahead a flush starts loading a pair's slot.
  static let lookahead = 16

  private var tables: [PackedSlots]
  /// `partitionCount` buffers of `bufferCapacity` words, then the fill of each.
  private let memory: ByteBuffer
  private let buffers: UnsafeMutablePointer<UInt64>
  private let fills: UnsafeMutablePointer<Int>
  /// Pairs found new and not yet taken, packed.
  private var fresh: [UInt64] = []
  /// Pairs in the tables (not those still in buffers).
  private(set) var count = 0

  /// A set holding the pairs of `set`, none of them fresh.
  init(holding set: CompactPairSet) {
    var counts = [Int](repeating: 0, count: Self.partitionCount)
    set.forEachPacked { counts[Self.partition($0)] &+= 1 }
    tables = counts.map { n in
      PackedSlots(
        capacity: PackedSlots.capacity(holding: n &+ Self.bufferCapacity, from: 1024), skippingTopHashBits: Self.partitionBits)
    }
    let bufferBytes = Self.partitionCount &* Self.bufferCapacity &* 8
    memory = ByteBuffer(capacity: bufferBytes &+ Self.partitionCount &* 8, zeroed: true, pooled: false)
    buffers = memory.pointer(UInt64.self)
    fills = (memory.base + bufferBytes).bindMemory(to: Int.self, capacity: Self.partitionCount)
    tables.withUnsafeMutableBufferPointer { tables in
      set.forEachPacked { word in _ = Self.insert(word, into: &tables[Self.partition(word)]) }
    }
    count = set.count
  }

  @inline(__always) private static func partition(_ word: UInt64) -> Int {
    Int(truncatingIfNeeded: (word &* PackedSlots.multiplier) >> UInt64(64 &- partitionBits))
  }

  /// Holds back `word` (a pair packed by `CompactPairSet.packed`); it reaches `fresh` when its buffer is flushed
  /// and it was not in the set.
  @inline(__always)
  mutating func add(_ word: UInt64) {
    let p = Self.partition(word)
    let n = fills[p]
    buffers[p &* Self.bufferCapacity &+ n] = word
    fills[p] = n &+ 1
    if n &+ 1 == Self.bufferCapacity { flush(p) }
  }

  /// Looks up every held-back pair.
  mutating func flushAll() {
    for p in 0..<Self.partitionCount where fills[p] > 0 { flush(p) }
  }

  /// Takes the fresh pairs, leaving none.
  mutating func takeFresh() -> [UInt64] {
    defer { fresh.removeAll(keepingCapacity: true) }
    return fresh
  }

  @inline(never)
  private mutating func flush(_ p: Int) {
    let n = fills[p]
    fills[p] = 0
    let words = buffers + p &* Self.bufferCapacity
    var found = 0
    tables.withUnsafeMutableBufferPointer { tables in
      tables[p].reserve(tables[p].count &+ n) { $0 }
      var table = tables[p]
      for i in 0..<n {
        if i &+ Self.lookahead < n { table.prefetch(words[i &+ Self.lookahead]) }
        if Self.insert(words[i], into: &table) {
          fresh.append(words[i])
          found &+= 1
        }
      }
      tables[p] = table
    }
    count &+= found
  }

  /// Inserts `word` into `table`; true when it was not there.
  @inline(__always)
  private static func insert(_ word: UInt64, into table: inout PackedSlots) -> Bool {
    let (found, s) = table.search(word)
    if found { return false }
    table.store(word, at: s)
    return true
  }
}
