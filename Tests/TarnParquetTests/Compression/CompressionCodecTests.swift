// CompressionCodec dispatch: Thrift values, levels, LZO, UNCOMPRESSED, empty pages, concurrency.

import Dispatch
import TarnCore
import Testing

@testable import TarnParquet

@Suite struct CompressionCodecTests {
  static let realCodecs: [CompressionCodec] = [.snappy, .gzip, .brotli, .lz4, .zstd, .lz4Raw]

  @Test func thriftValues() throws {
    let expected: [(Int32, CompressionCodec, String)] = [
      (0, .uncompressed, "UNCOMPRESSED"), (1, .snappy, "SNAPPY"), (2, .gzip, "GZIP"), (3, .lzo, "LZO"),
      (4, .brotli, "BROTLI"), (5, .lz4, "LZ4"), (6, .zstd, "ZSTD"), (7, .lz4Raw, "LZ4_RAW"),
    ]
    for (value, codec, name) in expected {
      #expect(try CompressionCodec(thrift: value) == codec)
      #expect(codec.name == name)
    }
    for value: Int32 in [8, -1, 1000] {
      let error = #expect(throws: ParquetError.self) { try CompressionCodec(thrift: value) }
      #expect(error?.reason == .unsupported("compression codec \(value)"))
    }
  }

  @Test func lzoIsUnsupported() {
    let decompressError = #expect(throws: ParquetError.self) { try decompressBytes(.lzo, [1, 2, 3], size: 10) }
    #expect(decompressError?.reason == .unsupported("LZO compression"))
    let emptyError = #expect(throws: ParquetError.self) { try decompressBytes(.lzo, [], size: 0) }
    #expect(emptyError?.reason == .unsupported("LZO compression"))
    let compressError = #expect(throws: ParquetError.self) { try compressBytes(.lzo, [1, 2, 3]) }
    #expect(compressError?.reason == .unsupported("LZO compression"))
  }

  @Test func uncompressedCopiesExactly() throws {
    let sample = CompressionFixtures.sample
    #expect(try compressBytes(.uncompressed, sample) == sample)
    #expect(try decompressBytes(.uncompressed, sample, size: sample.count) == sample)
    expectWrongSizesThrow(.uncompressed, sample, trueSize: sample.count)
  }

  @Test func defaultLevels() {
    #expect(CompressionCodec.zstd.defaultLevel == 1)  // Arrow's default
    #expect(CompressionCodec.gzip.defaultLevel == 6)
    #expect(CompressionCodec.brotli.defaultLevel == 8)
    for codec in [CompressionCodec.uncompressed, .snappy, .lzo, .lz4, .lz4Raw] {
      #expect(codec.defaultLevel == nil)
      #expect(codec.levels == nil)
    }
    #expect(CompressionCodec.zstd.levels?.contains(22) == true)
    #expect(CompressionCodec.gzip.levels == 0...12)
    #expect(CompressionCodec.brotli.levels == 0...11)
  }

  @Test func levelsAreChecked() {
    let cases: [(CompressionCodec, Int)] = [
      (.snappy, 1), (.lz4Raw, 1), (.lz4, 9), (.uncompressed, 0), (.zstd, 23), (.gzip, 13), (.gzip, -1), (.brotli, 12),
    ]
    for (codec, level) in cases {
      #expect(throws: ParquetError.self, "\(codec) level \(level)") {
        try compressBytes(codec, [1, 2, 3], level: level)
      }
    }
  }

  @Test func compressAppendsAfterExistingBytes() throws {
    let sample = CompressionFixtures.sample
    for codec in Self.realCodecs + [.uncompressed] {
      let buffer = ByteBuffer(capacity: 4)
      buffer.append(UInt32(0xDEAD_BEEF))
      try sample.withUnsafeBytes { try codec.compress($0, into: buffer) }
      let bytes = Array(buffer.bytes)
      #expect(Array(bytes[0..<4]) == withUnsafeBytes(of: UInt32(0xDEAD_BEEF), Array.init))
      #expect(try decompressBytes(codec, Array(bytes[4...]), size: sample.count) == sample, "\(codec)")
    }
  }

  @Test(arguments: realCodecs + [.uncompressed])
  func emptyPageStoredAsNoBytes(_ codec: CompressionCodec) throws {
    try codec.decompress(
      UnsafeRawBufferPointer(start: nil, count: 0), into: UnsafeMutableRawBufferPointer(start: nil, count: 0))
  }

  @Test(arguments: realCodecs)
  func emptyPageWithNilBuffers(_ codec: CompressionCodec) throws {
    // The codec's encoding of nothing, decoded into a buffer with no base address.
    let compressed = try compressBytes(codec, [])
    try compressed.withUnsafeBytes { source in
      try codec.decompress(source, into: UnsafeMutableRawBufferPointer(start: nil, count: 0))
    }
    // Nothing can't decode to something.
    #expect(throws: ParquetError.self) { try decompressBytes(codec, [], size: 5) }
  }

  @Test(arguments: realCodecs)
  func decompressesConcurrently(_ codec: CompressionCodec) throws {
    // Several threads share nothing but the per-thread contexts; each must get its own page back.
    let pages = (0..<16).map { Sample.random(count: 3000, seed: UInt64($0)) + CompressionFixtures.sample }
    let compressed = try pages.map { try compressBytes(codec, $0) }
    DispatchQueue.concurrentPerform(iterations: 64) { iteration in
      let index = iteration % pages.count
      let decoded = try? decompressBytes(codec, compressed[index], size: pages[index].count)
      #expect(decoded == pages[index], "\(codec) page \(index)")
    }
  }
}
