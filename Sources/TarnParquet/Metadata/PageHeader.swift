// Page headers: the Thrift struct in front of every page of a column chunk.

/// Header of a v1 data page.
package struct DataPageHeader: Equatable, Sendable {
  /// Values including nulls.
  package var numValues: Int32
  package var encoding: Encoding
  package var definitionLevelEncoding: Encoding
  package var repetitionLevelEncoding: Encoding
  package var statistics: Statistics?
}

extension DataPageHeader: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var numValues: Int32?, encoding: Encoding?, definitionLevelEncoding: Encoding?
    var repetitionLevelEncoding: Encoding?, statistics: Statistics?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i32): numValues = try reader.readI32()
      case (2, .i32): encoding = try reader.readEnum(Encoding.self)
      case (3, .i32): definitionLevelEncoding = try reader.readEnum(Encoding.self)
      case (4, .i32): repetitionLevelEncoding = try reader.readEnum(Encoding.self)
      case (5, .struct): statistics = try reader.read(Statistics.self)
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    let name = "DataPageHeader"
    guard let numValues else { throw ThriftCompactReader.missing("num_values", in: name) }
    guard let encoding else { throw ThriftCompactReader.missing("encoding", in: name) }
    guard let definitionLevelEncoding else {
      throw ThriftCompactReader.missing("definition_level_encoding", in: name)
    }
    guard let repetitionLevelEncoding else {
      throw ThriftCompactReader.missing("repetition_level_encoding", in: name)
    }
    self.init(
      numValues: numValues, encoding: encoding, definitionLevelEncoding: definitionLevelEncoding,
      repetitionLevelEncoding: repetitionLevelEncoding, statistics: statistics)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeI32Field(1, numValues)
    writer.writeEnumField(2, encoding)
    writer.writeEnumField(3, definitionLevelEncoding)
    writer.writeEnumField(4, repetitionLevelEncoding)
    writer.writeStructField(5, statistics)
    writer.writeStructEnd(mark)
  }
}

/// Header of an index page; empty in the spec and never written by known writers.
package struct IndexPageHeader: Equatable, Sendable {}

extension IndexPageHeader: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    try reader.skip(.struct)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    writer.writeStructEnd(writer.writeStructBegin())
  }
}

/// Header of the dictionary page, the first page of a dictionary-encoded chunk.
package struct DictionaryPageHeader: Equatable, Sendable {
  package var numValues: Int32
  package var encoding: Encoding
  package var isSorted: Bool?
}

extension DictionaryPageHeader: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var numValues: Int32?, encoding: Encoding?, isSorted: Bool?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i32): numValues = try reader.readI32()
      case (2, .i32): encoding = try reader.readEnum(Encoding.self)
      case (3, .bool): isSorted = try reader.readBool()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let numValues else { throw ThriftCompactReader.missing("num_values", in: "DictionaryPageHeader") }
    guard let encoding else { throw ThriftCompactReader.missing("encoding", in: "DictionaryPageHeader") }
    self.init(numValues: numValues, encoding: encoding, isSorted: isSorted)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeI32Field(1, numValues)
    writer.writeEnumField(2, encoding)
    writer.writeBoolField(3, isSorted)
    writer.writeStructEnd(mark)
  }
}

/// Header of a v2 data page, whose levels sit uncompressed in front of the values.
package struct DataPageHeaderV2: Equatable, Sendable {
  /// Values including nulls.
  package var numValues: Int32
  package var numNulls: Int32
  package var numRows: Int32
  package var encoding: Encoding
  package var definitionLevelsByteLength: Int32
  package var repetitionLevelsByteLength: Int32
  /// Whether the values section is compressed; the spec's default when absent is true.
  package var isCompressed = true
  package var statistics: Statistics?
}

