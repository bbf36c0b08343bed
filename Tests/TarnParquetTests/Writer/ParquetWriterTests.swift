// Round trips through ParquetFileWriter and ParquetFileReader: every type, nesting with nulls, limits, codecs, pages.
import Foundation
import Testing
import TarnCore
@testable import TarnParquet

/// A canonical text of one value, dictionaries resolved, for comparing vectors row by row.
func render(_ v: ColumnVector, _ row: Int) -> String {
  if v.isNull(row) { return "null" }
  if let dictionary = v.dictionary { return render(dictionary, v.dictionaryIndex(at: row)) }
  switch v.type {
  case .list(_), .map(_, _):
    return "[" + v.range(at: row).map { render(v.children[0], $0) }.joined(separator: ",") + "]"
  case .structure(let fields):
    return "{" + fields.indices.map { "\(fields[$0].name):" + render(v.children[$0], row) }.joined(separator: ",") + "}"
  case .string: return "'" + v.string(at: row) + "'"
  case .boolean: return v.value(at: row, as: UInt8.self) == 1 ? "true" : "false"
  case .float32: return "\(v.value(at: row, as: Float.self))"
  case .float64: return "\(v.value(at: row, as: Double.self))"
  default: return Array(v.bytes(at: row)).map { String($0, radix: 16) }.joined(separator: ".")
  }
}

func temporaryPath(_ name: String) -> String {
  let folder = NSTemporaryDirectory() + "tarn-writer-tests-\(UUID().uuidString)"
  try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  return folder + "/" + name
}

func writeAndRead(_ batch: RecordBatch, options: ParquetWriterOptions = .init(), batches: Int = 1) throws -> (ParquetFileReader, [[String]]) {
  let path = temporaryPath("t.parquet")
  let writer = try ParquetFileWriter(path: path, schema: batch.schema, options: options)
  for _ in 0..<batches { try writer.write(batch) }
  try writer.close()
  let reader = try ParquetFileReader(path: path)
  var rows: [[String]] = []
  for group in 0..<reader.rowGroupCount {
    let read = try reader.readRowGroup(group)
    for row in 0..<read.count { rows.append(read.columns.map { render($0, row) }) }
  }
  return (reader, rows)
}

func rows(of batch: RecordBatch, times: Int = 1) -> [[String]] {
  let one = (0..<batch.count).map { row in batch.columns.map { render($0, row) } }
  return Array((0..<times).map { _ in one }.joined())
}

func column(_ type: DataType, _ count: Int, nullEvery: Int = 5, _ fill: (inout VectorBuilder, Int) -> Void) -> ColumnVector {
  var builder = VectorBuilder(type: type, capacity: count)
  for i in 0..<count {
    if nullEvery > 0, i % nullEvery == 2 { builder.appendNull() } else { fill(&builder, i) }
  }
  return builder.finish()
}

