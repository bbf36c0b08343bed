// IntegerKeyTable: open addressing from a 128-bit key (integer bit patterns, a group id beside a value) to dense ids.
import TarnCore

/// Maps keys of one or two 64-bit words to ids 0, 1, 2, … in insertion order, without encoding rows
/// into bytes: the group table of a single integer-like GROUP BY key, and the seen-set of
/// `count(DISTINCT x)` keyed by (group id, value bits).
///
/// Linear probing over a power-of-two slot array; a slot holds both key words and `id + 1` (0 = empty).
/// Fibonacci hashing of the mixed words spreads sequential ids (taxon ids, dates) over the slots.
/// - Complexity: O(1) expected per lookup; the table doubles at half load.
struct IntegerKeyTable {
  private var high: [UInt64]
  private var low: [UInt64]
  private var slots: [UInt32]
  private var shift: UInt64
  private(set) var count = 0

  init(capacity: Int = 1024) {
    var c = 16
    while c < capacity * 2 { c <<= 1 }
    high = [UInt64](repeating: 0, count: c)
    low = [UInt64](repeating: 0, count: c)
    slots = [UInt32](repeating: 0, count: c)
    shift = UInt64(64 - c.trailingZeroBitCount)
  }

  @inline(__always) private static func hash(_ h: UInt64, _ l: UInt64) -> UInt64 {
    ((l ^ (h &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15)
  }

  /// The id of key `(h, l)`, inserting it when new; `isNew` tells which.
  @inline(__always)
  mutating func findOrInsert(_ h: UInt64, _ l: UInt64) -> (id: Int, isNew: Bool) {
    let mask = slots.count &- 1
    var s = Int(truncatingIfNeeded: Self.hash(h, l) >> shift)
    while true {
      let entry = slots[s]
      if entry == 0 { break }
      if low[s] == l && high[s] == h { return (Int(entry) &- 1, false) }
      s = (s &+ 1) & mask
    }
    if (count &+ 1) &* 2 > slots.count {
      grow()
      return findOrInsert(h, l)
    }
    let id = count
    count &+= 1
    slots[s] = UInt32(truncatingIfNeeded: id &+ 1)
    high[s] = h
    low[s] = l
    return (id, true)
  }

  /// The id of key `(h, l)`, or nil when it was never inserted.
  @inline(__always)
  func find(_ h: UInt64, _ l: UInt64) -> Int? {
    let mask = slots.count &- 1
    var s = Int(truncatingIfNeeded: Self.hash(h, l) >> shift)
    while true {
      let entry = slots[s]
      if entry == 0 { return nil }
      if low[s] == l && high[s] == h { return Int(entry) &- 1 }
      s = (s &+ 1) & mask
    }
  }

  @inline(never)
  private mutating func grow() {
    let oldSlots = slots, oldHigh = high, oldLow = low
    let c = slots.count * 2
    high = [UInt64](repeating: 0, count: c)
    low = [UInt64](repeating: 0, count: c)
    slots = [UInt32](repeating: 0, count: c)
    shift = UInt64(64 - c.trailingZeroBitCount)
    let mask = c - 1
    for i in oldSlots.indices where oldSlots[i] != 0 {
      var s = Int(truncatingIfNeeded: Self.hash(oldHigh[i], oldLow[i]) >> shift)
      while slots[s] != 0 { s = (s &+ 1) & mask }
      slots[s] = oldSlots[i]
      high[s] = oldHigh[i]
      low[s] = oldLow[i]
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
