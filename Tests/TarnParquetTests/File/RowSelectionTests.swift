// Late materialization: reading chosen rows of a row group equals reading it whole and picking those rows.
import Testing
import TarnCore
@testable import TarnParquet

@Suite struct RowSelectionTests {
  /// Every scalar type with nulls; small pages and a tiny dictionary limit, so chunks mix dictionary and plain pages.
  @Test(arguments: [ParquetDataPageVersion.v1, .v2])
  func selectedRowsEqualTheWholeReadAtThosePositions(version: ParquetDataPageVersion) throws {
    let n = 3_000
    let (reader, _) = try writeAndRead(scalarBatch(n), options: .smallMixedPages(version))
    let whole = try reader.readRowGroup(0)
    let seed: UInt64 = 0x5E1E_C700 + (version == .v1 ? 1 : 2)
    print("seed \(seed)")
    var rng = SeededGenerator(seed: seed)
    let selections: [[UInt32]] = [
      [], [0], [UInt32(n - 1)], Array(0..<UInt32(n)),
      (0..<UInt32(n)).filter { _ in Int.random(in: 0..<10, using: &rng) == 0 },
      (0..<UInt32(n)).filter { $0 % 97 == 96 || $0 % 97 == 0 },
    ]
    for rows in selections {
      let picked = try rows.withUnsafeBufferPointer { try reader.readRowGroup(0, rows: $0) }
      #expect(picked.count == rows.count)
      for (k, row) in rows.enumerated() {
        let expected = whole.columns.map { render($0, Int(row)) }
        let actual = picked.columns.map { render($0, k) }
        #expect(actual == expected, "row \(row)")
        if actual != expected { break }
      }
    }
  }

  @Test func selectingRowsOfANestedFieldIsRefused() throws {
    var list = VectorBuilder(type: .list(Field("element", .int32)), capacity: 2)
    list.children[0].append(Int32(1))
    list.closeListRow()
    list.closeListRow()
    let batch = RecordBatch(schema: Schema([Field("l", list.type)]), columns: [list.finish()], count: 2)
    let (reader, _) = try writeAndRead(batch)
    #expect(!reader.isFlat(field: 0))
    let rows: [UInt32] = [1]
    #expect(throws: ParquetError.self) { try rows.withUnsafeBufferPointer { try reader.readRowGroup(0, rows: $0) } }
  }
}

extension ParquetWriterOptions {
  /// Pages of 97 rows and a 600-byte dictionary limit, so chunks have many pages and mix dictionary and plain ones.
  static func smallMixedPages(_ version: ParquetDataPageVersion = .v1) -> ParquetWriterOptions {
    var options = ParquetWriterOptions()
    options.pageRowLimit = 97
    options.dictionarySizeLimit = 600
    options.dataPageVersion = version
    return options
  }
}
