// The LogicalType union of parquet.thrift: how to interpret a column's physical values.

/// Logical type annotation of a schema element (a Thrift union of mostly empty structs).
///
/// A union field id this version doesn't know becomes `.unknown(fieldId:)` instead of an error,
/// so the file still opens and the column falls back to its physical type. A union with no
/// struct field set (legal Thrift) reads as `.unknown(fieldId: 0)`. When several variants are
/// set, the first known one wins.
package enum LogicalType: Hashable, Sendable {
  case string
  case map
  case list
  case `enum`
  case decimal(scale: Int32, precision: Int32)
  case date
  case time(isAdjustedToUTC: Bool, unit: TimeUnit)
  case timestamp(isAdjustedToUTC: Bool, unit: TimeUnit)
  /// `bitWidth` is 8, 16, 32 or 64 by the spec; not checked here.
  case integer(bitWidth: Int8, isSigned: Bool)
  /// Always null; named UNKNOWN in parquet.thrift (field 11, `NullType`).
  case null
  case json
  case bson
  case uuid
  case float16
  case variant(specificationVersion: Int8?)
  /// `crs` nil means OGC:CRS84.
  case geometry(crs: String?)
  /// `crs` nil means OGC:CRS84; `algorithm` nil means spherical.
  case geography(crs: String?, algorithm: EdgeInterpolationAlgorithm?)
  /// Fixed-size vector group; the length is on the schema element.
  case vector
  /// A union field this version doesn't know (never one of the ids above), or 0 for none.
  case unknown(fieldId: Int16)

  /// Resolution of TIME and TIMESTAMP (a union of empty structs).
  package enum TimeUnit: Hashable, Sendable {
    case millis, micros, nanos
    /// A union field this version doesn't know, or 0 when none was set.
    case unknown(fieldId: Int16)
  }
}

