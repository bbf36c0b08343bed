// Shared helpers for the codec tests: fixtures, seeded samples, round trips and corruption fuzzing.

import Foundation
import TarnCore
import Testing

@testable import TarnParquet

/// Fixtures/compression/, found from this file's path; regenerate with Fixtures/compression/generate.sh.
enum CompressionFixtures {
  static let directory: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)  // Tests/TarnParquetTests/Compression/CompressionTestSupport.swift
    return parts.joined(separator: "/") + "/Fixtures/compression"
  }()

  static func bytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
  }

  /// The text the command-line vectors compress.
  static let sample: [UInt8] = (try? bytes("sample.txt")) ?? []

  /// One compressed page body cut out of a parquet-testing file by extract_pages.py.
  struct Page: Sendable, CustomTestStringConvertible {
    var name: String
    var codec: CompressionCodec
    var uncompressedSize: Int
    var body: [UInt8]
    /// The decoded page, where Python's zlib could produce it (GZIP pages).
    var expected: [UInt8]?
    var testDescription: String { name }
  }

  static let pages: [Page] = {
    guard let text = try? String(contentsOfFile: directory + "/parquet-testing-pages.tsv", encoding: .utf8) else {
      return []
    }
    return text.split(separator: "\n").map { line in
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      let codec = CompressionCodec.allCases.first { $0.name == fields[1] }!
      return Page(
        name: fields[0], codec: codec, uncompressedSize: Int(fields[2])!, body: hexBytes(fields[3]),
        expected: fields[4] == "-" ? nil : hexBytes(fields[4]))
    }
  }()

  static func page(_ name: String) -> Page? { pages.first { $0.name == name } }

  static func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count - 1, by: 2).map {
      UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)!
    }
  }
}

/// A seed for a random test: `TARN_TEST_SEED` if set, else a fresh one; printed so a failure can be replayed.
func testSeed(_ label: String) -> UInt64 {
  let seed =
    ProcessInfo.processInfo.environment["TARN_TEST_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
  print("\(label): seed \(seed) (replay with TARN_TEST_SEED=\(seed))")
  return seed
}

/// The inputs every codec round-trips.
enum Sample: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case empty, oneByte, compressible, incompressible, tenMegabytes

  var testDescription: String { rawValue }

  var bytes: [UInt8] {
    switch self {
    case .empty: []
    case .oneByte: [0x5A]
    case .compressible: Sample.compressibleBytes
    case .incompressible: Sample.randomBytes
    case .tenMegabytes: Sample.tenMegabyteBytes
    }
  }

  private static let compressibleBytes: [UInt8] = Array(
    String(repeating: "2024-01-01,station-7,12.5,the quick brown fox\n", count: 1500).utf8)

  static func random(count: Int, seed: UInt64) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    var bytes = [UInt8](repeating: 0, count: count)
    bytes.withUnsafeMutableBytes { raw in
      for i in stride(from: 0, to: count - 7, by: 8) {
        raw.storeBytes(of: generator.next(), toByteOffset: i, as: UInt64.self)
      }
    }
    for i in (count - count % 8)..<count { bytes[i] = UInt8(truncatingIfNeeded: generator.next()) }
    return bytes
  }

  private static let randomBytes = random(count: 65_536, seed: 42)

  /// 10 MB of CSV-like lines with random fields: compresses about 3x, like real pages.
  private static let tenMegabyteBytes: [UInt8] = {
    let count = 10 * 1024 * 1024
    var generator = SeededGenerator(seed: 7)
    var bytes = [UInt8]()
    bytes.reserveCapacity(count + 64)
    let words: [[UInt8]] = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"].map { Array($0.utf8) }
    while bytes.count < count {
      let r = generator.next()
      bytes.append(contentsOf: words[Int(r % 6)])
      bytes.append(UInt8(ascii: ","))
      bytes.append(contentsOf: String(r >> 40).utf8)
      bytes.append(UInt8(ascii: "\n"))
    }
    return Array(bytes[0..<count])
  }()
}

