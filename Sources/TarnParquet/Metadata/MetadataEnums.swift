// The i32 enums of parquet.thrift, each keeping values it doesn't name instead of failing.

/// Physical storage type of a column (`Type` in parquet.thrift).
package enum PhysicalType: ThriftEnum {
  case boolean, int32, int64
  /// Deprecated 12-byte timestamps; still common in files from Spark and Impala.
  case int96
  case float, double, byteArray, fixedLenByteArray
  case unknown(Int32)

  package init(rawValue: Int32) {
    switch rawValue {
    case 0: self = .boolean
    case 1: self = .int32
    case 2: self = .int64
    case 3: self = .int96
    case 4: self = .float
    case 5: self = .double
    case 6: self = .byteArray
    case 7: self = .fixedLenByteArray
    default: self = .unknown(rawValue)
    }
  }

  package var rawValue: Int32 {
    switch self {
    case .boolean: 0
    case .int32: 1
    case .int64: 2
    case .int96: 3
    case .float: 4
    case .double: 5
    case .byteArray: 6
    case .fixedLenByteArray: 7
    case .unknown(let value): value
    }
  }
}

/// Deprecated type annotation superseded by `LogicalType`, still written for old readers.
package enum ConvertedType: ThriftEnum {
  case utf8, map, mapKeyValue, list, `enum`, decimal, date
  case timeMillis, timeMicros, timestampMillis, timestampMicros
  case uint8, uint16, uint32, uint64, int8, int16, int32, int64
  case json, bson, interval
  case unknown(Int32)

  package init(rawValue: Int32) {
    switch rawValue {
    case 0: self = .utf8
    case 1: self = .map
    case 2: self = .mapKeyValue
    case 3: self = .list
    case 4: self = .enum
    case 5: self = .decimal
    case 6: self = .date
    case 7: self = .timeMillis
    case 8: self = .timeMicros
    case 9: self = .timestampMillis
    case 10: self = .timestampMicros
    case 11: self = .uint8
    case 12: self = .uint16
    case 13: self = .uint32
    case 14: self = .uint64
    case 15: self = .int8
    case 16: self = .int16
    case 17: self = .int32
    case 18: self = .int64
    case 19: self = .json
    case 20: self = .bson
    case 21: self = .interval
    default: self = .unknown(rawValue)
    }
  }

  package var rawValue: Int32 {
    switch self {
    case .utf8: 0
    case .map: 1
    case .mapKeyValue: 2
    case .list: 3
    case .enum: 4
    case .decimal: 5
    case .date: 6
    case .timeMillis: 7
    case .timeMicros: 8
    case .timestampMillis: 9
    case .timestampMicros: 10
    case .uint8: 11
    case .uint16: 12
    case .uint32: 13
    case .uint64: 14
    case .int8: 15
    case .int16: 16
    case .int32: 17
    case .int64: 18
    case .json: 19
    case .bson: 20
    case .interval: 21
    case .unknown(let value): value
    }
  }
}

/// Whether a schema field is required, optional or repeated.
package enum FieldRepetitionType: ThriftEnum {
  case required, optional, repeated
  /// Fixed-size vector group (VECTOR in parquet.thrift); the length is `SchemaElement.vectorLength`.
  case vector
  case unknown(Int32)

  package init(rawValue: Int32) {
    switch rawValue {
    case 0: self = .required
    case 1: self = .optional
    case 2: self = .repeated
    case 3: self = .vector
    default: self = .unknown(rawValue)
    }
  }

  package var rawValue: Int32 {
    switch self {
    case .required: 0
    case .optional: 1
    case .repeated: 2
    case .vector: 3
    case .unknown(let value): value
    }
  }
}

