// What a sample of JSON values looks like (kinds, keys, number and string facts), and the column type it resolves to.
import TarnCore

/// Facts about the scalars seen at one place in the documents.
struct JSONScalarStats: Equatable {
  var booleans = 0
  var numbers = 0
  var strings = 0
  /// Candidate types of the number literals (BIGINT, DOUBLE, DECIMAL; see `ValueClassifier`).
  var numberStats = ColumnTypeStats()
  /// Candidate temporal types of the strings (`"2024-01-02"` can be a DATE, as in DuckDB).
  var stringStats = ColumnTypeStats()

  mutating func merge(_ other: JSONScalarStats) {
    booleans += other.booleans
    numbers += other.numbers
    strings += other.strings
    numberStats.merge(other.numberStats)
    stringStats.merge(other.stringStats)
  }

  var kindCount: Int { (booleans > 0 ? 1 : 0) + (numbers > 0 ? 1 : 0) + (strings > 0 ? 1 : 0) }
}

extension ColumnTypeStats: Equatable {
  static func == (a: ColumnTypeStats, b: ColumnTypeStats) -> Bool {
    a.candidates == b.candidates && a.nonNullCount == b.nonNullCount && a.maxIntegerDigits == b.maxIntegerDigits
      && a.maxScale == b.maxScale && a.allIntegerLiterals == b.allIntegerLiterals
  }
}

/// The inferred shape of the values at one place: the union of everything the sample held there.
indirect enum JSONShape: Equatable {
  /// Only nulls (or nothing) so far.
  case null
  case scalar(JSONScalarStats)
  /// Keys in order of first appearance, with the shape of each.
  case object(keys: [String], shapes: [JSONShape])
  case array(JSONShape)
  /// Objects, arrays and scalars mixed: kept as JSON text.
  case mixed

  /// The union of two shapes.
  func merged(with other: JSONShape) -> JSONShape {
    switch (self, other) {
    case (.null, _): return other
    case (_, .null): return self
    case (.mixed, _), (_, .mixed): return .mixed
    case (.scalar(var a), .scalar(let b)):
      a.merge(b)
      return .scalar(a)
    case (.array(let a), .array(let b)): return .array(a.merged(with: b))
    case (.object(var keys, var shapes), .object(let otherKeys, let otherShapes)):
      for (key, shape) in zip(otherKeys, otherShapes) {
        if let index = keys.firstIndex(of: key) {
          shapes[index] = shapes[index].merged(with: shape)
        } else {
          keys.append(key)
          shapes.append(shape)
        }
      }
      return .object(keys: keys, shapes: shapes)
    default: return .mixed
    }
  }

  /// The column type this shape reads into.
  var columnType: JSONColumnType {
    switch self {
    case .null: return .varchar
    case .mixed: return .json
    case .array(let element): return .list(element.columnType)
    case .object(let keys, let shapes):
      // An object that never had a key has no columns to give: keep its text.
      if keys.isEmpty { return .json }
      return .structure(keys: keys, types: shapes.map(\.columnType))
    case .scalar(let stats):
      if stats.kindCount > 1 { return .varchar }
      if stats.booleans > 0 { return .boolean }
      if stats.numbers > 0 {
        switch stats.numberStats.resolved {
        case .bigint: return .bigint
        case .double: return .double
        case .decimal(let scale): return .decimal(scale: scale)
        default: return .varchar
        }
      }
      switch stats.stringStats.resolved {
      case .varchar, .boolean, .bigint, .double, .decimal: return .varchar
      case let temporal: return .temporal(temporal)
      }
    }
  }
}

/// The type a JSON column is read as. Every case maps to one `DataType`.
indirect enum JSONColumnType: Equatable {
  case boolean
  case bigint
  case double
  case decimal(scale: Int)
  /// A string (or a scalar of mixed kinds, as its text).
  case varchar
  /// A DATE, TIME or TIMESTAMP read from a string.
  case temporal(TextScalarType)
  /// Any value, kept as its JSON text (mixed objects, arrays and scalars).
  case json
  case list(JSONColumnType)
  case structure(keys: [String], types: [JSONColumnType])

  var dataType: DataType {
    switch self {
    case .boolean: .boolean
    case .bigint: .int64
    case .double: .float64
    case .decimal(let scale): .decimal(precision: 38, scale: scale)
    case .varchar, .json: .string
    case .temporal(let type): type.dataType
    case .list(let element): .list(Field("element", element.dataType))
    case .structure(let keys, let types): .structure(zip(keys, types).map { Field($0, $1.dataType) })
    }
  }
}

