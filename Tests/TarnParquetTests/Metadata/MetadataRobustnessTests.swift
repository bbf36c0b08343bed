// Cut-off, mutated and random metadata bytes must throw ParquetError or decode; never trap or hang.

import Foundation
import Testing
@testable import TarnParquet

/// The seed for this run: `TARN_TEST_SEED` if set (to replay a failure), otherwise random.
private let runSeed: UInt64 = {
  if let text = ProcessInfo.processInfo.environment["TARN_TEST_SEED"], let seed = UInt64(text) { return seed }
  return UInt64.random(in: 0 ... .max)
}()

/// Decodes `bytes` as `T`; if that works, the value must re-encode to bytes that decode to a
/// value encoding to the same bytes again (decoding may be lenient, but encoding is stable).
/// Returns whether the first decode succeeded.
private func decodeIsStable<T: ThriftStruct>(
  _ type: T.Type, _ bytes: [UInt8], at offset: Int = 0, context: @autoclosure () -> String
) -> Bool {
  let first: T
  do {
    first = try bytes.withUnsafeBytes { try T.decode(from: $0, at: offset).value }
  } catch {
    #expect(error is ParquetError, "\(context()): \(error)")
    return false
  }
  let encoded = first.encoded()
  do {
    let second = try decodeAll(T.self, encoded)
    #expect(second.encoded() == encoded, "\(context()): encoding is not stable")
  } catch {
    Issue.record("\(context()): re-encoded value does not decode: \(error)")
  }
  return true
}

/// The footers the cut-off test walks at every length: a mix of writers and features.
private let truncationFixtures = [
  "alltypes_plain.parquet", "data_index_bloom_encoding_stats.parquet", "datapage_v2.snappy.parquet",
  "nested_lists.snappy.parquet", "nonnullable.impala.parquet", "geospatial-with-nan.parquet",
  "unknown-logical-type.parquet", "floating_orders_nan_count.parquet", "column_chunk_key_value_metadata.parquet",
  "binary_truncated_min_max.parquet", "byte_stream_split.zstd.parquet", "repeated_primitive_no_list.parquet",
]

