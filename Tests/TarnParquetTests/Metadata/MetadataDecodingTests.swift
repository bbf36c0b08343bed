// Hand-assembled metadata bytes: known encodings, unknown fields, unknown enum values and union ids.

import Testing
@testable import TarnParquet

@Suite struct MetadataDecodingTests {
  @Test func handAssembledDataPageHeader() throws {
    // PageHeader { 1: DATA_PAGE, 2: 100, 3: 80, 5: DataPageHeader { 1: 10, 2: PLAIN, 3: RLE, 4: RLE } }
    let bytes: [UInt8] = [
      0x15, 0x00,
      0x15, 0xC8, 0x01,
      0x15, 0xA0, 0x01,
      0x2C,  // delta 2 → field 5, struct
      0x15, 0x14, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x00,
      0x00,
    ]
    let header = try decodeAll(PageHeader.self, bytes)
    #expect(header == PageHeader(
      type: .dataPage, uncompressedPageSize: 100, compressedPageSize: 80,
      dataPageHeader: DataPageHeader(numValues: 10, encoding: .plain, definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle)))
    #expect(header.encoded() == bytes)
  }

  @Test func pageHeaderDecodeReportsItsLength() throws {
    let header = PageHeader(
      type: .dictionaryPage, uncompressedPageSize: 7, compressedPageSize: 5,
      dictionaryPageHeader: DictionaryPageHeader(numValues: 2, encoding: .plain, isSorted: false))
    let encoded = header.encoded()
    let buffer: [UInt8] = [0xEE, 0xEE, 0xEE] + encoded + [1, 2, 3, 4, 5]
    let (decoded, length) = try buffer.withUnsafeBytes { try PageHeader.decode(from: $0, at: 3) }
    #expect(decoded == header)
    #expect(length == encoded.count)
  }

  @Test func offsetOutsideTheBufferThrows() {
    let bytes: [UInt8] = [0x00, 0x00]
    for offset in [-1, 3, Int.max] {
      let error = #expect(throws: ParquetError.self) {
        try bytes.withUnsafeBytes { buffer in _ = try PageHeader.decode(from: buffer, at: offset) }
      }
      #expect(isCorrupt(error))
    }
    let atEnd = #expect(throws: ParquetError.self) {
      try bytes.withUnsafeBytes { buffer in _ = try PageHeader.decode(from: buffer, at: 2) }
    }
    #expect(isTruncated(atEnd))
  }

  @Test func handAssembledLogicalTypes() throws {
    // TIMESTAMP(isAdjustedToUTC: true, unit: MICROS): { 8: { 1: true, 2: { 2: {} } } }
    let timestamp: [UInt8] = [0x8C, 0x11, 0x1C, 0x2C, 0x00, 0x00, 0x00, 0x00]
    #expect(try decodeAll(LogicalType.self, timestamp) == .timestamp(isAdjustedToUTC: true, unit: .micros))
    #expect(LogicalType.timestamp(isAdjustedToUTC: true, unit: .micros).encoded() == timestamp)
    // DECIMAL(scale: 2, precision: 10): { 5: { 1: 2, 2: 10 } }
    let decimal: [UInt8] = [0x5C, 0x15, 0x04, 0x15, 0x14, 0x00, 0x00]
    #expect(try decodeAll(LogicalType.self, decimal) == .decimal(scale: 2, precision: 10))
    // INTEGER(bitWidth: 16, isSigned: false): { 10: { 1: i8 16, 2: false } }
    let integer: [UInt8] = [0xAC, 0x13, 0x10, 0x12, 0x00, 0x00]
    #expect(try decodeAll(LogicalType.self, integer) == .integer(bitWidth: 16, isSigned: false))
    // STRING: { 1: {} }
    #expect(try decodeAll(LogicalType.self, [0x1C, 0x00, 0x00]) == .string)
  }

  @Test func unknownFieldsAreSkippedEverywhere() throws {
    // SchemaElement with unknown fields before, between and after the known ones, including
    // nested structs, lists of lists and maps; and a known id with the wrong wire type.
    let bytes = written { w in
      let mark = w.writeStructBegin()
      w.writeBinaryField(1, [1, 2, 3])  // field 1 is `type`, an i32: wrong type, skipped
      w.writeStringField(4, "col")
      w.writeFieldBegin(12, .struct)
      let inner = w.writeStructBegin()
      w.writeFieldBegin(1, .list)
      w.writeListBegin(.list, count: 2)
      w.writeListBegin(.i64, count: 2)
      w.writeI64(1)
      w.writeI64(-1)
      w.writeListBegin(.struct, count: 1)
      let deep = w.writeStructBegin()
      w.writeBoolField(7, true)
      w.writeStructEnd(deep)
      w.writeFieldBegin(2, .map)
      w.writeMapBegin(keyType: .binary, valueType: .double, count: 1)
      w.writeString("k")
      w.writeDouble(1.5)
      w.writeStructEnd(inner)
      w.writeBoolField(13, true)
      w.writeI32Field(14, 99)
      w.writeI32Field(6, 0)  // converted_type UTF8, written after higher ids: long form
      w.writeFieldBegin(200, .set)
      w.writeSetBegin(.binary, count: 2)
      w.writeString("a")
      w.writeString("b")
      w.writeStructEnd(mark)
    }
    let element = try decodeAll(SchemaElement.self, bytes)
    #expect(element == SchemaElement(type: nil, name: "col", convertedType: .utf8))
  }

  @Test func unknownFieldsInsideNestedKnownStructs() throws {
    let statistics = written { w in
      let mark = w.writeStructBegin()
      w.writeI64Field(3, 5)
      w.writeFieldBegin(20, .struct)
      w.writeStructEnd(w.writeStructBegin())
      w.writeI64Field(21, 1)
      w.writeStructEnd(mark)
    }
    let bytes = written { w in
      let mark = w.writeStructBegin()
      w.writeI32Field(1, 0)
      w.writeI32Field(2, Encoding.plain.rawValue)
      w.writeI32Field(3, Encoding.rle.rawValue)
      w.writeI32Field(4, Encoding.rle.rawValue)
      w.writeFieldBegin(5, .struct)
      w.writeStructEnd(w.writeStructBegin())  // placeholder, replaced below
      w.writeStructEnd(mark)
    }
    // Splice the statistics struct in place of the empty placeholder struct.
    let spliced = Array(bytes.dropLast(2)) + statistics + [0x00]
    let header = try decodeAll(DataPageHeader.self, spliced)
    #expect(header.statistics == Statistics(nullCount: 5))
    #expect(header.numValues == 0)
  }

  @Test func unknownEnumValuesAreKept() throws {
    var metadata = minimalColumnMetaData
    metadata.codec = .unknown(99)
    metadata.encodings = [.plain, .unknown(1234)]
    metadata.type = .unknown(20)
    let decoded = try decodeAll(ColumnMetaData.self, metadata.encoded())
    #expect(decoded.codec == .unknown(99))
    #expect(decoded.encodings == [.plain, .unknown(1234)])
    #expect(decoded.type == .unknown(20))
  }

  @Test func unknownLogicalTypeIdsAreKept() throws {
    // { 25: { 1: list<i32> [1, 2], 2: { 1: "x" } } }: an id from the future, with content.
    let future = written { w in
      let mark = w.writeStructBegin()
      w.writeFieldBegin(25, .struct)
      let inner = w.writeStructBegin()
      w.writeI32ListField(1, [1, 2])
      w.writeFieldBegin(2, .struct)
      let deeper = w.writeStructBegin()
      w.writeStringField(1, "x")
      w.writeStructEnd(deeper)
      w.writeStructEnd(inner)
      w.writeStructEnd(mark)
    }
    #expect(try decodeAll(LogicalType.self, future) == .unknown(fieldId: 25))
    // A known variant beside an unknown one wins, whichever comes first.
    let knownAfterUnknown = written { w in
      let mark = w.writeStructBegin()
      w.writeEmptyStructField(40)
      w.writeEmptyStructField(41)
      w.writeEmptyStructField(12)
      w.writeStructEnd(mark)
    }
    #expect(try decodeAll(LogicalType.self, knownAfterUnknown) == .json)
    // A non-struct field is skipped like any mistyped field: here the union is left empty.
    let wrongType = written { w in
      let mark = w.writeStructBegin()
      w.writeI32Field(1, 5)
      w.writeStructEnd(mark)
    }
    #expect(try decodeAll(LogicalType.self, wrongType) == .unknown(fieldId: 0))
    // Unknown time units and column orders.
    #expect(try decodeAll(LogicalType.TimeUnit.self, [0x4C, 0x00, 0x00]) == .unknown(fieldId: 4))
    #expect(try decodeAll(ColumnOrder.self, [0x9C, 0x00, 0x00]) == .unknown(fieldId: 9))
    #expect(try decodeAll(ColumnOrder.self, [0x00]) == .unknown(fieldId: 0))
  }

  @Test func emptyVariantStructsMayGrowFields() throws {
    // STRING with a field a newer writer might add: { 1: { 1: i32 7 } }
    #expect(try decodeAll(LogicalType.self, [0x1C, 0x15, 0x0E, 0x00, 0x00]) == .string)
  }

  @Test func missingRequiredFieldsAreCorrupt() {
    let cases: [(String, [UInt8], (inout ThriftCompactReader) throws(ParquetError) -> Void)] = [
      ("SchemaElement missing required field name", [0x15, 0x02, 0x00], { (r: inout ThriftCompactReader) throws(ParquetError) in
        _ = try SchemaElement(from: &r)
      }),
      ("PageHeader missing required field compressed_page_size", [0x15, 0x00, 0x15, 0x02, 0x00], { (r: inout ThriftCompactReader) throws(ParquetError) in
        _ = try PageHeader(from: &r)
      }),
      ("FileMetaData missing required field version", [0x00], { (r: inout ThriftCompactReader) throws(ParquetError) in
        _ = try FileMetaData(from: &r)
      }),
      ("DecimalType missing required field precision", [0x5C, 0x15, 0x04, 0x00, 0x00], { (r: inout ThriftCompactReader) throws(ParquetError) in
        _ = try LogicalType(from: &r)
      }),
      ("BloomFilterHeader missing required field hash", [0x15, 0x02, 0x1C, 0x1C, 0x00, 0x00, 0x00], { (r: inout ThriftCompactReader) throws(ParquetError) in
        _ = try BloomFilterHeader(from: &r)
      }),
    ]
    for (message, bytes, decode) in cases {
      let error = #expect(throws: ParquetError.self) { try withReader(bytes, decode) }
      #expect(error?.reason == .corrupt(message))
    }
  }

  @Test func columnChunkWithoutFileOffsetReadsAsZero() throws {
    let chunk = try decodeAll(ColumnChunk.self, [0x00])
    #expect(chunk.fileOffset == 0)
    #expect(chunk.metaData == nil)
  }

  @Test func encryptedFieldsAreSkippedButNoted() throws {
    let chunk = written { w in
      let mark = w.writeStructBegin()
      w.writeI64Field(2, 0)
      w.writeFieldBegin(8, .struct)
      let crypto = w.writeStructBegin()
      w.writeEmptyStructField(1)
      w.writeStructEnd(crypto)
      w.writeBinaryField(9, [1, 2, 3])
      w.writeStructEnd(mark)
    }
    #expect(try decodeAll(ColumnChunk.self, chunk).isEncrypted)
    let file = written { w in
      let mark = w.writeStructBegin()
      w.writeI32Field(1, 1)
      w.writeStructListField(2, [SchemaElement]())
      w.writeI64Field(3, 0)
      w.writeStructListField(4, [RowGroup]())
      w.writeFieldBegin(8, .struct)
      let algorithm = w.writeStructBegin()
      w.writeFieldBegin(1, .struct)
      let aes = w.writeStructBegin()
      w.writeBinaryField(1, [9, 9])
      w.writeStructEnd(aes)
      w.writeStructEnd(algorithm)
      w.writeBinaryField(9, [7])
      w.writeStructEnd(mark)
    }
    let metadata = try decodeAll(FileMetaData.self, file)
    #expect(metadata.hasEncryptionAlgorithm)
    #expect(metadata.version == 1)
  }

  @Test func hugeSchemaListThrowsBeforeAllocating() {
    // FileMetaData { 1: 1, 2: list<struct> claiming 2^31 - 1 elements } with 10 bytes left.
    let bytes: [UInt8] = [0x15, 0x02, 0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07] + Array(repeating: 0, count: 10)
    let error = #expect(throws: ParquetError.self) {
      try bytes.withUnsafeBytes { buffer in _ = try FileMetaData.decode(buffer) }
    }
    #expect(isOverLimit(error))
    let unlimited = ThriftCompactReader.Limits(maxContainerCount: .max)
    let truncated = #expect(throws: ParquetError.self) {
      try bytes.withUnsafeBytes { buffer in _ = try FileMetaData.decode(buffer, limits: unlimited) }
    }
    #expect(isTruncated(truncated))
  }
}