/// A batch with one column of every scalar type, nulls in each.
func scalarBatch(_ n: Int) -> RecordBatch {
  let columns: [(String, DataType, (inout VectorBuilder, Int) -> Void)] = [
    ("b", .boolean, { $0.append($1 % 3 == 0) }),
    ("i8", .int8, { $0.append(Int8(truncatingIfNeeded: $1 * 7 - 100)) }),
    ("i16", .int16, { $0.append(Int16(truncatingIfNeeded: $1 * 301 - 9000)) }),
    ("i32", .int32, { $0.append(Int32($1 * 100_003 - 5_000_000)) }),
    ("i64", .int64, { $0.append(Int64($1) * 1_000_000_000_007 - 3) }),
    ("u8", .uint8, { $0.append(UInt8(truncatingIfNeeded: $1 * 13)) }),
    ("u16", .uint16, { $0.append(UInt16(truncatingIfNeeded: $1 * 1013)) }),
    ("u32", .uint32, { $0.append(UInt32.max - UInt32($1)) }),
    ("u64", .uint64, { $0.append(UInt64.max - UInt64($1)) }),
    ("f32", .float32, { $0.append(Float($1) / 3) }),
    ("f64", .float64, { $0.append(Double($1) * -1.5) }),
    ("d9", .decimal(precision: 9, scale: 2), { $0.append(Int64($1 * 12_345 - 99_999)) }),
    ("d18", .decimal(precision: 18, scale: 4), { $0.append(Int64($1) * 1_000_000_000_001 - 7) }),
    ("d38", .decimal(precision: 38, scale: 6), { $0.append(Int128($1) * 10_000_000_000_000_000_000_007 - 11) }),
    ("s", .string, { $0.append(string: "str \($1 % 17) ✓") }),
    ("bin", .binary, { b, i in let bytes: [UInt8] = Array(repeating: UInt8(i % 256), count: i % 5); bytes.withUnsafeBytes { b.append(bytes: $0) } }),
    ("fixed", .fixedBinary(3), { b, i in let bytes: [UInt8] = [1, UInt8(i % 256), 3]; bytes.withUnsafeBytes { b.append(bytes: $0) } }),
    ("uuid", .uuid, { b, i in let bytes = (0..<16).map { UInt8(truncatingIfNeeded: i &* 31 &+ $0) }; bytes.withUnsafeBytes { b.append(bytes: $0) } }),
    ("date", .date, { $0.append(Int32($1 * 100 - 5000)) }),
    ("t_ms", .time(.millisecond), { $0.append(Int64($1 * 1234)) }),
    ("t_us", .time(.microsecond), { $0.append(Int64($1) * 1_234_567) }),
    ("t_ns", .time(.nanosecond), { $0.append(Int64($1) * 1_234_567_891) }),
    ("ts_ms", .timestamp(.millisecond, isAdjustedToUTC: false), { $0.append(Int64($1) * 86_400_123) }),
    ("ts_us", .timestamp(.microsecond, isAdjustedToUTC: true), { $0.append(Int64($1) * 86_400_123_456 - 1) }),
    ("ts_ns", .timestamp(.nanosecond, isAdjustedToUTC: false), { $0.append(Int64($1) * 86_400_123_456_789) }),
    ("iv", .interval, { b, i in
      var bytes = [UInt8](repeating: 0, count: 16)
      bytes.withUnsafeMutableBytes {
        $0.storeBytes(of: Int32(i), as: Int32.self)
        $0.storeBytes(of: Int32(i * 2), toByteOffset: 4, as: Int32.self)
        $0.storeBytes(of: Int64(i) * 1000, toByteOffset: 8, as: Int64.self)
      }
      bytes.withUnsafeBytes { b.append(bytes: $0) }
    }),
  ]
  let vectors = columns.map { column($0.1, n, $0.2) }
  return RecordBatch(schema: Schema(columns.map { Field($0.0, $0.1) }), columns: vectors, count: n)
}

/// list<struct<a: int32, b: list<string>>>, map<string, int64> and a nested struct, with nulls at every level.
func nestedBatch(_ n: Int) -> RecordBatch {
  let inner = DataType.structure([Field("a", .int32), Field("b", .list(Field("element", .string)))])
  let listType = DataType.list(Field("element", inner))
  var list = VectorBuilder(type: listType, capacity: n)
  for i in 0..<n {
    if i % 7 == 1 { list.appendNull(); continue }
    for j in 0..<(i % 4) {
      if (i + j) % 5 == 0 {
        list.children[0].appendNull()
        continue
      }
      if (i + j) % 3 == 0 { list.children[0].children[0].appendNull() } else { list.children[0].children[0].append(Int32(i * 10 + j)) }
      if (i + j) % 4 == 1 {
        list.children[0].children[1].appendNull()
      } else {
        for k in 0..<((i + j) % 3) {
          if k == 1 { list.children[0].children[1].children[0].appendNull() } else {
            list.children[0].children[1].children[0].append(string: "v\(i).\(j).\(k)")
          }
        }
        list.children[0].children[1].closeListRow()
      }
      list.children[0].closeStructRow()
    }
    list.closeListRow()
  }
  let mapType = DataType.map(key: Field("key", .string, isNullable: false), value: Field("value", .int64))
  var map = VectorBuilder(type: mapType, capacity: n)
  for i in 0..<n {
    if i % 6 == 0 { map.appendNull(); continue }
    for j in 0..<(i % 3) {
      map.children[0].children[0].append(string: "k\(j)")
      if j == 1 { map.children[0].children[1].appendNull() } else { map.children[0].children[1].append(Int64(i * j)) }
      map.children[0].closeStructRow()
    }
    map.closeListRow()
  }
  let structType = DataType.structure([Field("x", .float64), Field("y", .structure([Field("z", .string)]))])
  var structure = VectorBuilder(type: structType, capacity: n)
  for i in 0..<n {
    if i % 4 == 3 { structure.appendNull(); continue }
    structure.children[0].append(Double(i))
    if i % 5 == 0 { structure.children[1].appendNull() } else {
      if i % 3 == 0 { structure.children[1].children[0].appendNull() } else { structure.children[1].children[0].append(string: "z\(i)") }
      structure.children[1].closeStructRow()
    }
    structure.closeStructRow()
  }
  return RecordBatch(
    schema: Schema([Field("l", listType), Field("m", mapType), Field("s", structType)]),
    columns: [list.finish(), map.finish(), structure.finish()], count: n)
}

