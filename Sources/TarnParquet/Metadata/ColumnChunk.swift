// Column chunk metadata: where a column's pages are in the file and how they are encoded.

/// A key/value pair of file or column metadata.
package struct KeyValue: Equatable, Sendable {
  package var key: String
  package var value: String?
}

extension KeyValue: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var key: String?, value: String?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .binary): key = try reader.readString()
      case (2, .binary): value = try reader.readString()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let key else { throw ThriftCompactReader.missing("key", in: "KeyValue") }
    self.init(key: key, value: value)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeStringField(1, key)
    writer.writeStringField(2, value)
    writer.writeStructEnd(mark)
  }
}

/// Metadata of one column chunk: type, codec, sizes, page offsets and statistics.
package struct ColumnMetaData: Equatable, Sendable {
  package var type: PhysicalType
  /// Every encoding used by the chunk's pages, so a reader can refuse early.
  package var encodings: [Encoding]
  package var pathInSchema: [String]
  package var codec: ThriftCompressionCodec
  package var numValues: Int64
  /// Sizes of all pages including their headers.
  package var totalUncompressedSize: Int64
  package var totalCompressedSize: Int64
  package var keyValueMetadata: [KeyValue]?
  package var dataPageOffset: Int64
  package var indexPageOffset: Int64?
  package var dictionaryPageOffset: Int64?
  package var statistics: Statistics?
  package var encodingStats: [PageEncodingStats]?
  package var bloomFilterOffset: Int64?
  /// Bytes of the Bloom filter including its header.
  package var bloomFilterLength: Int32?
  package var sizeStatistics: SizeStatistics?
  package var geospatialStatistics: GeospatialStatistics?
}

extension ColumnMetaData: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var type: PhysicalType?, encodings: [Encoding]?, pathInSchema: [String]?, codec: ThriftCompressionCodec?
    var numValues: Int64?, totalUncompressedSize: Int64?, totalCompressedSize: Int64?
    var keyValueMetadata: [KeyValue]?, dataPageOffset: Int64?, indexPageOffset: Int64?
    var dictionaryPageOffset: Int64?, statistics: Statistics?, encodingStats: [PageEncodingStats]?
    var bloomFilterOffset: Int64?, bloomFilterLength: Int32?
    var sizeStatistics: SizeStatistics?, geospatialStatistics: GeospatialStatistics?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i32): type = try reader.readEnum(PhysicalType.self)
      case (2, .list): encodings = try reader.readEnumList(Encoding.self)
      case (3, .list): pathInSchema = try reader.readStringList()
      case (4, .i32): codec = try reader.readEnum(ThriftCompressionCodec.self)
      case (5, .i64): numValues = try reader.readI64()
      case (6, .i64): totalUncompressedSize = try reader.readI64()
      case (7, .i64): totalCompressedSize = try reader.readI64()
      case (8, .list): keyValueMetadata = try reader.readStructList(KeyValue.self)
      case (9, .i64): dataPageOffset = try reader.readI64()
      case (10, .i64): indexPageOffset = try reader.readI64()
      case (11, .i64): dictionaryPageOffset = try reader.readI64()
      case (12, .struct): statistics = try reader.read(Statistics.self)
      case (13, .list): encodingStats = try reader.readStructList(PageEncodingStats.self)
      case (14, .i64): bloomFilterOffset = try reader.readI64()
      case (15, .i32): bloomFilterLength = try reader.readI32()
      case (16, .struct): sizeStatistics = try reader.read(SizeStatistics.self)
      case (17, .struct): geospatialStatistics = try reader.read(GeospatialStatistics.self)
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    let name = "ColumnMetaData"
    guard let type else { throw ThriftCompactReader.missing("type", in: name) }
    guard let encodings else { throw ThriftCompactReader.missing("encodings", in: name) }
    guard let pathInSchema else { throw ThriftCompactReader.missing("path_in_schema", in: name) }
    guard let codec else { throw ThriftCompactReader.missing("codec", in: name) }
    guard let numValues else { throw ThriftCompactReader.missing("num_values", in: name) }
    guard let totalUncompressedSize else { throw ThriftCompactReader.missing("total_uncompressed_size", in: name) }
    guard let totalCompressedSize else { throw ThriftCompactReader.missing("total_compressed_size", in: name) }
    guard let dataPageOffset else { throw ThriftCompactReader.missing("data_page_offset", in: name) }
    self.init(
      type: type, encodings: encodings, pathInSchema: pathInSchema, codec: codec, numValues: numValues,
      totalUncompressedSize: totalUncompressedSize, totalCompressedSize: totalCompressedSize,
      keyValueMetadata: keyValueMetadata, dataPageOffset: dataPageOffset, indexPageOffset: indexPageOffset,
      dictionaryPageOffset: dictionaryPageOffset, statistics: statistics, encodingStats: encodingStats,
      bloomFilterOffset: bloomFilterOffset, bloomFilterLength: bloomFilterLength,
      sizeStatistics: sizeStatistics, geospatialStatistics: geospatialStatistics)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeEnumField(1, type)
    writer.writeEnumListField(2, encodings)
    writer.writeStringListField(3, pathInSchema)
    writer.writeEnumField(4, codec)
    writer.writeI64Field(5, numValues)
    writer.writeI64Field(6, totalUncompressedSize)
    writer.writeI64Field(7, totalCompressedSize)
    writer.writeStructListField(8, keyValueMetadata)
    writer.writeI64Field(9, dataPageOffset)
    writer.writeI64Field(10, indexPageOffset)
    writer.writeI64Field(11, dictionaryPageOffset)
    writer.writeStructField(12, statistics)
    writer.writeStructListField(13, encodingStats)
    writer.writeI64Field(14, bloomFilterOffset)
    writer.writeI32Field(15, bloomFilterLength)
    writer.writeStructField(16, sizeStatistics)
    writer.writeStructField(17, geospatialStatistics)
    writer.writeStructEnd(mark)
  }
}

