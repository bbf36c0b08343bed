// Unpacking and packing of fixed-width integers stored LSB first, shared by RLE and DELTA_BINARY_PACKED.

import TarnCore

/// Bit-packed integers in the order of the RLE/bit-packing hybrid: value `k` of width `w` occupies
/// bits `k*w ..< (k+1)*w` of the byte string read as one little-endian number.
enum BitUnpacking {
  /// Unpacks values `first ..< first + count` of width `bitWidth` into `out[0 ..< count]`, truncated to `T`.
  ///
  /// Values whose 8-byte load window lies inside `byteCount` take a loop that loads one unaligned
  /// word per value; the last few near the end of the input take a byte-by-byte path. Dispatching
  /// on the bit width once lets the compiler specialize each loop with constant shifts and masks.
  /// - Precondition: `0 <= bitWidth <= 64`, `first, count >= 0`, and the values' bits lie inside the
  ///   `byteCount` readable bytes at `base`: `(first + count) * bitWidth <= byteCount * 8`.
  /// - Complexity: O(count).
  @inline(__always)
  static func unpack<T: FixedWidthInteger>(
    _ base: UnsafeRawPointer, byteCount: Int, first: Int, count: Int, bitWidth: Int,
    into out: UnsafeMutablePointer<T>
  ) {
    switch bitWidth {
    case 0: out.initialize(repeating: 0, count: count)
    case 1: unpack(base, byteCount, first, count, out, width: 1)
    case 2: unpack(base, byteCount, first, count, out, width: 2)
    case 3: unpack(base, byteCount, first, count, out, width: 3)
    case 4: unpack(base, byteCount, first, count, out, width: 4)
    case 5: unpack(base, byteCount, first, count, out, width: 5)
    case 6: unpack(base, byteCount, first, count, out, width: 6)
    case 7: unpack(base, byteCount, first, count, out, width: 7)
    case 8: unpack(base, byteCount, first, count, out, width: 8)
    case 9: unpack(base, byteCount, first, count, out, width: 9)
    case 10: unpack(base, byteCount, first, count, out, width: 10)
    case 11: unpack(base, byteCount, first, count, out, width: 11)
    case 12: unpack(base, byteCount, first, count, out, width: 12)
    case 13: unpack(base, byteCount, first, count, out, width: 13)
    case 14: unpack(base, byteCount, first, count, out, width: 14)
    case 15: unpack(base, byteCount, first, count, out, width: 15)
    case 16: unpack(base, byteCount, first, count, out, width: 16)
    case 17: unpack(base, byteCount, first, count, out, width: 17)
    case 18: unpack(base, byteCount, first, count, out, width: 18)
    case 19: unpack(base, byteCount, first, count, out, width: 19)
    case 20: unpack(base, byteCount, first, count, out, width: 20)
    case 21: unpack(base, byteCount, first, count, out, width: 21)
    case 22: unpack(base, byteCount, first, count, out, width: 22)
    case 23: unpack(base, byteCount, first, count, out, width: 23)
    case 24: unpack(base, byteCount, first, count, out, width: 24)
    case 25: unpack(base, byteCount, first, count, out, width: 25)
    case 26: unpack(base, byteCount, first, count, out, width: 26)
    case 27: unpack(base, byteCount, first, count, out, width: 27)
    case 28: unpack(base, byteCount, first, count, out, width: 28)
    case 29: unpack(base, byteCount, first, count, out, width: 29)
    case 30: unpack(base, byteCount, first, count, out, width: 30)
    case 31: unpack(base, byteCount, first, count, out, width: 31)
    case 32: unpack(base, byteCount, first, count, out, width: 32)
    default: unpackWide(base, byteCount, first, count, bitWidth, out)
    }
  }

  /// Widths 33…64 occur only in DELTA_BINARY_PACKED Int64 data with huge deltas, so they share one
  /// loop with a variable width instead of 32 more specializations.
  @inline(never)
  static func unpackWide<T: FixedWidthInteger>(
    _ base: UnsafeRawPointer, _ byteCount: Int, _ first: Int, _ count: Int, _ width: Int,
    _ out: UnsafeMutablePointer<T>
  ) {
    unpack(base, byteCount, first, count, out, width: width)
  }

  @inline(__always)
  static func unpack<T: FixedWidthInteger>(
    _ base: UnsafeRawPointer, _ byteCount: Int, _ first: Int, _ count: Int,
    _ out: UnsafeMutablePointer<T>, width: Int
  ) {
    let mask: UInt64 = width >= 64 ? ~0 : (1 &<< UInt64(width)) &- 1
    // A value starting at bit offset b loads 8 bytes from b / 8, and a ninth when b % 8 + width > 64.
    let window = width > 56 ? 9 : 8
    var fastCount = 0
    if byteCount >= window {
      let lastFastBit = (byteCount &- window) &* 8 &+ 7
      fastCount = min(count, max(0, lastFastBit / width &- first &+ 1))
    }
    let grouped = width <= 8 ? unpackGroups(base, first, fastCount, out, width: width) : 0
    var bit = (first &+ grouped) &* width
    for i in grouped..<fastCount {
      let byte = bit &>> 3
      let shift = UInt64(bit & 7)
      // Safe: bit / 8 + window <= byteCount for every value below fastCount.
      var word = base.loadUnaligned(fromByteOffset: byte, as: UInt64.self) &>> shift
      if width > 56 {
        let high = UInt64(base.load(fromByteOffset: byte &+ 8, as: UInt8.self))
        word |= (high &<< 1) &<< (63 &- shift)  // two shifts, so shift == 0 adds nothing
      }
      out[i] = T(truncatingIfNeeded: word & mask)
      bit &+= width
    }
    for i in fastCount..<count {
      out[i] = T(truncatingIfNeeded: loadByBytes(base, byteCount, bitOffset: bit, width: width))
      bit &+= width
    }
  }

