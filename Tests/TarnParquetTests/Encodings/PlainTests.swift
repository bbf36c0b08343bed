// PLAIN: round trips of every physical type, booleans across calls, byte arrays, and hostile input.

import Testing
import TarnCore
@testable import TarnParquet

/// Encodes numbers with PLAIN in `parts` calls.
func plainEncode<T: BitwiseCopyable>(_ values: [T], parts: Int = 3) -> [UInt8] {
  let out = ByteBuffer(capacity: 16)
  let encoder = PlainEncoder()
  var start = 0
  for n in evenChunks(values.count, parts: parts) {
    values[start..<start + n].withUnsafeBufferPointer { encoder.encode($0, into: out) }
    start += n
  }
  return out.array
}

/// Decodes `count` numbers in random chunks mixed with skips; skipped slots keep `filler`.
func plainDecode<T: BitwiseCopyable>(_ bytes: [UInt8], count: Int, filler: T, using rng: inout SeededGenerator) throws -> [T] {
  var out = [T](repeating: filler, count: count)
  try bytes.withUnsafeBytes { raw in
    var decoder = PlainDecoder(raw)
    var index = 0
    for n in randomChunks(count, using: &rng) {
      if Int.random(in: 0..<4, using: &rng) == 0 {
        try decoder.skipFixedWidth(n, width: MemoryLayout<T>.size)
      } else {
        try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress! + index, count: n) }
      }
      index += n
    }
    #expect(decoder.byteCount == bytes.count)
    #expect(decoder.bytesLeft == 0)
  }
  return out
}

/// `values` with the slots the decode skipped set to `filler`, to compare with `plainDecode`'s output.
func expectMatches<T: Equatable>(_ decoded: [T], _ values: [T], filler: T, sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(decoded.count == values.count, sourceLocation: sourceLocation)
  for i in 0..<min(decoded.count, values.count) where decoded[i] != filler && decoded[i] != values[i] {
    Issue.record("value \(i) is \(decoded[i]), expected \(values[i])", sourceLocation: sourceLocation)
    return
  }
}

@Suite struct PlainTests {
  @Test func int32AndInt64() throws {
    var rng = makeRandom()
    for count in [0, 1, 2, 1000] {
      let ints = [Int32.min, Int32.max, 0, -1] + (0..<count).map { _ in Int32.random(in: .min ... .max, using: &rng) }
      let bytes = plainEncode(ints)
      #expect(bytes.count == ints.count * 4)
      expectMatches(try plainDecode(bytes, count: ints.count, filler: Int32(12345), using: &rng), ints, filler: 12345)
      let longs = [Int64.min, Int64.max, 0, -1] + (0..<count).map { _ in Int64.random(in: .min ... .max, using: &rng) }
      expectMatches(try plainDecode(plainEncode(longs), count: longs.count, filler: Int64(12345), using: &rng), longs, filler: 12345)
    }
    // Little-endian on the wire.
    #expect(plainEncode([Int32(0x0102_0304)]) == [4, 3, 2, 1])
  }

  @Test func floatsAndDoublesKeepTheirBits() throws {
    var rng = makeRandom()
    let floats: [Float] = [0, -0.0, .infinity, -.infinity, .nan, .signalingNaN, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1.5]
      + (0..<500).map { _ in Float(bitPattern: UInt32.random(in: 0 ... .max, using: &rng)) }
    let decodedFloats: [Float] = try plainDecode(plainEncode(floats), count: floats.count, filler: 12345, using: &rng)
    expectMatches(decodedFloats.map(\.bitPattern), floats.map(\.bitPattern), filler: Float(12345).bitPattern)
    let doubles: [Double] = [0, -0.0, .infinity, .nan, .leastNormalMagnitude, -.greatestFiniteMagnitude]
      + (0..<500).map { _ in Double(bitPattern: UInt64.random(in: 0 ... .max, using: &rng)) }
    let decodedDoubles: [Double] = try plainDecode(plainEncode(doubles), count: doubles.count, filler: 12345, using: &rng)
    expectMatches(decodedDoubles.map(\.bitPattern), doubles.map(\.bitPattern), filler: Double(12345).bitPattern)
  }

