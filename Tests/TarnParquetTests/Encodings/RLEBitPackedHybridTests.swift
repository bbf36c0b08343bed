// RLE/bit-packing hybrid: spec examples, round trips at every bit width, the prefixed forms, and hostile input.

import Testing
import TarnCore
@testable import TarnParquet

/// Encodes `values` fed in `parts` chunks.
func rleEncode(_ values: [UInt32], bitWidth: Int, parts: Int = 3, prefix: RLEBitPackedHybridEncoder.Prefix = .none) -> [UInt8] {
  var encoder = RLEBitPackedHybridEncoder(bitWidth: bitWidth)
  var start = 0
  for n in evenChunks(values.count, parts: parts) {
    values[start..<start + n].withUnsafeBufferPointer { encoder.append($0) }
    start += n
  }
  let out = ByteBuffer(capacity: 16)
  encoder.finish(into: out, prefix: prefix)
  return out.array
}

/// Decodes `count` values as `T`, in random chunks mixed with skips; returns the values not skipped
/// and their indices.
func rleDecodeInChunks<T: FixedWidthInteger & UnsignedInteger>(
  _ decoder: inout RLEBitPackedHybridDecoder, count: Int, as _: T.Type, using rng: inout SeededGenerator
) throws -> [(index: Int, value: T)] {
  var result: [(Int, T)] = []
  var index = 0
  for n in randomChunks(count, using: &rng) {
    if Int.random(in: 0..<4, using: &rng) == 0 {
      try decoder.skip(n)
    } else {
      var out = [T](repeating: 0, count: n)
      try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: n) }
      for (i, v) in out.enumerated() { result.append((index + i, v)) }
    }
    index += n
  }
  return result
}

/// Values with runs, a mix of run lengths around the group size, and random stretches.
func rleTestValues(count: Int, bitWidth: Int, using rng: inout SeededGenerator) -> [UInt32] {
  let maxValue: UInt32 = bitWidth == 0 ? 0 : UInt32(truncatingIfNeeded: (UInt64(1) << bitWidth) - 1)
  var values: [UInt32] = []
  while values.count < count {
    let value = UInt32.random(in: 0...maxValue, using: &rng)
    switch Int.random(in: 0..<4, using: &rng) {
    case 0: values += Array(repeating: value, count: Int.random(in: 1...40, using: &rng))
    case 1: values += Array(repeating: [0, maxValue, value].randomElement(using: &rng)!, count: Int.random(in: 6...10, using: &rng))
    default: values += (0..<Int.random(in: 1...30, using: &rng)).map { _ in UInt32.random(in: 0...maxValue, using: &rng) }
    }
  }
  return Array(values.prefix(count))
}

