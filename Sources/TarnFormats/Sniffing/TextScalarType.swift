// The column types a text reader can infer, the candidate set each value admits, and how types widen.
import TarnCore

/// A scalar column type inferred from text, in the order of preference used to pick one.
///
/// DuckDB's sniffer picks the most specific candidate that every sampled value casts to, from
/// BOOLEAN, BIGINT, DOUBLE, TIME, DATE, TIMESTAMP, TIMESTAMPTZ, VARCHAR. Tarn does the same with these
/// deliberate differences, so that no value is ever silently changed:
/// - an integer beyond int64 makes the column DECIMAL(38,0) (DuckDB: HUGEINT), and an integer literal that a
///   double cannot hold exactly (`9007199254740993`) never lands in a DOUBLE column (DuckDB rounds it):
///   the column becomes DECIMAL(38,s) when every value is a plain decimal, else VARCHAR;
/// - fraction digits below the microsecond make a TIMESTAMP_NS column (DuckDB truncates them);
/// - a value that overflows a double (`1e400`) is text (DuckDB stores infinity);
/// - a date alone fits a TIMESTAMP column at midnight (DuckDB makes a date/timestamp mix VARCHAR).
public enum TextScalarType: Hashable, Sendable {
  case boolean
  case bigint
  case double
  /// DECIMAL(38, scale), stored as Int128.
  case decimal(scale: Int)
  /// Microseconds since midnight.
  case time
  case date
  case timestamp(nanoseconds: Bool)
  /// An instant: values carried an offset (`Z`, `+02:00`) and are stored in UTC.
  case timestampTZ(nanoseconds: Bool)
  case varchar

  public var dataType: DataType {
    switch self {
    case .boolean: .boolean
    case .bigint: .int64
    case .double: .float64
    case .decimal(let scale): .decimal(precision: 38, scale: scale)
    case .time: .time(.microsecond)
    case .date: .date
    case .timestamp(let ns): .timestamp(ns ? .nanosecond : .microsecond, isAdjustedToUTC: false)
    case .timestampTZ(let ns): .timestamp(ns ? .nanosecond : .microsecond, isAdjustedToUTC: true)
    case .varchar: .string
    }
  }

  /// The text type that reads into `type`, or nil when text readers cannot produce it directly.
  public init?(_ type: DataType) {
    switch type {
    case .boolean: self = .boolean
    case .int64: self = .bigint
    case .float64: self = .double
    case .decimal(let p, let s) where p == 38: self = .decimal(scale: s)
    case .time(.microsecond): self = .time
    case .date: self = .date
    case .timestamp(.microsecond, let utc): self = utc ? .timestampTZ(nanoseconds: false) : .timestamp(nanoseconds: false)
    case .timestamp(.nanosecond, let utc): self = utc ? .timestampTZ(nanoseconds: true) : .timestamp(nanoseconds: true)
    case .string: self = .varchar
    default: return nil
    }
  }

  /// The narrowest type that holds the values of both (the lattice join): BIGINT + DOUBLE → DOUBLE,
  /// DATE + TIMESTAMP → TIMESTAMP, DECIMAL scales → the larger, anything else → VARCHAR.
  static func join(_ a: TextScalarType, _ b: TextScalarType) -> TextScalarType {
    if a == b { return a }
    var stats = ColumnTypeStats()
    stats.candidates = a.upwardSet.intersection(b.upwardSet)
    stats.nonNullCount = 1
    stats.allIntegerLiterals = false
    if case .decimal(let s) = a { stats.maxScale = max(stats.maxScale, s) }
    if case .decimal(let s) = b { stats.maxScale = max(stats.maxScale, s) }
    return ColumnTypeStats.resolve(stats.candidates, nonNull: 1, stats: stats)
  }

  /// True when a value of class `value` converts to this type without loss.
  func admits(_ value: ValueClass) -> Bool {
    switch self {
    case .boolean: value.types.contains(.boolean)
    case .bigint: value.types.contains(.bigint)
    case .double: value.types.contains(.double)
    case .decimal(let scale):
      value.types.contains(.decimal) && value.scale <= scale && value.integerDigits + scale <= 38
    case .time: value.types.contains(.time)
    case .date: value.types.contains(.date)
    case .timestamp(let ns): value.types.contains(ns ? .timestampNS : .timestamp)
    case .timestampTZ(let ns): value.types.contains(ns ? .timestampTZNS : .timestampTZ)
    case .varchar: true
    }
  }

  /// The candidates at or above this type: where a column of this type may widen to.
  var upwardSet: TypeSet {
    switch self {
    case .boolean: [.boolean]
    case .bigint: [.bigint, .double, .decimal]
    case .double: [.double, .decimal]
    case .decimal: [.decimal]
    case .time: [.time]
    case .date: [.date, .timestamp, .timestampNS]
    case .timestamp(let ns): ns ? [.timestampNS] : [.timestamp, .timestampNS]
    case .timestampTZ(let ns): ns ? [.timestampTZNS] : [.timestampTZ, .timestampTZNS]
    case .varchar: []
    }
  }
}

/// A set of candidate types, one bit each; VARCHAR is implied.
struct TypeSet: OptionSet, Hashable, Sendable {
  let rawValue: UInt16
  static let boolean = TypeSet(rawValue: 1 << 0)
  static let bigint = TypeSet(rawValue: 1 << 1)
  static let double = TypeSet(rawValue: 1 << 2)
  static let decimal = TypeSet(rawValue: 1 << 3)
  static let time = TypeSet(rawValue: 1 << 4)
  static let date = TypeSet(rawValue: 1 << 5)
  static let timestamp = TypeSet(rawValue: 1 << 6)
  static let timestampNS = TypeSet(rawValue: 1 << 7)
  static let timestampTZ = TypeSet(rawValue: 1 << 8)
  static let timestampTZNS = TypeSet(rawValue: 1 << 9)
  static let all = TypeSet(rawValue: (1 << 10) - 1)
}

