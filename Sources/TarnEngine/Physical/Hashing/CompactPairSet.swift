// CompactPairSet: a set of (group id, 32-bit value) pairs in 8-byte slots, for count(DISTINCT) over small integers.

/// Remembers pairs of a group id below 2^31 and a value below 2^32, each packed into one 64-bit slot
/// (`(group + 1) << 32 | value`; 0 = empty), by open addressing with linear probing, doubling at half load.
///
/// Why: `count(DISTINCT observer_id)` over 10M rows keeps millions of pairs, and each row costs a cache miss in the
/// set. `IntegerKeyTable`'s 16-byte slots (two key words and an id the set never reads) made that table twice this
/// size, so fewer of its lines stayed in the caches. Ids and values from 0 to 2^32 - 1 are the common case.
struct CompactPairSet {
  private var slots = PackedSlots()
  var count: Int { slots.count }

  /// Whether `(group, value)` fits: a group below 2^31 and a value below 2^32.
  @inline(__always) static func fits(group: UInt64, value: UInt64) -> Bool { (group | (value &>> 1)) >> 31 == 0 }

  @inline(__always) private static func packed(_ group: UInt64, _ value: UInt64) -> UInt64 { (group &+ 1) << 32 | value }

  @inline(__always) func prefetch(group: UInt64, value: UInt64) { slots.prefetch(Self.packed(group, value)) }

  /// Adds the pair; true when it was not there yet. - Precondition: `fits(group:value:)`.
  @inline(__always)
  mutating func insert(group: UInt64, value: UInt64) -> Bool {
    let key = Self.packed(group, value)
    let mask = slots.mask
    var s = slots.home(key)
    while true {
      let slot = slots.base[s]
      if slot == key { return false }
      if slot == 0 { break }
      s = (s &+ 1) & mask
    }
    if slots.isFull {
      slots.grow(to: slots.capacity &* 2) { $0 }
      return insert(group: group, value: value)
    }
    slots.store(key, at: s)
    return true
  }
}
