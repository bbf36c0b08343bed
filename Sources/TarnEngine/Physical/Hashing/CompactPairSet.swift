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

  /// The pair as one word, never 0: `RadixPairSet` holds the same words.
  @inline(__always) static func packed(_ group: UInt64, _ value: UInt64) -> UInt64 { (group &+ 1) << 32 | value }

  /// The group and value of a packed pair.
  @inline(__always) static func unpacked(_ word: UInt64) -> (group: UInt32, value: UInt32) {
    (UInt32(truncatingIfNeeded: word >> 32) &- 1, UInt32(truncatingIfNeeded: word))
  }

  /// Calls `body` with every pair, packed.
  func forEachPacked(_ body: (UInt64) -> Void) { slots.forEachWord(body) }

  @inline(__always) func prefetch(group: UInt64, value: UInt64) { slots.prefetch(Self.packed(group, value)) }

  /// Adds the pair; true when it was not there yet. - Precondition: `fits(group:value:)`.
  @inline(__always)
  mutating func insert(group: UInt64, value: UInt64) -> Bool {
    let key = Self.packed(group, value)
    let (found, s) = slots.search(key)
    if found { return false }
    if slots.isFull {
      slots.grow(to: slots.capacity &* 2) { $0 }
      return insert(group: group, value: value)
    }
    slots.store(key, at: s)
    return true
  }
}
