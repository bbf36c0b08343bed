// Pages encoded in parallel and written in order, byte-array statistics past the 8-byte prefix, and nullable
// fixed-width values appended in one pass across dictionary and dense batches.
import Foundation
import Testing
import TarnCore
@testable import TarnParquet

@Suite struct ParquetWriterPageTests {
  /// Three columns cut into many small pages over several row groups: the pages, encoded out of order on several
  /// threads, must land back to back in file order, each chunk right after the one before.
  @Test(arguments: [ParquetCompression.zstd, .uncompressed], [ParquetDataPageVersion.v1, .v2])
  func manyPagesAcrossColumnsLandInFileOrder(_ codec: ParquetCompression, _ version: ParquetDataPageVersion) throws {
    var options = ParquetWriterOptions()
    options.compression = codec
    options.dataPageVersion = version
    options.pageSize = 2048
    options.rowGroupRows = 7000
    let n = 20_000
    let keys = column(.int64, n, nullEvery: 0) { b, i in b.append(Int64(i % 1500) * 1_000_003) }
    let names = column(.string, n, nullEvery: 9) { b, i in b.append(string: "name-\(i * 7919 % 100_003)") }
    let counts = column(.int32, n, nullEvery: 4) { b, i in b.append(Int32(i)) }
    let batch = RecordBatch(
      schema: Schema([Field("k", .int64), Field("s", .string), Field("c", .int32)]), columns: [keys, names, counts], count: n)
    let (reader, read) = try writeAndRead(batch, options: options)
    #expect(read == rows(of: batch))
    #expect(reader.rowGroupCount == 3)
    let bytes = reader.file.bytes
    for group in reader.metadata.rowGroups {
      var next = group.columns[0].metaData!.dictionaryPageOffset ?? group.columns[0].metaData!.dataPageOffset
      #expect(next == group.fileOffset)
      for chunk in group.columns {
        let meta = chunk.metaData!
        let start = meta.dictionaryPageOffset ?? meta.dataPageOffset
        #expect(start == next)
        let pages = try OffsetIndex.decode(from: bytes, at: Int(chunk.offsetIndexOffset!)).value.pageLocations
        #expect(pages.count > 3)
        var offset = meta.dataPageOffset
        for page in pages {
          #expect(page.offset == offset)
          offset += Int64(page.compressedPageSize)
        }
        #expect(offset == start + meta.totalCompressedSize)
        next = offset
      }
      #expect(next == group.fileOffset! + group.totalCompressedSize!)
    }
  }

  /// Min/max compare the first 8 bytes as an integer; ties there, prefixes and the empty string need the full compare.
  @Test func byteArrayStatisticsPastTheFirstEightBytes() throws {
    func statistics(_ values: [String]) throws -> Statistics {
      let strings = column(.string, values.count, nullEvery: 0) { b, i in b.append(string: values[i]) }
      var options = ParquetWriterOptions()
      options.dictionarySizeLimit = 1  // plain pages: statistics of the values themselves
      let batch = RecordBatch(schema: Schema([Field("s", .string)]), columns: [strings], count: values.count)
      return try writeAndRead(batch, options: options).0.metadata.rowGroups[0].columns[0].metaData!.statistics!
    }
    let tied = try statistics(["abcdefghZ", "abcdefghA", "abcdefgh", "abcdefghAA", "abcdefghZ"])
    #expect(tied.minValue == Array("abcdefgh".utf8))
    #expect(tied.maxValue == Array("abcdefghZ".utf8))
    let short = try statistics(["ab", "a", "abc", "a\u{0}", "b"])
    #expect(short.minValue == Array("a".utf8))
    #expect(short.maxValue == Array("b".utf8))
    let empty = try statistics(["x", "", "\u{0}\u{0}"])
    #expect(empty.minValue == [])
    #expect(empty.maxValue == Array("x".utf8))
  }

