// GZIP codec: round trips, gzip CLI vectors, concatenated members, zlib and raw deflate leniency, corrupt input.

import Testing

@testable import TarnParquet

@Suite struct GzipCodecTests {
  @Test(arguments: Sample.allCases)
  func roundTrip(_ sample: Sample) throws {
    try expectRoundTrip(.gzip, sample.bytes)
  }

  @Test(arguments: [0, 1, 6, 9, 12])
  func roundTripAtLevel(_ level: Int) throws {
    try expectRoundTrip(.gzip, Sample.compressible.bytes, level: level)
    try expectRoundTrip(.gzip, Sample.empty.bytes, level: level)
  }

  @Test func writesGzipMembers() throws {
    let compressed = try compressBytes(.gzip, Sample.compressible.bytes)
    #expect(Array(compressed.prefix(3)) == [0x1f, 0x8b, 0x08])
  }

  @Test func decodesGzipCommandLineOutput() throws {
    let sample = CompressionFixtures.sample
    #expect(try decompressBytes(.gzip, CompressionFixtures.bytes("sample.txt.gz"), size: sample.count) == sample)
    #expect(try decompressBytes(.gzip, CompressionFixtures.bytes("empty.gz"), size: 0) == [])
  }

  @Test func decodesConcatenatedMembers() throws {
    let sample = CompressionFixtures.sample
    let twoMembers = try CompressionFixtures.bytes("sample-twice.2members.gz")
    #expect(try decompressBytes(.gzip, twoMembers, size: 2 * sample.count) == sample + sample)
    #expect(throws: ParquetError.self) { try decompressBytes(.gzip, twoMembers, size: sample.count) }
    #expect(throws: ParquetError.self) { try decompressBytes(.gzip, twoMembers, size: 2 * sample.count + 1) }
    // Empty members anywhere are fine.
    let empty = try CompressionFixtures.bytes("empty.gz")
    let single = try CompressionFixtures.bytes("sample.txt.gz")
    #expect(try decompressBytes(.gzip, empty + single + empty, size: sample.count) == sample)
  }

  @Test func parquetTestingConcatenatedMembersPage() throws {
    let page = try #require(CompressionFixtures.page("concatenated_gzip_members.0"))
    let decoded = try decompressBytes(.gzip, page.body, size: page.uncompressedSize)
    #expect(decoded == page.expected)
  }

  @Test func ignoresZeroPaddingAfterMembers() throws {
    let sample = CompressionFixtures.sample
    let padded = try CompressionFixtures.bytes("sample.txt.gz") + [UInt8](repeating: 0, count: 7)
    #expect(try decompressBytes(.gzip, padded, size: sample.count) == sample)
    let garbage = try CompressionFixtures.bytes("sample.txt.gz") + [0, 0, 1]
    #expect(throws: ParquetError.self) { try decompressBytes(.gzip, garbage, size: sample.count) }
  }

  @Test func acceptsZlibAndRawDeflate() throws {
    let sample = CompressionFixtures.sample
    #expect(try decompressBytes(.gzip, CompressionFixtures.bytes("sample.txt.zlib"), size: sample.count) == sample)
    #expect(try decompressBytes(.gzip, CompressionFixtures.bytes("sample.txt.deflate"), size: sample.count) == sample)
    expectWrongSizesThrow(.gzip, try CompressionFixtures.bytes("sample.txt.zlib"), trueSize: sample.count)
    expectWrongSizesThrow(.gzip, try CompressionFixtures.bytes("sample.txt.deflate"), trueSize: sample.count)
  }

  @Test func wrongOutputSizeThrows() throws {
    let sample = CompressionFixtures.sample
    expectWrongSizesThrow(.gzip, try CompressionFixtures.bytes("sample.txt.gz"), trueSize: sample.count)
    expectWrongSizesThrow(.gzip, try compressBytes(.gzip, [1]), trueSize: 1)
  }

  @Test func corruptInputThrowsOrIsCaughtByChecksum() throws {
    // Every member carries a CRC32 and length, so any damage that decodes must decode to the original.
    let sample = CompressionFixtures.sample
    fuzzCorruption(
      .gzip, try CompressionFixtures.bytes("sample.txt.gz"), original: sample, hasChecksum: true, label: "GZIP cli")
    fuzzCorruption(
      .gzip, try CompressionFixtures.bytes("sample-twice.2members.gz"), original: sample + sample, hasChecksum: true,
      label: "GZIP two members")
    fuzzCorruption(.gzip, try compressBytes(.gzip, sample), original: sample, hasChecksum: true, label: "GZIP tarn")
    fuzzGarbage(.gzip, label: "GZIP")
  }
}
