// Page-by-page windows (ParquetRowGroupScan): consecutive windows, and rows picked inside them, equal the whole read.
import Testing
import TarnCore
@testable import TarnParquet

@Suite struct RowGroupScanTests {
  /// Every scalar type with nulls; small pages and a tiny dictionary limit, so windows straddle pages and chunks
  /// mix dictionary and plain pages. With a waiting consumer, pages also decode ahead on other threads.
  @Test(arguments: [ParquetDataPageVersion.v1, .v2], [false, true])
  func windowsInOrderEqualTheWholeRowGroup(version: ParquetDataPageVersion, decodesAhead: Bool) throws {
    let n = 3_000
    let (reader, _) = try writeAndRead(scalarBatch(n), options: .smallMixedPages(version))
    let whole = try reader.readRowGroup(0)
    let fields = Array(reader.schema.fields.indices)
    let demand = DecodeDemand(consumerWaits: decodesAhead)
    for windowRows in [1, 7, 96, 97, 98, 500, n] {
      let scan = try ParquetRowGroupScan(reader: reader, rowGroup: 0, fields: fields, demand: demand)
      var start = 0
      while start < n {
        let window = start..<min(start + windowRows, n)
        let columns = try scan.read(fields, rows: window)
        for row in window {
          let expected = whole.columns.map { render($0, row) }
          let actual = columns.map { render($0, row - window.lowerBound) }
          #expect(actual == expected, "window size \(windowRows), row \(row)")
          if actual != expected { return }
        }
        start = window.upperBound
      }
    }
  }

  /// With a waiting consumer, pages also decode ahead while picked windows skip or decode the pages before them.
  @Test(arguments: [false, true])
  func pickedRowsInsideWindowsEqualTheWholeReadAtThosePositions(decodesAhead: Bool) throws {
    let n = 3_000
    let (reader, _) = try writeAndRead(scalarBatch(n), options: .smallMixedPages())
    let whole = try reader.readRowGroup(0)
    let fields = Array(reader.schema.fields.indices)
    let seed: UInt64 = 0x5CA1_0001
    print("seed \(seed)")
    var rng = SeededGenerator(seed: seed)
    let scan = try ParquetRowGroupScan(
      reader: reader, rowGroup: 0, fields: fields, demand: decodesAhead ? DecodeDemand(consumerWaits: true) : nil)
    var start = 0
    while start < n {
      let window = start..<min(start + 700, n)
      // Sparse picks leave whole pages without a picked row, which are skipped undecoded.
      let rows = window.map { UInt32($0) }.filter { _ in Int.random(in: 0..<40, using: &rng) == 0 }
      let columns = try rows.withUnsafeBufferPointer { try scan.read(fields, rows: window, selection: $0) }
      #expect(columns.allSatisfy { $0.count == rows.count })
      for (k, row) in rows.enumerated() {
        let expected = whole.columns.map { render($0, Int(row)) }
        let actual = columns.map { render($0, k) }
        #expect(actual == expected, "row \(row)")
        if actual != expected { return }
      }
      start = window.upperBound
    }
  }

  /// Integer fields asked to keep their dictionaries: dictionary-encoded pages come out as dictionary + codes (plain
  /// pages as values), and every window, whole or picked, still equals the whole read.
  @Test func integerDictionariesKeptEqualTheWholeRowGroup() throws {
    let n = 3_000
    // Few values (dictionary pages), few with NULLs, and unique ones (past the dictionary limit: plain pages).
    let batch = RecordBatch(
      schema: Schema([Field("few", .int64), Field("nulls", .int32), Field("unique", .int64)]),
      columns: [
        column(.int64, n, nullEvery: 0) { b, i in b.append(Int64(i % 50)) },
        column(.int32, n, nullEvery: 7) { b, i in b.append(Int32(i % 3)) },
        column(.int64, n, nullEvery: 0) { b, i in b.append(Int64(i) * 1_000) },
      ],
      count: n)
    let (reader, _) = try writeAndRead(batch, options: .smallMixedPages())
    let whole = try reader.readRowGroup(0)
    let fields = Array(reader.schema.fields.indices)
    let integers = Set(fields)
    var coded = 0
    for picking in [false, true] {
      let scan = try ParquetRowGroupScan(reader: reader, rowGroup: 0, fields: fields, integerDictionaries: integers)
      for start in stride(from: 0, to: n, by: 300) {
        let window = start..<(start + 300)
        let rows = picking ? window.filter { $0 % 3 != 1 }.map { UInt32($0) } : window.map { UInt32($0) }
        let columns = try rows.withUnsafeBufferPointer { try scan.read(fields, rows: window, selection: picking ? $0 : nil) }
        for f in integers where columns[f].isDictionaryEncoded { coded += 1 }
        for (k, row) in rows.enumerated() {
          #expect(columns.map { render($0, k) } == whole.columns.map { render($0, Int(row)) }, "row \(row)")
        }
      }
    }
    #expect(coded > 0, "some integer windows arrive dictionary-encoded")
  }