/// Infers shapes from JSON text.
enum JSONShapeInference {
  /// The shape of the value at the scanner's cursor, which it consumes.
  static func shape(_ s: inout JSONScanner, depth: Int = 0) throws(JSONIssue) -> JSONShape {
    s.skipWhitespace()
    guard !s.atEnd else { throw s.issue("unexpected end of input, expected a value") }
    guard depth < 512 else { throw s.issue("nesting deeper than 512") }
    switch s.current {
    case 123:
      s.position &+= 1
      var keys: [String] = []
      var shapes: [JSONShape] = []
      s.skipWhitespace()
      if !s.atEnd, s.current == 125 {
        s.position &+= 1
        return .object(keys: [], shapes: [])
      }
      while true {
        s.skipWhitespace()
        guard !s.atEnd, s.current == 34 else { throw s.issue("expected a key") }
        let keyStart = s.position
        let key = try keyString(&s)
        try s.expect(58, "':'")
        let value = try shape(&s, depth: depth + 1)
        if keys.contains(key) { throw s.issue("duplicate key \"\(key)\"", at: keyStart) }
        keys.append(key)
        shapes.append(value)
        s.skipWhitespace()
        guard !s.atEnd else { throw s.issue("unexpected end of input in an object") }
        if s.current == 44 {
          s.position &+= 1
          continue
        }
        guard s.current == 125 else { throw s.issue("expected ',' or '}'") }
        s.position &+= 1
        return .object(keys: keys, shapes: shapes)
      }
    case 91:
      s.position &+= 1
      var element = JSONShape.null
      s.skipWhitespace()
      if !s.atEnd, s.current == 93 {
        s.position &+= 1
        return .array(.null)
      }
      while true {
        element = element.merged(with: try shape(&s, depth: depth + 1))
        s.skipWhitespace()
        guard !s.atEnd else { throw s.issue("unexpected end of input in an array") }
        if s.current == 44 {
          s.position &+= 1
          continue
        }
        guard s.current == 93 else { throw s.issue("expected ',' or ']'") }
        s.position &+= 1
        return .array(element)
      }
    case 34:
      let (start, end, hasEscapes) = try s.string()
      var stats = JSONScalarStats()
      stats.strings = 1
      stats.numberStats.nonNullCount = 0
      if !hasEscapes {
        var value = ValueClassifier.classify(s.p, start, end)
        value.types.formIntersection([.time, .date, .timestamp, .timestampNS, .timestampTZ, .timestampTZNS])
        stats.stringStats.add(value)
      } else {
        stats.stringStats.add(ValueClass())
      }
      return .scalar(stats)
    case 116, 102:
      try s.literal(s.current == 116 ? "true" : "false")
      var stats = JSONScalarStats()
      stats.booleans = 1
      return .scalar(stats)
    case 110:
      try s.literal("null")
      return .null
    default:
      let (start, end) = try s.number()
      var stats = JSONScalarStats()
      stats.numbers = 1
      stats.numberStats.add(ValueClassifier.classify(s.p, start, end))
      return .scalar(stats)
    }
  }

  /// A key as a Swift string (keys become column names; this is per key, not per value).
  static func keyString(_ s: inout JSONScanner) throws(JSONIssue) -> String {
    let (start, end, hasEscapes) = try s.string()
    if !hasEscapes { return String(decoding: UnsafeBufferPointer(start: s.p + start, count: end - start), as: UTF8.self) }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(end - start, 1)) { buffer in
      let n = JSONScanner.unescape(s.p, start, end, into: buffer.baseAddress!)
      return String(decoding: UnsafeBufferPointer(start: buffer.baseAddress!, count: n), as: UTF8.self)
    }
  }
}