/// One column's chunk within a row group, and where its page indexes are.
package struct ColumnChunk: Equatable, Sendable {
  /// Set only in summary `_metadata` files; data in other files is not part of the spec.
  package var filePath: String?
  /// Deprecated; writers put 0. Missing reads as 0, the spec's default, though it is `required`.
  package var fileOffset: Int64 = 0
  /// Optional in the IDL but written by every major writer.
  package var metaData: ColumnMetaData?
  package var offsetIndexOffset: Int64?
  package var offsetIndexLength: Int32?
  package var columnIndexOffset: Int64?
  package var columnIndexLength: Int32?
  /// The chunk has crypto metadata or encrypted column metadata, which Tarn skips and can't
  /// read. Never written.
  package var isEncrypted = false
}

extension ColumnChunk: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    self.init()
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .binary): filePath = try reader.readString()
      case (2, .i64): fileOffset = try reader.readI64()
      case (3, .struct): metaData = try reader.read(ColumnMetaData.self)
      case (4, .i64): offsetIndexOffset = try reader.readI64()
      case (5, .i32): offsetIndexLength = try reader.readI32()
      case (6, .i64): columnIndexOffset = try reader.readI64()
      case (7, .i32): columnIndexLength = try reader.readI32()
      case (8, .struct), (9, .binary):
        isEncrypted = true
        try reader.skip(field.type)
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeStringField(1, filePath)
    writer.writeI64Field(2, fileOffset)
    writer.writeStructField(3, metaData)
    writer.writeI64Field(4, offsetIndexOffset)
    writer.writeI32Field(5, offsetIndexLength)
    writer.writeI64Field(6, columnIndexOffset)
    writer.writeI32Field(7, columnIndexLength)
    writer.writeStructEnd(mark)
  }
}
