// TypeRules: DuckDB's implicit typing — common supertypes, arithmetic result types, SQL type names to DataType.
import TarnCore
import TarnSQL

enum TypeRules {
  static func numericLike(_ t: DataType) -> Bool { t.isNumeric || t == .null || t == .boolean && false }

  static func integerRank(_ t: DataType) -> Int {
    switch t {
    case .int8: 1
    case .uint8: 2
    case .int16: 3
    case .uint16: 4
    case .int32: 5
    case .uint32: 6
    case .int64: 7
    case .uint64: 8
    default: 0
    }
  }

  /// The type `+ - * // %` compute in, or nil when not both numeric.
  static func arithmeticType(_ a: DataType, _ b: DataType) -> DataType? {
    if a == .null && b == .null { return .int32 }
    if a == .null { return arithmeticType(b, b) }
    if b == .null { return arithmeticType(a, a) }
    guard a.isNumeric, b.isNumeric else { return nil }
    if a.isDecimal || b.isDecimal || a == .float64 || b == .float64 { return .float64 }
    if a == .float32 || b == .float32 { return (a == .float32 && b == .float32) ? .float32 : .float64 }
    return integerSupertype(a, b)
  }

  /// The DECIMAL an integer type joins decimal arithmetic as, DuckDB's DECIMAL(w,0): TINYINT 3, SMALLINT 5,
  /// INTEGER 10, BIGINT 19, UBIGINT 20. Nil for non-integers.
  static func decimalEquivalent(_ t: DataType) -> DataType? {
    if case .decimal = t { return t }
    let width: Int
    switch t {
    case .int8, .uint8: width = 3
    case .int16, .uint16: width = 5
    case .int32, .uint32: width = 10
    case .int64: width = 19
    case .uint64: width = 20
    default: return nil
    }
    return .decimal(precision: width, scale: 0)
  }

  /// Exact DECIMAL arithmetic types, as DuckDB: `+ -` → DECIMAL(max(p1-s1, p2-s2) + max(s1, s2) + 1, max(s1, s2)),
  /// `*` → DECIMAL(p1+p2, s1+s2), widths capped at 38 (the kernel then checks for overflow). Integer operands
  /// join as DECIMAL(w,0). Returns the two input types the operands are cast to and the result type; nil when
  /// neither side is a decimal, or a side is floating (then DOUBLE arithmetic applies).
  static func decimalArithmetic(_ a: DataType, _ b: DataType, isMultiply: Bool) -> (left: DataType, right: DataType, result: DataType)? {
    guard a.isDecimal || b.isDecimal else { return nil }
    let l = a == .null ? b : a, r = b == .null ? a : b
    guard case .decimal(let p1, let s1)? = decimalEquivalent(l), case .decimal(let p2, let s2)? = decimalEquivalent(r) else { return nil }
    if isMultiply {
      let p = min(38, p1 + p2), s = s1 + s2
      guard s <= 38 else { return nil }
      return (.decimal(precision: max(p, s1), scale: s1), .decimal(precision: max(p, s2), scale: s2), .decimal(precision: max(p, s), scale: s))
    }
    let s = max(s1, s2), p = min(38, max(p1 - s1, p2 - s2) + s + 1)
    let t = DataType.decimal(precision: p, scale: s)
    return (t, t, t)
  }

  /// `%` on DECIMAL, as DuckDB: both sides at the larger scale, wide enough for either integer part; the
  /// remainder is smaller than the divisor, so it never needs the carry digit of addition.
  static func decimalRemainder(_ a: DataType, _ b: DataType) -> DataType? {
    guard a.isDecimal || b.isDecimal else { return nil }
    let l = a == .null ? b : a, r = b == .null ? a : b
    guard case .decimal(let p1, let s1)? = decimalEquivalent(l), case .decimal(let p2, let s2)? = decimalEquivalent(r) else { return nil }
    let s = max(s1, s2)
    return .decimal(precision: min(38, max(p1 - s1, p2 - s2) + s), scale: s)
  }

  static func integerSupertype(_ a: DataType, _ b: DataType) -> DataType {
    if a == b { return a }
    let signedA = !isUnsigned(a), signedB = !isUnsigned(b)
    if signedA == signedB { return integerRank(a) >= integerRank(b) ? a : b }
    // Mixed signedness: a signed type wide enough for both.
    let u = signedA ? b : a, s = signedA ? a : b
    let needed: DataType = switch u {
    case .uint8: .int16
    case .uint16: .int32
    case .uint32: .int64
    default: .int64
    }
    return integerRank(needed) >= integerRank(s) ? needed : s
  }