extension DataPageHeaderV2: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var numValues: Int32?, numNulls: Int32?, numRows: Int32?, encoding: Encoding?
    var definitionLevelsByteLength: Int32?, repetitionLevelsByteLength: Int32?
    var isCompressed = true
    var statistics: Statistics?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i32): numValues = try reader.readI32()
      case (2, .i32): numNulls = try reader.readI32()
      case (3, .i32): numRows = try reader.readI32()
      case (4, .i32): encoding = try reader.readEnum(Encoding.self)
      case (5, .i32): definitionLevelsByteLength = try reader.readI32()
      case (6, .i32): repetitionLevelsByteLength = try reader.readI32()
      case (7, .bool): isCompressed = try reader.readBool()
      case (8, .struct): statistics = try reader.read(Statistics.self)
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    let name = "DataPageHeaderV2"
    guard let numValues else { throw ThriftCompactReader.missing("num_values", in: name) }
    guard let numNulls else { throw ThriftCompactReader.missing("num_nulls", in: name) }
    guard let numRows else { throw ThriftCompactReader.missing("num_rows", in: name) }
    guard let encoding else { throw ThriftCompactReader.missing("encoding", in: name) }
    guard let definitionLevelsByteLength else {
      throw ThriftCompactReader.missing("definition_levels_byte_length", in: name)
    }
    guard let repetitionLevelsByteLength else {
      throw ThriftCompactReader.missing("repetition_levels_byte_length", in: name)
    }
    self.init(
      numValues: numValues, numNulls: numNulls, numRows: numRows, encoding: encoding,
      definitionLevelsByteLength: definitionLevelsByteLength, repetitionLevelsByteLength: repetitionLevelsByteLength,
      isCompressed: isCompressed, statistics: statistics)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeI32Field(1, numValues)
    writer.writeI32Field(2, numNulls)
    writer.writeI32Field(3, numRows)
    writer.writeEnumField(4, encoding)
    writer.writeI32Field(5, definitionLevelsByteLength)
    writer.writeI32Field(6, repetitionLevelsByteLength)
    writer.writeBoolField(7, isCompressed)
    writer.writeStructField(8, statistics)
    writer.writeStructEnd(mark)
  }
}

/// The header in front of every page: its type, sizes, checksum and type-specific header.
///
/// Decode one in place with `PageHeader.decode(from: buffer, at: offset)`, which also returns
/// the header's length; the page's `compressedPageSize` bytes follow it.
package struct PageHeader: Equatable, Sendable {
  package var type: PageType
  /// Bytes of the page after this header, before compression.
  package var uncompressedPageSize: Int32
  /// Bytes of the page after this header, as stored.
  package var compressedPageSize: Int32
  /// CRC-32 of the stored page bytes after this header.
  package var crc: Int32?
  package var dataPageHeader: DataPageHeader?
  package var indexPageHeader: IndexPageHeader?
  package var dictionaryPageHeader: DictionaryPageHeader?
  package var dataPageHeaderV2: DataPageHeaderV2?
}

extension PageHeader: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var type: PageType?, uncompressedPageSize: Int32?, compressedPageSize: Int32?, crc: Int32?
    var dataPageHeader: DataPageHeader?, indexPageHeader: IndexPageHeader?
    var dictionaryPageHeader: DictionaryPageHeader?, dataPageHeaderV2: DataPageHeaderV2?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i32): type = try reader.readEnum(PageType.self)
      case (2, .i32): uncompressedPageSize = try reader.readI32()
      case (3, .i32): compressedPageSize = try reader.readI32()
      case (4, .i32): crc = try reader.readI32()
      case (5, .struct): dataPageHeader = try reader.read(DataPageHeader.self)
      case (6, .struct): indexPageHeader = try reader.read(IndexPageHeader.self)
      case (7, .struct): dictionaryPageHeader = try reader.read(DictionaryPageHeader.self)
      case (8, .struct): dataPageHeaderV2 = try reader.read(DataPageHeaderV2.self)
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let type else { throw ThriftCompactReader.missing("type", in: "PageHeader") }
    guard let uncompressedPageSize else {
      throw ThriftCompactReader.missing("uncompressed_page_size", in: "PageHeader")
    }
    guard let compressedPageSize else {
      throw ThriftCompactReader.missing("compressed_page_size", in: "PageHeader")
    }
    self.init(
      type: type, uncompressedPageSize: uncompressedPageSize, compressedPageSize: compressedPageSize, crc: crc,
      dataPageHeader: dataPageHeader, indexPageHeader: indexPageHeader,
      dictionaryPageHeader: dictionaryPageHeader, dataPageHeaderV2: dataPageHeaderV2)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeEnumField(1, type)
    writer.writeI32Field(2, uncompressedPageSize)
    writer.writeI32Field(3, compressedPageSize)
    writer.writeI32Field(4, crc)
    writer.writeStructField(5, dataPageHeader)
    writer.writeStructField(6, indexPageHeader)
    writer.writeStructField(7, dictionaryPageHeader)
    writer.writeStructField(8, dataPageHeaderV2)
    writer.writeStructEnd(mark)
  }
}
