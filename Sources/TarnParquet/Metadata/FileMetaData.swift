// The footer: file metadata, row groups, sort orders and column orders.

/// One column a row group is sorted by.
package struct SortingColumn: Equatable, Sendable {
  /// Index of the column in the row group.
  package var columnIdx: Int32
  package var descending: Bool
  package var nullsFirst: Bool
}

extension SortingColumn: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var columnIdx: Int32?, descending: Bool?, nullsFirst: Bool?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i32): columnIdx = try reader.readI32()
      case (2, .bool): descending = try reader.readBool()
      case (3, .bool): nullsFirst = try reader.readBool()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let columnIdx else { throw ThriftCompactReader.missing("column_idx", in: "SortingColumn") }
    guard let descending else { throw ThriftCompactReader.missing("descending", in: "SortingColumn") }
    guard let nullsFirst else { throw ThriftCompactReader.missing("nulls_first", in: "SortingColumn") }
    self.init(columnIdx: columnIdx, descending: descending, nullsFirst: nullsFirst)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeI32Field(1, columnIdx)
    writer.writeBoolField(2, descending)
    writer.writeBoolField(3, nullsFirst)
    writer.writeStructEnd(mark)
  }
}

/// A horizontal slice of the file: one chunk per leaf column.
package struct RowGroup: Equatable, Sendable {
  /// In the order of the schema's leaves.
  package var columns: [ColumnChunk]
  /// Uncompressed bytes of all column data.
  package var totalByteSize: Int64
  package var numRows: Int64
  package var sortingColumns: [SortingColumn]?
  /// Offset of the row group's first page.
  package var fileOffset: Int64?
  package var totalCompressedSize: Int64?
  package var ordinal: Int16?
}

extension RowGroup: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var columns: [ColumnChunk]?, totalByteSize: Int64?, numRows: Int64?
    var sortingColumns: [SortingColumn]?, fileOffset: Int64?, totalCompressedSize: Int64?, ordinal: Int16?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .list): columns = try reader.readStructList(ColumnChunk.self)
      case (2, .i64): totalByteSize = try reader.readI64()
      case (3, .i64): numRows = try reader.readI64()
      case (4, .list): sortingColumns = try reader.readStructList(SortingColumn.self)
      case (5, .i64): fileOffset = try reader.readI64()
      case (6, .i64): totalCompressedSize = try reader.readI64()
      case (7, .i16): ordinal = try reader.readI16()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let columns else { throw ThriftCompactReader.missing("columns", in: "RowGroup") }
    guard let totalByteSize else { throw ThriftCompactReader.missing("total_byte_size", in: "RowGroup") }
    guard let numRows else { throw ThriftCompactReader.missing("num_rows", in: "RowGroup") }
    self.init(
      columns: columns, totalByteSize: totalByteSize, numRows: numRows, sortingColumns: sortingColumns,
      fileOffset: fileOffset, totalCompressedSize: totalCompressedSize, ordinal: ordinal)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeStructListField(1, columns)
    writer.writeI64Field(2, totalByteSize)
    writer.writeI64Field(3, numRows)
    writer.writeStructListField(4, sortingColumns)
    writer.writeI64Field(5, fileOffset)
    writer.writeI64Field(6, totalCompressedSize)
    writer.writeI16Field(7, ordinal)
    writer.writeStructEnd(mark)
  }
}

/// The order a leaf column's min/max statistics follow (a union of empty structs).
///
/// A reader that doesn't know the order must ignore that column's min/max, so an unknown
/// variant is kept rather than rejected.
package enum ColumnOrder: Hashable, Sendable {
  /// The order of the logical type, or of the physical type when there is none.
  case typeDefinedOrder
  /// IEEE 754 totalOrder for floating point columns.
  case ieee754TotalOrder
  /// Chronological order of INT96 timestamps.
  case int96TimestampOrder
  /// A union field this version doesn't know, or 0 when none was set.
  case unknown(fieldId: Int16)
}

extension ColumnOrder: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    switch try reader.readEmptyStructUnion() {
    case 1: self = .typeDefinedOrder
    case 2: self = .ieee754TotalOrder
    case 3: self = .int96TimestampOrder
    case let other: self = .unknown(fieldId: other)
    }
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    switch self {
    case .typeDefinedOrder: writer.writeEmptyStructField(1)
    case .ieee754TotalOrder: writer.writeEmptyStructField(2)
    case .int96TimestampOrder: writer.writeEmptyStructField(3)
    case .unknown(let fieldId): if fieldId != 0 { writer.writeEmptyStructField(fieldId) }
    }
    writer.writeStructEnd(mark)
  }
}

/// The file footer: schema, row groups and file-level key/value metadata.
///
/// Decode with `FileMetaData.decode(bytes)`, where `bytes` are the footer bytes that precede
/// the 4-byte little-endian footer length and `PAR1` at the end of the file.
package struct FileMetaData: Equatable, Sendable {
  /// 1 or 2; readers should treat them alike.
  package var version: Int32
  /// Depth-first, root first.
  package var schema: [SchemaElement]
  package var numRows: Int64
  package var rowGroups: [RowGroup]
  package var keyValueMetadata: [KeyValue]?
  /// `<application> version <version> (build <hash>)`; some readers work around known
  /// writer bugs by it.
  package var createdBy: String?
  /// One per leaf column, in schema order.
  package var columnOrders: [ColumnOrder]?
  /// The footer names an encryption algorithm (plaintext footer of an encrypted file), which
  /// Tarn skips and can't read. Never written.
  package var hasEncryptionAlgorithm = false
}

extension FileMetaData: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var version: Int32?, schema: [SchemaElement]?, numRows: Int64?, rowGroups: [RowGroup]?
    var keyValueMetadata: [KeyValue]?, createdBy: String?, columnOrders: [ColumnOrder]?
    var hasEncryptionAlgorithm = false
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i32): version = try reader.readI32()
      case (2, .list): schema = try reader.readStructList(SchemaElement.self)
      case (3, .i64): numRows = try reader.readI64()
      case (4, .list): rowGroups = try reader.readStructList(RowGroup.self)
      case (5, .list): keyValueMetadata = try reader.readStructList(KeyValue.self)
      case (6, .binary): createdBy = try reader.readString()
      case (7, .list): columnOrders = try reader.readStructList(ColumnOrder.self)
      case (8, .struct):
        hasEncryptionAlgorithm = true
        try reader.skip(field.type)
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let version else { throw ThriftCompactReader.missing("version", in: "FileMetaData") }
    guard let schema else { throw ThriftCompactReader.missing("schema", in: "FileMetaData") }
    guard let numRows else { throw ThriftCompactReader.missing("num_rows", in: "FileMetaData") }
    guard let rowGroups else { throw ThriftCompactReader.missing("row_groups", in: "FileMetaData") }
    self.init(
      version: version, schema: schema, numRows: numRows, rowGroups: rowGroups,
      keyValueMetadata: keyValueMetadata, createdBy: createdBy, columnOrders: columnOrders,
      hasEncryptionAlgorithm: hasEncryptionAlgorithm)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeI32Field(1, version)
    writer.writeStructListField(2, schema)
    writer.writeI64Field(3, numRows)
    writer.writeStructListField(4, rowGroups)
    writer.writeStructListField(5, keyValueMetadata)
    writer.writeStringField(6, createdBy)
    writer.writeStructListField(7, columnOrders)
    writer.writeStructEnd(mark)
  }
}