@Suite struct MetadataRobustnessTests {
  /// Every strict prefix of a footer lacks at least the final stop byte, so it must throw.
  @Test(arguments: truncationFixtures)
  func everyTruncatedFooterThrows(file: String) throws {
    let footer = try ParquetFixtures.footer(file)
    for length in 0..<footer.count {
      let prefix = Array(footer[0..<length])
      let error = #expect(throws: ParquetError.self, "\(file) cut at \(length)") {
        try prefix.withUnsafeBytes { buffer in _ = try FileMetaData.decode(buffer) }
      }
      if case .corrupt = error?.reason {
        // A cut can land inside a varint, making its last byte look like a new field header;
        // corrupt is as good as truncated then.
      } else {
        #expect(isTruncated(error) || isOverLimit(error), "\(file) cut at \(length): \(String(describing: error))")
      }
    }
  }

  @Test func mutatedFootersThrowOrDecodeStably() throws {
    print("MetadataRobustnessTests.mutatedFootersThrowOrDecodeStably seed: \(runSeed) (replay with TARN_TEST_SEED)")
    var generator = SeededGenerator(seed: runSeed)
    let footers = try ParquetFixtures.dataFileNames.map { try ParquetFixtures.footer($0) }
    var decoded = 0
    let cases = ProcessInfo.processInfo.environment["TARN_FUZZ_CASES"].flatMap { Int($0) } ?? 4000
    for index in 0..<cases {
      var bytes = footers[Int.random(in: 0..<footers.count, using: &generator)]
      let mutations = Int.random(in: 1...4, using: &generator)
      for _ in 0..<mutations where !bytes.isEmpty {
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
        case 1: bytes[position] = UInt8.random(in: 0 ... .max, using: &generator)
        case 2: bytes[position] = [0x00, 0xFF, 0x7F, 0x80, 0x19, 0xF9, 0x1C][Int.random(in: 0..<7, using: &generator)]
        default: bytes.remove(at: position)
        }
      }
      if decodeIsStable(FileMetaData.self, bytes, context: "seed \(runSeed) case \(index)") { decoded += 1 }
    }
    // Flips in string payloads and statistics leave the footer valid, so some must decode.
    #expect(decoded > 0)
    #expect(decoded < cases)
  }

  @Test func mutatedPageHeadersThrowOrDecodeStably() throws {
    var generator = SeededGenerator(seed: runSeed ^ 0x5A5A)
    // The first page header of every column chunk, with the bytes after it as padding.
    var headers: [[UInt8]] = []
    for name in ParquetFixtures.dataFileNames {
      let file = try ParquetFixtures.bytes(name)
      let metadata = try ParquetFixtures.footer(of: file).withUnsafeBytes { try FileMetaData.decode($0) }
      for chunk in metadata.rowGroups.flatMap(\.columns) {
        guard let column = chunk.metaData else { continue }
        let offsets = [column.dictionaryPageOffset, column.dataPageOffset].compactMap { $0 }.filter { $0 >= 4 }
        guard let start = offsets.min().map(Int.init) else { continue }
        headers.append(Array(file[start..<min(start + 64, file.count)]))
      }
    }
    #expect(headers.count > 50)
    for index in 0..<3000 {
      var bytes = headers[Int.random(in: 0..<headers.count, using: &generator)]
      for _ in 0..<Int.random(in: 1...3, using: &generator) {
        let position = Int.random(in: 0..<min(bytes.count, 32), using: &generator)
        bytes[position] = UInt8.random(in: 0 ... .max, using: &generator)
      }
      _ = decodeIsStable(PageHeader.self, bytes, context: "seed \(runSeed) page case \(index)")
    }
  }

  @Test func randomBytesThrowOrDecodeStably() {
    var generator = SeededGenerator(seed: runSeed ^ 0xA5A5)
    for index in 0..<3000 {
      let count = Int.random(in: 0...64, using: &generator)
      // Bias towards small bytes so field headers with valid types come up often.
      let bytes = (0..<count).map { _ in
        Bool.random(using: &generator) ? UInt8.random(in: 0...0x3F, using: &generator) : UInt8.random(in: 0 ... .max, using: &generator)
      }
      let context = "seed \(runSeed) random case \(index)"
      _ = decodeIsStable(FileMetaData.self, bytes, context: context)
      _ = decodeIsStable(PageHeader.self, bytes, context: context)
      _ = decodeIsStable(ColumnIndex.self, bytes, context: context)
      _ = decodeIsStable(OffsetIndex.self, bytes, context: context)
      _ = decodeIsStable(BloomFilterHeader.self, bytes, context: context)
      _ = decodeIsStable(LogicalType.self, bytes, context: context)
      _ = decodeIsStable(Statistics.self, bytes, context: context)
    }
  }

  /// parquet-testing's bad_data file with a corrupt dictionary page header (arrow-rs #6229):
  /// the footer decodes, and walking its pages throws or works but never traps.
  @Test func corruptDictionaryHeaderFile() throws {
    let file = try ParquetFixtures.bytes("ARROW-RS-GH-6229-DICTHEADER.parquet", in: "bad_data")
    let metadata = try ParquetFixtures.footer(of: file).withUnsafeBytes { try FileMetaData.decode($0) }
    for chunk in metadata.rowGroups.flatMap(\.columns) {
      let column = try #require(chunk.metaData)
      var offset = Int(column.dictionaryPageOffset ?? column.dataPageOffset)
      let end = offset + Int(column.totalCompressedSize)
      do {
        try file.withUnsafeBytes { buffer in
          while offset < end && offset < buffer.count {
            let (header, length) = try PageHeader.decode(from: buffer, at: offset)
            guard header.compressedPageSize >= 0 else { break }
            offset += length + Int(header.compressedPageSize)
          }
        }
      } catch {
        #expect(error is ParquetError)
      }
    }
  }

  @Test func deeplyNestedUnknownFieldInFooterThrows() {
    // FileMetaData { 1: 1, 20: { 1: { 1: { ... 200 deep } } } }
    let bytes: [UInt8] = [0x15, 0x02, 0x0C, 0x28] + Array(repeating: 0x1C, count: 200) + Array(repeating: 0x00, count: 202)
    let error = #expect(throws: ParquetError.self) {
      try bytes.withUnsafeBytes { buffer in _ = try FileMetaData.decode(buffer) }
    }
    #expect(isCorrupt(error))
  }
}
