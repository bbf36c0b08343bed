// Reading a column chunk's page index back: each data page's rows with its min, max and null count, for pruning.
import TarnCore

/// One data page as the page index describes it.
public struct PageStatistics: Sendable {
  /// The page's rows in the row group.
  public var rows: Range<Int>
  /// Nil for a page of only nulls, or when the value does not decode.
  public var min: ColumnVector?
  public var max: ColumnVector?
  public var isAllNull: Bool
}

extension ParquetFileReader {
  /// The pages of leaf `column` in row group `rowGroup` with their statistics, from the column and offset
  /// indexes; nil when the chunk has no page index, or its values have no defined order (INT96).
  /// - Throws: `.corrupt` when the indexes lie outside the file, do not decode, or disagree with the row group.
  public func pageStatistics(rowGroup: Int, column: Int) throws(ParquetError) -> [PageStatistics]? {
    guard rowGroup >= 0, rowGroup < rowGroupCount, column >= 0, column < schema.columns.count else { return nil }
    let chunk = metadata.rowGroups[rowGroup].columns[column]
    guard let columnOffset = chunk.columnIndexOffset, let columnLength = chunk.columnIndexLength,
      let offsetOffset = chunk.offsetIndexOffset, let offsetLength = chunk.offsetIndexLength,
      schema.columns[column].physicalType != .int96
    else { return nil }
    let descriptor = schema.columns[column]
    do throws(ParquetError) {
      let columnIndex = try ColumnIndex.decode(
        try file.slice(offset: columnOffset, length: Int64(columnLength), what: "column index"))
      let offsetIndex = try OffsetIndex.decode(
        try file.slice(offset: offsetOffset, length: Int64(offsetLength), what: "offset index"))
      let locations = offsetIndex.pageLocations
      let count = locations.count
      guard columnIndex.nullPages.count == count, columnIndex.minValues.count == count,
        columnIndex.maxValues.count == count
      else {
        throw ParquetError(.corrupt("page index lists \(columnIndex.nullPages.count) pages, offset index \(count)"))
      }
      let rows = rowCount(ofRowGroup: rowGroup)
      var pages: [PageStatistics] = []
      for i in 0..<count {
        let first = Int(locations[i].firstRowIndex)
        let end = i + 1 < count ? Int(locations[i + 1].firstRowIndex) : rows
        guard first >= 0, first <= end, end <= rows, i > 0 || first == 0 else {
          throw ParquetError(.corrupt("offset index page \(i) starts at row \(first), past its neighbors or the row group"))
        }
        let allNull = columnIndex.nullPages[i]
        pages.append(
          PageStatistics(
            rows: first..<end, min: allNull ? nil : statisticVector(columnIndex.minValues[i], descriptor),
            max: allNull ? nil : statisticVector(columnIndex.maxValues[i], descriptor), isAllNull: allNull))
      }
      return pages
    } catch {
      throw error.at(file: path, rowGroup: rowGroup, column: descriptor.dottedPath)
    }
  }
}