  @Test(arguments: [12, 1, 3, 16, 0])
  func fixedWidthValues(width: Int) throws {
    // INT96 is 12 bytes; FIXED_LEN_BYTE_ARRAY any width.
    var rng = makeRandom("fixedWidthValues(\(width))")
    let count = 257
    let bytes = randomBytes(count * width, using: &rng)
    let out = ByteBuffer(capacity: 16)
    bytes.withUnsafeBytes { PlainEncoder().encodeFixedWidth($0, into: out) }
    #expect(out.array == bytes)
    var decoded = [UInt8](repeating: 0, count: count * width)
    try bytes.withUnsafeBytes { raw in
      var decoder = PlainDecoder(raw)
      try decoder.skipFixedWidth(1, width: width)
      try decoded.withUnsafeMutableBytes { try decoder.decodeFixedWidth(into: $0.baseAddress! + width, count: count - 1, width: width) }
      #expect(decoder.bytesLeft == 0)
      if width > 0 {
        #expect(parquetErrorReason { try decoder.decodeFixedWidth(into: decoded.withUnsafeMutableBytes { $0.baseAddress! }, count: 1, width: width) }?.isTruncated == true)
      }
      #expect(parquetErrorReason { try decoder.skipFixedWidth(1, width: -4) }?.isCorrupt == true)
    }
    #expect(Array(decoded[width...]) == Array(bytes[width...]))
  }

  @Test func overflowingByteCountsThrow() {
    [UInt8](repeating: 0, count: 16).withUnsafeBytes { raw in
      var decoder = PlainDecoder(raw)
      #expect(parquetErrorReason { try decoder.skipFixedWidth(Int.max / 2, width: 12) }?.isTruncated == true)
      #expect(parquetErrorReason { try decoder.skipFixedWidth(5, width: 4) }?.isTruncated == true)
      #expect(parquetErrorReason { try decoder.skipBooleans(129) }?.isTruncated == true)
      #expect(parquetErrorReason { try decoder.skipBooleans(128) } == nil)
    }
  }

  @Test func booleansAcrossCalls() throws {
    var rng = makeRandom()
    for count in [0, 1, 7, 8, 9, 1000, 1001] {
      let flags = (0..<count).map { _ in UInt8.random(in: 0...1, using: &rng) }
      var encoder = PlainEncoder()
      let out = ByteBuffer(capacity: 4)
      var start = 0
      for n in randomChunks(count, maxChunk: 20, using: &rng) {
        flags[start..<start + n].withUnsafeBufferPointer { encoder.encodeBooleans($0, into: out) }
        start += n
      }
      encoder.finish(into: out)
      #expect(out.count == (count + 7) / 8)
      try out.bytes.withMemoryRebound(to: UInt8.self) { _ in
        var decoder = PlainDecoder(out.bytes)
        var decoded = [UInt8](repeating: 9, count: count)
        var index = 0
        for n in randomChunks(count, maxChunk: 20, using: &rng) {
          if Int.random(in: 0..<3, using: &rng) == 0 {
            try decoder.skipBooleans(n)
          } else {
            try decoded.withUnsafeMutableBufferPointer { try decoder.decodeBooleans(into: $0.baseAddress! + index, count: n) }
          }
          index += n
        }
        expectMatches(decoded, flags, filler: 9)
        #expect(decoder.byteCount == out.count)
        #expect(parquetErrorReason { try decoder.skipBooleans(8) }?.isTruncated == true)
      }
    }
    // LSB first: true, false, true, true -> 0b1101.
    var encoder = PlainEncoder()
    let out = ByteBuffer(capacity: 1)
    [UInt8]([1, 0, 1, 1]).withUnsafeBufferPointer { encoder.encodeBooleans($0, into: out) }
    encoder.finish(into: out)
    #expect(out.array == [0b1101])
  }

