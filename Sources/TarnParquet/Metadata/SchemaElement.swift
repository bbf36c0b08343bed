// One node of the flattened Parquet schema tree.

/// A schema node; `FileMetaData.schema` lists them depth-first, root first.
///
/// A group has `numChildren` and no `type`; a leaf has a `type` and no children.
package struct SchemaElement: Equatable, Sendable {
  /// Physical type; nil for groups.
  package var type: PhysicalType?
  /// Byte width of FIXED_LEN_BYTE_ARRAY values.
  package var typeLength: Int32?
  /// Nil only for the root.
  package var repetitionType: FieldRepetitionType?
  package var name: String
  package var numChildren: Int32?
  package var convertedType: ConvertedType?
  /// Decimal scale and precision, for `convertedType == .decimal`.
  package var scale: Int32?
  package var precision: Int32?
  /// The field id of the schema the file was written from (Iceberg and others).
  package var fieldId: Int32?
  package var logicalType: LogicalType?
  /// Element slots per parent, for `repetitionType == .vector`.
  package var vectorLength: Int32?
}

extension SchemaElement: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var type: PhysicalType?, typeLength: Int32?, repetitionType: FieldRepetitionType?
    var name: String?, numChildren: Int32?, convertedType: ConvertedType?
    var scale: Int32?, precision: Int32?, fieldId: Int32?
    var logicalType: LogicalType?, vectorLength: Int32?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i32): type = try reader.readEnum(PhysicalType.self)
      case (2, .i32): typeLength = try reader.readI32()
      case (3, .i32): repetitionType = try reader.readEnum(FieldRepetitionType.self)
      case (4, .binary): name = try reader.readString()
      case (5, .i32): numChildren = try reader.readI32()
      case (6, .i32): convertedType = try reader.readEnum(ConvertedType.self)
      case (7, .i32): scale = try reader.readI32()
      case (8, .i32): precision = try reader.readI32()
      case (9, .i32): fieldId = try reader.readI32()
      case (10, .struct): logicalType = try reader.read(LogicalType.self)
      case (11, .i32): vectorLength = try reader.readI32()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let name else { throw ThriftCompactReader.missing("name", in: "SchemaElement") }
    self.init(
      type: type, typeLength: typeLength, repetitionType: repetitionType, name: name,
      numChildren: numChildren, convertedType: convertedType, scale: scale, precision: precision,
      fieldId: fieldId, logicalType: logicalType, vectorLength: vectorLength)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeEnumField(1, type)
    writer.writeI32Field(2, typeLength)
    writer.writeEnumField(3, repetitionType)
    writer.writeStringField(4, name)
    writer.writeI32Field(5, numChildren)
    writer.writeEnumField(6, convertedType)
    writer.writeI32Field(7, scale)
    writer.writeI32Field(8, precision)
    writer.writeI32Field(9, fieldId)
    writer.writeStructField(10, logicalType)
    writer.writeI32Field(11, vectorLength)
    writer.writeStructEnd(mark)
  }
}
