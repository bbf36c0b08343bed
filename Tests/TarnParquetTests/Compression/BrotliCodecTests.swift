// BROTLI codec: round trips, brotli CLI vectors, levels, corrupt input.

import Testing

@testable import TarnParquet

@Suite struct BrotliCodecTests {
  @Test(arguments: Sample.allCases)
  func roundTrip(_ sample: Sample) throws {
    try expectRoundTrip(.brotli, sample.bytes)
  }

  @Test(arguments: [0, 1, 5, 8, 11])
  func roundTripAtQuality(_ quality: Int) throws {
    try expectRoundTrip(.brotli, Sample.compressible.bytes, level: quality)
    try expectRoundTrip(.brotli, Sample.empty.bytes, level: quality)
  }

  @Test func defaultQualityMatchesArrow() {
    #expect(CompressionCodec.brotli.defaultLevel == 8)
  }

  @Test func decodesBrotliCommandLineOutput() throws {
    let sample = CompressionFixtures.sample
    #expect(try decompressBytes(.brotli, CompressionFixtures.bytes("sample.txt.br"), size: sample.count) == sample)
    #expect(try decompressBytes(.brotli, CompressionFixtures.bytes("empty.br"), size: 0) == [])
  }

  @Test func wrongOutputSizeThrows() throws {
    let sample = CompressionFixtures.sample
    expectWrongSizesThrow(.brotli, try CompressionFixtures.bytes("sample.txt.br"), trueSize: sample.count)
    expectWrongSizesThrow(.brotli, try compressBytes(.brotli, [1]), trueSize: 1)
  }

  @Test func tooLargeOutputIsReportedAsCorrupt() throws {
    let error = #expect(throws: ParquetError.self) {
      try decompressBytes(.brotli, try CompressionFixtures.bytes("sample.txt.br"), size: 10)
    }
    guard case .corrupt = error?.reason else {
      Issue.record("expected .corrupt, got \(String(describing: error))")
      return
    }
  }

  @Test func corruptInputThrowsOrDecodesInBounds() throws {
    let sample = CompressionFixtures.sample
    fuzzCorruption(
      .brotli, try CompressionFixtures.bytes("sample.txt.br"), original: sample, hasChecksum: false, label: "BROTLI cli"
    )
    fuzzCorruption(
      .brotli, try compressBytes(.brotli, sample), original: sample, hasChecksum: false, label: "BROTLI tarn")
    fuzzGarbage(.brotli, label: "BROTLI")
  }
}