@Suite struct ParquetWriterRoundTripTests {
  @Test(arguments: ParquetCompression.allCases)
  func everyScalarTypeWithEveryCodec(_ codec: ParquetCompression) throws {
    var options = ParquetWriterOptions()
    options.compression = codec
    let batch = scalarBatch(300)
    let (reader, read) = try writeAndRead(batch, options: options)
    #expect(read == rows(of: batch))
    #expect(reader.schema.fields.map(\.type) == batch.schema.fields.map(\.type))
  }

  @Test(arguments: [ParquetDataPageVersion.v1, .v2])
  func nestedWithNullsAtEveryLevel(_ version: ParquetDataPageVersion) throws {
    var options = ParquetWriterOptions()
    options.dataPageVersion = version
    options.pageRowLimit = 37
    let batch = nestedBatch(500)
    let (_, read) = try writeAndRead(batch, options: options, batches: 2)
    #expect(read == rows(of: batch, times: 2))
  }

  @Test func dataPageV2WithoutDictionaryAndExplicitEncodings() throws {
    var options = ParquetWriterOptions()
    options.dataPageVersion = .v2
    options.columnEncodings = ["i32": .deltaBinaryPacked, "i64": .deltaBinaryPacked, "s": .deltaLengthByteArray,
                               "bin": .deltaByteArray, "f64": .byteStreamSplit, "f32": .byteStreamSplit]
    let batch = scalarBatch(1000)
    let (_, read) = try writeAndRead(batch, options: options)
    #expect(read == rows(of: batch))
  }

  @Test func emptyAndOneRow() throws {
    let empty = scalarBatch(0)
    let (reader, read) = try writeAndRead(empty)
    #expect(read.isEmpty)
    #expect(reader.rowCount == 0)
    let one = scalarBatch(1)
    #expect(try writeAndRead(one).1 == rows(of: one))
  }

  @Test func manyRowGroupsAndBatchesSplitAcrossThem() throws {
    var options = ParquetWriterOptions()
    options.rowGroupRows = 128
    let batch = scalarBatch(300)
    let (reader, read) = try writeAndRead(batch, options: options, batches: 3)
    #expect(reader.rowGroupCount == 8)
    #expect(read == rows(of: batch, times: 3))
  }

  @Test func largeStringsAndDictionaryFallback() throws {
    var options = ParquetWriterOptions()
    options.dictionarySizeLimit = 1000
    let big = column(.string, 50, nullEvery: 7) { b, i in b.append(string: String(repeating: "x", count: 100_000) + "\(i)") }
    let many = column(.string, 50, nullEvery: 0) { b, i in b.append(string: "distinct value \(i)") }
    let batch = RecordBatch(schema: Schema([Field("big", .string), Field("many", .string)]), columns: [big, many], count: 50)
    let (reader, read) = try writeAndRead(batch, options: options)
    #expect(read == rows(of: batch))
    let chunk = reader.metadata.rowGroups[0].columns[0].metaData!
    #expect(chunk.dictionaryPageOffset == nil)
    #expect(!chunk.encodings.contains(.rleDictionary))
    // Long min/max are truncated: a 64-byte prefix for min, rounded up for max.
    #expect(chunk.statistics!.minValue!.count == 64)
    #expect(chunk.statistics!.maxValue! == Array(repeating: UInt8(ascii: "x"), count: 63) + [UInt8(ascii: "y")])
    #expect(chunk.statistics!.isMaxValueExact == false)
  }