/// What one non-null value admits.
struct ValueClass {
  var types: TypeSet = []
  /// For values DECIMAL admits: digits before and after the point.
  var integerDigits = 0
  var scale = 0
  var isIntegerLiteral = false
}

/// The running intersection of candidates for one column over a sample.
struct ColumnTypeStats: Sendable {
  var candidates: TypeSet = .all
  var nonNullCount = 0
  var maxIntegerDigits = 0
  var maxScale = 0
  var allIntegerLiterals = true

  mutating func add(_ value: ValueClass) {
    candidates.formIntersection(value.types)
    nonNullCount &+= 1
    if value.types.contains(.decimal) {
      maxIntegerDigits = max(maxIntegerDigits, value.integerDigits)
      maxScale = max(maxScale, value.scale)
    }
    if !value.isIntegerLiteral { allIntegerLiterals = false }
  }

  mutating func merge(_ other: ColumnTypeStats) {
    candidates.formIntersection(other.candidates)
    nonNullCount &+= other.nonNullCount
    maxIntegerDigits = max(maxIntegerDigits, other.maxIntegerDigits)
    maxScale = max(maxScale, other.maxScale)
    allIntegerLiterals = allIntegerLiterals && other.allIntegerLiterals
  }

  /// The most specific type every value admits. A column with no values is VARCHAR, as in DuckDB.
  var resolved: TextScalarType { Self.resolve(candidates, nonNull: nonNullCount, stats: self) }

  static func resolve(_ c: TypeSet, nonNull: Int, stats: ColumnTypeStats) -> TextScalarType {
    if nonNull == 0 { return .varchar }
    let decimalFits = c.contains(.decimal) && stats.maxIntegerDigits + stats.maxScale <= 38
    if c.contains(.boolean) { return .boolean }
    if c.contains(.bigint) { return .bigint }
    if decimalFits, stats.allIntegerLiterals { return .decimal(scale: 0) }
    if c.contains(.double) { return .double }
    if decimalFits { return .decimal(scale: stats.maxScale) }
    if c.contains(.time) { return .time }
    if c.contains(.date) { return .date }
    if c.contains(.timestamp) { return .timestamp(nanoseconds: false) }
    if c.contains(.timestampNS) { return .timestamp(nanoseconds: true) }
    if c.contains(.timestampTZ) { return .timestampTZ(nanoseconds: false) }
    if c.contains(.timestampTZNS) { return .timestampTZ(nanoseconds: true) }
    return .varchar
  }

  /// The type a column of type `current` widens to when it meets `value`, a value it cannot hold.
  static func widen(_ current: TextScalarType, toHold value: ValueClass) -> TextScalarType {
    var stats = ColumnTypeStats()
    stats.candidates = current.upwardSet.intersection(value.types)
    stats.nonNullCount = 1
    var currentScale = 0
    if case .decimal(let s) = current { currentScale = s }
    stats.maxScale = max(currentScale, value.scale)
    stats.maxIntegerDigits = value.integerDigits
    // Past BIGINT the earlier values may have had fractions: only an all-integer history stays scale 0.
    if case .bigint = current { stats.allIntegerLiterals = value.isIntegerLiteral } else { stats.allIntegerLiterals = false }
    if case .decimal = current { stats.allIntegerLiterals = false }
    let widened = resolve(stats.candidates, nonNull: 1, stats: stats)
    if widened == current { return .varchar }  // cannot happen for a value the type rejected; stay safe
    return widened
  }
}

enum ValueClassifier {
  /// The candidate types that `[start, end)` admits, for a non-null value.
  static func classify(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> ValueClass {
    var result = ValueClass()
    guard start < end else { return result }  // an empty non-null value is text
    var first = start
    while first < end, p[first] == 32 { first &+= 1 }
    guard first < end else { return result }
    let b = p[first]
    if NumberText.isDigit(b) || b == 45 || b == 46 {
      if let s = NumberText.scan(p, start, end) {
        result.isIntegerLiteral = s.isIntegerLiteral
        if s.isIntegerLiteral, NumberText.parseInt64(p, start, end) != nil { result.types.insert(.bigint) }
        if NumberText.double(from: s, p, start, end) != nil { result.types.insert(.double) }
        if !s.hasExponent {
          let intDigits = s.integerDigits == 1 && p[s.digitsStart] == 48 ? 0 : s.integerDigits
          if intDigits + s.fractionDigits <= 38 {
            result.types.insert(.decimal)
            result.integerDigits = intDigits
            result.scale = s.fractionDigits
          }
        }
        return result
      }
      if NumberText.isDigit(b) {
        if TemporalText.parseTime(p, start, end) != nil { result.types.insert(.time) }
        if let t = TemporalText.parseTimestamp(p, start, end) {
          if t.offsetSeconds == nil {
            if !t.hasTime, TemporalText.parseDate(p, start, end) != nil { result.types.insert(.date) }
            if !t.hasSubMicroseconds, t.microseconds != nil { result.types.insert(.timestamp) }
            if t.nanoseconds != nil { result.types.insert(.timestampNS) }
          } else {
            if !t.hasSubMicroseconds, t.microseconds != nil { result.types.insert(.timestampTZ) }
            if t.nanoseconds != nil { result.types.insert(.timestampTZNS) }
          }
        }
      }
      return result
    }
    if NumberText.parseBoolean(p, start, end) != nil { result.types.insert(.boolean) }
    return result
  }
}
