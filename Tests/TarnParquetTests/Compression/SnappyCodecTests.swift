// SNAPPY codec: round trips, a hand-built stream, parquet-testing pages, corrupt input.

import Testing

@testable import TarnParquet

@Suite struct SnappyCodecTests {
  @Test(arguments: Sample.allCases)
  func roundTrip(_ sample: Sample) throws {
    try expectRoundTrip(.snappy, sample.bytes)
  }

  @Test func decodesHandBuiltStream() throws {
    // Length 12, a 3-byte literal "abc", then a copy of 9 bytes from offset 3 (1-byte-offset form).
    let stream: [UInt8] = [0x0c, 0x08, 0x61, 0x62, 0x63, (9 - 4) << 2 | 0b01, 0x03]
    #expect(try decompressBytes(.snappy, stream, size: 12) == Array("abcabcabcabc".utf8))
    expectWrongSizesThrow(.snappy, stream, trueSize: 12)
  }

  @Test func rejectsCopyBeforeTheStart() {
    // A copy from offset 4 when only 3 bytes exist.
    let stream: [UInt8] = [0x0c, 0x08, 0x61, 0x62, 0x63, (9 - 4) << 2 | 0b01, 0x04]
    #expect(throws: ParquetError.self) { try decompressBytes(.snappy, stream, size: 12) }
  }

  @Test func parquetTestingPagesDecode() throws {
    let pages = CompressionFixtures.pages.filter { $0.codec == .snappy }
    #expect(pages.count > 20)
    for page in pages {
      let decoded = try decompressBytes(.snappy, page.body, size: page.uncompressedSize)
      #expect(decoded.count == page.uncompressedSize, "\(page.name)")
    }
  }

  @Test func wrongOutputSizeThrows() throws {
    expectWrongSizesThrow(
      .snappy, try compressBytes(.snappy, CompressionFixtures.sample), trueSize: CompressionFixtures.sample.count)
    expectWrongSizesThrow(.snappy, try compressBytes(.snappy, [1]), trueSize: 1)
    expectWrongSizesThrow(.snappy, try compressBytes(.snappy, []), trueSize: 0)
  }

  @Test func corruptInputThrowsOrDecodesInBounds() throws {
    // snappy has no checksum: a flipped literal byte decodes to different bytes of the right length.
    let sample = CompressionFixtures.sample
    fuzzCorruption(.snappy, try compressBytes(.snappy, sample), original: sample, hasChecksum: false, label: "SNAPPY")
    fuzzCorruption(
      .snappy, try compressBytes(.snappy, Sample.incompressible.bytes), original: Sample.incompressible.bytes,
      hasChecksum: false, cases: 200, label: "SNAPPY random")
    fuzzGarbage(.snappy, label: "SNAPPY")
  }
}