/// Appends `input` compressed by `codec` to a fresh buffer and returns the bytes.
func compressBytes(_ codec: CompressionCodec, _ input: [UInt8], level: Int? = nil) throws -> [UInt8] {
  let buffer = ByteBuffer(capacity: 16)
  try input.withUnsafeBytes { source in try codec.compress(source, into: buffer, level: level) }
  return Array(buffer.bytes)
}

/// Decompresses into exactly `size` bytes, with guard bytes after them that must stay untouched.
func decompressBytes(_ codec: CompressionCodec, _ input: [UInt8], size: Int) throws -> [UInt8] {
  let canary: UInt8 = 0xA5
  let guardCount = 64
  var buffer = [UInt8](repeating: canary, count: size + guardCount)
  defer { #expect(buffer[size...].allSatisfy { $0 == canary }, "\(codec) wrote past the end of its output") }
  try input.withUnsafeBytes { source in
    try buffer.withUnsafeMutableBytes { all in
      try codec.decompress(source, into: UnsafeMutableRawBufferPointer(rebasing: all[0..<size]))
    }
  }
  return Array(buffer[0..<size])
}

/// Compresses and decompresses `sample`, expecting the same bytes back.
func expectRoundTrip(_ codec: CompressionCodec, _ sample: [UInt8], level: Int? = nil) throws {
  let compressed = try compressBytes(codec, sample, level: level)
  let restored = try decompressBytes(codec, compressed, size: sample.count)
  #expect(restored == sample, "\(codec) level \(level.map(String.init) ?? "default"): round trip changed the bytes")
}

/// Decompressing into a size other than the true one must throw.
func expectWrongSizesThrow(_ codec: CompressionCodec, _ compressed: [UInt8], trueSize: Int) {
  var sizes = [trueSize + 1, trueSize * 2 + 7]
  if trueSize > 0 { sizes += [trueSize - 1, 0] }
  for size in sizes {
    #expect(throws: ParquetError.self, "\(codec): \(trueSize) bytes decoded into \(size)") {
      _ = try decompressBytes(codec, compressed, size: size)
    }
  }
}

/// Truncates and bit-flips `compressed` `cases` times. Truncations must throw; flips may decode only to
/// `original`-sized output, and when `hasChecksum` only to `original` itself. Nothing may trap or write out of bounds.
func fuzzCorruption(
  _ codec: CompressionCodec, _ compressed: [UInt8], original: [UInt8], hasChecksum: Bool, cases: Int = 400,
  label: String
) {
  let seed = testSeed("\(label) corruption")
  var generator = SeededGenerator(seed: seed)
  var thrown = 0
  for index in 0..<cases {
    var damaged = compressed
    let isTruncation = index % 2 == 0
    if isTruncation {
      damaged.removeLast(Int.random(in: 1...compressed.count, using: &generator))
    } else {
      for _ in 0..<Int.random(in: 1...3, using: &generator) {
        damaged[Int.random(in: 0..<damaged.count, using: &generator)] ^=
          UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
      }
    }
    do {
      let decoded = try decompressBytes(codec, damaged, size: original.count)
      #expect(!isTruncation, "\(label) case \(index), seed \(seed): a truncation to \(damaged.count) bytes decoded")
      if hasChecksum {
        #expect(
          decoded == original, "\(label) case \(index), seed \(seed): a checksummed stream decoded to wrong bytes")
      }
    } catch is ParquetError {
      thrown += 1
    } catch {
      Issue.record("\(label) case \(index), seed \(seed): threw a non-Parquet error \(error)")
    }
  }
  print("\(label): \(thrown) of \(cases) damaged inputs threw")
}

/// Random bytes of random lengths must throw or decode, never trap.
func fuzzGarbage(_ codec: CompressionCodec, label: String, cases: Int = 200) {
  let seed = testSeed("\(label) garbage")
  var generator = SeededGenerator(seed: seed)
  for _ in 0..<cases {
    let garbage = Sample.random(count: Int.random(in: 0...300, using: &generator), seed: generator.next())
    let size = Int.random(in: 0...2000, using: &generator)
    _ = try? decompressBytes(codec, garbage, size: size)
  }
}
