// LSB-first bit unpacking (RLE runs, DELTA_BINARY_PACKED miniblocks): every width and start against a bit-by-bit reader.

import Testing
@testable import TarnParquet

/// Value `k` of width `width` read one bit at a time: the reference the unpacker is checked against.
private func referenceValue(_ bytes: [UInt8], _ k: Int, width: Int) -> UInt64 {
  var value: UInt64 = 0
  for b in 0..<width {
    let bit = k * width + b
    if (bytes[bit / 8] >> UInt8(bit % 8)) & 1 == 1 { value |= 1 << UInt64(b) }
  }
  return value
}

@Suite struct BitUnpackingTests {
  @Test func everyWidthStartAndCountMatchesABitByBitReader() {
    var rng = makeRandom()
    let bytes = (0..<1_200).map { _ in UInt8.random(in: 0...255, using: &rng) }
    for width in 1...64 {
      // Starts inside and on group boundaries (groups of 8 values are unpacked from one load), counts below, at and
      // past a group, and inputs that end exactly at the last value (the byte-by-byte tail) or run on.
      for first in [0, 1, 5, 8, 13, 16] {
        for count in [0, 1, 7, 8, 9, 15, 64, 100] {
          let needed = ((first + count) * width + 7) / 8
          for byteCount in [needed, needed + 8] {
            var out = [UInt64](repeating: 0xDEAD, count: count)
            bytes.withUnsafeBytes { raw in
              out.withUnsafeMutableBufferPointer {
                BitUnpacking.unpack(
                  raw.baseAddress!, byteCount: byteCount, first: first, count: count, bitWidth: width,
                  into: $0.baseAddress!)
              }
            }
            let expected = (0..<count).map { referenceValue(bytes, first + $0, width: width) }
            #expect(out == expected, "width \(width), first \(first), count \(count), \(byteCount) bytes")
          }
        }
      }
    }
  }

  @Test func narrowerOutputsKeepTheLowBits() {
    // Dictionary indices unpack into UInt32 and levels into UInt8: same values, truncated to the output type.
    let bytes: [UInt8] = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    for width in [2, 5, 8] {
      var wide = [UInt32](repeating: 0, count: 40)
      var narrow = [UInt8](repeating: 0, count: 40)
      bytes.withUnsafeBytes { raw in
        wide.withUnsafeMutableBufferPointer {
          BitUnpacking.unpack(raw.baseAddress!, byteCount: 64, first: 3, count: 40, bitWidth: width, into: $0.baseAddress!)
        }
        narrow.withUnsafeMutableBufferPointer {
          BitUnpacking.unpack(raw.baseAddress!, byteCount: 64, first: 3, count: 40, bitWidth: width, into: $0.baseAddress!)
        }
      }
      #expect(wide == (0..<40).map { UInt32(referenceValue(bytes, 3 + $0, width: width)) })
      #expect(narrow.map(UInt32.init) == wide)
    }
  }
}
