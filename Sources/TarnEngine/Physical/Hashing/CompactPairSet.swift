// CompactPairSet: a set of (group id, 32-bit value) pairs in 8-byte slots, for count(DISTINCT) over small integers.
import CXXHash
import TarnCore

/// Remembers pairs of a group id below 2^31 and a value below 2^32, each packed into one 64-bit slot
/// (`(group + 1) << 32 | value`; 0 = empty), by open addressing with linear probing, doubling at half load.
///
/// Why: `count(DISTINCT observer_id)` over 10M rows keeps millions of pairs, and each row costs a cache miss in the
/// set. `IntegerKeyTable`'s 16-byte slots (two key words and an id the set never reads) made that table twice this
/// size, so fewer of its lines stayed in the caches. Ids and values from 0 to 2^32 - 1 are the common case.
struct CompactPairSet {
  private var memory: ByteBuffer
  private var slots: UnsafeMutablePointer<UInt64>
  private var capacity: Int
  private var shift: UInt64
  private(set) var count = 0

  init() {
    capacity = 1 << 10
    memory = ByteBuffer(capacity: capacity &* 8, zeroed: true, pooled: false)
    slots = memory.pointer(UInt64.self)
    shift = UInt64(64 &- capacity.trailingZeroBitCount)
  }

  /// Whether `(group, value)` fits: a group below 2^31 and a value below 2^32.
  @inline(__always) static func fits(group: UInt64, value: UInt64) -> Bool { (group | (value &>> 1)) >> 31 == 0 }

  @inline(__always) private static func packed(_ group: UInt64, _ value: UInt64) -> UInt64 { (group &+ 1) << 32 | value }

  @inline(__always) private func home(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  @inline(__always) func prefetch(group: UInt64, value: UInt64) {
    tarn_prefetch(slots + home(Self.packed(group, value)))
  }

  /// Adds the pair; true when it was not there yet. - Precondition: `fits(group:value:)`.
  @inline(__always)
  mutating func insert(group: UInt64, value: UInt64) -> Bool {
    let key = Self.packed(group, value)
    let mask = capacity &- 1
    var s = home(key)
    while true {
      let slot = slots[s]
      if slot == key { return false }
      if slot == 0 { break }
      s = (s &+ 1) & mask
    }
    if (count &+ 1) &* 2 > capacity {
      grow()
      return insert(group: group, value: value)
    }
    slots[s] = key
    count &+= 1
    return true
  }

  @inline(never)
  private mutating func grow() {
    let old = (memory, slots, capacity)
    capacity &*= 2
    memory = ByteBuffer(capacity: capacity &* 8, zeroed: true, pooled: false)
    slots = memory.pointer(UInt64.self)
    shift = UInt64(64 &- capacity.trailingZeroBitCount)
    let mask = capacity &- 1
    for i in 0..<old.2 where old.1[i] != 0 {
      var s = home(old.1[i])
      while slots[s] != 0 { s = (s &+ 1) & mask }
      slots[s] = old.1[i]
    }
    _ = old.0
  }
}
