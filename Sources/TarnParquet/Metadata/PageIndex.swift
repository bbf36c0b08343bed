// The page index: per-page min/max (ColumnIndex) and per-page locations (OffsetIndex).

/// Where one data page is and which row it starts at.
package struct PageLocation: Equatable, Sendable {
  package var offset: Int64
  /// Including the page header.
  package var compressedPageSize: Int32
  /// Index in the row group of the page's first row.
  package var firstRowIndex: Int64
}

extension PageLocation: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var offset: Int64?, compressedPageSize: Int32?, firstRowIndex: Int64?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i64): offset = try reader.readI64()
      case (2, .i32): compressedPageSize = try reader.readI32()
      case (3, .i64): firstRowIndex = try reader.readI64()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let offset else { throw ThriftCompactReader.missing("offset", in: "PageLocation") }
    guard let compressedPageSize else {
      throw ThriftCompactReader.missing("compressed_page_size", in: "PageLocation")
    }
    guard let firstRowIndex else { throw ThriftCompactReader.missing("first_row_index", in: "PageLocation") }
    self.init(offset: offset, compressedPageSize: compressedPageSize, firstRowIndex: firstRowIndex)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeI64Field(1, offset)
    writer.writeI32Field(2, compressedPageSize)
    writer.writeI64Field(3, firstRowIndex)
    writer.writeStructEnd(mark)
  }
}

/// Locations of a column chunk's data pages, in file order.
package struct OffsetIndex: Equatable, Sendable {
  package var pageLocations: [PageLocation]
  /// Per page, as `SizeStatistics.unencodedByteArrayDataBytes`.
  package var unencodedByteArrayDataBytes: [Int64]?
}

extension OffsetIndex: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var pageLocations: [PageLocation]?, unencodedByteArrayDataBytes: [Int64]?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .list): pageLocations = try reader.readStructList(PageLocation.self)
      case (2, .list): unencodedByteArrayDataBytes = try reader.readI64List()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let pageLocations else { throw ThriftCompactReader.missing("page_locations", in: "OffsetIndex") }
    self.init(pageLocations: pageLocations, unencodedByteArrayDataBytes: unencodedByteArrayDataBytes)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeStructListField(1, pageLocations)
    writer.writeI64ListField(2, unencodedByteArrayDataBytes)
    writer.writeStructEnd(mark)
  }
}

/// Per-page min, max and null counts of a column chunk; entry i is the page at
/// `OffsetIndex.pageLocations[i]`.
package struct ColumnIndex: Equatable, Sendable {
  /// True for a page of only nulls, whose min and max entries are empty and meaningless.
  package var nullPages: [Bool]
  package var minValues: [[UInt8]]
  package var maxValues: [[UInt8]]
  package var boundaryOrder: BoundaryOrder
  /// Absent is not zero: readers must not assume there are no nulls.
  package var nullCounts: [Int64]?
  /// Per page, (max repetition level + 1) counts, concatenated.
  package var repetitionLevelHistograms: [Int64]?
  /// Per page, (max definition level + 1) counts, concatenated.
  package var definitionLevelHistograms: [Int64]?
  /// Only for FLOAT, DOUBLE and FLOAT16 columns.
  package var nanCounts: [Int64]?
}

extension ColumnIndex: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var nullPages: [Bool]?, minValues: [[UInt8]]?, maxValues: [[UInt8]]?, boundaryOrder: BoundaryOrder?
    var nullCounts: [Int64]?, repetitionLevelHistograms: [Int64]?, definitionLevelHistograms: [Int64]?
    var nanCounts: [Int64]?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .list): nullPages = try reader.readBoolList()
      case (2, .list): minValues = try reader.readBinaryList()
      case (3, .list): maxValues = try reader.readBinaryList()
      case (4, .i32): boundaryOrder = try reader.readEnum(BoundaryOrder.self)
      case (5, .list): nullCounts = try reader.readI64List()
      case (6, .list): repetitionLevelHistograms = try reader.readI64List()
      case (7, .list): definitionLevelHistograms = try reader.readI64List()
      case (8, .list): nanCounts = try reader.readI64List()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let nullPages else { throw ThriftCompactReader.missing("null_pages", in: "ColumnIndex") }
    guard let minValues else { throw ThriftCompactReader.missing("min_values", in: "ColumnIndex") }
    guard let maxValues else { throw ThriftCompactReader.missing("max_values", in: "ColumnIndex") }
    guard let boundaryOrder else { throw ThriftCompactReader.missing("boundary_order", in: "ColumnIndex") }
    self.init(
      nullPages: nullPages, minValues: minValues, maxValues: maxValues, boundaryOrder: boundaryOrder,
      nullCounts: nullCounts, repetitionLevelHistograms: repetitionLevelHistograms,
      definitionLevelHistograms: definitionLevelHistograms, nanCounts: nanCounts)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeBoolListField(1, nullPages)
    writer.writeBinaryListField(2, minValues)
    writer.writeBinaryListField(3, maxValues)
    writer.writeEnumField(4, boundaryOrder)
    writer.writeI64ListField(5, nullCounts)
    writer.writeI64ListField(6, repetitionLevelHistograms)
    writer.writeI64ListField(7, definitionLevelHistograms)
    writer.writeI64ListField(8, nanCounts)
    writer.writeStructEnd(mark)
  }
}
