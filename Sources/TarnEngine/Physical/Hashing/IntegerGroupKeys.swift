// IntegerGroupKeys: the group ids of a single integer GROUP BY key, in 8-byte slots for keys that fit 32 bits.

/// Maps integer key words (and the NULL key) to group ids 0, 1, 2, … in order of first appearance.
///
/// Keys from 0 to 2^32 - 2 (ids, codes, dates, years: nearly all) sit in `slots`, one 64-bit word each holding the
/// key + 1 and its id; the rest (negative or wide values, and NULL as the key (1, 0)) in an `IntegerKeyTable`, whose
/// own ids map to group ids through `wideIds`. Why: a GROUP BY over hundreds of thousands of keys (query 2 at 10M rows,
/// taxa) costs a cache miss per row in the table, and 16-byte slots made it twice the size.
struct IntegerGroupKeys {
  /// Compact keys as `(key + 1) << 32 | id`, homed by `key + 1`.
  private var slots = PackedSlots()
  private var wide = IntegerKeyTable(capacity: 16)
  private var wideIds: [UInt32] = []
  /// Group ids handed out.
  private(set) var count = 0

  @inline(__always) private static func isCompact(_ h: UInt64, _ l: UInt64) -> Bool { h == 0 && l < 0xFFFF_FFFF }

  @inline(__always) func prefetch(_ h: UInt64, _ l: UInt64) {
    if Self.isCompact(h, l) { slots.prefetch(l &+ 1) } else { wide.prefetch(h, l) }
  }

  /// The group id of key `(h, l)` (`h` below 2^32), made when new; `isNew` tells which.
  @inline(__always)
  mutating func findOrInsert(_ h: UInt64, _ l: UInt64) -> (id: Int, isNew: Bool) {
    guard Self.isCompact(h, l) else { return findOrInsertWide(h, l) }
    let tag = (l &+ 1) << 32
    let mask = slots.mask
    var s = slots.home(l &+ 1)
    while true {
      let slot = slots.base[s]
      if slot & 0xFFFF_FFFF_0000_0000 == tag { return (Int(slot & 0xFFFF_FFFF), false) }
      if slot == 0 { break }
      s = (s &+ 1) & mask
    }
    if slots.isFull {
      slots.grow(to: slots.capacity &* 2) { $0 >> 32 }
      return findOrInsert(h, l)
    }
    let id = count
    slots.store(tag | UInt64(id), at: s)
    count &+= 1
    return (id, true)
  }

  private mutating func findOrInsertWide(_ h: UInt64, _ l: UInt64) -> (id: Int, isNew: Bool) {
    let (local, isNew) = wide.findOrInsert(h, l)
    if isNew {
      wideIds.append(UInt32(truncatingIfNeeded: count))
      count &+= 1
    }
    return (Int(wideIds[local]), isNew)
  }

  /// Makes room for `keys` compact keys without growing again.
  mutating func reserve(_ keys: Int) {
    slots.reserve(keys) { $0 >> 32 }
  }
}