  static func isUnsigned(_ t: DataType) -> Bool {
    switch t {
    case .uint8, .uint16, .uint32, .uint64: true
    default: false
    }
  }

  /// The type two values are compared or combined in (CASE branches, UNION columns, IN lists),
  /// or nil when DuckDB would demand an explicit cast. `aIsLiteral`/`bIsLiteral`: a string literal
  /// converts to the other side's type.
  static func commonType(_ a: DataType, _ b: DataType, aIsLiteral: Bool = false, bIsLiteral: Bool = false) -> DataType? {
    if a == b { return a }
    if a == .null { return b }
    if b == .null { return a }
    if a.isNumeric && b.isNumeric {
      // A DECIMAL wide enough for both sides (integers as DECIMAL(w,0)) compares exactly; past 38 digits, DOUBLE.
      if a.isDecimal || b.isDecimal, case .decimal(let p1, let s1)? = decimalEquivalent(a),
        case .decimal(let p2, let s2)? = decimalEquivalent(b)
      {
        let s = max(s1, s2), p = max(p1 - s1, p2 - s2) + s
        return p <= 38 ? .decimal(precision: p, scale: s) : .float64
      }
      return arithmeticType(a, b)
    }
    if a == .string && bIsLiteral == false && aIsLiteral { return b }
    if b == .string && bIsLiteral { return a }
    if a == .string && aIsLiteral { return b }
    switch (a, b) {
    case (.date, .timestamp): return b
    case (.timestamp, .date): return a
    case (.timestamp(let u1, let z1), .timestamp(let u2, let z2)):
      return .timestamp(u1.ticksPerSecond >= u2.ticksPerSecond ? u1 : u2, isAdjustedToUTC: z1 || z2)
    case (.boolean, _) where b.isInteger: return b
    case (_, .boolean) where a.isInteger: return a
    case (.string, .binary), (.binary, .string): return .binary
    case (.list(let x), .list(let y)):
      guard let e = commonType(x.type, y.type) else { return nil }
      return .list(Field(x.name, e))
    default: return nil
    }
  }

  /// A SQL type name to Tarn's type.
  static func dataType(_ name: TypeName) throws(EngineError) -> DataType {
    switch name.kind {
    case .list(let element), .array(let element, _):
      return .list(Field("element", try dataType(element)))
    case .structure(let fields):
      var out: [Field] = []
      for f in fields { out.append(Field(f.name.name, try dataType(f.type))) }
      return .structure(out)
    case .map(let key, let value):
      return .map(key: Field("key", try dataType(key), isNullable: false), value: Field("value", try dataType(value)))
    case .named(let raw, let parameters):
      guard let canonical = name.canonicalName else {
        throw EngineError.bind("Type with name \(raw) does not exist!", at: name.span)
      }
      switch canonical {
      case "BOOLEAN": return .boolean
      case "TINYINT": return .int8
      case "SMALLINT": return .int16
      case "INTEGER": return .int32
      case "BIGINT": return .int64
      case "UTINYINT": return .uint8
      case "USMALLINT": return .uint16
      case "UINTEGER": return .uint32
      case "UBIGINT": return .uint64
      case "HUGEINT", "UHUGEINT": return .decimal(precision: 38, scale: 0)
      case "FLOAT": return .float32
      case "DOUBLE": return .float64
      case "DECIMAL":
        let p = parameters.first ?? 18
        let s = parameters.count > 1 ? parameters[1] : 3
        guard p >= 1, p <= 38, s >= 0, s <= p else {
          throw EngineError.bind("Invalid DECIMAL(\(p),\(s)): width must be 1..38 and scale at most the width", at: name.span)
        }
        return .decimal(precision: p, scale: s)
      case "VARCHAR", "JSON": return .string
      case "BLOB": return .binary
      case "DATE": return .date
      case "TIME": return .time(.microsecond)
      case "TIMESTAMP": return .timestamp(.microsecond, isAdjustedToUTC: false)
      case "TIMESTAMP WITH TIME ZONE": return .timestamp(.microsecond, isAdjustedToUTC: true)
      case "TIMESTAMP_S": return .timestamp(.second, isAdjustedToUTC: false)
      case "TIMESTAMP_MS": return .timestamp(.millisecond, isAdjustedToUTC: false)
      case "TIMESTAMP_NS": return .timestamp(.nanosecond, isAdjustedToUTC: false)
      case "INTERVAL": return .interval
      case "UUID": return .uuid
      default: throw EngineError.unsupported("type \(canonical) is not supported yet", at: name.span)
      }
    }
  }
}