/// Encoding of a page's values or levels. Value 1 (GROUP_VAR_INT) was never used and reads as
/// `.unknown(1)`.
package enum Encoding: ThriftEnum {
  case plain
  /// Deprecated dictionary encoding; data pages now use `.rleDictionary`.
  case plainDictionary
  case rle
  /// Deprecated bit packing for levels.
  case bitPacked
  case deltaBinaryPacked, deltaLengthByteArray, deltaByteArray
  case rleDictionary
  case byteStreamSplit
  case unknown(Int32)

  package init(rawValue: Int32) {
    switch rawValue {
    case 0: self = .plain
    case 2: self = .plainDictionary
    case 3: self = .rle
    case 4: self = .bitPacked
    case 5: self = .deltaBinaryPacked
    case 6: self = .deltaLengthByteArray
    case 7: self = .deltaByteArray
    case 8: self = .rleDictionary
    case 9: self = .byteStreamSplit
    default: self = .unknown(rawValue)
    }
  }

  package var rawValue: Int32 {
    switch self {
    case .plain: 0
    case .plainDictionary: 2
    case .rle: 3
    case .bitPacked: 4
    case .deltaBinaryPacked: 5
    case .deltaLengthByteArray: 6
    case .deltaByteArray: 7
    case .rleDictionary: 8
    case .byteStreamSplit: 9
    case .unknown(let value): value
    }
  }
}

/// Compression codec of a column chunk's pages.
package enum ThriftCompressionCodec: ThriftEnum {
  case uncompressed, snappy, gzip, lzo, brotli
  /// Deprecated Hadoop-framed LZ4; see `lz4Raw`.
  case lz4
  case zstd, lz4Raw
  case unknown(Int32)

  package init(rawValue: Int32) {
    switch rawValue {
    case 0: self = .uncompressed
    case 1: self = .snappy
    case 2: self = .gzip
    case 3: self = .lzo
    case 4: self = .brotli
    case 5: self = .lz4
    case 6: self = .zstd
    case 7: self = .lz4Raw
    default: self = .unknown(rawValue)
    }
  }

  package var rawValue: Int32 {
    switch self {
    case .uncompressed: 0
    case .snappy: 1
    case .gzip: 2
    case .lzo: 3
    case .brotli: 4
    case .lz4: 5
    case .zstd: 6
    case .lz4Raw: 7
    case .unknown(let value): value
    }
  }
}

/// Kind of page, which says which of `PageHeader`'s sub-headers is set.
package enum PageType: ThriftEnum {
  case dataPage, indexPage, dictionaryPage, dataPageV2
  case unknown(Int32)

  package init(rawValue: Int32) {
    switch rawValue {
    case 0: self = .dataPage
    case 1: self = .indexPage
    case 2: self = .dictionaryPage
    case 3: self = .dataPageV2
    default: self = .unknown(rawValue)
    }
  }

  package var rawValue: Int32 {
    switch self {
    case .dataPage: 0
    case .indexPage: 1
    case .dictionaryPage: 2
    case .dataPageV2: 3
    case .unknown(let value): value
    }
  }
}

/// Whether a column index's per-page min and max values are sorted, and which way.
package enum BoundaryOrder: ThriftEnum {
  case unordered, ascending, descending
  case unknown(Int32)

  package init(rawValue: Int32) {
    switch rawValue {
    case 0: self = .unordered
    case 1: self = .ascending
    case 2: self = .descending
    default: self = .unknown(rawValue)
    }
  }

  package var rawValue: Int32 {
    switch self {
    case .unordered: 0
    case .ascending: 1
    case .descending: 2
    case .unknown(let value): value
    }
  }
}

/// How a GEOGRAPHY column interpolates edges between points.
package enum EdgeInterpolationAlgorithm: ThriftEnum {
  case spherical, vincenty, thomas, andoyer, karney
  case unknown(Int32)

  package init(rawValue: Int32) {
    switch rawValue {
    case 0: self = .spherical
    case 1: self = .vincenty
    case 2: self = .thomas
    case 3: self = .andoyer
    case 4: self = .karney
    default: self = .unknown(rawValue)
    }
  }

  package var rawValue: Int32 {
    switch self {
    case .spherical: 0
    case .vincenty: 1
    case .thomas: 2
    case .andoyer: 3
    case .karney: 4
    case .unknown(let value): value
    }
  }
}
