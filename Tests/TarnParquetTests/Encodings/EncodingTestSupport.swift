// Shared helpers for the encoding tests: chunking and byte-array columns (the seeded generator is in Support/).

import Foundation
import Testing
import TarnCore
@testable import TarnParquet


/// A generator for one test: the seed comes from `TARN_TEST_SEED` or is drawn fresh, and is printed
/// so a failing run can be replayed.
func makeRandom(_ test: String = #function) -> SeededGenerator {
  let seed = ProcessInfo.processInfo.environment["TARN_TEST_SEED"].flatMap { UInt64($0) }
    ?? UInt64.random(in: 0...UInt64.max)
  print("\(test): seed \(seed) (set TARN_TEST_SEED=\(seed) to replay)")
  return SeededGenerator(seed: seed)
}

/// Splits `total` into random chunk sizes (some 0) that add up to it.
func randomChunks(_ total: Int, maxChunk: Int = 300, using rng: inout SeededGenerator) -> [Int] {
  var chunks: [Int] = []
  var left = total
  while left > 0 {
    let n = min(left, Int.random(in: 0...maxChunk, using: &rng))
    chunks.append(n)
    left -= n
  }
  return chunks
}

/// Splits `total` into `parts` nearly equal chunk sizes.
func evenChunks(_ total: Int, parts: Int) -> [Int] {
  (0..<parts).map { total * ($0 + 1) / parts - total * $0 / parts }
}

extension ByteBuffer {
  var array: [UInt8] { Array(bytes) }
  /// A buffer holding one `Int64` 0: the offsets of an empty byte-array column.
  static func offsetsStartingAtZero() -> ByteBuffer {
    let offsets = ByteBuffer(capacity: 64)
    offsets.append(Int64(0))
    return offsets
  }
}

/// Byte arrays as a values buffer and `Int64` end offsets, the project's layout.
struct ByteArrays: Equatable, CustomStringConvertible {
  var bytes: [UInt8] = []
  var offsets: [Int64] = [0]

  init() {}
  init<S: Sequence>(_ values: S) where S.Element == [UInt8] {
    for value in values { append(value) }
  }
  init(strings: [String]) { self.init(strings.map { Array($0.utf8) }) }
  /// The values read from decoder output buffers.
  init(values: ByteBuffer, offsets: ByteBuffer) {
    bytes = values.array
    self.offsets = Array(offsets.typed(Int64.self))
  }

  mutating func append(_ value: [UInt8]) {
    bytes += value
    offsets.append(Int64(bytes.count))
  }
  var count: Int { offsets.count - 1 }
  subscript(i: Int) -> [UInt8] { Array(bytes[Int(offsets[i])..<Int(offsets[i + 1])]) }
  var values: [[UInt8]] { (0..<count).map { self[$0] } }
  /// Values `range`, with offsets rebased to 0.
  func slice(_ range: Range<Int>) -> ByteArrays { ByteArrays(range.map { self[$0] }) }
  var description: String { values.map { String(decoding: $0, as: UTF8.self) }.description }

  func withBuffers<R>(_ body: (UnsafeRawBufferPointer, UnsafeBufferPointer<Int64>) -> R) -> R {
    bytes.withUnsafeBytes { b in offsets.withUnsafeBufferPointer { o in body(b, o) } }
  }
}

/// Random byte arrays with shared prefixes, empty values and repeats, as front coding meets them.
func randomByteArrays(count: Int, using rng: inout SeededGenerator) -> ByteArrays {
  var result = ByteArrays()
  var previous: [UInt8] = []
  for _ in 0..<count {
    var value: [UInt8]
    switch Int.random(in: 0..<10, using: &rng) {
    case 0: value = []
    case 1: value = previous
    case 2...5:
      value = Array(previous.prefix(Int.random(in: 0...previous.count, using: &rng)))
      value += (0..<Int.random(in: 0...12, using: &rng)).map { _ in UInt8.random(in: 97...100, using: &rng) }
    default: value = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }
    result.append(value)
    previous = value
  }
  return result
}

func randomBytes(_ count: Int, using rng: inout SeededGenerator) -> [UInt8] {
  (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
}

/// The reason of a thrown `ParquetError`, or nil when `body` does not throw.
func parquetErrorReason(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> ParquetError.Reason? {
  do {
    try body()
    return nil
  } catch let error as ParquetError {
    return error.reason
  } catch {
    Issue.record("threw \(error), not a ParquetError", sourceLocation: sourceLocation)
    return .internalBug("not a ParquetError")
  }
}

extension ParquetError.Reason {
  var isCorrupt: Bool { if case .corrupt = self { true } else { false } }
  var isTruncated: Bool { if case .truncated = self { true } else { false } }
}
