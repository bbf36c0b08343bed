// Literal: constants as written — numbers keep their exact digits so the binder picks the type.

/// A constant in the SQL text.
///
/// Numbers stay text, as DuckDB does: `123` may become INTEGER, BIGINT or HUGEINT,
/// `1.50` a DECIMAL(3,2), `99999999999999999999999` a DECIMAL or DOUBLE — the binder decides.
/// A minus sign written directly before a number is folded into it (`-5` is `.integer("-5")`),
/// so `-9223372036854775808` is one BIGINT literal rather than the negation of an out-of-range one.
public enum Literal: Sendable, Hashable {
  case null
  case boolean(Bool)
  /// Digits, with an optional leading `-`: `42`, `-7`, `123456789012345678901234567890`.
  case integer(String)
  /// A decimal point and no exponent, exactly as written: `1.50`, `.5`, `-0.25`, `3.`.
  case decimal(String)
  /// With an exponent, exactly as written: `1e10`, `2.5E-3`. DuckDB reads these as DOUBLE.
  case scientific(String)
  /// The value, with quote escapes resolved.
  case string(String)
}

/// A unit of an `INTERVAL n UNIT` literal. Plural spellings (`DAYS`) parse to the same unit.
public enum IntervalUnit: String, Sendable, Hashable, CaseIterable {
  case millennium = "MILLENNIUM", century = "CENTURY", decade = "DECADE", year = "YEAR", quarter = "QUARTER"
  case month = "MONTH", week = "WEEK", day = "DAY", hour = "HOUR", minute = "MINUTE", second = "SECOND"
  case millisecond = "MILLISECOND", microsecond = "MICROSECOND"

  /// Parses a unit word, singular or plural, in any case.
  public init?(word: String) {
    let upper = word.uppercased()
    if let unit = IntervalUnit(rawValue: upper) {
      self = unit
    } else if upper == "MILLENNIA" {
      self = .millennium
    } else if upper == "CENTURIES" {
      self = .century
    } else if upper.hasSuffix("S"), let unit = IntervalUnit(rawValue: String(upper.dropLast())) {
      self = unit
    } else {
      return nil
    }
  }
}
