// LZ4 (Hadoop-framed) codec: framing, the bare-block and LZ4-frame fallbacks, parquet-testing pages, corrupt input.

import Testing

@testable import TarnParquet

@Suite struct HadoopLZ4CodecTests {
  private func bigEndian(_ value: Int) -> [UInt8] {
    withUnsafeBytes(of: UInt32(value).bigEndian, Array.init)
  }

  /// `[uncompressed length][compressed length][LZ4 block]` for one piece.
  private func hadoopBlock(_ piece: [UInt8]) throws -> [UInt8] {
    let block = try compressBytes(.lz4Raw, piece)
    return bigEndian(piece.count) + bigEndian(block.count) + block
  }

  @Test(arguments: Sample.allCases)
  func roundTrip(_ sample: Sample) throws {
    try expectRoundTrip(.lz4, sample.bytes)
  }

  @Test func decodesTwoHandBuiltFrames() throws {
    let sample = CompressionFixtures.sample
    let framed = try hadoopBlock(Array(sample[0..<3000])) + hadoopBlock(Array(sample[3000...]))
    #expect(try decompressBytes(.lz4, framed, size: sample.count) == sample)
  }

  @Test func decodesABlockOfSeveralChunks() throws {
    // Hadoop's own layout: one uncompressed length, then chunks until it is reached.
    let sample = CompressionFixtures.sample
    let first = try compressBytes(.lz4Raw, Array(sample[0..<2000]))
    let second = try compressBytes(.lz4Raw, Array(sample[2000...]))
    let framed = bigEndian(sample.count) + bigEndian(first.count) + first + bigEndian(second.count) + second
    #expect(try decompressBytes(.lz4, framed, size: sample.count) == sample)
  }

  @Test func fallsBackToABareBlock() throws {
    let sample = CompressionFixtures.sample
    let bare = try compressBytes(.lz4Raw, sample)
    #expect(try decompressBytes(.lz4, bare, size: sample.count) == sample)
    let one = try compressBytes(.lz4Raw, [7])
    #expect(try decompressBytes(.lz4, one, size: 1) == [7])
  }

  @Test func fallsBackToTheLZ4FrameFormat() throws {
    let sample = CompressionFixtures.sample
    let frame = try CompressionFixtures.bytes("sample.txt.lz4")
    #expect(try decompressBytes(.lz4, frame, size: sample.count) == sample)
    #expect(try decompressBytes(.lz4, frame + frame, size: 2 * sample.count) == sample + sample)
    expectWrongSizesThrow(.lz4, frame, trueSize: sample.count)
  }

  @Test func framingThatDoesNotAddUpIsNotTrusted() throws {
    let sample = CompressionFixtures.sample
    var framed = try hadoopBlock(sample)
    framed[3] &+= 1  // the block claims one byte more than it holds
    #expect(throws: ParquetError.self) { try decompressBytes(.lz4, framed, size: sample.count) }
    #expect(throws: ParquetError.self) {
      try decompressBytes(.lz4, try hadoopBlock(sample) + [0, 0], size: sample.count)
    }
  }

  @Test func writesHadoopFraming() throws {
    let input = Sample.tenMegabytes.bytes
    let compressed = try compressBytes(.lz4, input)
    var offset = 0
    var blocks = 0
    var total = 0
    while offset < compressed.count {
      let length = compressed[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
      let chunk = compressed[offset + 4..<offset + 8].reduce(0) { $0 << 8 | Int($1) }
      #expect(length <= HadoopLZ4Codec.blockSize)
      total += length
      offset += 8 + chunk
      blocks += 1
    }
    #expect(offset == compressed.count)
    #expect(total == input.count)
    #expect(blocks == (input.count + HadoopLZ4Codec.blockSize - 1) / HadoopLZ4Codec.blockSize)
    #expect(try compressBytes(.lz4, []) == [0, 0, 0, 0, 0, 0, 0, 1, 0])
  }

  @Test func parquetTestingPagesDecode() throws {
    let pages = CompressionFixtures.pages.filter { $0.codec == .lz4 }
    #expect(pages.count == 12)
    for page in pages {
      let decoded = try decompressBytes(.lz4, page.body, size: page.uncompressedSize)
      #expect(decoded.count == page.uncompressedSize, "\(page.name)")
    }
    // hadoop_lz4_compressed.parquet is framed and non_hadoop_lz4_compressed.parquet is not; where both
    // files hold the same page, both paths must decode it alike.
    for index in [0, 2, 4] {
      let framed = try #require(CompressionFixtures.page("hadoop_lz4_compressed.\(index)"))
      let bare = try #require(CompressionFixtures.page("non_hadoop_lz4_compressed.\(index)"))
      #expect(framed.body.count == bare.body.count + 8)
      #expect(
        try decompressBytes(.lz4, framed.body, size: framed.uncompressedSize)
          == decompressBytes(.lz4, bare.body, size: bare.uncompressedSize))
    }
  }

  @Test func wrongOutputSizeThrows() throws {
    let sample = CompressionFixtures.sample
    expectWrongSizesThrow(.lz4, try compressBytes(.lz4, sample), trueSize: sample.count)
    expectWrongSizesThrow(.lz4, try compressBytes(.lz4Raw, sample), trueSize: sample.count)
    expectWrongSizesThrow(.lz4, try compressBytes(.lz4, [1]), trueSize: 1)
  }

  @Test func corruptInputThrowsOrDecodesInBounds() throws {
    let sample = CompressionFixtures.sample
    fuzzCorruption(.lz4, try compressBytes(.lz4, sample), original: sample, hasChecksum: false, label: "LZ4 framed")
    fuzzCorruption(.lz4, try compressBytes(.lz4Raw, sample), original: sample, hasChecksum: false, label: "LZ4 bare")
    // The CLI's frames carry a content checksum.
    fuzzCorruption(
      .lz4, try CompressionFixtures.bytes("sample.txt.lz4"), original: sample, hasChecksum: true, label: "LZ4 frame")
    fuzzGarbage(.lz4, label: "LZ4")
  }
}