  /// Windows ending where a field's page ends hold one page of every field, so their fixed-width values are the
  /// inflated pages themselves (views, nothing copied); the windows still cover the row group and read its rows.
  @Test func windowsEndAtPageBoundariesAndPlainPagesAreNotCopied() throws {
    let n = 1_000
    var options = ParquetWriterOptions()
    options.pageRowLimit = 300
    options.dictionaryEnabled = false
    let batch = RecordBatch(
      schema: Schema([Field("d", .float64), Field("i", .int32), Field("nulls", .int64)]),
      columns: [
        column(.float64, n, nullEvery: 0) { b, i in b.append(Double(i) / 4) },
        column(.int32, n, nullEvery: 0) { b, i in b.append(Int32(i)) },
        column(.int64, n, nullEvery: 4) { b, i in b.append(Int64(i)) },
      ],
      count: n)
    let (reader, _) = try writeAndRead(batch, options: options)
    let whole = try reader.readRowGroup(0)
    let fields = [0, 1, 2]
    let scan = try ParquetRowGroupScan(reader: reader, rowGroup: 0, fields: fields)
    var windows: [Range<Int>] = []
    var start = 0
    while start < n {
      let end = scan.windowEnd(from: start, fields: fields, minimum: 1, maximum: 10_000)
      windows.append(start..<end)
      let columns = try scan.read(fields, rows: start..<end)
      #expect(columns[0].values.isView && columns[1].values.isView, "window \(start)..<\(end)")
      for row in start..<end {
        #expect(columns.map { render($0, row - start) } == whole.columns.map { render($0, row) }, "row \(row)")
      }
      start = end
    }
    #expect(windows == [0..<300, 300..<600, 600..<900, 900..<1_000])
    #expect(scan.windowEnd(from: 100, fields: fields, minimum: 1, maximum: 10_000) == 300)
    #expect(scan.windowEnd(from: 100, fields: fields, minimum: 250, maximum: 10_000) == 600, "the page end past the minimum")
    #expect(scan.windowEnd(from: 100, fields: fields, minimum: 200, maximum: 10_000) == 300, "a page end at the minimum")
    #expect(scan.windowEnd(from: 100, fields: fields, minimum: 1, maximum: 50) == 150, "at most the maximum")
    #expect(scan.windowEnd(from: 950, fields: fields, minimum: 500, maximum: 10_000) == 1_000, "never past the group")
  }

  /// A chunk that outgrew its dictionary (dictionary-encoded pages, then plain ones; pyarrow writes these, tarn's writer
  /// falls back for the whole chunk) starts its first plain pages decoding at the scan's opening, with a waiting
  /// consumer only; every window, whole or picked, still reads right.
  @Test func aChunkThatOutgrewItsDictionaryStartsItsPlainPagesEarly() throws {
    // 2,000 doubles: 400 from 5 values, then distinct; pyarrow 26, dictionary_pagesize_limit=600, data_page_size=1000.
    let reader = try ParquetFileReader(path: FixturePaths.root + "/parquet/dictionary_fallback.parquet")
    let whole = try reader.readRowGroup(0)
    let n = whole.count
    #expect(n == 2_000)
    for waits in [false, true] {
      let scan = try ParquetRowGroupScan(reader: reader, rowGroup: 0, fields: [0], demand: DecodeDemand(consumerWaits: waits))
      let early = scan.pagesDecodingAhead(field: 0)
      #expect(early.count == ColumnPageCursor.plainPagesEarly && early == early.sorted(), "\(early)")
      var start = 0
      while start < n {
        let window = start..<min(start + 150, n)
        let rows = window.map { UInt32($0) }.filter { $0 % 3 == 0 }
        let picked = try rows.withUnsafeBufferPointer { try scan.read([0], rows: window, selection: $0) }[0]
        for (k, row) in rows.enumerated() { #expect(render(picked, k) == render(whole.columns[0], Int(row))) }
        start = window.upperBound
      }
    }
    let quiet = try ParquetRowGroupScan(reader: reader, rowGroup: 0, fields: [0])
    #expect(quiet.pagesDecodingAhead(field: 0).isEmpty, "no demand: nothing decodes ahead")
  }

  @Test func aScanDroppedWhilePagesDecodeAheadWaitsForThem() throws {
    for _ in 0..<20 {
      let (reader, _) = try writeAndRead(scalarBatch(3_000), options: .smallMixedPages())
      let fields = Array(reader.schema.fields.indices)
      let scan = try ParquetRowGroupScan(reader: reader, rowGroup: 0, fields: fields, demand: DecodeDemand(consumerWaits: true))
      let first = try scan.read(fields, rows: 0..<50)
      #expect(first.allSatisfy { $0.count == 50 })
    }
  }

  @Test func aWindowPastTheRowGroupOrANestedFieldIsRefused() throws {
    let (reader, _) = try writeAndRead(scalarBatch(10))
    let scan = try ParquetRowGroupScan(reader: reader, rowGroup: 0, fields: [0])
    #expect(throws: ParquetError.self) { try scan.read([0], rows: 5..<11) }
    var list = VectorBuilder(type: .list(Field("element", .int32)), capacity: 1)
    list.children[0].append(Int32(1))
    list.closeListRow()
    let nested = RecordBatch(schema: Schema([Field("l", list.type)]), columns: [list.finish()], count: 1)
    let (nestedReader, _) = try writeAndRead(nested)
    #expect(!ParquetRowGroupScan.canScan(nestedReader, fields: [0]))
    #expect(throws: ParquetError.self) { try ParquetRowGroupScan(reader: nestedReader, rowGroup: 0, fields: [0]) }
  }
}
