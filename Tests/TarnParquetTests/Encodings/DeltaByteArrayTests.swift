// DELTA_BYTE_ARRAY: the spec example, chunked round trips for byte arrays and fixed-length values, skip, and hostile input.

import Testing
import TarnCore
@testable import TarnParquet

func deltaByteArrayEncode(_ arrays: ByteArrays, parts: Int = 3) -> [UInt8] {
  var encoder = DeltaByteArrayEncoder()
  var start = 0
  arrays.withBuffers { bytes, offsets in
    for n in evenChunks(arrays.count, parts: parts) {
      encoder.append(values: bytes, offsets: UnsafeBufferPointer(rebasing: offsets[start...start + n]))
      start += n
    }
  }
  #expect(encoder.count == arrays.count)
  let out = ByteBuffer(capacity: 16)
  encoder.finish(into: out)
  return out.array
}

/// Decodes every value in random chunks mixed with skips; returns the decoded ones and what they should be.
func deltaByteArrayDecode(_ encoded: [UInt8], _ arrays: ByteArrays, using rng: inout SeededGenerator) throws -> (ByteArrays, ByteArrays) {
  try encoded.withUnsafeBytes { raw in
    var decoder = try DeltaByteArrayDecoder(raw)
    #expect(decoder.totalCount == arrays.count)
    let values = ByteBuffer(capacity: 0)
    let offsets = ByteBuffer.offsetsStartingAtZero()
    var expected = ByteArrays()
    var index = 0
    for n in randomChunks(arrays.count, maxChunk: 1500, using: &rng) {
      if Int.random(in: 0..<4, using: &rng) == 0 {
        try decoder.skip(n)
      } else {
        try decoder.decodeByteArrays(count: n, values: values, offsets: offsets)
        for i in index..<index + n { expected.append(arrays[i]) }
      }
      index += n
    }
    #expect(decoder.valuesLeft == 0)
    #expect(parquetErrorReason { try decoder.skip(1) }?.isCorrupt == true)
    return (ByteArrays(values: values, offsets: offsets), expected)
  }
}

@Suite struct DeltaByteArrayTests {
  @Test func specExample() throws {
    // "axis", "axle", "babble", "babyhood" -> prefixes 0 2 0 3, suffixes "axis" "le" "babble" "yhood".
    let strings = ["axis", "axle", "babble", "babyhood"]
    let expected = deltaEncode([Int32(0), 2, 0, 3]) + deltaEncode([Int32(4), 2, 6, 5]) + Array("axislebabbleyhood".utf8)
    #expect(deltaByteArrayEncode(ByteArrays(strings: strings)) == expected)
    try (expected + [7, 7]).withUnsafeBytes { raw in
      var decoder = try DeltaByteArrayDecoder(raw)
      let values = ByteBuffer(capacity: 0)
      let offsets = ByteBuffer.offsetsStartingAtZero()
      try decoder.decodeByteArrays(count: 4, values: values, offsets: offsets)
      #expect(ByteArrays(values: values, offsets: offsets) == ByteArrays(strings: strings))
      #expect(decoder.byteCount == expected.count)
    }
  }

  @Test(arguments: [0, 1, 2, 127, 128, 129, 1023, 1024, 1025, 3000])
  func roundTripInChunks(count: Int) throws {
    var rng = makeRandom("roundTripInChunks(\(count))")
    let arrays = randomByteArrays(count: count, using: &rng)
    let (decoded, expected) = try deltaByteArrayDecode(deltaByteArrayEncode(arrays, parts: Int.random(in: 1...5, using: &rng)), arrays, using: &rng)
    #expect(decoded == expected)
  }