  @Test func byteArrays() throws {
    var rng = makeRandom()
    for count in [0, 1, 2, 500] {
      let values = ByteArrays(strings: ["", "a", "héllo"]) .values + randomByteArrays(count: count, using: &rng).values
      let arrays = ByteArrays(values)
      let out = ByteBuffer(capacity: 16)
      // Encode in two calls, the second with offsets not starting at 0.
      let split = arrays.count / 2
      arrays.withBuffers { bytes, offsets in
        PlainEncoder().encodeByteArrays(values: bytes, offsets: UnsafeBufferPointer(rebasing: offsets[0...split]), into: out)
        PlainEncoder().encodeByteArrays(values: bytes, offsets: UnsafeBufferPointer(rebasing: offsets[split...]), into: out)
      }
      #expect(out.count == arrays.bytes.count + 4 * arrays.count)
      var decoder = PlainDecoder(out.bytes)
      let valuesOut = ByteBuffer(capacity: 0)
      let offsetsOut = ByteBuffer.offsetsStartingAtZero()
      var expected = ByteArrays()
      var index = 0
      for n in randomChunks(arrays.count, maxChunk: 50, using: &rng) {
        if Int.random(in: 0..<4, using: &rng) == 0 {
          try decoder.skipByteArrays(n)
        } else {
          try decoder.decodeByteArrays(count: n, values: valuesOut, offsets: offsetsOut)
          for i in index..<index + n { expected.append(arrays[i]) }
        }
        index += n
      }
      #expect(ByteArrays(values: valuesOut, offsets: offsetsOut) == expected)
      #expect(decoder.bytesLeft == 0)
    }
  }

  @Test func byteArrayOutputContinuesFromTheCallersStart() throws {
    // The caller's buffers already hold "xy"; decoded values go after, with absolute offsets.
    let encoded: [UInt8] = [3, 0, 0, 0] + Array("abc".utf8) + [0, 0, 0, 0]
    let values = ByteBuffer(copying: [UInt8]("xy".utf8))
    let offsets = ByteBuffer(copying: [Int64(0), 2])
    try encoded.withUnsafeBytes { raw in
      var decoder = PlainDecoder(raw)
      try decoder.decodeByteArrays(count: 2, values: values, offsets: offsets)
    }
    #expect(ByteArrays(values: values, offsets: offsets) == ByteArrays(strings: ["xy", "abc", ""]))
  }

  @Test func lyingByteArrayLengthsThrowAndLeaveTheOutputAlone() {
    for length: UInt32 in [0x7FFF_FFFF, 0xFFFF_FFFF, 5, 0x8000_0000] {
      var encoded: [UInt8] = [1, 0, 0, 0, 0x41]
      withUnsafeBytes(of: length.littleEndian) { encoded += $0 }
      encoded += [0x42, 0x43]
      encoded.withUnsafeBytes { raw in
        var decoder = PlainDecoder(raw)
        let values = ByteBuffer(capacity: 0)
        let offsets = ByteBuffer.offsetsStartingAtZero()
        #expect(parquetErrorReason { try decoder.decodeByteArrays(count: 2, values: values, offsets: offsets) }?.isCorrupt == true)
        #expect(values.count == 0 && offsets.count == 8)
        #expect(parquetErrorReason { try decoder.skipByteArrays(2) }?.isCorrupt == true)
        // The first value alone is fine.
        #expect(parquetErrorReason { try decoder.decodeByteArrays(count: 1, values: values, offsets: offsets) } == nil)
      }
    }
  }

  @Test func truncatedAndRandomInputNeverTraps() {
    var rng = makeRandom()
    let arrays = randomByteArrays(count: 40, using: &rng)
    let out = ByteBuffer(capacity: 16)
    arrays.withBuffers { PlainEncoder().encodeByteArrays(values: $0, offsets: $1, into: out) }
    let encoded = out.array
    for cut in 0..<encoded.count {
      Array(encoded[0..<cut]).withUnsafeBytes { raw in
        var decoder = PlainDecoder(raw)
        #expect(parquetErrorReason {
          try decoder.decodeByteArrays(count: arrays.count, values: ByteBuffer(capacity: 0), offsets: .offsetsStartingAtZero())
        } != nil)
      }
    }
    for _ in 0..<3000 {
      let bytes = randomBytes(Int.random(in: 0...40, using: &rng), using: &rng)
      bytes.withUnsafeBytes { raw in
        var decoder = PlainDecoder(raw)
        let count = Int.random(in: 0...20, using: &rng)
        _ = parquetErrorReason {
          try decoder.decodeByteArrays(count: count, values: ByteBuffer(capacity: 0), offsets: .offsetsStartingAtZero())
        }
        var booleans = [UInt8](repeating: 0, count: 400)
        _ = parquetErrorReason { try booleans.withUnsafeMutableBufferPointer { try decoder.decodeBooleans(into: $0.baseAddress!, count: count * 17) } }
      }
    }
  }
}
