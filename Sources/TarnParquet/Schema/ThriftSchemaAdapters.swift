// Maps the footer's Thrift schema vocabulary onto the public, hand-designed schema types.
import TarnCore

extension ParquetPhysicalType {
  init(thrift type: PhysicalType) throws(ParquetError) {
    switch type {
    case .boolean: self = .boolean
    case .int32: self = .int32
    case .int64: self = .int64
    case .int96: self = .int96
    case .float: self = .float
    case .double: self = .double
    case .byteArray: self = .byteArray
    case .fixedLenByteArray: self = .fixedLenByteArray
    case .unknown(let code): throw ParquetError(.corrupt("unknown physical type \(code)"))
    }
  }
}

extension ParquetRepetition {
  /// The root and some writers' top-level elements omit the repetition: required.
  init(thrift repetition: FieldRepetitionType?) {
    switch repetition {
    case .optional?: self = .optional
    case .repeated?: self = .repeated
    default: self = .required
    }
  }
}

extension TimeUnit {
  init?(thrift unit: LogicalType.TimeUnit) {
    switch unit {
    case .millis: self = .millisecond
    case .micros: self = .microsecond
    case .nanos: self = .nanosecond
    case .unknown: return nil
    }
  }
}

/// The element's logical type: its LogicalType when present and known, else its legacy ConvertedType.
func resolveLogicalType(_ element: SchemaElement) -> ParquetLogicalType? {
  if let logical = element.logicalType {
    switch logical {
    case .string: return .string
    case .map: return .map
    case .list: return .list
    case .enum: return .enumeration
    case .decimal(let scale, let precision): return .decimal(precision: Int(precision), scale: Int(scale))
    case .date: return .date
    case .time(let utc, let unit):
      if let unit = TimeUnit(thrift: unit) { return .time(unit, isAdjustedToUTC: utc) }
      return .unrecognized("TIME with an unknown unit")
    case .timestamp(let utc, let unit):
      if let unit = TimeUnit(thrift: unit) { return .timestamp(unit, isAdjustedToUTC: utc) }
      return .unrecognized("TIMESTAMP with an unknown unit")
    case .integer(let bits, let signed): return .integer(bitWidth: Int(bits), isSigned: signed)
    case .null: return .null
    case .json: return .json
    case .bson: return .bson
    case .uuid: return .uuid
    case .float16: return .float16
    case .variant: return .variant
    case .geometry: return .geometry
    case .geography: return .geography
    case .vector: return .unrecognized("VECTOR")
    case .unknown(let fieldId): return .unrecognized("logical type \(fieldId)")
    }
  }
  guard let converted = element.convertedType else { return nil }
  switch converted {
  case .utf8: return .string
  case .map, .mapKeyValue: return .map
  case .list: return .list
  case .enum: return .enumeration
  case .decimal: return .decimal(precision: Int(element.precision ?? 0), scale: Int(element.scale ?? 0))
  case .date: return .date
  // The spec calls legacy timestamps UTC-adjusted; DuckDB reads them as plain TIMESTAMP, and so does Tarn.
  case .timeMillis: return .time(.millisecond, isAdjustedToUTC: false)
  case .timeMicros: return .time(.microsecond, isAdjustedToUTC: false)
  case .timestampMillis: return .timestamp(.millisecond, isAdjustedToUTC: false)
  case .timestampMicros: return .timestamp(.microsecond, isAdjustedToUTC: false)
  case .uint8: return .integer(bitWidth: 8, isSigned: false)
  case .uint16: return .integer(bitWidth: 16, isSigned: false)
  case .uint32: return .integer(bitWidth: 32, isSigned: false)
  case .uint64: return .integer(bitWidth: 64, isSigned: false)
  case .int8: return .integer(bitWidth: 8, isSigned: true)
  case .int16: return .integer(bitWidth: 16, isSigned: true)
  case .int32: return .integer(bitWidth: 32, isSigned: true)
  case .int64: return .integer(bitWidth: 64, isSigned: true)
  case .json: return .json
  case .bson: return .bson
  case .interval: return .interval
  case .unknown: return nil
  }
}
