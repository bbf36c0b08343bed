// LZ4_RAW codec: round trips, a hand-built block, parquet-testing pages, corrupt input.

import Testing

@testable import TarnParquet

@Suite struct LZ4RawCodecTests {
  @Test(arguments: Sample.allCases)
  func roundTrip(_ sample: Sample) throws {
    try expectRoundTrip(.lz4Raw, sample.bytes)
  }

  @Test func decodesHandBuiltBlock() throws {
    // Token 0x34: 3 literals "abc", then a match of 4 + 4 = 8 bytes at offset 3 (2 bytes, little-endian);
    // then token 0x50: a last sequence of 5 literals (a block must end with 5 literal bytes).
    let block: [UInt8] = [0x34, 0x61, 0x62, 0x63, 0x03, 0x00, 0x50] + Array("vwxyz".utf8)
    #expect(try decompressBytes(.lz4Raw, block, size: 16) == Array("abcabcabcabvwxyz".utf8))
    expectWrongSizesThrow(.lz4Raw, block, trueSize: 16)
  }

  @Test func parquetTestingPagesDecode() throws {
    let pages = CompressionFixtures.pages.filter { $0.codec == .lz4Raw }
    #expect(pages.count == 3)
    for page in pages {
      let decoded = try decompressBytes(.lz4Raw, page.body, size: page.uncompressedSize)
      #expect(decoded.count == page.uncompressedSize, "\(page.name)")
    }
  }

  @Test func wrongOutputSizeThrows() throws {
    let sample = CompressionFixtures.sample
    expectWrongSizesThrow(.lz4Raw, try compressBytes(.lz4Raw, sample), trueSize: sample.count)
    expectWrongSizesThrow(.lz4Raw, try compressBytes(.lz4Raw, [1]), trueSize: 1)
    expectWrongSizesThrow(.lz4Raw, try compressBytes(.lz4Raw, []), trueSize: 0)
  }

  @Test func corruptInputThrowsOrDecodesInBounds() throws {
    let sample = CompressionFixtures.sample
    fuzzCorruption(.lz4Raw, try compressBytes(.lz4Raw, sample), original: sample, hasChecksum: false, label: "LZ4_RAW")
    fuzzCorruption(
      .lz4Raw, try compressBytes(.lz4Raw, Sample.incompressible.bytes), original: Sample.incompressible.bytes,
      hasChecksum: false, cases: 200, label: "LZ4_RAW random")
    fuzzGarbage(.lz4Raw, label: "LZ4_RAW")
  }
}
