// Builds a column chunk's dictionary: distinct physical values in first-seen order, and each value's index.
import CXXHash
import TarnCore

/// An open-addressing hash table over the distinct values seen so far.
///
/// Slots hold `entry + 1` (0 = empty); the table doubles at half full. Fixed-width values of 4 and 8 bytes are
/// hashed by a multiply-xorshift of their bits; other widths and byte arrays by XXH3.
/// - Complexity: amortized O(1) per value.
struct DictionaryBuilder: @unchecked Sendable {
  private(set) var entries: DenseValues
  private var hashes: ByteBuffer
  private var table: ByteBuffer
  private var mask: Int
  /// Size of the dictionary page's PLAIN values.
  private(set) var plainSize = 0

  init(width: Int) {
    entries = DenseValues(width: width, capacity: 1024)
    hashes = ByteBuffer(capacity: 1024 * 8)
    mask = 4095
    table = ByteBuffer(capacity: 4096 * 4, zeroed: true)
    table.count = 4096 * 4
  }

  var count: Int { entries.count }

  @inline(__always) private static func mix(_ x: UInt64) -> UInt64 {
    var h = x &* 0x9E37_79B9_7F4A_7C15
    h ^= h &>> 29
    h = h &* 0xBF58_476D_1CE4_E5B9
    return h ^ (h &>> 32)
  }

  @inline(__always) private static func hashBytes(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
    UInt64(XXH_INLINE_XXH3_64bits(p, n))
  }

  /// Maps values `range` of `values` to dictionary indices, appended to `indices` as UInt32.
  /// Stops early, returning the index of the first value not mapped, once the dictionary's PLAIN size passes `limit`.
  mutating func insert(_ values: DenseValues, _ range: Range<Int>, into indices: ByteBuffer, limit: Int) -> Int {
    indices.reserve(additional: range.count &* 4)
    switch values.width {
    case 4: return insertWord(values, range, indices, limit, as: UInt32.self)
    case 8: return insertWord(values, range, indices, limit, as: UInt64.self)
    default: return insertBytes(values, range, indices, limit)
    }
  }

  private mutating func insertWord<T: FixedWidthInteger & BitwiseCopyable>(
    _ values: DenseValues, _ range: Range<Int>, _ indices: ByteBuffer, _ limit: Int, as _: T.Type
  ) -> Int {
    let src = values.values.pointer(T.self)
    var out = indices.pointer(UInt32.self) + indices.count / 4
    var i = range.lowerBound
    while i < range.upperBound {
      if entries.count &* 2 >= mask { grow() }
      let value = src[i]
      let hash = Self.mix(UInt64(truncatingIfNeeded: value))
      let slots = table.pointer(UInt32.self)
      let known = entries.values.pointer(T.self)
      var slot = Int(truncatingIfNeeded: hash) & mask
      var index: UInt32
      while true {
        let s = slots[slot]
        if s == 0 {
          if plainSize >= limit { indices.count = (out - indices.pointer(UInt32.self)) &* 4; return i }
          index = UInt32(truncatingIfNeeded: entries.count)
          slots[slot] = index &+ 1
          entries.values.append(value)
          entries.count &+= 1
          hashes.append(hash)
          plainSize &+= MemoryLayout<T>.size
          break
        }
        if known[Int(s &- 1)] == value { index = s &- 1; break }
        slot = (slot &+ 1) & mask
      }
      out.pointee = index
      out += 1
      i &+= 1
    }
    indices.count = (out - indices.pointer(UInt32.self)) &* 4
    return i
  }

  private mutating func insertBytes(_ values: DenseValues, _ range: Range<Int>, _ indices: ByteBuffer, _ limit: Int) -> Int {
    var i = range.lowerBound
    var written = indices.count / 4
    while i < range.upperBound {
      if entries.count &* 2 >= mask { grow() }
      let value = values.bytes(i)
      let base = value.baseAddress ?? UnsafeRawPointer(values.values.base)
      let hash = Self.hashBytes(base, value.count)
      let slots = table.pointer(UInt32.self)
      var slot = Int(truncatingIfNeeded: hash) & mask
      var index: UInt32
      while true {
        let s = slots[slot]
        if s == 0 {
          if plainSize >= limit { indices.count = written &* 4; return i }
          index = UInt32(truncatingIfNeeded: entries.count)
          slots[slot] = index &+ 1
          entries.append(from: values, i)
          hashes.append(hash)
          plainSize &+= value.count &+ (values.width == 0 ? 4 : 0)
          break
        }
        let entry = Int(s &- 1)
        if hashes.pointer(UInt64.self)[entry] == hash {
          let known = entries.bytes(entry)
          if known.count == value.count, value.count == 0 || memcmp(known.baseAddress!, base, value.count) == 0 {
            index = s &- 1
            break
          }
        }
        slot = (slot &+ 1) & mask
      }
      indices.pointer(UInt32.self)[written] = index
      written &+= 1
      i &+= 1
    }
    indices.count = written &* 4
    return i
  }

  @inline(never)
  private mutating func grow() {
    let newMask = (mask &+ 1) &* 2 &- 1
    let fresh = ByteBuffer(capacity: (newMask &+ 1) &* 4, zeroed: true)
    fresh.count = (newMask &+ 1) &* 4
    let slots = fresh.pointer(UInt32.self)
    let h = hashes.pointer(UInt64.self)
    for entry in 0..<entries.count {
      var slot = Int(truncatingIfNeeded: h[entry]) & newMask
      while slots[slot] != 0 { slot = (slot &+ 1) & newMask }
      slots[slot] = UInt32(truncatingIfNeeded: entry &+ 1)
    }
    table = fresh
    mask = newMask
  }
}

#if canImport(Glibc)
import Glibc
#endif