extension LogicalType: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    let mark = try reader.readStructBegin()
    var known: LogicalType?
    var firstUnknown: Int16?
    while let field = try reader.readFieldBegin() {
      // Every variant is a struct; anything else is skipped like a mistyped field of a struct.
      guard field.type == .struct else {
        try reader.skip(field.type)
        continue
      }
      guard let value = try Self.readVariant(field.id, from: &reader) else {
        try reader.skip(.struct)
        if firstUnknown == nil { firstUnknown = field.id }
        continue
      }
      if known == nil { known = value }
    }
    reader.readStructEnd(mark)
    self = known ?? .unknown(fieldId: firstUnknown ?? 0)
  }

  /// Reads the struct of variant `id`, or returns nil without reading if the id is unknown.
  private static func readVariant(
    _ id: Int16, from reader: inout ThriftCompactReader
  ) throws(ParquetError) -> LogicalType? {
    let variant: LogicalType
    switch id {
    case 1: variant = .string
    case 2: variant = .map
    case 3: variant = .list
    case 4: variant = .enum
    case 5: return try readDecimal(from: &reader)
    case 6: variant = .date
    case 7:
      let (isAdjustedToUTC, unit) = try readTime(from: &reader, name: "TimeType")
      return .time(isAdjustedToUTC: isAdjustedToUTC, unit: unit)
    case 8:
      let (isAdjustedToUTC, unit) = try readTime(from: &reader, name: "TimestampType")
      return .timestamp(isAdjustedToUTC: isAdjustedToUTC, unit: unit)
    case 10: return try readInteger(from: &reader)
    case 11: variant = .null
    case 12: variant = .json
    case 13: variant = .bson
    case 14: variant = .uuid
    case 15: variant = .float16
    case 16: return try readVariantType(from: &reader)
    case 17: return try readGeometry(from: &reader)
    case 18: return try readGeography(from: &reader)
    case 19: variant = .vector
    default: return nil
    }
    // The remaining variants are empty structs; skip whatever fields a newer writer added.
    try reader.skip(.struct)
    return variant
  }

  private static func readDecimal(from reader: inout ThriftCompactReader) throws(ParquetError) -> LogicalType {
    var scale: Int32?, precision: Int32?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i32): scale = try reader.readI32()
      case (2, .i32): precision = try reader.readI32()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let scale else { throw ThriftCompactReader.missing("scale", in: "DecimalType") }
    guard let precision else { throw ThriftCompactReader.missing("precision", in: "DecimalType") }
    return .decimal(scale: scale, precision: precision)
  }

  private static func readTime(
    from reader: inout ThriftCompactReader, name: String
  ) throws(ParquetError) -> (Bool, TimeUnit) {
    var isAdjustedToUTC: Bool?, unit: TimeUnit?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .bool): isAdjustedToUTC = try reader.readBool()
      case (2, .struct): unit = try TimeUnit(from: &reader)
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let isAdjustedToUTC else { throw ThriftCompactReader.missing("isAdjustedToUTC", in: name) }
    guard let unit else { throw ThriftCompactReader.missing("unit", in: name) }
    return (isAdjustedToUTC, unit)
  }

  private static func readInteger(from reader: inout ThriftCompactReader) throws(ParquetError) -> LogicalType {
    var bitWidth: Int8?, isSigned: Bool?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i8): bitWidth = try reader.readI8()
      case (2, .bool): isSigned = try reader.readBool()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let bitWidth else { throw ThriftCompactReader.missing("bitWidth", in: "IntType") }
    guard let isSigned else { throw ThriftCompactReader.missing("isSigned", in: "IntType") }
    return .integer(bitWidth: bitWidth, isSigned: isSigned)
  }

  private static func readVariantType(from reader: inout ThriftCompactReader) throws(ParquetError) -> LogicalType {
    var specificationVersion: Int8?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i8): specificationVersion = try reader.readI8()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    return .variant(specificationVersion: specificationVersion)
  }

  private static func readGeometry(from reader: inout ThriftCompactReader) throws(ParquetError) -> LogicalType {
    var crs: String?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .binary): crs = try reader.readString()
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    return .geometry(crs: crs)
  }

  private static func readGeography(from reader: inout ThriftCompactReader) throws(ParquetError) -> LogicalType {
    var crs: String?, algorithm: EdgeInterpolationAlgorithm?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .binary): crs = try reader.readString()
      case (2, .i32): algorithm = try reader.readEnum(EdgeInterpolationAlgorithm.self)
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    return .geography(crs: crs, algorithm: algorithm)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    switch self {
    case .string: writer.writeEmptyStructField(1)
    case .map: writer.writeEmptyStructField(2)
    case .list: writer.writeEmptyStructField(3)
    case .enum: writer.writeEmptyStructField(4)
    case .decimal(let scale, let precision):
      writer.writeFieldBegin(5, .struct)
      let inner = writer.writeStructBegin()
      writer.writeI32Field(1, scale)
      writer.writeI32Field(2, precision)
      writer.writeStructEnd(inner)
    case .date: writer.writeEmptyStructField(6)
    case .time(let isAdjustedToUTC, let unit):
      Self.writeTime(7, isAdjustedToUTC, unit, to: &writer)
    case .timestamp(let isAdjustedToUTC, let unit):
      Self.writeTime(8, isAdjustedToUTC, unit, to: &writer)
    case .integer(let bitWidth, let isSigned):
      writer.writeFieldBegin(10, .struct)
      let inner = writer.writeStructBegin()
      writer.writeI8Field(1, bitWidth)
      writer.writeBoolField(2, isSigned)
      writer.writeStructEnd(inner)
    case .null: writer.writeEmptyStructField(11)
    case .json: writer.writeEmptyStructField(12)
    case .bson: writer.writeEmptyStructField(13)
    case .uuid: writer.writeEmptyStructField(14)
    case .float16: writer.writeEmptyStructField(15)
    case .variant(let specificationVersion):
      writer.writeFieldBegin(16, .struct)
      let inner = writer.writeStructBegin()
      writer.writeI8Field(1, specificationVersion)
      writer.writeStructEnd(inner)
    case .geometry(let crs):
      writer.writeFieldBegin(17, .struct)
      let inner = writer.writeStructBegin()
      writer.writeStringField(1, crs)
      writer.writeStructEnd(inner)
    case .geography(let crs, let algorithm):
      writer.writeFieldBegin(18, .struct)
      let inner = writer.writeStructBegin()
      writer.writeStringField(1, crs)
      writer.writeEnumField(2, algorithm)
      writer.writeStructEnd(inner)
    case .vector: writer.writeEmptyStructField(19)
    case .unknown(let fieldId):
      // Only the id survives; 0 stands for "no field set" and writes an empty union.
      if fieldId != 0 { writer.writeEmptyStructField(fieldId) }
    }
    writer.writeStructEnd(mark)
  }

  private static func writeTime(
    _ id: Int16, _ isAdjustedToUTC: Bool, _ unit: TimeUnit, to writer: inout ThriftCompactWriter
  ) {
    writer.writeFieldBegin(id, .struct)
    let inner = writer.writeStructBegin()
    writer.writeBoolField(1, isAdjustedToUTC)
    writer.writeStructField(2, unit)
    writer.writeStructEnd(inner)
  }
}

extension LogicalType.TimeUnit: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    switch try reader.readEmptyStructUnion() {
    case 1: self = .millis
    case 2: self = .micros
    case 3: self = .nanos
    case let other: self = .unknown(fieldId: other)
    }
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    switch self {
    case .millis: writer.writeEmptyStructField(1)
    case .micros: writer.writeEmptyStructField(2)
    case .nanos: writer.writeEmptyStructField(3)
    case .unknown(let fieldId): if fieldId != 0 { writer.writeEmptyStructField(fieldId) }
    }
    writer.writeStructEnd(mark)
  }
}
