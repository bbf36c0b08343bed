// BYTE_STREAM_SPLIT: the layout, round trips at every width with fast paths, skip, and bad sizes.

import Testing
import TarnCore
@testable import TarnParquet

@Suite struct ByteStreamSplitTests {
  @Test func layoutExample() throws {
    // Values AA BB CC, DD EE FF of width 3 -> AA DD | BB EE | CC FF.
    let encoder = ByteStreamSplitEncoder(width: 3)
    [UInt8]([0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF]).withUnsafeBytes { encoder.append($0) }
    let out = ByteBuffer(capacity: 0)
    encoder.finish(into: out)
    #expect(out.array == [0xAA, 0xDD, 0xBB, 0xEE, 0xCC, 0xFF])
    // Floats: 1.0 (00 00 80 3F) and -2.0 (00 00 00 C0).
    let floats = ByteStreamSplitEncoder(width: 4)
    [Float(1.0), -2.0].withUnsafeBufferPointer { floats.append($0) }
    let floatBytes = ByteBuffer(capacity: 0)
    floats.finish(into: floatBytes)
    #expect(floatBytes.array == [0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x3F, 0xC0])
    var decoded = [Float](repeating: 0, count: 2)
    var decoder = try ByteStreamSplitDecoder(floatBytes.bytes, width: 4)
    try decoded.withUnsafeMutableBytes { try decoder.decode(into: $0.baseAddress!, count: 2) }
    #expect(decoded == [1.0, -2.0])
  }

  @Test(arguments: [1, 2, 3, 4, 5, 7, 8, 12, 16, 33])
  func roundTripInChunks(width: Int) throws {
    var rng = makeRandom("roundTripInChunks(\(width))")
    for count in [0, 1, 2, 17, 1000, 4099] {
      let bytes = randomBytes(count * width, using: &rng)
      let encoder = ByteStreamSplitEncoder(width: width)
      var start = 0
      bytes.withUnsafeBytes { raw in
        for n in randomChunks(count, using: &rng) {
          encoder.append(UnsafeRawBufferPointer(rebasing: raw[(start * width)..<((start + n) * width)]))
          start += n
        }
      }
      #expect(encoder.count == count)
      let out = ByteBuffer(capacity: 0)
      encoder.finish(into: out)
      #expect(out.count == bytes.count)
      var decoded = [UInt8](repeating: 0xEE, count: bytes.count)
      var expected = decoded
      var decoder = try ByteStreamSplitDecoder(out.bytes, width: width)
      #expect(decoder.totalCount == count)
      var index = 0
      for n in randomChunks(count, using: &rng) {
        if Int.random(in: 0..<4, using: &rng) == 0 {
          try decoder.skip(n)
        } else {
          try decoded.withUnsafeMutableBytes { try decoder.decode(into: $0.baseAddress! + index * width, count: n) }
          expected[(index * width)..<((index + n) * width)] = bytes[(index * width)..<((index + n) * width)]
        }
        index += n
      }
      #expect(decoded == expected, "width \(width), count \(count)")
      #expect(decoder.valuesLeft == 0)
      #expect(parquetErrorReason { try decoder.skip(1) }?.isTruncated == true)
    }
  }

  @Test func doublesAndIntegers() throws {
    var rng = makeRandom()
    let doubles: [Double] = [.nan, -0.0, .infinity, .greatestFiniteMagnitude] + (0..<300).map { _ in Double.random(in: -1e9...1e9, using: &rng) }
    let longs: [Int64] = [.min, .max, 0, -1] + (0..<300).map { _ in Int64.random(in: .min ... .max, using: &rng) }
    for (width, values) in [(8, doubles.map(\.bitPattern)), (8, longs.map { UInt64(bitPattern: $0) })] {
      let encoder = ByteStreamSplitEncoder(width: width)
      values.withUnsafeBufferPointer { encoder.append($0) }
      let out = ByteBuffer(capacity: 0)
      encoder.finish(into: out)
      var decoder = try ByteStreamSplitDecoder(out.bytes, width: width)
      var decoded = [UInt64](repeating: 0, count: values.count)
      try decoded.withUnsafeMutableBytes { try decoder.decode(into: $0.baseAddress!, count: values.count) }
      #expect(decoded == values)
    }
    let halfs: [UInt16] = [0x3C00, 0xFC00, 0x7E00, 0x0001, 0xFFFF]
    let encoder = ByteStreamSplitEncoder(width: 2)
    halfs.withUnsafeBufferPointer { encoder.append($0) }
    let out = ByteBuffer(capacity: 0)
    encoder.finish(into: out)
    var decoder = try ByteStreamSplitDecoder(out.bytes, width: 2)
    var decoded = [UInt16](repeating: 0, count: halfs.count)
    try decoded.withUnsafeMutableBytes { try decoder.decode(into: $0.baseAddress!, count: halfs.count) }
    #expect(decoded == halfs)
  }

  @Test func badSizesAreRejected() {
    [UInt8](repeating: 1, count: 10).withUnsafeBytes { raw in
      #expect(parquetErrorReason { _ = try ByteStreamSplitDecoder(raw, width: 4) }?.isCorrupt == true)
      #expect(parquetErrorReason { _ = try ByteStreamSplitDecoder(raw, width: 0) }?.isCorrupt == true)
      #expect(parquetErrorReason { _ = try ByteStreamSplitDecoder(raw, width: -8) }?.isCorrupt == true)
      #expect(parquetErrorReason {
        var decoder = try ByteStreamSplitDecoder(raw, width: 5)
        var out = [UInt8](repeating: 0, count: 15)
        try out.withUnsafeMutableBytes { try decoder.decode(into: $0.baseAddress!, count: 3) }
      }?.isTruncated == true)
    }
  }
}