  @Test func dictionaryInputKeepsItsDictionary() throws {
    let dictionary = column(.string, 3, nullEvery: 0) { b, i in b.append(string: ["red", "green", "blue"][i]) }
    let indices = ByteBuffer(copying: (0..<1000).map { UInt32($0 % 3) })
    let vector = ColumnVector(type: .string, count: 1000, values: indices, dictionary: dictionary)
    let batch = RecordBatch(schema: Schema([Field("c", .string)]), columns: [vector], count: 1000)
    let (reader, read) = try writeAndRead(batch, batches: 2)
    #expect(read == rows(of: batch, times: 2))
    #expect(reader.metadata.rowGroups[0].columns[0].metaData!.encodings.contains(.rleDictionary))
  }
}

@Suite struct ParquetWriterStatisticsTests {
  @Test func chunkStatisticsFollowTheSortOrder() throws {
    let signed = column(.int32, 100) { b, i in b.append(Int32(i - 50)) }
    let unsigned = column(.uint32, 100, nullEvery: 0) { b, i in b.append(i == 0 ? UInt32.max : UInt32(i)) }
    let floats = column(.float64, 4, nullEvery: 0) { b, i in b.append([Double.nan, 0.0, 2.5, -1.0][i]) }
    let zeros = column(.float64, 2, nullEvery: 0) { b, i in b.append([0.0, -0.0][i]) }
    let strings = column(.string, 3, nullEvery: 0) { b, i in b.append(string: ["b", "é", "a"][i]) }
    let batchA = RecordBatch(schema: Schema([Field("s", .int32), Field("u", .uint32)]), columns: [signed, unsigned], count: 100)
    let (reader, _) = try writeAndRead(batchA)
    let s = reader.metadata.rowGroups[0].columns[0].metaData!.statistics!
    #expect(s.minValue == withUnsafeBytes(of: Int32(-50).littleEndian, Array.init))
    #expect(s.maxValue == withUnsafeBytes(of: Int32(49).littleEndian, Array.init))
    #expect(s.nullCount == 20)
    #expect(s.min == s.minValue)
    let u = reader.metadata.rowGroups[0].columns[1].metaData!.statistics!
    #expect(u.maxValue == withUnsafeBytes(of: UInt32.max.littleEndian, Array.init))
    #expect(u.minValue == withUnsafeBytes(of: UInt32(1).littleEndian, Array.init))
    #expect(u.min == nil)  // the legacy signed order would disagree

    let batchB = RecordBatch(
      schema: Schema([Field("f", .float64), Field("z", .float64)]), columns: [floats, zeros], count: 2)
    _ = batchB
    let fBatch = RecordBatch(schema: Schema([Field("f", .float64)]), columns: [floats], count: 4)
    let f = try writeAndRead(fBatch).0.metadata.rowGroups[0].columns[0].metaData!.statistics!
    #expect(f.minValue == withUnsafeBytes(of: -1.0, Array.init))
    #expect(f.maxValue == withUnsafeBytes(of: 2.5, Array.init))
    let zBatch = RecordBatch(schema: Schema([Field("z", .float64)]), columns: [zeros], count: 2)
    let z = try writeAndRead(zBatch).0.metadata.rowGroups[0].columns[0].metaData!.statistics!
    #expect(z.minValue == withUnsafeBytes(of: -0.0, Array.init))
    #expect(z.maxValue == withUnsafeBytes(of: 0.0, Array.init))
    let sBatch = RecordBatch(schema: Schema([Field("t", .string)]), columns: [strings], count: 3)
    let t = try writeAndRead(sBatch).0.metadata.rowGroups[0].columns[0].metaData!.statistics!
    #expect(t.minValue == Array("a".utf8))
    #expect(t.maxValue == Array("é".utf8))
  }

