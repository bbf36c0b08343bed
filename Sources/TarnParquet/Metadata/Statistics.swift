// Column chunk and page statistics: min/max, counts, size histograms and geospatial bounds.

/// Min, max and counts for a column chunk or page.
///
/// Values are PLAIN-encoded without a length prefix for byte arrays. `min`/`max` are the
/// deprecated signed-order pair; `minValue`/`maxValue` follow the column's `ColumnOrder`.
package struct Statistics: Equatable, Sendable {
  package var max: [UInt8]?
  package var min: [UInt8]?
  /// Absent is not zero: readers must not assume there are no nulls.
  package var nullCount: Int64?
  package var distinctCount: Int64?
  package var maxValue: [UInt8]?
  package var minValue: [UInt8]?
  package var isMaxValueExact: Bool?
  package var isMinValueExact: Bool?
  /// Only for FLOAT, DOUBLE and FLOAT16; absent means NaNs may be present.
  package var nanCount: Int64?
}

extension Statistics: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .binary): max = try reader.readBinary()
      case (2, .binary): min = try reader.readBinary()
      case (3, .i64): nullCount = try reader.readI64()
      case (4, .i64): distinctCount = try reader.readI64()
      case (5, .binary): maxValue = try reader.readBinary()
      case (6, .binary): minValue = try reader.readBinary()
      case (7, .bool): isMaxValueExact = try reader.readBool()
      case (8, .bool): isMinValueExact = try reader.readBool()
      case (9, .i64): nanCount = try reader.readI64()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeBinaryField(1, max)
    writer.writeBinaryField(2, min)
    writer.writeI64Field(3, nullCount)
    writer.writeI64Field(4, distinctCount)
    writer.writeBinaryField(5, maxValue)
    writer.writeBinaryField(6, minValue)
    writer.writeBoolField(7, isMaxValueExact)
    writer.writeBoolField(8, isMinValueExact)
    writer.writeI64Field(9, nanCount)
    writer.writeStructEnd(mark)
  }
}

/// Unencoded sizes and level histograms, for estimating memory and for pruning nested data.
package struct SizeStatistics: Equatable, Sendable {
  /// BYTE_ARRAY payload bytes, not counting the 4-byte length prefixes of PLAIN.
  package var unencodedByteArrayDataBytes: Int64?
  /// Count of each repetition level 0...max.
  package var repetitionLevelHistogram: [Int64]?
  /// Count of each definition level 0...max.
  package var definitionLevelHistogram: [Int64]?
}

extension SizeStatistics: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i64): unencodedByteArrayDataBytes = try reader.readI64()
      case (2, .list): repetitionLevelHistogram = try reader.readI64List()
      case (3, .list): definitionLevelHistogram = try reader.readI64List()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeI64Field(1, unencodedByteArrayDataBytes)
    writer.writeI64ListField(2, repetitionLevelHistogram)
    writer.writeI64ListField(3, definitionLevelHistogram)
    writer.writeStructEnd(mark)
  }
}

/// Bounds of a GEOMETRY or GEOGRAPHY column on each axis.
package struct BoundingBox: Equatable, Sendable {
  package var xmin: Double
  package var xmax: Double
  package var ymin: Double
  package var ymax: Double
  package var zmin: Double?
  package var zmax: Double?
  package var mmin: Double?
  package var mmax: Double?

}

extension BoundingBox: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var xmin: Double?, xmax: Double?, ymin: Double?, ymax: Double?
    var zmin: Double?, zmax: Double?, mmin: Double?, mmax: Double?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .double): xmin = try reader.readDouble()
      case (2, .double): xmax = try reader.readDouble()
      case (3, .double): ymin = try reader.readDouble()
      case (4, .double): ymax = try reader.readDouble()
      case (5, .double): zmin = try reader.readDouble()
      case (6, .double): zmax = try reader.readDouble()
      case (7, .double): mmin = try reader.readDouble()
      case (8, .double): mmax = try reader.readDouble()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let xmin else { throw ThriftCompactReader.missing("xmin", in: "BoundingBox") }
    guard let xmax else { throw ThriftCompactReader.missing("xmax", in: "BoundingBox") }
    guard let ymin else { throw ThriftCompactReader.missing("ymin", in: "BoundingBox") }
    guard let ymax else { throw ThriftCompactReader.missing("ymax", in: "BoundingBox") }
    self.init(xmin: xmin, xmax: xmax, ymin: ymin, ymax: ymax, zmin: zmin, zmax: zmax, mmin: mmin, mmax: mmax)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeDoubleField(1, xmin)
    writer.writeDoubleField(2, xmax)
    writer.writeDoubleField(3, ymin)
    writer.writeDoubleField(4, ymax)
    writer.writeDoubleField(5, zmin)
    writer.writeDoubleField(6, zmax)
    writer.writeDoubleField(7, mmin)
    writer.writeDoubleField(8, mmax)
    writer.writeStructEnd(mark)
  }
}

/// Statistics of a GEOMETRY or GEOGRAPHY column chunk.
package struct GeospatialStatistics: Equatable, Sendable {
  package var bbox: BoundingBox?
  /// WKB geometry type codes present; empty means not known.
  package var geospatialTypes: [Int32]?

}

extension GeospatialStatistics: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .struct): bbox = try reader.read(BoundingBox.self)
      case (2, .list): geospatialTypes = try reader.readI32List()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeStructField(1, bbox)
    writer.writeI32ListField(2, geospatialTypes)
    writer.writeStructEnd(mark)
  }
}

/// How many pages of one type use one encoding, in a column chunk.
package struct PageEncodingStats: Equatable, Sendable {
  package var pageType: PageType
  package var encoding: Encoding
  package var count: Int32

}

extension PageEncodingStats: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var pageType: PageType?, encoding: Encoding?, count: Int32?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i32): pageType = try reader.readEnum(PageType.self)
      case (2, .i32): encoding = try reader.readEnum(Encoding.self)
      case (3, .i32): count = try reader.readI32()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let pageType else { throw ThriftCompactReader.missing("page_type", in: "PageEncodingStats") }
    guard let encoding else { throw ThriftCompactReader.missing("encoding", in: "PageEncodingStats") }
    guard let count else { throw ThriftCompactReader.missing("count", in: "PageEncodingStats") }
    self.init(pageType: pageType, encoding: encoding, count: count)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeEnumField(1, pageType)
    writer.writeEnumField(2, encoding)
    writer.writeI32Field(3, count)
    writer.writeStructEnd(mark)
  }
}