  @Test func onlyEmptyValuesWithNoBytesAtAll() throws {
    var rng = makeRandom()
    let arrays = ByteArrays([[], [], [], []])
    #expect(arrays.bytes.isEmpty)
    let (decoded, expected) = try deltaByteArrayDecode(deltaByteArrayEncode(arrays, parts: 2), arrays, using: &rng)
    #expect(decoded == expected)
    try deltaLengthEncode(arrays).withUnsafeBytes { raw in
      var decoder = try DeltaLengthByteArrayDecoder(raw)
      let values = ByteBuffer(capacity: 0)
      let offsets = ByteBuffer.offsetsStartingAtZero()
      try decoder.decodeByteArrays(count: 4, values: values, offsets: offsets)
      #expect(ByteArrays(values: values, offsets: offsets) == arrays)
      #expect(decoder.byteCount == raw.count)
    }
    let plain = ByteBuffer(capacity: 0)
    arrays.withBuffers { PlainEncoder().encodeByteArrays(values: $0, offsets: $1, into: plain) }
    #expect(plain.array == [UInt8](repeating: 0, count: 16))
  }

  @Test func sortedStringsShareLongPrefixes() throws {
    var rng = makeRandom()
    let strings = (0..<2000).map { "https://example.com/path/to/item/\(String($0, radix: 7))" }.sorted()
    let arrays = ByteArrays(strings: strings)
    let encoded = deltaByteArrayEncode(arrays)
    #expect(encoded.count < arrays.bytes.count / 4)
    let (decoded, expected) = try deltaByteArrayDecode(encoded, arrays, using: &rng)
    #expect(decoded == expected)
  }

