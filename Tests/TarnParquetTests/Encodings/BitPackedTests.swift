// Deprecated BIT_PACKED levels: the spec example, every bit width against a reference packer, and hostile input.

import Testing
@testable import TarnParquet

/// Packs values MSB first, one bit at a time: the reference the decoder is checked against.
func msbPack(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
  var bytes = [UInt8](repeating: 0, count: (values.count * bitWidth + 7) / 8)
  var bit = 0
  for value in values {
    for b in stride(from: bitWidth - 1, through: 0, by: -1) {
      if (value >> b) & 1 == 1 { bytes[bit / 8] |= 0x80 >> (bit % 8) }
      bit += 1
    }
  }
  return bytes
}

@Suite struct BitPackedTests {
  @Test func specExample() throws {
    // Encodings.md: 0..7 at bit width 3 -> 00000101 00111001 01110111.
    let bytes: [UInt8] = [0b0000_0101, 0b0011_1001, 0b0111_0111]
    #expect(msbPack(Array(0...7), bitWidth: 3) == bytes)
    try bytes.withUnsafeBytes { raw in
      var decoder = try BitPackedDecoder(raw, bitWidth: 3)
      var out = [UInt16](repeating: 0, count: 8)
      try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 8) }
      #expect(out == [0, 1, 2, 3, 4, 5, 6, 7])
      #expect(parquetErrorReason { try decoder.skip(1) }?.isTruncated == true)
    }
    #expect(BitPackedDecoder.byteCount(valueCount: 8, bitWidth: 3) == 3)
    #expect(BitPackedDecoder.byteCount(valueCount: 30, bitWidth: 2) == 8)
  }

  @Test(arguments: 0...32)
  func everyBitWidth(bitWidth: Int) throws {
    var rng = makeRandom("everyBitWidth(\(bitWidth))")
    let maxValue = bitWidth == 0 ? 0 : UInt32(truncatingIfNeeded: (UInt64(1) << bitWidth) - 1)
    for count in [0, 1, 7, 8, 9, 100, 1025] {
      let values = (0..<count).map { i in i % 5 == 0 ? maxValue : UInt32.random(in: 0...maxValue, using: &rng) }
      let bytes = msbPack(values, bitWidth: bitWidth)
      #expect(bytes.count == BitPackedDecoder.byteCount(valueCount: count, bitWidth: bitWidth))
      try bytes.withUnsafeBytes { raw in
        var decoder = try BitPackedDecoder(raw, bitWidth: bitWidth)
        var index = 0
        for n in randomChunks(count, maxChunk: 40, using: &rng) {
          if Bool.random(using: &rng) {
            try decoder.skip(n)
          } else {
            var out = [UInt32](repeating: 0, count: n)
            try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: n) }
            #expect(out == Array(values[index..<index + n]), "bit width \(bitWidth), values from \(index)")
          }
          index += n
        }
      }
    }
  }

  @Test func rejectsBadWidthsAndShortInput() {
    [UInt8](repeating: 0xFF, count: 4).withUnsafeBytes { raw in
      #expect(parquetErrorReason { _ = try BitPackedDecoder(raw, bitWidth: 33) }?.isCorrupt == true)
      #expect(parquetErrorReason { _ = try BitPackedDecoder(raw, bitWidth: -1) }?.isCorrupt == true)
      var out = [UInt32](repeating: 0, count: 100)
      #expect(parquetErrorReason {
        var decoder = try BitPackedDecoder(raw, bitWidth: 5)
        try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 7) }
      }?.isTruncated == true)
      #expect(parquetErrorReason {
        var decoder = try BitPackedDecoder(raw, bitWidth: 5)
        try decoder.skip(Int.max)
      }?.isTruncated == true)
    }
  }
}
