// DELTA_LENGTH_BYTE_ARRAY: the spec example, chunked round trips, skip, consumed size, and hostile lengths.

import Testing
import TarnCore
@testable import TarnParquet

func deltaLengthEncode(_ arrays: ByteArrays, parts: Int = 3) -> [UInt8] {
  var encoder = DeltaLengthByteArrayEncoder()
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

/// Lengths stream followed by `tail`, for hand-made inputs.
func lengthsThen(_ lengths: [Int32], _ tail: [UInt8]) -> [UInt8] {
  deltaEncode(lengths) + tail
}

@Suite struct DeltaLengthByteArrayTests {
  @Test func specExample() throws {
    // "Hello", "World", "Foobar", "ABCDEF" -> DeltaEncoding(5, 5, 6, 6) "HelloWorldFoobarABCDEF".
    let strings = ["Hello", "World", "Foobar", "ABCDEF"]
    let expected = lengthsThen([5, 5, 6, 6], Array("HelloWorldFoobarABCDEF".utf8))
    #expect(deltaLengthEncode(ByteArrays(strings: strings)) == expected)
    try expected.withUnsafeBytes { raw in
      var decoder = try DeltaLengthByteArrayDecoder(raw)
      #expect(decoder.totalCount == 4)
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
    var encoded = deltaLengthEncode(arrays, parts: Int.random(in: 1...5, using: &rng))
    let size = encoded.count
    encoded += [9, 9, 9]  // whatever follows in the page
    try encoded.withUnsafeBytes { raw in
      var decoder = try DeltaLengthByteArrayDecoder(raw)
      let values = ByteBuffer(capacity: 0)
      let offsets = ByteBuffer.offsetsStartingAtZero()
      var expected = ByteArrays()
      var index = 0
      for n in randomChunks(count, maxChunk: 1500, using: &rng) {
        if Int.random(in: 0..<4, using: &rng) == 0 {
          try decoder.skip(n)
        } else {
          try decoder.decodeByteArrays(count: n, values: values, offsets: offsets)
          for i in index..<index + n { expected.append(arrays[i]) }
        }
        index += n
      }
      #expect(ByteArrays(values: values, offsets: offsets) == expected)
      #expect(decoder.valuesLeft == 0)
      #expect(decoder.byteCount == size)
      #expect(parquetErrorReason { try decoder.skip(1) }?.isCorrupt == true)
    }
  }

  @Test func negativeLengthIsCorrupt() {
    lengthsThen([2, -1, 3], Array("abcdef".utf8)).withUnsafeBytes { raw in
      let reason = parquetErrorReason {
        var decoder = try DeltaLengthByteArrayDecoder(raw)
        try decoder.decodeByteArrays(count: 3, values: ByteBuffer(capacity: 0), offsets: .offsetsStartingAtZero())
      }
      #expect(reason == .corrupt("negative DELTA_LENGTH_BYTE_ARRAY length"))
    }
  }

  @Test func lengthsOverTheBytesLeftAreCorrupt() {
    for lengths: [Int32] in [[3, 0x7FFF_FFFF], [4, 4], [Int32.max, Int32.max, Int32.max]] {
      lengthsThen(lengths, Array("abcdef".utf8)).withUnsafeBytes { raw in
        let values = ByteBuffer(capacity: 0)
        let reason = parquetErrorReason {
          var decoder = try DeltaLengthByteArrayDecoder(raw)
          try decoder.decodeByteArrays(count: lengths.count, values: values, offsets: .offsetsStartingAtZero())
        }
        #expect(reason?.isCorrupt == true)
        #expect(values.capacity < 1 << 20)
        #expect(parquetErrorReason { var d = try DeltaLengthByteArrayDecoder(raw); try d.skip(lengths.count) }?.isCorrupt == true)
      }
    }
  }

  @Test func truncatedAndRandomInputNeverTraps() {
    var rng = makeRandom()
    let arrays = randomByteArrays(count: 200, using: &rng)
    let encoded = deltaLengthEncode(arrays)
    for cut in 0..<encoded.count {
      Array(encoded[0..<cut]).withUnsafeBytes { raw in
        #expect(parquetErrorReason {
          var decoder = try DeltaLengthByteArrayDecoder(raw)
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
          bytes[Int.random(in: 0..<min(bytes.count, 120), using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        }
      }
      bytes.withUnsafeBytes { raw in
        _ = parquetErrorReason {
          var decoder = try DeltaLengthByteArrayDecoder(raw)
          try decoder.skip(min(decoder.valuesLeft, Int.random(in: 0...20, using: &rng)))
          try decoder.decodeByteArrays(count: min(decoder.valuesLeft, 300), values: ByteBuffer(capacity: 0), offsets: .offsetsStartingAtZero())
        }
      }
    }
  }
}
