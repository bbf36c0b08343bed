// The logical types of Tarn's columnar model and how each is laid out in memory.

/// Resolution of a TIME or TIMESTAMP value.
public enum TimeUnit: String, Hashable, Sendable, CaseIterable {
  case second, millisecond, microsecond, nanosecond

  /// Ticks of this unit in one second.
  @inlinable public var ticksPerSecond: Int64 {
    switch self {
    case .second: 1
    case .millisecond: 1_000
    case .microsecond: 1_000_000
    case .nanosecond: 1_000_000_000
    }
  }
}

/// A column's logical type. The physical layout of each case is documented on `ColumnVector`.
public indirect enum DataType: Hashable, Sendable {
  case null
  case boolean
  case int8, int16, int32, int64
  case uint8, uint16, uint32, uint64
  case float32, float64
  /// Exact decimal; stored as `Int64` when `precision <= 18`, else `Int128`.
  case decimal(precision: Int, scale: Int)
  case string
  case binary
  case fixedBinary(Int)
  /// 16 bytes, big-endian as in RFC 4122.
  case uuid
  /// Days since 1970-01-01 as `Int32`.
  case date
  /// Time of day as `Int64` ticks of the unit.
  case time(TimeUnit)
  /// `Int64` ticks of the unit since 1970-01-01 00:00:00; `isAdjustedToUTC` makes it an instant (TIMESTAMPTZ).
  case timestamp(TimeUnit, isAdjustedToUTC: Bool)
  /// Months (`Int32`), days (`Int32`) and microseconds (`Int64`): 16 bytes.
  case interval
  case list(Field)
  case structure([Field])
  /// Stored as a list of `structure([key, value])` entries.
  case map(key: Field, value: Field)

  /// Bytes per value in the values buffer, or nil for variable-length and nested types.
  @inlinable public var fixedWidth: Int? {
    switch self {
    case .null: 0
    case .boolean, .int8, .uint8: 1
    case .int16, .uint16: 2
    case .int32, .uint32, .float32, .date: 4
    case .int64, .uint64, .float64, .time, .timestamp: 8
    case .decimal(let precision, _): precision <= 18 ? 8 : 16
    case .fixedBinary(let width): width
    case .uuid, .interval: 16
    case .string, .binary, .list, .structure, .map: nil
    }
  }

  /// True for types stored as offsets plus bytes.
  @inlinable public var isVariableLength: Bool {
    switch self {
    case .string, .binary: true
    default: false
    }
  }

  @inlinable public var isNested: Bool {
    switch self {
    case .list, .structure, .map: true
    default: false
    }
  }

  /// The SQL spelling, as DuckDB prints it.
  public var sqlName: String {
    switch self {
    case .null: "NULL"
    case .boolean: "BOOLEAN"
    case .int8: "TINYINT"
    case .int16: "SMALLINT"
    case .int32: "INTEGER"
    case .int64: "BIGINT"
    case .uint8: "UTINYINT"
    case .uint16: "USMALLINT"
    case .uint32: "UINTEGER"
    case .uint64: "UBIGINT"
    case .float32: "FLOAT"
    case .float64: "DOUBLE"
    case .decimal(let p, let s): "DECIMAL(\(p),\(s))"
    case .string: "VARCHAR"
    case .binary, .fixedBinary: "BLOB"
    case .uuid: "UUID"
    case .date: "DATE"
    case .time(let unit): unit == .nanosecond ? "TIME_NS" : "TIME"
    case .timestamp(let unit, let utc):
      if utc { "TIMESTAMP WITH TIME ZONE" } else {
        switch unit {
        case .second: "TIMESTAMP_S"
        case .millisecond: "TIMESTAMP_MS"
        case .microsecond: "TIMESTAMP"
        case .nanosecond: "TIMESTAMP_NS"
        }
      }
    case .interval: "INTERVAL"
    case .list(let element): "\(element.type.sqlName)[]"
    case .structure(let fields):
      "STRUCT(" + fields.map { "\(quoteIdentifierIfNeeded($0.name)) \($0.type.sqlName)" }.joined(separator: ", ") + ")"
    case .map(let key, let value): "MAP(\(key.type.sqlName), \(value.type.sqlName))"
    }
  }
}

/// Quotes a name with double quotes when it is not a plain lowercase identifier.
public func quoteIdentifierIfNeeded(_ name: String) -> String {
  let plain = !name.isEmpty && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    && !(name.utf8.first! >= 48 && name.utf8.first! <= 57)
  return plain ? name : "\"" + name.replacingAll("\"", with: "\"\"") + "\""
}

extension String {
  /// Replaces every occurrence of `target` without Foundation.
  package func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    result += rest
    return result
  }
}

/// A named, typed column.
public struct Field: Hashable, Sendable {
  public var name: String
  public var type: DataType
  public var isNullable: Bool

  public init(_ name: String, _ type: DataType, isNullable: Bool = true) {
    self.name = name
    self.type = type
    self.isNullable = isNullable
  }
}

/// The ordered fields of a record batch or table.
public struct Schema: Hashable, Sendable {
  public var fields: [Field]

  public init(_ fields: [Field]) { self.fields = fields }

  public var count: Int { fields.count }

  /// The index of the first field with this exact name.
  public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }
}
