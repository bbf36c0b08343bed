// ParquetRowGroupScan: flat fields of one row group read window by window (morsels), page by page.
import Dispatch
import TarnCore

/// Reads chosen flat fields of one row group as ascending row windows, so a scan holds a window's worth of
/// decoded values instead of the whole row group, and skips pages no selected row falls in.
///
/// Each call decodes its fields in parallel. Calls must not overlap, and each field's windows must ascend.
public final class ParquetRowGroupScan: @unchecked Sendable {
  public let reader: ParquetFileReader
  public let rowGroup: Int
  public let rowCount: Int
  /// Cursors by top-level field.
  private let cursors: [Int: ColumnPageCursor]

  /// Whether `readRowGroup`'s whole-group decode is needed instead: a field is nested or repeated.
  public static func canScan(_ reader: ParquetFileReader, fields: [Int]) -> Bool {
    fields.allSatisfy(reader.isFlat(field:))
  }

  /// `demand` (when given) tells the cursors when to decode pages ahead on other threads. Integer fields in
  /// `integerDictionaries` keep dictionary-encoded pages as dictionary + indices (strings always do).
  public init(
    reader: ParquetFileReader, rowGroup: Int, fields: [Int], demand: DecodeDemand? = nil,
    integerDictionaries: Set<Int> = []
  ) throws(ParquetError) {
    self.reader = reader
    self.rowGroup = rowGroup
    rowCount = reader.rowCount(ofRowGroup: rowGroup)
    var cursors: [Int: ColumnPageCursor] = [:]
    do throws(ParquetError) {
      guard rowGroup >= 0, rowGroup < reader.rowGroupCount else {
        throw ParquetError(.internalBug("row group \(rowGroup) of \(reader.rowGroupCount) requested"))
      }
      for field in Set(fields) {
        guard reader.isFlat(field: field) else {
          throw ParquetError(.internalBug("page-by-page scan of the nested field \(reader.schema.fields[field].name)"))
        }
        let column = reader.schema.leafRange(ofField: field).lowerBound
        cursors[field] = try ColumnPageCursor(
          decoder: try reader.columnChunkDecoder(rowGroup: rowGroup, column: column), node: reader.schema.readNodes[field],
          column: column, expectedRows: rowCount, demand: demand,
          keepsIntegerDictionary: integerDictionaries.contains(field), bytesOwner: reader.file)
      }
    } catch {
      throw error.at(file: reader.path, rowGroup: rowGroup)
    }
    self.cursors = cursors
  }

  /// The pages of `field`'s chunk decoding on other threads now (for tests).
  func pagesDecodingAhead(field: Int) -> [Int] { cursors[field]?.pagesDecodingAhead ?? [] }

  deinit {
    // The chunks' file pages are decoded; unmapping them keeps RSS from growing with each row group.
    for cursor in cursors.values {
      cursor.finishAhead()
      reader.file.release(cursor.decoder.bytes)
    }
  }

  /// Where a window of `fields` from row `start` should end: at the first end of a page of theirs at or after
  /// `start + minimum`, but by `start + maximum` and the row group's end.
  ///
  /// Why: a window inside one page of every field is that page's vector or a view of it, so nothing is copied to
  /// join pages, and fewer buffers are live at once (pyarrow writes 20,000-row pages; 64K-row windows joined four).
  /// Where the fields' pages end at different rows, ending at one field's page keeps that field uncopied.
  public func windowEnd(from start: Int, fields: [Int], minimum: Int, maximum: Int) -> Int {
    let last = min(start &+ max(minimum, 1), rowCount) &- 1
    var end = rowCount
    for field in fields { if let cursor = cursors[field] { end = min(end, cursor.pageEnd(containing: last)) } }
    return min(end, start &+ maximum, rowCount)
  }

  /// Rows `window` of `fields` (a subset of the scan's), one vector per field; with `selection` (ascending row
  /// positions in the row group, inside `window`), only those rows.
  public func read(
    _ fields: [Int], rows window: Range<Int>, selection: UnsafeBufferPointer<UInt32>? = nil
  ) throws(ParquetError) -> [ColumnVector] {
    guard window.lowerBound >= 0, window.upperBound <= rowCount else {
      throw ParquetError(.internalBug("rows \(window) of a row group of \(rowCount)")).at(file: reader.path, rowGroup: rowGroup)
    }
    let selected = fields.map { cursors[$0] }
    if let missing = selected.firstIndex(where: { $0 == nil }) {
      throw ParquetError(.internalBug("field \(fields[missing]) is not part of the scan")).at(file: reader.path)
    }
    let results = UnsafeMutableBufferPointer<Result<ColumnVector, ParquetError>?>.allocate(capacity: fields.count)
    results.initialize(repeating: nil)
    defer { results.deinitialize().deallocate() }
    let shared = UncheckedSendable(results)
    let work = UncheckedSendable((selected.map { $0! }, selection))
    let decode: @Sendable (Int) -> Void = { i in
      do throws(ParquetError) {
        shared.value[i] = .success(try work.value.0[i].read(window, selection: work.value.1))
      } catch {
        shared.value[i] = .failure(error)
      }
    }
    if fields.count == 1 {
      decode(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: fields.count, execute: decode)
    }
    var out: [ColumnVector] = []
    out.reserveCapacity(fields.count)
    for result in results {
      do throws(ParquetError) {
        out.append(try result!.get())
      } catch {
        throw error.at(file: reader.path, rowGroup: rowGroup)
      }
    }
    return out
  }
}