  /// Nullable 4- and 8-byte columns take the one-pass append: after dictionary-encoded input (the values join the
  /// dictionary), and after a borrowed dense batch (which must be copied first).
  @Test func nullableWordsAfterDictionaryAndBorrowedBatches() throws {
    let n = 1000
    let dictionary = column(.int32, 4, nullEvery: 0) { b, i in b.append(Int32([7, -3, 1 << 30, 0][i])) }
    let encoded = ColumnVector(
      type: .int32, count: n, values: ByteBuffer(copying: (0..<n).map { UInt32($0 % 4) }), dictionary: dictionary)
    let nullable = column(.int32, n, nullEvery: 3) { b, i in b.append(Int32(i % 9 - 4)) }
    let dense = column(.int64, n, nullEvery: 0) { b, i in b.append(Int64(i) << 33) }
    let nullableWide = column(.int64, n, nullEvery: 5) { b, i in b.append(-Int64(i) << 20) }
    let path = temporaryPath("words.parquet")
    let schema = Schema([Field("a", .int32), Field("b", .int64)])
    let writer = try ParquetFileWriter(path: path, schema: schema)
    try writer.write(RecordBatch(schema: schema, columns: [encoded, dense], count: n))
    try writer.write(RecordBatch(schema: schema, columns: [nullable, nullableWide], count: n))
    try writer.close()
    let reader = try ParquetFileReader(path: path)
    let read = try reader.readRowGroup(0)
    let expected = (0..<n).map { [render(encoded, $0), render(dense, $0)] }
      + (0..<n).map { [render(nullable, $0), render(nullableWide, $0)] }
    #expect((0..<read.count).map { row in read.columns.map { render($0, row) } } == expected)
    #expect(reader.metadata.rowGroups[0].columns[0].metaData!.statistics!.nullCount == Int64((0..<n).filter { $0 % 3 == 2 }.count))
  }

  /// Row groups flush in the background while the next fills; abort and drop must still wait for the flush in
  /// flight and leave no temporary file, and the target untouched.
  @Test func abortAndDropWhileRowGroupsFlushLeaveNothing() throws {
    var options = ParquetWriterOptions()
    options.rowGroupRows = 100
    let batch = scalarBatch(250)
    let path = temporaryPath("kept.parquet")
    let folder = (path as NSString).deletingLastPathComponent
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))
    let writer = try ParquetFileWriter(path: path, schema: batch.schema, options: options)
    for _ in 0..<4 { try writer.write(batch) }
    #expect(writer.rowCount == 1000)
    writer.abort()
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["kept.parquet"])
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("old".utf8))
    let droppedPath = temporaryPath("dropped.parquet")
    do {
      let dropped = try ParquetFileWriter(path: droppedPath, schema: batch.schema, options: options)
      for _ in 0..<4 { try dropped.write(batch) }
    }
    let droppedFolder = (droppedPath as NSString).deletingLastPathComponent
    #expect(try FileManager.default.contentsOfDirectory(atPath: droppedFolder).isEmpty)
    let written = temporaryPath("written.parquet")
    let complete = try ParquetFileWriter(path: written, schema: batch.schema, options: options)
    for _ in 0..<4 { try complete.write(batch) }
    try complete.close()
    let reader = try ParquetFileReader(path: written)
    #expect(reader.rowGroupCount == 10)
    #expect(reader.rowCount == 1000)
  }

  /// Nested leaves (levels of their own) over row groups that flush in the background while the next fills.
  @Test func nestedColumnsOverBackgroundFlushedRowGroups() throws {
    var options = ParquetWriterOptions()
    options.rowGroupRows = 300
    options.dataPageVersion = .v2
    options.pageSize = 1024
    let batch = nestedBatch(500)
    let (reader, read) = try writeAndRead(batch, options: options, batches: 3)
    #expect(reader.rowGroupCount == 5)
    #expect(read == rows(of: batch, times: 3))
  }
}
