// Seeded damage to real files: truncation, flipped bytes and lying lengths must end in a ParquetError, never a trap.
import Foundation
import Testing
import TarnParquet

/// Reads every row group of an in-memory file; returns whether it read cleanly. Errors must be ParquetError.
@discardableResult
func readEverything(_ bytes: [UInt8], name: String) -> Bool {
  do {
    let reader = try ParquetFileReader(file: MappedFile(copying: bytes, path: name))
    for group in 0..<reader.rowGroupCount { _ = try reader.readRowGroup(group) }
    return true
  } catch {
    return false
  }
}

enum Damage: CaseIterable {
  case truncate, flipBytes, lyingLength, zeroRun

  func apply(to original: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
    var bytes = original
    switch self {
    case .truncate:
      bytes.removeLast(Int.random(in: 1...bytes.count, using: &rng))
    case .flipBytes:
      for _ in 0..<Int.random(in: 1...8, using: &rng) {
        let at = Int.random(in: 0..<bytes.count, using: &rng)
        bytes[at] ^= UInt8.random(in: 1...255, using: &rng)
      }
    case .lyingLength:
      // Values that thrift varints, page sizes and length prefixes commonly turn into huge counts.
      let lies: [[UInt8]] = [[0xFF, 0xFF, 0xFF, 0x7F], [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0x80, 0x80, 0x80, 0x80, 0x08], [0, 0, 0, 0x80]]
      let lie = lies[Int.random(in: 0..<lies.count, using: &rng)]
      let at = Int.random(in: 0..<max(1, bytes.count - lie.count), using: &rng)
      for (i, b) in lie.enumerated() where at + i < bytes.count { bytes[at + i] = b }
    case .zeroRun:
      let at = Int.random(in: 0..<bytes.count, using: &rng)
      let length = min(Int.random(in: 1...64, using: &rng), bytes.count - at)
      for i in at..<(at + length) { bytes[i] = 0 }
    }
    return bytes
  }
}

/// Files with a variety of encodings, codecs and nesting.
let damageTargets = [
  "alltypes_plain.parquet", "alltypes_dictionary.parquet", "alltypes_plain.snappy.parquet",
  "delta_binary_packed.parquet", "delta_byte_array.parquet", "delta_length_byte_array.parquet",
  "byte_stream_split.zstd.parquet", "nested_lists.snappy.parquet", "nonnullable.impala.parquet",
  "datapage_v2.snappy.parquet", "lz4_raw_compressed.parquet", "hadoop_lz4_compressed.parquet",
  "concatenated_gzip_members.parquet", "fixed_length_decimal.parquet", "int96_from_spark.parquet",
  "rle_boolean_encoding.parquet", "null_list.parquet", "repeated_no_annotation.parquet", "nulls.snappy.parquet",
  "float16_nonzeros_and_nans.parquet", "map_no_value.parquet",
]

@Test(arguments: damageTargets)
func damagedCopiesNeverTrap(_ name: String) throws {
  let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: FixturePaths.parquet(name))))
  #expect(readEverything(original, name: name), "the undamaged file must read")
  let seed = UInt64(truncatingIfNeeded: name.utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
  print("damage seed for \(name): \(seed)")
  var rng = SeededGenerator(seed: seed)
  var failures = 0
  let cases = 250
  for _ in 0..<cases {
    let damage = Damage.allCases[Int.random(in: 0..<Damage.allCases.count, using: &rng)]
    if !readEverything(damage.apply(to: original, using: &rng), name: name) { failures += 1 }
  }
  // Most damage must be noticed; a file that always reads would mean errors are swallowed.
  #expect(failures > 0)
}

@Test(arguments: ["ARROW-GH-41317.parquet", "ARROW-GH-41321.parquet", "ARROW-GH-47662.parquet", "ARROW-RS-GH-6229-DICTHEADER.parquet"])
func badDataFailsCleanly(_ name: String) throws {
  let path = FixturePaths.parquetBadData + "/" + name
  do {
    let reader = try ParquetFileReader(path: path)
    for group in 0..<reader.rowGroupCount { _ = try reader.readRowGroup(group) }
    Issue.record("\(name) read without an error")
  } catch {
    #expect(error.description.contains(name), "the error names the file: \(error)")
    // Only the first file's footer is damaged; the others fail inside a row group, which the error names too.
    if name != "ARROW-GH-41317.parquet" {
      #expect(error.description.contains("row group"), "the error names the row group: \(error)")
    }
  }
}

/// ARROW-GH-43605 is legal: pyarrow and DuckDB both read 21,186 zeros from it, and so must Tarn.
@Test func arrowGH43605ReadsAsZeros() throws {
  let reader = try ParquetFileReader(path: FixturePaths.parquetBadData + "/ARROW-GH-43605.parquet")
  let batch = try reader.readRowGroup(0)
  #expect(batch.count == 21186)
  let column = batch.columns[0]
  #expect(column.type == .uint16)
  #expect((0..<batch.count).allSatisfy { !column.isNull($0) && column.value(at: $0, as: UInt16.self) == 0 })
}