@Suite struct RLEBitPackedHybridTests {
  @Test func specBitPackedExample() throws {
    // Encodings.md: 0..7 at bit width 3 pack to 10001000 11000110 11111010; header 1 group: (1 << 1) | 1.
    let bytes: [UInt8] = [0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010]
    var out = [UInt16](repeating: 9, count: 8)
    try bytes.withUnsafeBytes { raw in
      var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: 3)
      try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 8) }
    }
    #expect(out == [0, 1, 2, 3, 4, 5, 6, 7])
    #expect(rleEncode(Array(0...7), bitWidth: 3) == bytes)
  }

  @Test func rleRunExample() throws {
    // 300 copies of 0x1234 at bit width 13: header uleb128(300 << 1) = AC 04, value in 2 bytes.
    let bytes: [UInt8] = [0xD8, 0x04, 0x34, 0x12]
    var out = [UInt32](repeating: 0, count: 300)
    try bytes.withUnsafeBytes { raw in
      var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: 13)
      try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 300) }
      #expect(throws: ParquetError.self) { try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 1) } }
    }
    #expect(out == Array(repeating: 0x1234, count: 300))
    #expect(rleEncode(Array(repeating: 0x1234, count: 300), bitWidth: 13) == bytes)
  }

  @Test(arguments: 0...32)
  func roundTripEveryBitWidth(bitWidth: Int) throws {
    var rng = makeRandom("roundTripEveryBitWidth(\(bitWidth))")
    for count in [0, 1, 2, 7, 8, 9, 63, 64, 65, 127, 128, 129, 504, 505, 1023, 1024, 1025, 5000] {
      let values = rleTestValues(count: count, bitWidth: bitWidth, using: &rng)
      let encoded = rleEncode(values, bitWidth: bitWidth, parts: Int.random(in: 1...5, using: &rng))
      try encoded.withUnsafeBytes { raw in
        var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: bitWidth)
        let decoded = try rleDecodeInChunks(&decoder, count: count, as: UInt32.self, using: &rng)
        for (index, value) in decoded where value != values[index] {
          Issue.record("bit width \(bitWidth), count \(count): value \(index) is \(value), expected \(values[index])")
          return
        }
        #expect(throws: ParquetError.self) { try decoder.skip(8) }
      }
      if bitWidth <= 16 {
        try encoded.withUnsafeBytes { raw in
          var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: bitWidth)
          var out = [UInt16](repeating: 0, count: count)
          try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: count) }
          #expect(out.map(UInt32.init) == values)
        }
      }
      if bitWidth <= 8 {
        try encoded.withUnsafeBytes { raw in
          var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: bitWidth)
          var out = [UInt8](repeating: 0, count: count)
          try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: count) }
          #expect(out.map(UInt32.init) == values)
        }
      }
    }
  }

  @Test func minAndMaxOfEachWidth() throws {
    for bitWidth in 1...32 {
      let maxValue = UInt32(truncatingIfNeeded: (UInt64(1) << bitWidth) - 1)
      let values: [UInt32] = [maxValue, 0, maxValue, maxValue, 0, 0, 1, maxValue, maxValue]
        + Array(repeating: maxValue, count: 20) + [0]
      try rleEncode(values, bitWidth: bitWidth).withUnsafeBytes { raw in
        var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: bitWidth)
        var out = [UInt32](repeating: 0, count: values.count)
        try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: values.count) }
        #expect(out == values, "bit width \(bitWidth)")
      }
    }
  }

  @Test func encoderUsesRLERunsForRepeats() {
    // 10,000 equal values take one run: a 3-byte header and 1 value byte.
    #expect(rleEncode(Array(repeating: 5, count: 10_000), bitWidth: 3).count == 4)
    // A short tail of equal values after nothing else is still one RLE run.
    #expect(rleEncode([1, 1, 1], bitWidth: 1) == [0x06, 0x01])
    // Groups of distinct values bit-pack; 8 values of width 1 take a header and one byte.
    #expect(rleEncode([1, 0, 1, 0, 1, 0, 1, 0], bitWidth: 1) == [0x03, 0x55])
    // Empty input encodes to nothing.
    #expect(rleEncode([], bitWidth: 5).isEmpty)
  }

  @Test func longBitPackedStretchesSplitIntoRunsOf63Groups() throws {
    var rng = makeRandom()
    let values = (0..<2000).map { UInt32($0 % 7 == 0 ? 0 : $0 & 0xff) ^ UInt32.random(in: 0...1, using: &rng) }
    let encoded = rleEncode(values, bitWidth: 8)
    #expect(encoded.first == UInt8(127))  // 63 groups: (63 << 1) | 1
    try encoded.withUnsafeBytes { raw in
      var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: 8)
      var out = [UInt32](repeating: 0, count: values.count)
      try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: values.count) }
      #expect(out == values)
    }
  }

  @Test func booleansAsBytes() throws {
    var rng = makeRandom()
    let flags = (0..<1000).map { i in UInt32(i % 100 < 50 ? 1 : UInt32.random(in: 0...1, using: &rng)) }
    let encoded = rleEncode(flags, bitWidth: 1, prefix: .byteLength)
    try encoded.withUnsafeBytes { raw in
      var (decoder, byteCount) = try RLEBitPackedHybridDecoder.lengthPrefixed(raw, bitWidth: 1)
      #expect(byteCount == encoded.count)
      var out = [UInt8](repeating: 7, count: flags.count)
      try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: flags.count) }
      #expect(out.map(UInt32.init) == flags)
    }
  }

  @Test func lengthPrefixedLevelsReportTheirSize() throws {
    // Data page v1: definition levels, then the values; the length says where the values start.
    let levels: [UInt32] = [1, 1, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0]
    let bitWidth = RLEBitPackedHybridDecoder.bitWidth(forMaxValue: 2)
    #expect(bitWidth == 2)
    var page = rleEncode(levels, bitWidth: bitWidth, prefix: .byteLength)
    let levelBytes = page.count
    page += [0xAA, 0xBB]
    try page.withUnsafeBytes { raw in
      var (decoder, byteCount) = try RLEBitPackedHybridDecoder.lengthPrefixed(raw, bitWidth: bitWidth)
      #expect(byteCount == levelBytes)
      var out = [UInt16](repeating: 0, count: levels.count)
      try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: levels.count) }
      #expect(out.map(UInt32.init) == levels)
    }
    // Data page v2: no prefix; the page header gives the byte length.
    let v2 = rleEncode(levels, bitWidth: bitWidth)
    #expect(v2.count == levelBytes - 4)
    #expect(Array(page[4..<levelBytes]) == v2)
    try (v2 + [0xAA, 0xBB]).withUnsafeBytes { raw in
      var decoder = try RLEBitPackedHybridDecoder.withByteLength(raw, byteLength: v2.count, bitWidth: bitWidth)
      var out = [UInt16](repeating: 0, count: levels.count)
      try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: levels.count) }
      #expect(out.map(UInt32.init) == levels)
      #expect(parquetErrorReason { _ = try RLEBitPackedHybridDecoder.withByteLength(raw, byteLength: raw.count + 1, bitWidth: 2) }?.isTruncated == true)
      #expect(parquetErrorReason { _ = try RLEBitPackedHybridDecoder.withByteLength(raw, byteLength: -1, bitWidth: 2) }?.isCorrupt == true)
    }
  }

  @Test func lengthPrefixOverTheInputThrows() {
    let bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0x7F, 0x02, 0x01]
    bytes.withUnsafeBytes { raw in
      #expect(parquetErrorReason { _ = try RLEBitPackedHybridDecoder.lengthPrefixed(raw, bitWidth: 1) }?.isTruncated == true)
      #expect(parquetErrorReason { _ = try RLEBitPackedHybridDecoder.lengthPrefixed(UnsafeRawBufferPointer(rebasing: raw[0..<3]), bitWidth: 1) }?.isTruncated == true)
    }
  }

  @Test func dictionaryIndices() throws {
    var rng = makeRandom()
    let dictionaryCount = 1000
    let indices = (0..<3000).map { i in UInt32(i < 1000 ? 17 : Int.random(in: 0..<dictionaryCount, using: &rng)) }
    let bitWidth = RLEBitPackedHybridDecoder.bitWidth(forMaxValue: dictionaryCount - 1)
    let encoded = rleEncode(indices, bitWidth: bitWidth, prefix: .bitWidth)
    #expect(encoded[0] == 10)
    try encoded.withUnsafeBytes { raw in
      var decoder = try RLEBitPackedHybridDecoder.dictionaryIndices(raw)
      var out = [UInt32](repeating: 0, count: indices.count)
      try out.withUnsafeMutableBufferPointer {
        try decoder.decodeDictionaryIndices(into: $0.baseAddress!, count: indices.count, dictionaryCount: dictionaryCount)
      }
      #expect(out == indices)
      var tooSmall = try RLEBitPackedHybridDecoder.dictionaryIndices(raw)
      let reason = parquetErrorReason {
        try out.withUnsafeMutableBufferPointer {
          try tooSmall.decodeDictionaryIndices(into: $0.baseAddress!, count: indices.count, dictionaryCount: 500)
        }
      }
      #expect(reason?.isCorrupt == true)
    }
    [UInt8]().withUnsafeBytes { raw in
      #expect(parquetErrorReason { _ = try RLEBitPackedHybridDecoder.dictionaryIndices(raw) }?.isTruncated == true)
    }
  }

  @Test func bitWidthsOver32AreRejected() {
    [UInt8](repeating: 0, count: 8).withUnsafeBytes { raw in
      for bitWidth in [33, 40, 64, 255, -1] {
        let reason = parquetErrorReason { _ = try RLEBitPackedHybridDecoder(raw, bitWidth: bitWidth) }
        #expect(reason == .corrupt("RLE bit width \(bitWidth) over 32"))
      }
    }
    // The dictionary form reads the width from the data.
    [UInt8]([40, 0x02, 0x01]).withUnsafeBytes { raw in
      #expect(parquetErrorReason { _ = try RLEBitPackedHybridDecoder.dictionaryIndices(raw) } == .corrupt("RLE bit width 40 over 32"))
    }
  }

  @Test func rleValueWiderThanTheBitWidthIsCorrupt() {
    [UInt8]([0x10, 0x09]).withUnsafeBytes { raw in
      var out = [UInt8](repeating: 0, count: 8)
      let reason = parquetErrorReason {
        var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: 3)
        try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 8) }
      }
      #expect(reason?.isCorrupt == true)
    }
  }

  @Test func outputNarrowerThanTheBitWidthThrows() {
    [UInt8]([0x02, 0x01, 0x00]).withUnsafeBytes { raw in
      var out = [UInt8](repeating: 0, count: 1)
      let reason = parquetErrorReason {
        var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: 9)
        try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 1) }
      }
      if case .internalBug = reason {} else { Issue.record("expected internalBug, got \(String(describing: reason))") }
    }
  }

  @Test func runLengthsOver2To31AreCorrupt() {
    // RLE run of 2^31 values: uleb128(2^32) = 80 80 80 80 10.
    [UInt8]([0x80, 0x80, 0x80, 0x80, 0x10, 0x01]).withUnsafeBytes { raw in
      #expect(parquetErrorReason {
        var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: 1)
        try decoder.skip(1)
      }?.isCorrupt == true)
    }
    // A header over 64 bits.
    [UInt8](repeating: 0xFF, count: 11).withUnsafeBytes { raw in
      #expect(parquetErrorReason {
        var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: 1)
        try decoder.skip(1)
      }?.isCorrupt == true)
    }
  }

  @Test func bitPackedRunCutShortKeepsTheValuesPresent() throws {
    // Header claims 4 groups (32 values) of width 8, but only 10 bytes follow.
    let bytes: [UInt8] = [0x09] + Array(1...10)
    try bytes.withUnsafeBytes { raw in
      var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: 8)
      var out = [UInt32](repeating: 0, count: 10)
      try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 10) }
      #expect(out == Array(1...10))
      #expect(parquetErrorReason { try decoder.skip(1) }?.isTruncated == true)
    }
  }

  @Test func zeroLengthRunsAreSkipped() throws {
    // An empty RLE run, an empty bit-packed run, then 3 ones.
    try [UInt8]([0x00, 0x01, 0x01, 0x06, 0x01]).withUnsafeBytes { raw in
      var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: 1)
      var out = [UInt8](repeating: 0, count: 3)
      try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 3) }
      #expect(out == [1, 1, 1])
    }
  }

  @Test func truncatedInputThrowsOrDecodesCorrectly() throws {
    var rng = makeRandom()
    for bitWidth in [1, 3, 8, 13, 20, 32] {
      let values = rleTestValues(count: 300, bitWidth: bitWidth, using: &rng)
      let encoded = rleEncode(values, bitWidth: bitWidth)
      for cut in 0..<encoded.count {
        Array(encoded[0..<cut]).withUnsafeBytes { raw in
          var out = [UInt32](repeating: 0, count: values.count)
          let reason = parquetErrorReason {
            var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: bitWidth)
            try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: values.count) }
          }
          // Cutting only the zero padding of the last group loses no value.
          if reason == nil { #expect(out == values, "cut at \(cut)") }
        }
      }
    }
  }

  @Test func randomBytesNeverTrap() {
    var rng = makeRandom()
    var threw = 0
    for _ in 0..<5000 {
      let bytes = randomBytes(Int.random(in: 0...64, using: &rng), using: &rng)
      let bitWidth = Int.random(in: 0...33, using: &rng)
      let count = Int.random(in: 0...2000, using: &rng)
      bytes.withUnsafeBytes { raw in
        var out = [UInt32](repeating: 0, count: count)
        let reason = parquetErrorReason {
          var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: bitWidth)
          try decoder.skip(Int.random(in: 0...10, using: &rng))
          try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: count) }
        }
        if reason != nil { threw += 1 }
        _ = parquetErrorReason {
          var (decoder, _) = try RLEBitPackedHybridDecoder.lengthPrefixed(raw, bitWidth: min(bitWidth, 32))
          try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: count) }
        }
        _ = parquetErrorReason {
          var decoder = try RLEBitPackedHybridDecoder.dictionaryIndices(raw)
          try out.withUnsafeMutableBufferPointer {
            try decoder.decodeDictionaryIndices(into: $0.baseAddress!, count: count, dictionaryCount: 100)
          }
        }
      }
    }
    #expect(threw > 0)
  }
}