  @Test(arguments: [1, 4, 16])
  func fixedLengthValues(width: Int) throws {
    var rng = makeRandom("fixedLengthValues(\(width))")
    let count = 1500
    var bytes: [UInt8] = []
    for i in 0..<count {
      bytes += i % 3 == 2 ? Array(bytes.suffix(width).reversed()) : randomBytes(width, using: &rng).map { $0 & 0x3 }
    }
    var encoder = DeltaByteArrayEncoder()
    bytes.withUnsafeBytes { raw in
      encoder.append(fixedLength: UnsafeRawBufferPointer(rebasing: raw[0..<width * 700]), width: width)
      encoder.append(fixedLength: UnsafeRawBufferPointer(rebasing: raw[(width * 700)...]), width: width)
    }
    let out = ByteBuffer(capacity: 0)
    encoder.finish(into: out)
    try out.bytes.withMemoryRebound(to: UInt8.self) { _ in
      var decoder = try DeltaByteArrayDecoder(out.bytes)
      let values = ByteBuffer(capacity: 0)
      try decoder.decodeFixedLength(count: 100, width: width, values: values)
      try decoder.skip(900)
      try decoder.decodeFixedLength(count: 500, width: width, values: values)
      #expect(values.array == Array(bytes[0..<100 * width] + bytes[(1000 * width)...]))
      #expect(decoder.byteCount == out.count)
    }
    // The same data read as the wrong width is corrupt.
    out.bytes.withMemoryRebound(to: UInt8.self) { _ in
      #expect(parquetErrorReason {
        var decoder = try DeltaByteArrayDecoder(out.bytes)
        try decoder.decodeFixedLength(count: 10, width: width + 1, values: ByteBuffer(capacity: 0))
      }?.isCorrupt == true)
      #expect(parquetErrorReason {
        var decoder = try DeltaByteArrayDecoder(out.bytes)
        try decoder.decodeFixedLength(count: 10, width: -1, values: ByteBuffer(capacity: 0))
      }?.isCorrupt == true)
    }
  }

  @Test func prefixLongerThanThePreviousValueIsCorrupt() {
    let bytes = deltaEncode([Int32(0), 3]) + deltaEncode([Int32(2), 1]) + Array("abc".utf8)
    bytes.withUnsafeBytes { raw in
      let reason = parquetErrorReason {
        var decoder = try DeltaByteArrayDecoder(raw)
        try decoder.decodeByteArrays(count: 2, values: ByteBuffer(capacity: 0), offsets: .offsetsStartingAtZero())
      }
      #expect(reason == .corrupt("DELTA_BYTE_ARRAY prefix of 3 bytes after a value of 2"))
    }
    // The first value has no previous value to share with.
    (deltaEncode([Int32(1)]) + deltaEncode([Int32(1)]) + [0x61]).withUnsafeBytes { raw in
      #expect(parquetErrorReason {
        var decoder = try DeltaByteArrayDecoder(raw)
        try decoder.skip(1)
      }?.isCorrupt == true)
    }
  }

  @Test func prefixAcrossCallsUsesThePreviousCallsLastValue() throws {
    let arrays = ByteArrays(strings: ["prefix-one", "prefix-two", "prefix-three", "prefix-threefold"])
    let encoded = deltaByteArrayEncode(arrays)
    try encoded.withUnsafeBytes { raw in
      var decoder = try DeltaByteArrayDecoder(raw)
      for i in 0..<4 {
        // A fresh output buffer per call: the previous value must come from the decoder.
        let values = ByteBuffer(capacity: 0)
        let offsets = ByteBuffer.offsetsStartingAtZero()
        try decoder.decodeByteArrays(count: 1, values: values, offsets: offsets)
        #expect(ByteArrays(values: values, offsets: offsets) == ByteArrays([arrays[i]]))
      }
    }
  }

  @Test func mismatchedAndNegativeLengthsAreCorrupt() {
    let cases: [[UInt8]] = [
      deltaEncode([Int32(0), 0]) + deltaEncode([Int32(1)]) + [0x61],           // 2 prefixes, 1 suffix
      deltaEncode([Int32(0), -1]) + deltaEncode([Int32(1), 1]) + [0x61, 0x62],  // negative prefix
      deltaEncode([Int32(0), 0]) + deltaEncode([Int32(1), -1]) + [0x61, 0x62],  // negative suffix
      deltaEncode([Int32(0), 0]) + deltaEncode([Int32(1), 0x7FFF_FFFF]) + [0x61, 0x62],  // lying suffix length
    ]
    for bytes in cases {
      bytes.withUnsafeBytes { raw in
        let reason = parquetErrorReason {
          var decoder = try DeltaByteArrayDecoder(raw)
          try decoder.decodeByteArrays(count: 2, values: ByteBuffer(capacity: 0), offsets: .offsetsStartingAtZero())
        }
        #expect(reason?.isCorrupt == true, "\(bytes)")
      }
    }
  }

  @Test func truncatedAndRandomInputNeverTraps() {
    var rng = makeRandom()
    let arrays = randomByteArrays(count: 200, using: &rng)
    let encoded = deltaByteArrayEncode(arrays)
    for cut in 0..<encoded.count {
      Array(encoded[0..<cut]).withUnsafeBytes { raw in
        #expect(parquetErrorReason {
          var decoder = try DeltaByteArrayDecoder(raw)
          try decoder.decodeByteArrays(count: arrays.count, values: ByteBuffer(capacity: 0), offsets: .offsetsStartingAtZero())
        } != nil, "cut at \(cut)")
      }
    }
    for round in 0..<4000 {
      var bytes = encoded
      if round % 2 == 0 {
        bytes = [0x80, 0x01, 0x04] + randomBytes(Int.random(in: 0...60, using: &rng), using: &rng)
      } else {
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
          bytes[Int.random(in: 0..<min(bytes.count, 200), using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        }
      }
      bytes.withUnsafeBytes { raw in
        _ = parquetErrorReason {
          var decoder = try DeltaByteArrayDecoder(raw)
          try decoder.skip(min(decoder.valuesLeft, Int.random(in: 0...20, using: &rng)))
          try decoder.decodeByteArrays(count: min(decoder.valuesLeft, 300), values: ByteBuffer(capacity: 0), offsets: .offsetsStartingAtZero())
        }
      }
    }
  }
}
