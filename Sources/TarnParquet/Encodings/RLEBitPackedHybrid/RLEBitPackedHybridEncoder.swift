// Encoder of the RLE/bit-packing hybrid encoding: definition and repetition levels, dictionary indices, booleans.

import TarnCore

/// Writes values in the RLE/bit-packing hybrid encoding (`RLE = 3`); see `RLEBitPackedHybridDecoder`
/// for the byte layout.
///
/// Values are looked at 8 at a time, at group boundaries: a group of 8 equal values starts an RLE run
/// that lasts as long as the value repeats; any other group joins a bit-packed run of at most 63
/// groups (so its header is one byte, written in place once the run closes). Trailing values that
/// are all equal and follow no bit-packed run become a short RLE run; otherwise the last group is
/// padded with zeros, which readers ignore because they know the value count.
///
/// Append values in any number of calls, then `finish` writes the runs; the encoder is then empty
/// and can be reused.
package struct RLEBitPackedHybridEncoder {
  /// Bits per value, 0…32.
  package let bitWidth: Int
  /// Finished runs, and the open bit-packed run's groups.
  let runs = ByteBuffer(capacity: 256)
  /// Up to 8 values not yet assigned to a run. A tuple, not an array or a `ByteBuffer`: writes to a
  /// struct's own storage need no copy-on-write or exclusivity check, which tripled encoding time.
  var group: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
  var groupCount = 0
  /// The value of the current repeat and how many times it occurred since the last group boundary
  /// (values past the eighth are counted here only).
  var repeatedValue: UInt64 = 0
  var repeatCount = 0
  /// Offset in `runs` of the open bit-packed run's header byte, or -1.
  var packedHeaderOffset = -1
  var packedGroups = 0
  /// The OR of every value appended, to check they fit the bit width.
  var allBits: UInt64 = 0

  /// Where the encoded runs are put, as the page layout needs.
  package enum Prefix {
    /// The runs alone: levels in data page v2.
    case none
    /// A 4-byte little-endian byte length first: levels in data page v1, booleans.
    case byteLength
    /// A 1-byte bit width first: dictionary indices.
    case bitWidth
  }

  /// - Precondition: `0 <= bitWidth <= 32`.
  package init(bitWidth: Int) {
    precondition(bitWidth >= 0 && bitWidth <= 32, "RLE bit width \(bitWidth) outside 0...32")
    self.bitWidth = bitWidth
  }

  /// Appends values, each of which must fit in `bitWidth` bits (checked in `finish`).
  /// - Complexity: O(values.count).
  package mutating func append<T: FixedWidthInteger & UnsignedInteger>(_ values: UnsafeBufferPointer<T>) {
    var i = 0
    let n = values.count
    while i < n {
      let value = UInt64(values[i])
      if repeatCount >= 8, value == repeatedValue {
        // Inside an RLE run: count the rest of the repeat in one scan.
        var end = i &+ 1
        while end < n, UInt64(values[end]) == value { end &+= 1 }
        let taken = min(end &- i, Int(Int32.max) &- repeatCount)
        repeatCount &+= taken
        i &+= taken
        if repeatCount == Int(Int32.max) { writeRLERun() }
        continue
      }
      append(value)
      i &+= 1
    }
  }

  /// Appends one value, which must fit in `bitWidth` bits (checked in `finish`).
  package mutating func append(_ value: UInt64) {
    allBits |= value
    if value == repeatedValue, repeatCount > 0 {
      repeatCount &+= 1
      if repeatCount > 8 {
        // Lengthens an RLE run; the spec caps runs at 2^31 - 1 values.
        if repeatCount == Int(Int32.max) { writeRLERun() }
        return
      }
    } else {
      if repeatCount >= 8 { writeRLERun() }
      repeatedValue = value
      repeatCount = 1
    }
    setGroupValue(groupCount, value)
    groupCount &+= 1
    if groupCount == 8 { closeGroup() }
  }

  /// Writes every value appended since the last `finish` to `out`, after the prefix, and empties
  /// the encoder.
  /// - Precondition: every appended value fits in `bitWidth` bits.
  package mutating func finish(into out: ByteBuffer, prefix: Prefix = .none) {
    precondition(bitWidth == 64 || allBits &>> UInt64(bitWidth) == 0, "value wider than the RLE bit width")
    if repeatCount > 0, packedGroups == 0, groupCount == 0 || repeatCount == groupCount {
      writeRLERun()
    } else if groupCount > 0 || packedGroups > 0 {
      if groupCount > 0 {
        for i in groupCount..<8 { setGroupValue(i, 0) }
        groupCount = 8
        appendGroup()
      }
      closePackedRun()
    }
    switch prefix {
    case .none: break
    case .byteLength: out.append(UInt32(truncatingIfNeeded: runs.count).littleEndian)
    case .bitWidth: out.append(UInt8(truncatingIfNeeded: bitWidth))
    }
    out.append(runs.bytes)
    runs.count = 0
    groupCount = 0
    repeatCount = 0
    allBits = 0
  }

  /// The 8th value of a group arrived: the group extends an RLE run or joins a bit-packed run.
  mutating func closeGroup() {
    if repeatCount >= 8 {
      // All 8 are the repeated value; the RLE run is written when the value changes.
      groupCount = 0
      if packedGroups > 0 { closePackedRun() }
      return
    }
    appendGroup()
    repeatCount = 0
  }

  mutating func appendGroup() {
    if packedHeaderOffset < 0 {
      packedHeaderOffset = runs.count
      runs.append(UInt8(0))
    }
    // 8 values of at most 32 bits fit 4 words; one append per group keeps buffer accesses few.
    var packed: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    let width = bitWidth
    withUnsafeBytes(of: &group) { values in
      withUnsafeMutableBytes(of: &packed) { words in
        var bit = 0
        for i in 0..<8 {
          // Safe: i < 8 values; bit / 64 + 1 <= 3 words since 8 * 32 bits is 4 words.
          let value = values.load(fromByteOffset: i &* 8, as: UInt64.self)
          let word = bit &>> 6
          let shift = UInt64(bit & 63)
          let low = words.load(fromByteOffset: word &* 8, as: UInt64.self) | value &<< shift
          words.storeBytes(of: low, toByteOffset: word &* 8, as: UInt64.self)
          if Int(shift) &+ width > 64 {
            let high = words.load(fromByteOffset: (word &+ 1) &* 8, as: UInt64.self) | value &>> (64 &- shift)
            words.storeBytes(of: high, toByteOffset: (word &+ 1) &* 8, as: UInt64.self)
          }
          bit &+= width
        }
      }
    }
    withUnsafeBytes(of: &packed) { runs.append(UnsafeRawBufferPointer(rebasing: $0[0..<width])) }
    packedGroups &+= 1
    groupCount = 0
    if packedGroups == 63 { closePackedRun() }
  }

  @inline(__always)
  mutating func setGroupValue(_ index: Int, _ value: UInt64) {
    // Safe: index < 8, inside the 64-byte tuple.
    withUnsafeMutableBytes(of: &group) { $0.storeBytes(of: value, toByteOffset: index &* 8, as: UInt64.self) }
  }

  mutating func closePackedRun() {
    guard packedHeaderOffset >= 0 else { return }
    // Safe: packedHeaderOffset < runs.count; 63 groups make a header of at most 127, one byte.
    runs.base.storeBytes(of: UInt8(packedGroups &<< 1 | 1), toByteOffset: packedHeaderOffset, as: UInt8.self)
    packedHeaderOffset = -1
    packedGroups = 0
  }

  mutating func writeRLERun() {
    VarInt.appendULEB128(UInt64(repeatCount) &<< 1, to: runs)
    var value = repeatedValue
    for _ in 0..<((bitWidth &+ 7) &>> 3) {
      runs.append(UInt8(truncatingIfNeeded: value))
      value &>>= 8
    }
    repeatCount = 0
    groupCount = 0
  }
}