  @Test func pageIndexHasOnePageEntryPerPage() throws {
    var options = ParquetWriterOptions()
    options.pageRowLimit = 100
    let values = column(.int64, 1000, nullEvery: 0) { b, i in b.append(Int64(i)) }
    let batch = RecordBatch(schema: Schema([Field("v", .int64)]), columns: [values], count: 1000)
    let (reader, read) = try writeAndRead(batch, options: options)
    #expect(read == rows(of: batch))
    let chunk = reader.metadata.rowGroups[0].columns[0]
    let bytes = reader.file.bytes
    let columnIndex = try ColumnIndex.decode(from: bytes, at: Int(chunk.columnIndexOffset!)).value
    let offsetIndex = try OffsetIndex.decode(from: bytes, at: Int(chunk.offsetIndexOffset!)).value
    #expect(columnIndex.nullPages == Array(repeating: false, count: 10))
    #expect(columnIndex.boundaryOrder == .ascending)
    #expect(columnIndex.minValues[3] == withUnsafeBytes(of: Int64(300).littleEndian, Array.init))
    #expect(columnIndex.maxValues[3] == withUnsafeBytes(of: Int64(399).littleEndian, Array.init))
    #expect(offsetIndex.pageLocations.map(\.firstRowIndex) == (0..<10).map { Int64($0 * 100) })
    #expect(offsetIndex.pageLocations[0].offset == chunk.metaData!.dataPageOffset)
  }

  @Test func bloomFilterHasNoFalseNegatives() throws {
    var options = ParquetWriterOptions()
    options.bloomFilterColumns = ["k": 0.01, "s": 0.01]
    let keys = column(.int64, 5000, nullEvery: 0) { b, i in b.append(Int64(i * 3)) }
    let strings = column(.string, 5000, nullEvery: 0) { b, i in b.append(string: "key-\(i)") }
    let batch = RecordBatch(schema: Schema([Field("k", .int64), Field("s", .string)]), columns: [keys, strings], count: 5000)
    let (reader, _) = try writeAndRead(batch, options: options)
    let k = try #require(try reader.bloomFilter(rowGroup: 0, column: 0))
    let s = try #require(try reader.bloomFilter(rowGroup: 0, column: 1))
    for i in 0..<5000 {
      #expect(k.mightContain(Int64(i * 3)))
      #expect(s.mightContain("key-\(i)"))
    }
    let falsePositives = (0..<5000).filter { k.mightContain(Int64($0 * 3 + 1)) }.count
    #expect(falsePositives < 200)
  }
}

@Suite struct ParquetWriterAtomicityTests {
  func leftovers(_ folder: String) -> [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
  }

  @Test func abortLeavesNothingAndKeepsTheTarget() throws {
    let path = temporaryPath("keep.parquet")
    let folder = (path as NSString).deletingLastPathComponent
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))
    let batch = scalarBatch(10)
    let writer = try ParquetFileWriter(path: path, schema: batch.schema)
    try writer.write(batch)
    writer.abort()
    #expect(leftovers(folder) == ["keep.parquet"])
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("old".utf8))
  }

  @Test func aWrongBatchFailsAndRemovesTheTemporaryFile() throws {
    let path = temporaryPath("wrong.parquet")
    let folder = (path as NSString).deletingLastPathComponent
    let batch = scalarBatch(10)
    let writer = try ParquetFileWriter(path: path, schema: batch.schema)
    let other = nestedBatch(3)
    #expect(throws: ParquetError.self) { try writer.write(other) }
    #expect(leftovers(folder).isEmpty)
    #expect(throws: ParquetError.self) { try writer.write(batch) }
  }

  @Test func aFolderThatDisappearsFailsCleanly() throws {
    let path = temporaryPath("gone.parquet")
    let folder = (path as NSString).deletingLastPathComponent
    let batch = scalarBatch(10)
    let writer = try ParquetFileWriter(path: path, schema: batch.schema)
    try writer.write(batch)
    try FileManager.default.removeItem(atPath: folder)
    #expect(throws: ParquetError.self) { try writer.close() }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func droppingAnUnclosedWriterRemovesTheTemporaryFile() throws {
    let path = temporaryPath("dropped.parquet")
    let folder = (path as NSString).deletingLastPathComponent
    do {
      let batch = scalarBatch(10)
      let writer = try ParquetFileWriter(path: path, schema: batch.schema)
      try writer.write(batch)
    }
    #expect(leftovers(folder).isEmpty)
  }
}
