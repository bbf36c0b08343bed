// Pages without NULLs skip decoding their definition levels (levelsAreAll); later pages with NULLs still place them.
import Testing
import TarnCore
@testable import TarnParquet

@Suite struct DeferredLevelsTests {
  /// An RLE run header (varint of `count << 1`) and its value in `width` bytes.
  private func run(_ count: Int, value: UInt64, width: Int = 1) -> [UInt8] {
    var bytes: [UInt8] = []
    var header = UInt64(count) << 1
    repeat {
      var byte = UInt8(header & 0x7f)
      header >>= 7
      if header != 0 { byte |= 0x80 }
      bytes.append(byte)
    } while header != 0
    for k in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * k))) }
    return bytes
  }

  private func allAre(_ level: UInt16, _ bytes: [UInt8], bitWidth: Int = 1, count: Int, encoding: Encoding = .rle) -> Bool {
    bytes.withUnsafeBytes { levelsAreAll(level, $0, encoding: encoding, bitWidth: bitWidth, count: count) }
  }

  @Test func oneRunOfTheLevelCoveringThePageIsRecognized() {
    #expect(allAre(1, run(100_000, value: 1), count: 100_000))
    #expect(allAre(1, run(100_000, value: 1), count: 99_999))
    #expect(allAre(3, run(20, value: 3), bitWidth: 2, count: 20))
    #expect(allAre(300, run(20, value: 300, width: 2), bitWidth: 9, count: 20))
  }

  @Test func anythingElseIsDecoded() {
    #expect(!allAre(1, run(99, value: 1), count: 100), "run shorter than the page")
    #expect(!allAre(1, run(100, value: 0), count: 100), "a run of NULLs")
    #expect(!allAre(1, [0x03, 0xFF], count: 8), "a bit-packed run")
    #expect(!allAre(1, Array(run(100, value: 1).dropLast()), count: 100), "truncated value")
    #expect(!allAre(1, [0x80, 0x80], count: 1), "truncated header")
    #expect(!allAre(1, run(100, value: 1), count: 100, encoding: .bitPacked))
    #expect(!allAre(1, [], count: 1))
  }

  /// Nullable columns whose first pages have no NULLs and later ones do (levels deferred, then stored), one with no
  /// NULLs at all, and one NULL only on the first row; whole reads and page-by-page windows keep every NULL.
  @Test(arguments: [ParquetDataPageVersion.v1, .v2])
  func nullsAfterPagesWithoutAnyAreKept(version: ParquetDataPageVersion) throws {
    let n = 1_000
    let late = column(.int64, n, nullEvery: 0) { b, i in b.append(Int64(i)) }
    var lateNulls = VectorBuilder(type: .int64, capacity: n)
    var firstNull = VectorBuilder(type: .string, capacity: n)
    for i in 0..<n {
      if i >= 600 && i % 7 == 0 { lateNulls.appendNull() } else { lateNulls.append(Int64(i) * 3) }
      if i == 0 { firstNull.appendNull() } else { firstNull.append(string: "s\(i % 13)") }
    }
    let batch = RecordBatch(
      schema: Schema([Field("none", .int64), Field("late", .int64), Field("first", .string)]),
      columns: [late, lateNulls.finish(), firstNull.finish()], count: n)
    let expected = rows(of: batch)
    let (reader, read) = try writeAndRead(batch, options: .smallMixedPages(version))
    #expect(read == expected)
    let whole = try reader.readRowGroup(0)
    #expect(whole.columns[0].validity == nil)
    #expect(whole.columns[1].nullCount == (600..<n).filter { $0 % 7 == 0 }.count)
    let scan = try ParquetRowGroupScan(reader: reader, rowGroup: 0, fields: [0, 1, 2])
    for start in stride(from: 0, to: n, by: 250) {
      let columns = try scan.read([0, 1, 2], rows: start..<(start + 250))
      for row in start..<(start + 250) {
        #expect(columns.map { render($0, row - start) } == batch.columns.map { render($0, row) }, "row \(row)")
      }
    }
  }
}
