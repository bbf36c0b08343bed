// DELTA_BINARY_PACKED: spec examples, round trips at every bit width and block boundary, skip, stream size, hostile input.

import Testing
import TarnCore
@testable import TarnParquet

/// Encodes `values` fed in `parts` calls.
func deltaEncode<V: FixedWidthInteger & SignedInteger>(
  _ values: [V], parts: Int = 3, blockSize: Int = 128, miniblocksPerBlock: Int = 4
) -> [UInt8] {
  var encoder = DeltaBinaryPackedEncoder<V>(blockSize: blockSize, miniblocksPerBlock: miniblocksPerBlock)
  var start = 0
  for n in evenChunks(values.count, parts: parts) {
    values[start..<start + n].withUnsafeBufferPointer { encoder.append($0) }
    start += n
  }
  #expect(encoder.count == values.count)
  let out = ByteBuffer(capacity: 16)
  encoder.finish(into: out)
  return out.array
}

/// Decodes all values in random chunks mixed with skips, checking each decoded chunk against `values`.
func deltaCheckDecode<V: FixedWidthInteger & SignedInteger>(
  _ bytes: [UInt8], expecting values: [V], using rng: inout SeededGenerator, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  try bytes.withUnsafeBytes { raw in
    var decoder = try DeltaBinaryPackedDecoder<V>(raw)
    #expect(decoder.totalCount == values.count, sourceLocation: sourceLocation)
    #expect(try decoder.encodedByteCount() == bytes.count, sourceLocation: sourceLocation)
    var index = 0
    for n in randomChunks(values.count, maxChunk: 200, using: &rng) {
      if Int.random(in: 0..<4, using: &rng) == 0 {
        try decoder.skip(n)
      } else {
        var out = [V](repeating: 0, count: n)
        try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: n) }
        if out != Array(values[index..<index + n]) {
          let bad = zip(out, values[index...]).enumerated().first { $0.element.0 != $0.element.1 }!.offset + index
          Issue.record("value \(bad) is \(out[bad - index]), expected \(values[bad])", sourceLocation: sourceLocation)
          return
        }
      }
      index += n
    }
    #expect(decoder.valuesLeft == 0, sourceLocation: sourceLocation)
    #expect(parquetErrorReason { try decoder.skip(1) }?.isCorrupt == true, sourceLocation: sourceLocation)
  }
}

/// Values whose deltas (minus the block minimum) need exactly `bitWidth` bits in every miniblock.
func valuesWithDeltaWidth<V: FixedWidthInteger & SignedInteger>(_ bitWidth: Int, count: Int, as _: V.Type, using rng: inout SeededGenerator) -> [V] {
  var values: [V] = []
  var value = V.random(in: V.min ... V.max, using: &rng)
  let maxDelta: UInt64 = bitWidth == 0 ? 0 : bitWidth == 64 ? .max : (1 << UInt64(bitWidth)) - 1
  for i in 0..<count {
    values.append(value)
    // Every 16th delta is 0 or the maximum, so each miniblock has both extremes.
    let delta = i % 16 == 0 ? 0 : i % 16 == 1 ? maxDelta : UInt64.random(in: 0...maxDelta, using: &rng)
    value = value &+ V(truncatingIfNeeded: delta)
  }
  return values
}

/// The bit widths of the first block's miniblocks.
func firstBlockBitWidths(_ encoded: [UInt8]) -> [Int] {
  encoded.withUnsafeBytes { raw in
    var p = 0
    for _ in 0..<5 { _ = try! VarInt.readULEB128(raw.baseAddress!, end: raw.count, position: &p) }
    return raw[p..<p + 4].map(Int.init)
  }
}

@Suite struct DeltaBinaryPackedTests {
  @Test func specExample1() throws {
    // 1, 2, 3, 4, 5 with the header of a valid stream (block 128, 4 miniblocks): deltas all 1, width 0.
    let bytes: [UInt8] = [0x80, 0x01, 0x04, 0x05, 0x02, /* block */ 0x02, 0, 0, 0, 0]
    #expect(deltaEncode([Int32(1), 2, 3, 4, 5]) == bytes)
    var rng = makeRandom()
    try deltaCheckDecode(bytes, expecting: [Int32(1), 2, 3, 4, 5], using: &rng)
    try deltaCheckDecode(bytes, expecting: [Int64(1), 2, 3, 4, 5], using: &rng)
  }

