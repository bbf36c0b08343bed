// IntegerKeyTable: open addressing from a 96-bit key (integer bit patterns, a group id beside a value) to dense ids.
import CXXHash
import TarnCore

/// Maps keys of a 64-bit word and a 32-bit word (`high`, below 2^32) to ids 0, 1, 2, … in insertion order, without
/// encoding rows into bytes: the build side of a join on one integer-like key (`high` 0), and the keys that do not fit
/// the 8-byte slots of `IntegerGroupKeys` (a GROUP BY key) and `CompactPairSet` (`count(DISTINCT x)` keyed by
/// (group id, value bits)).
///
/// Linear probing over a power-of-two array of 16-byte slots; a slot holds both key words and `id + 1` (0 = empty)
/// side by side, so a lookup costs one cache miss, and `prefetch` lets a caller start that miss a few rows ahead.
/// (Slots of two full words and the id took 24 bytes: a third more memory, page faults and cache misses for the
/// tables that outgrow the caches.)
/// Fibonacci hashing of the mixed words spreads sequential ids (taxon ids, dates) over the slots.
/// - Complexity: O(1) expected per lookup; the table doubles at half load.
/// The slots are shared by copies of the table: a copy is for reading, never mutated while another is used.
struct IntegerKeyTable {
  private struct Slot {
    var low: UInt64
    var high: UInt32
    var id: UInt32
  }
  /// Owns the slot memory, all zero (empty) at first. A `ByteBuffer` (large tables on huge pages: fewer page faults,
  /// `count(DISTINCT)` of 1M rows 10% faster) that is not pooled: a table outgrown by doubling goes back to the system
  /// at once, where pooling kept every smaller table resident.
  private final class Slots {
    let memory: ByteBuffer
    let base: UnsafeMutablePointer<Slot>
    let count: Int
    init(_ count: Int) {
      self.count = count
      memory = ByteBuffer(capacity: count &* MemoryLayout<Slot>.stride, zeroed: true, pooled: false)
      base = memory.base.bindMemory(to: Slot.self, capacity: count)
    }
  }

  private var storage: Slots
  private var shift: UInt64
  private(set) var count = 0

  init(capacity: Int = 1024) {
    var c = 16
    while c < capacity * 2 { c <<= 1 }
    storage = Slots(c)
    shift = UInt64(64 - c.trailingZeroBitCount)
  }

  @inline(__always) private static func hash(_ h: UInt64, _ l: UInt64) -> UInt64 {
    ((l ^ (h &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15)
  }

  /// Starts loading the slot where key `(h, l)`'s search begins.
  @inline(__always) func prefetch(_ h: UInt64, _ l: UInt64) {
    tarn_prefetch(storage.base + Int(truncatingIfNeeded: Self.hash(h, l) >> shift))
  }

  /// The id of key `(h, l)` (`h` below 2^32), inserting it when new; `isNew` tells which.
  @inline(__always)
  mutating func findOrInsert(_ h: UInt64, _ l: UInt64) -> (id: Int, isNew: Bool) {
    assert(h >> 32 == 0, "the high key word has 32 bits")
    let high = UInt32(truncatingIfNeeded: h)
    let slots = storage.base
    let mask = storage.count &- 1
    var s = Int(truncatingIfNeeded: Self.hash(h, l) >> shift)
    while true {
      let slot = slots[s]
      if slot.id == 0 { break }
      if slot.low == l && slot.high == high { return (Int(slot.id) &- 1, false) }
      s = (s &+ 1) & mask
    }
    if (count &+ 1) &* 2 > storage.count {
      grow()
      return findOrInsert(h, l)
    }
    let id = count
    count &+= 1
    slots[s] = Slot(low: l, high: high, id: UInt32(truncatingIfNeeded: id &+ 1))
    return (id, true)
  }

  /// The id of key `(h, l)`, or nil when it was never inserted.
  @inline(__always)
  func find(_ h: UInt64, _ l: UInt64) -> Int? {
    let high = UInt32(truncatingIfNeeded: h)
    guard UInt64(high) == h else { return nil }
    let slots = storage.base
    let mask = storage.count &- 1
    var s = Int(truncatingIfNeeded: Self.hash(h, l) >> shift)
    while true {
      let slot = slots[s]
      if slot.id == 0 { return nil }
      if slot.low == l && slot.high == high { return Int(slot.id) &- 1 }
      s = (s &+ 1) & mask
    }
  }

  @inline(never)
  private mutating func grow() { rehash(into: storage.count * 2) }

  private mutating func rehash(into c: Int) {
    let old = storage
    storage = Slots(c)
    shift = UInt64(64 - c.trailingZeroBitCount)
    let slots = storage.base
    let mask = c - 1
    for i in 0..<old.count where old.base[i].id != 0 {
      let slot = old.base[i]
      var s = Int(truncatingIfNeeded: Self.hash(UInt64(slot.high), slot.low) >> shift)
      while slots[s].id != 0 { s = (s &+ 1) & mask }
      slots[s] = slot
    }
  }
}

/// Integer-like values as 64-bit key words: the raw bits, sign-extended, so equal values give equal words.
enum IntegerKeyWords {
  /// Whether `type`'s values compare equal exactly when their bits do (not floats: -0 = 0, NaNs).
  static func supports(_ type: DataType) -> Bool {
    switch type {
    case .boolean, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .date, .time, .timestamp: true
    case .decimal(let p, _): p <= 18
    default: false
    }
  }

  /// Writes row `i`'s value of flat vector `v` (a type `supports` accepts) as a word, for `count` rows.
  /// Every value of flat `v` as key words (a dictionary's entries, once per dictionary).
  static func words(of v: ColumnVector) -> [UInt64] {
    var out = [UInt64](repeating: 0, count: v.count)
    out.withUnsafeMutableBufferPointer { load(v, count: v.count, into: $0.baseAddress!) }
    return out
  }

  /// A vector of `type` (one `supports` accepts) holding `words`, the inverse of `load`.
  static func vector(_ words: [UInt64], type: DataType) -> ColumnVector {
    let width = type.fixedWidth ?? 8
    let buffer = ByteBuffer(capacity: max(words.count, 1) &* width)
    buffer.count = words.count &* width
    func narrow<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type) {
      let p = buffer.pointer(T.self)
      for i in words.indices { p[i] = T(truncatingIfNeeded: words[i]) }
    }
    switch width {
    case 1: narrow(UInt8.self)
    case 2: narrow(UInt16.self)
    case 4: narrow(UInt32.self)
    default: narrow(UInt64.self)
    }
    return ColumnVector(type: type, count: words.count, values: buffer)
  }

  static func load(_ v: ColumnVector, count n: Int, into out: UnsafeMutablePointer<UInt64>) {
    func widen<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type) {
      let p = v.values.pointer(T.self)
      for i in 0..<n { out[i] = UInt64(truncatingIfNeeded: Int64(truncatingIfNeeded: p[i])) }
    }
    switch v.type.fixedWidth {
    case 1: widen(Int8.self)
    case 2: widen(Int16.self)
    case 4: widen(Int32.self)
    default: widen(Int64.self)
    }
  }
}
