// ZSTD codec: round trips, zstd CLI vectors, concatenated frames, corrupt input.

import Testing

@testable import TarnParquet

@Suite struct ZstdCodecTests {
  @Test(arguments: Sample.allCases)
  func roundTrip(_ sample: Sample) throws {
    try expectRoundTrip(.zstd, sample.bytes)
  }

  @Test(arguments: [-5, 1, 3, 19, 22])
  func roundTripAtLevel(_ level: Int) throws {
    try expectRoundTrip(.zstd, Sample.compressible.bytes, level: level)
    try expectRoundTrip(.zstd, Sample.oneByte.bytes, level: level)
  }

  @Test func decodesZstdCommandLineOutput() throws {
    let sample = CompressionFixtures.sample
    #expect(try decompressBytes(.zstd, CompressionFixtures.bytes("sample.txt.zst"), size: sample.count) == sample)
    // Read from a pipe, so the frame header has no content size.
    #expect(try decompressBytes(.zstd, CompressionFixtures.bytes("sample.nosize.zst"), size: sample.count) == sample)
    #expect(try decompressBytes(.zstd, CompressionFixtures.bytes("empty.zst"), size: 0) == [])
  }

  @Test func decodesConcatenatedFrames() throws {
    let sample = CompressionFixtures.sample
    let twoFrames = try CompressionFixtures.bytes("sample-twice.2frames.zst")
    #expect(try decompressBytes(.zstd, twoFrames, size: 2 * sample.count) == sample + sample)
    #expect(throws: ParquetError.self) { try decompressBytes(.zstd, twoFrames, size: sample.count) }
    // Tarn's own frames, concatenated, with an empty frame between.
    let first = try compressBytes(.zstd, Array(sample[0..<1000]))
    let empty = try compressBytes(.zstd, [])
    let second = try compressBytes(.zstd, Array(sample[1000...]), level: 9)
    #expect(try decompressBytes(.zstd, first + empty + second, size: sample.count) == sample)
  }

  @Test func skipsSkippableFrames() throws {
    let sample = CompressionFixtures.sample
    // A skippable frame: magic 0x184D2A50 little-endian, a 4-byte length, that many ignored bytes.
    let skippable: [UInt8] = [0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9]
    let frame = try CompressionFixtures.bytes("sample.txt.zst")
    #expect(try decompressBytes(.zstd, skippable + frame, size: sample.count) == sample)
  }

  @Test func parquetTestingPagesDecode() throws {
    let pages = CompressionFixtures.pages.filter { $0.codec == .zstd }
    #expect(pages.count == 2)
    for page in pages {
      let decoded = try decompressBytes(.zstd, page.body, size: page.uncompressedSize)
      #expect(decoded.count == page.uncompressedSize)
    }
  }

  @Test func wrongOutputSizeThrows() throws {
    let sample = CompressionFixtures.sample
    expectWrongSizesThrow(.zstd, try CompressionFixtures.bytes("sample.txt.zst"), trueSize: sample.count)
    expectWrongSizesThrow(.zstd, try CompressionFixtures.bytes("sample.nosize.zst"), trueSize: sample.count)
    expectWrongSizesThrow(.zstd, try compressBytes(.zstd, [1]), trueSize: 1)
  }

  @Test func tooLargeOutputIsReportedAsCorrupt() throws {
    let error = #expect(throws: ParquetError.self) {
      try decompressBytes(.zstd, try CompressionFixtures.bytes("sample.nosize.zst"), size: 100)
    }
    guard case .corrupt = error?.reason else {
      Issue.record("expected .corrupt, got \(String(describing: error))")
      return
    }
  }

  @Test func corruptInputThrowsOrIsCaughtByChecksum() throws {
    // The CLI writes an XXH64 checksum, so any damage that decodes must decode to the original.
    let sample = CompressionFixtures.sample
    fuzzCorruption(
      .zstd, try CompressionFixtures.bytes("sample.txt.zst"), original: sample, hasChecksum: true, label: "ZSTD cli")
    let own = try compressBytes(.zstd, sample)
    fuzzCorruption(.zstd, own, original: sample, hasChecksum: false, label: "ZSTD tarn")
    fuzzGarbage(.zstd, label: "ZSTD")
  }
}