  @Test func specExample2() throws {
    // 7, 5, 3, 1, 2, 3, 4, 5: min delta -2, relative deltas 0 0 0 3 3 3 3 in 2 bits, miniblock padded to 32.
    let bytes: [UInt8] = [0x80, 0x01, 0x04, 0x08, 0x0E, /* min delta */ 0x03, /* widths */ 2, 0, 0, 0,
                          0b1100_0000, 0b0011_1111, 0, 0, 0, 0, 0, 0]
    #expect(deltaEncode([Int64(7), 5, 3, 1, 2, 3, 4, 5]) == bytes)
    var rng = makeRandom()
    try deltaCheckDecode(bytes, expecting: [Int64(7), 5, 3, 1, 2, 3, 4, 5], using: &rng)
  }

  @Test func specExamplesBlockOf8IsRejected() {
    // The spec's examples use a block of 8 values "to keep the examples short", which is invalid.
    [UInt8]([8, 1, 5, 2, 2, 0]).withUnsafeBytes { raw in
      #expect(parquetErrorReason { _ = try DeltaBinaryPackedDecoder<Int32>(raw) }?.isCorrupt == true)
    }
  }

  @Test(arguments: 0...64)
  func int64EveryBitWidth(bitWidth: Int) throws {
    var rng = makeRandom("int64EveryBitWidth(\(bitWidth))")
    for count in [1, 2, 33, 129, 1025] {
      let values = valuesWithDeltaWidth(bitWidth, count: count, as: Int64.self, using: &rng)
      let encoded = deltaEncode(values, parts: Int.random(in: 1...4, using: &rng))
      if count >= 33 { #expect(firstBlockBitWidths(encoded).first == bitWidth) }
      try deltaCheckDecode(encoded, expecting: values, using: &rng)
    }
  }

  @Test(arguments: 0...32)
  func int32EveryBitWidth(bitWidth: Int) throws {
    var rng = makeRandom("int32EveryBitWidth(\(bitWidth))")
    for count in [1, 2, 33, 129, 1025] {
      let values = valuesWithDeltaWidth(bitWidth, count: count, as: Int32.self, using: &rng)
      try deltaCheckDecode(deltaEncode(values, parts: Int.random(in: 1...4, using: &rng)), expecting: values, using: &rng)
    }
  }

  @Test func miniblockWidthsMatchTheData() throws {
    // Deltas of exactly 5 bits in the first miniblock, 0 in the rest of the block.
    var values: [Int32] = [0]
    for i in 1..<129 { values.append(values[i - 1] + (i <= 32 ? Int32(i % 2 == 0 ? 31 : 0) : 0)) }
    let encoded = deltaEncode(values)
    // Header 80 01 04 81 01 00, min delta 00, widths 5 0 0 0.
    #expect(Array(encoded[6..<11]) == [0, 5, 0, 0, 0])
    #expect(encoded.count == 11 + 32 * 5 / 8)
  }

  @Test(arguments: [0, 1, 2, 31, 32, 33, 127, 128, 129, 130, 255, 256, 257, 1023, 1024, 1025, 1026, 5000])
  func blockBoundaries(count: Int) throws {
    var rng = makeRandom("blockBoundaries(\(count))")
    let ints = (0..<count).map { _ in Int32.random(in: -1000...1000, using: &rng) }
    try deltaCheckDecode(deltaEncode(ints, parts: 5), expecting: ints, using: &rng)
    let longs = (0..<count).map { i in Int64(i) * 1_000_003 + Int64.random(in: 0...7, using: &rng) }
    try deltaCheckDecode(deltaEncode(longs, parts: 2), expecting: longs, using: &rng)
  }

  @Test func extremesWrapAround() throws {
    var rng = makeRandom()
    let ints: [Int32] = [.min, .max, .min, .max, 0, -1, .max, .max, .min] + Array(repeating: .min, count: 200) + [.max]
    try deltaCheckDecode(deltaEncode(ints), expecting: ints, using: &rng)
    let longs: [Int64] = [.max, .min, .max, .min, 0, .min, -1, 1] + Array(repeating: .max, count: 300) + [.min]
    try deltaCheckDecode(deltaEncode(longs), expecting: longs, using: &rng)
    // An Int32 stream never needs more than 32 bits.
    #expect(firstBlockBitWidths(deltaEncode(ints)) == [32, 32, 32, 32])
  }

  @Test func runsOfEqualValuesTakeWidthZero() throws {
    var rng = makeRandom()
    let values = [Int64](repeating: 42, count: 100_000)
    let encoded = deltaEncode(values)
    // Each block of 128 is a min delta and 4 zero widths.
    #expect(encoded.count < 6 + (100_000 / 128 + 1) * 5 + 8)
    try deltaCheckDecode(encoded, expecting: values, using: &rng)
    let ramp = (0..<5000).map { Int32($0) * 7 - 3 }
    try deltaCheckDecode(deltaEncode(ramp), expecting: ramp, using: &rng)
  }

  @Test func emptyAndSingleValueStreams() throws {
    var rng = makeRandom()
    let empty = deltaEncode([Int32]())
    #expect(empty == [0x80, 0x01, 0x04, 0x00, 0x00])
    try deltaCheckDecode(empty, expecting: [Int32](), using: &rng)
    let one = deltaEncode([Int64(-3)])
    #expect(one == [0x80, 0x01, 0x04, 0x01, 0x05])
    try deltaCheckDecode(one, expecting: [Int64(-3)], using: &rng)
  }

  @Test func encoderIsReusableAfterFinish() throws {
    var encoder = DeltaBinaryPackedEncoder<Int32>()
    let first = ByteBuffer(capacity: 0)
    let second = ByteBuffer(capacity: 0)
    [Int32](1...300).withUnsafeBufferPointer { encoder.append($0) }
    encoder.finish(into: first)
    [Int32](1...300).withUnsafeBufferPointer { encoder.append($0) }
    encoder.finish(into: second)
    #expect(first.array == second.array)
  }

  @Test func otherBlockShapesDecode() throws {
    // Block 256 in 2 miniblocks of 128, and block 128 in 1 miniblock, hand-assembled from the packer.
    for (blockSize, miniblocks) in [(256, 2), (128, 1), (1024, 8)] {
      var rng = makeRandom("otherBlockShapesDecode(\(blockSize))")
      let values = (0..<700).map { _ in Int64.random(in: -50...50, using: &rng) }
      let out = ByteBuffer(capacity: 16)
      VarInt.appendULEB128(UInt64(blockSize), to: out)
      VarInt.appendULEB128(UInt64(miniblocks), to: out)
      VarInt.appendULEB128(UInt64(values.count), to: out)
      VarInt.appendZigZag(values[0], to: out)
      let deltas = zip(values.dropFirst(), values).map { $0 &- $1 }
      let perMiniblock = blockSize / miniblocks
      for blockStart in stride(from: 0, to: deltas.count, by: blockSize) {
        let block = Array(deltas[blockStart..<min(blockStart + blockSize, deltas.count)])
        let minDelta = block.min()!
        VarInt.appendZigZag(minDelta, to: out)
        let used = (block.count + perMiniblock - 1) / perMiniblock
        var packed: [[UInt64]] = []
        for m in 0..<miniblocks {
          var mini = [UInt64](repeating: 0, count: perMiniblock)
          for i in 0..<perMiniblock where m * perMiniblock + i < block.count {
            mini[i] = UInt64(bitPattern: block[m * perMiniblock + i] &- minDelta)
          }
          packed.append(mini)
          // Unused miniblocks get a junk width, which readers must ignore.
          out.append(UInt8(m < used ? BitUnpacking.bitWidth(of: mini.reduce(0, |)) : 0xEE))
        }
        for m in 0..<used {
          packed[m].withUnsafeBufferPointer {
            BitUnpacking.pack($0.baseAddress!, count: perMiniblock, bitWidth: BitUnpacking.bitWidth(of: packed[m].reduce(0, |)), into: out)
          }
        }
      }
      try deltaCheckDecode(out.array, expecting: values, using: &rng)
    }
  }

  @Test func encoderWritesOtherBlockShapes() throws {
    var rng = makeRandom()
    for (blockSize, miniblocks) in [(256, 4), (256, 8), (128, 1), (512, 2)] {
      let values = (0..<1500).map { i in Int64(i * i) ^ Int64.random(in: 0...255, using: &rng) }
      let encoded = deltaEncode(values, parts: 4, blockSize: blockSize, miniblocksPerBlock: miniblocks)
      #expect(Array(encoded[0..<2]) == [UInt8(blockSize & 0x7F | 0x80), UInt8(blockSize >> 7)])
      try deltaCheckDecode(encoded, expecting: values, using: &rng)
    }
  }

  /// Regression: a miniblock's size was computed as `valuesPerMiniblock * (width >> 3)` (operator
  /// precedence), so the second miniblock was read at the wrong offset whenever width % 8 != 0.
  @Test func regressionMiniblockSizeIsValuesTimesWidthOverEight() throws {
    var rng = makeRandom()
    // Two miniblocks of width 3: the second starts 12 bytes after the first.
    var values: [Int32] = [0]
    for i in 1..<65 { values.append(values[i - 1] + Int32(i % 8)) }
    let encoded = deltaEncode(values)
    #expect(firstBlockBitWidths(encoded) == [3, 3, 0, 0])
    try deltaCheckDecode(encoded, expecting: values, using: &rng)
  }

  @Test func paddingMiniblocksMayHaveAnyWidth() throws {
    // 5 values: 4 deltas in miniblock 0; the other widths are garbage and their bodies absent.
    let bytes: [UInt8] = [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 200, 255, 77]
    var rng = makeRandom()
    try deltaCheckDecode(bytes, expecting: [Int32(1), 2, 3, 4, 5], using: &rng)
  }

  @Test func encodedByteCountStopsAtTheStreamEnd() throws {
    var rng = makeRandom()
    let values = (0..<1000).map { _ in Int32.random(in: -9...9, using: &rng) }
    let encoded = deltaEncode(values)
    try (encoded + [1, 2, 3, 4, 5]).withUnsafeBytes { raw in
      var decoder = try DeltaBinaryPackedDecoder<Int32>(raw)
      #expect(try decoder.encodedByteCount() == encoded.count)
      try decoder.skip(500)
      #expect(try decoder.encodedByteCount() == encoded.count)
    }
  }

  @Test func bitWidthsOverTheValueWidthAreRejected() {
    // One block whose first miniblock claims a width over the type's.
    func stream(width: UInt8) -> [UInt8] { [0x80, 0x01, 0x04, 0x03, 0x00, 0x00, width, 0, 0, 0] + [UInt8](repeating: 0, count: 300) }
    stream(width: 65).withUnsafeBytes { raw in
      var out = [Int64](repeating: 0, count: 3)
      let reason = parquetErrorReason {
        var decoder = try DeltaBinaryPackedDecoder<Int64>(raw)
        try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 3) }
      }
      #expect(reason == .corrupt("DELTA_BINARY_PACKED bit width 65 over 64"))
      #expect(parquetErrorReason { _ = try DeltaBinaryPackedDecoder<Int64>(raw).encodedByteCount() } == reason)
    }
    stream(width: 33).withUnsafeBytes { raw in
      var out = [Int32](repeating: 0, count: 3)
      let reason = parquetErrorReason {
        var decoder = try DeltaBinaryPackedDecoder<Int32>(raw)
        try decoder.skip(3)
        try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 3) }
      }
      #expect(reason == .corrupt("DELTA_BINARY_PACKED bit width 33 over 32"))
    }
    stream(width: 64).withUnsafeBytes { raw in
      #expect(parquetErrorReason { var d = try DeltaBinaryPackedDecoder<Int64>(raw); try d.skip(3) } == nil)
    }
  }

  @Test func badHeadersAreRejected() {
    let headers: [[UInt8]] = [
      [0x00, 0x04, 0x01, 0x00],              // block size 0
      [0x81, 0x01, 0x04, 0x01, 0x00],        // block size 129
      [0x80, 0x01, 0x00, 0x01, 0x00],        // no miniblocks
      [0x80, 0x01, 0x03, 0x01, 0x00],        // 128 / 3
      [0x80, 0x01, 0x08, 0x01, 0x00],        // miniblocks of 16
      [0x80, 0x80, 0x80, 0x80, 0x10, 0x01, 0x01, 0x00],  // block size 2^32
      [0x80, 0x01, 0x04, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00],  // count 2^32
    ]
    for header in headers {
      header.withUnsafeBytes { raw in
        let reason = parquetErrorReason { _ = try DeltaBinaryPackedDecoder<Int64>(raw) }
        #expect(reason != nil && reason?.isTruncated == false, "\(header)")
      }
    }
    for cut in 0..<5 {
      [UInt8]([0x80, 0x01, 0x04, 0x05, 0x02])[0..<cut].withUnsafeBytes { raw in
        #expect(parquetErrorReason { _ = try DeltaBinaryPackedDecoder<Int32>(raw) }?.isTruncated == true)
      }
    }
  }

  @Test func countOverTheStreamThrows() throws {
    // The header claims 2^31 - 1 values but holds one block's worth.
    let bytes: [UInt8] = [0x80, 0x01, 0x04, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x02, 0, 0, 0, 0]
    try bytes.withUnsafeBytes { raw in
      var decoder = try DeltaBinaryPackedDecoder<Int32>(raw)
      var out = [Int32](repeating: 0, count: 1000)
      #expect(parquetErrorReason { try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 1000) } }?.isTruncated == true)
      var fresh = try DeltaBinaryPackedDecoder<Int32>(raw)
      #expect(parquetErrorReason { try fresh.skip(Int(Int32.max)) }?.isTruncated == true)
      #expect(parquetErrorReason { try fresh.skip(Int(Int32.max) + 1) }?.isCorrupt == true)
      #expect(parquetErrorReason { _ = try fresh.encodedByteCount() }?.isTruncated == true)
    }
  }

  @Test func truncatedStreamsThrowOrDecodeCorrectly() throws {
    var rng = makeRandom()
    let values = (0..<300).map { _ in Int64.random(in: -100_000...100_000, using: &rng) }
    let encoded = deltaEncode(values)
    for cut in 0..<encoded.count {
      Array(encoded[0..<cut]).withUnsafeBytes { raw in
        var out = [Int64](repeating: 0, count: values.count)
        let reason = parquetErrorReason {
          var decoder = try DeltaBinaryPackedDecoder<Int64>(raw)
          try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: values.count) }
        }
        // Only the zero padding of the last miniblock may go missing without a throw.
        if reason == nil { #expect(out == values, "cut at \(cut)") }
        #expect(parquetErrorReason { _ = try DeltaBinaryPackedDecoder<Int64>(raw).encodedByteCount() } != nil)
      }
    }
  }

  @Test func randomAndMutatedBytesNeverTrap() {
    var rng = makeRandom()
    let valid = deltaEncode((0..<600).map { _ in Int64.random(in: -1_000_000...1_000_000, using: &rng) })
    for round in 0..<6000 {
      var bytes: [UInt8]
      if round % 2 == 0 {
        bytes = [0x80, 0x01, 0x04] + randomBytes(Int.random(in: 0...80, using: &rng), using: &rng)
      } else {
        bytes = valid
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
          bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        }
      }
      bytes.withUnsafeBytes { raw in
        let count = Int.random(in: 0...700, using: &rng)
        var longs = [Int64](repeating: 0, count: count)
        _ = parquetErrorReason {
          var decoder = try DeltaBinaryPackedDecoder<Int64>(raw)
          _ = try? decoder.encodedByteCount()
          try decoder.skip(min(decoder.valuesLeft, Int.random(in: 0...100, using: &rng)))
          try longs.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: count) }
        }
        var ints = [Int32](repeating: 0, count: count)
        _ = parquetErrorReason {
          var decoder = try DeltaBinaryPackedDecoder<Int32>(raw)
          try ints.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: count) }
        }
      }
    }
  }
}