  /// Unpacks values `first ..< first + n` of a width up to 8 into `out`, as far as whole groups of 8 values reach
  /// (`width` bytes, byte-aligned), each from one 8-byte load with constant shifts: 1.5-2x faster than a load per
  /// value on the narrow widths of dictionary indices and levels. Returns how many it wrote.
  /// - Precondition: the 8-byte load window of every value below `n` lies inside the input.
  @inline(__always)
  static func unpackGroups<T: FixedWidthInteger>(
    _ base: UnsafeRawPointer, _ first: Int, _ n: Int, _ out: UnsafeMutablePointer<T>, width: Int
  ) -> Int {
    let mask: UInt64 = (1 &<< UInt64(width)) &- 1
    let lead = min(n, (8 &- (first & 7)) & 7)
    var i = lead
    var bit = (first &+ lead) &* width
    while i &+ 8 <= n {
      // Safe: the group's last value is below n, so the load window of its first lies inside the input.
      let word = base.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self)
      for j in 0..<8 { out[i &+ j] = T(truncatingIfNeeded: (word &>> UInt64(j &* width)) & mask) }
      bit &+= 8 &* width
      i &+= 8
    }
    guard i > lead else { return 0 }
    // The values before the first group: one load each.
    bit = first &* width
    for k in 0..<lead {
      out[k] = T(truncatingIfNeeded: (base.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self) &>> UInt64(bit & 7)) & mask)
      bit &+= width
    }
    return i
  }

  /// One value read byte by byte, never past `byteCount`; for the few values at the end of an input.
  @inline(never)
  static func loadByBytes(_ base: UnsafeRawPointer, _ byteCount: Int, bitOffset: Int, width: Int) -> UInt64 {
    let first = bitOffset &>> 3
    let shift = bitOffset & 7
    let last = min(byteCount, first &+ (shift &+ width &+ 7) &>> 3)
    var accumulator: UInt128 = 0
    var byte = first
    while byte < last {
      // Safe: byte < last <= byteCount.
      accumulator |= UInt128(base.load(fromByteOffset: byte, as: UInt8.self)) &<< UInt128((byte &- first) &* 8)
      byte &+= 1
    }
    let mask: UInt64 = width >= 64 ? ~0 : (1 &<< UInt64(width)) &- 1
    return UInt64(truncatingIfNeeded: accumulator &>> UInt128(shift)) & mask
  }

  /// Appends `count` values of width `bitWidth`, LSB first: `ceil(count * bitWidth / 8)` bytes.
  ///
  /// Only the low `bitWidth` bits of each value are written.
  /// - Precondition: `0 <= bitWidth <= 64`.
  static func pack<T: FixedWidthInteger>(
    _ values: UnsafePointer<T>, count: Int, bitWidth width: Int, into out: ByteBuffer
  ) {
    guard width > 0, count > 0 else { return }
    let byteCount = (count &* width &+ 7) &>> 3
    out.reserve(additional: byteCount &+ 8)
    // Safe: reserve made room for byteCount + 8 bytes past out.count; whole words are stored
    // while at least 8 bytes are left, then the tail byte by byte.
    let dst = out.base + out.count
    let mask: UInt64 = width >= 64 ? ~0 : (1 &<< UInt64(width)) &- 1
    var accumulator: UInt64 = 0
    var bits = 0
    var written = 0
    for i in 0..<count {
      let v = UInt64(truncatingIfNeeded: values[i]) & mask
      accumulator |= v &<< UInt64(bits)
      bits &+= width
      if bits >= 64 {
        dst.storeBytes(of: accumulator.littleEndian, toByteOffset: written, as: UInt64.self)
        written &+= 8
        bits &-= 64
        // The high `bits` bits of v did not fit in the stored word.
        accumulator = bits == 0 ? 0 : v &>> UInt64(width &- bits)
      }
    }
    while written < byteCount {
      dst.storeBytes(of: UInt8(truncatingIfNeeded: accumulator), toByteOffset: written, as: UInt8.self)
      accumulator &>>= 8
      written &+= 1
    }
    out.count &+= byteCount
  }

  /// Bits needed to store `value`: 0 for 0, else the position of its highest set bit plus one.
  @inline(__always)
  static func bitWidth(of value: UInt64) -> Int {
    64 &- value.leadingZeroBitCount
  }
}
