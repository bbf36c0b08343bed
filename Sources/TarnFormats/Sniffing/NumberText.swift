// Parsing integers, decimals and doubles straight from field bytes: no String, no allocation, exact results.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numeric text parsers shared by the CSV converters, the sniffer and the JSON reader.
///
/// Grammar (DuckDB's sniffer accepts the same shapes): optional spaces, optional `-`, digits with no
/// leading zero (`0`, `10`, but not `007` or `00.5`, which stay text like zip codes), an optional
/// fraction (`1.`, `.5`), an optional exponent (`1e5`, `2E-3`), optional spaces. `+5`, `1_000`,
/// `0x10`, `inf` and `nan` are not numbers here.
enum NumberText {
  @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

  /// Trims ASCII spaces from both ends of `[start, end)`.
  @inline(__always)
  static func trimSpaces(_ p: UnsafePointer<UInt8>, _ start: inout Int, _ end: inout Int) {
    while start < end, p[start] == 32 { start &+= 1 }
    while end > start, p[end &- 1] == 32 { end &-= 1 }
  }

  /// Parses a BIGINT. Returns nil for anything that is not a plain in-range integer.
  @inline(__always)
  static func parseInt64(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
    var i = start
    var e = end
    if i < e, (p[i] == 32) || (p[e &- 1] == 32) { trimSpaces(p, &i, &e) }
    guard i < e else { return nil }
    let negative = p[i] == 45
    if negative { i &+= 1 }
    let digits = e &- i
    guard digits > 0, digits <= 19 else { return nil }
    if p[i] == 48, digits > 1 { return nil }  // leading zero
    var value: UInt64 = 0
    if digits < 19 {
      while i < e {
        let d = p[i] &- 48
        guard d < 10 else { return nil }
        value = value &* 10 &+ UInt64(d)
        i &+= 1
      }
    } else {
      while i < e {
        let d = p[i] &- 48
        guard d < 10 else { return nil }
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.addingReportingOverflow(UInt64(d))
        guard !o1, !o2 else { return nil }
        value = s
        i &+= 1
      }
    }
    if negative {
      guard value <= UInt64(Int64.max) &+ 1 else { return nil }
      return Int64(bitPattern: 0 &- value)
    }
    guard value <= UInt64(Int64.max) else { return nil }
    return Int64(value)
  }

  /// The shape of a numeric literal, found in one pass.
  struct Scan {
    var isNegative = false
    /// The first 19 significant digits.
    var significand: UInt64 = 0
    /// Significant digits seen (leading zeros excluded), including those past the first 19.
    var significantDigits = 0
    /// True when a digit past the first 19 is non-zero (the significand is then inexact).
    var hasDroppedNonZero = false
    /// Decimal exponent to apply to `significand` (accounts for fraction and dropped digits).
    var exponent = 0
    var integerDigits = 0
    var fractionDigits = 0
    var hasPoint = false
    var hasExponent = false
    /// Index of the first digit after trimming (for exact wide parses).
    var digitsStart = 0
    var digitsEnd = 0
    /// True for `-?digits` with no point and no exponent.
    var isIntegerLiteral: Bool { !hasPoint && !hasExponent }
  }

  /// Scans `[start, end)` as a numeric literal; nil if it is not one.
  @inline(__always)
  static func scan(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Scan? {
    var i = start
    var e = end
    trimSpaces(p, &i, &e)
    guard i < e else { return nil }
    var s = Scan()
    if p[i] == 45 {
      s.isNegative = true
      i &+= 1
    }
    s.digitsStart = i
    // Integer part.
    let intStart = i
    while i < e, isDigit(p[i]) { i &+= 1 }
    s.integerDigits = i &- intStart
    if s.integerDigits > 1, p[intStart] == 48 { return nil }  // leading zero
    var j = intStart
    while j < i {
      accumulate(&s, p[j])
      j &+= 1
    }
    // Fraction.
    if i < e, p[i] == 46 {
      s.hasPoint = true
      i &+= 1
      let fracStart = i
      while i < e, isDigit(p[i]) {
        accumulate(&s, p[i])
        s.exponent &-= 1
        i &+= 1
      }
      s.fractionDigits = i &- fracStart
    }
    guard s.integerDigits + s.fractionDigits > 0 else { return nil }
    s.digitsEnd = i
    // Exponent.
    if i < e, p[i] | 0x20 == 101 {
      s.hasExponent = true
      i &+= 1
      var negativeExponent = false
      if i < e, p[i] == 45 || p[i] == 43 {
        negativeExponent = p[i] == 45
        i &+= 1
      }
      let expStart = i
      var value = 0
      while i < e, isDigit(p[i]) {
        if value < 100_000 { value = value &* 10 &+ Int(p[i] &- 48) }
        i &+= 1
      }
      guard i > expStart else { return nil }
      s.exponent &+= negativeExponent ? -value : value
    }
    guard i == e else { return nil }
    return s
  }

  @inline(__always)
  static func accumulate(_ s: inout Scan, _ byte: UInt8) {
    let d = UInt64(byte &- 48)
    if s.significantDigits == 0, d == 0 {
      return  // leading zeros carry no information (the exponent still counts fraction zeros)
    }
    if s.significantDigits < 19 {
      s.significand = s.significand &* 10 &+ d
    } else {
      s.exponent &+= 1
      if d != 0 { s.hasDroppedNonZero = true }
    }
    s.significantDigits &+= 1
  }

  static let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  /// Parses a DOUBLE, correctly rounded. Returns nil for non-numbers, for values that overflow to
  /// infinity, and for integer literals that a double cannot hold exactly (`9007199254740993`):
  /// such a column must become DECIMAL or VARCHAR instead of silently losing digits.
  ///
  /// Fast path (Clinger): up to 19 significant digits whose value is at most 2^53 and a power of ten
  /// within ±22 are both exact doubles, so one IEEE multiply or divide rounds correctly. Everything
  /// else goes through `strtod` on a NUL-terminated copy.
  @inline(__always)
  static func parseDouble(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
    // Fast path for the common shape `-?digits[.digits]` with at most 19 digits: one pass, no struct.
    var i = start
    let negative = i < end && p[i] == 45
    if negative { i &+= 1 }
    let intStart = i
    var mantissa: UInt64 = 0
    while i < end {
      let d = p[i] &- 48
      if d >= 10 { break }
      mantissa = mantissa &* 10 &+ UInt64(d)
      i &+= 1
    }
    let intDigits = i &- intStart
    var fractionDigits = 0
    var hasPoint = false
    if i < end, p[i] == 46 {
      hasPoint = true
      i &+= 1
      let fractionStart = i
      while i < end {
        let d = p[i] &- 48
        if d >= 10 { break }
        mantissa = mantissa &* 10 &+ UInt64(d)
        i &+= 1
      }
      fractionDigits = i &- fractionStart
    }
    let digits = intDigits &+ fractionDigits
    if i == end, digits > 0, digits <= 19, mantissa <= 1 << 53, !(intDigits > 1 && p[intStart] == 48) {
      // The mantissa (≤ 2^53) and 10^fractionDigits (≤ 10^19 ≤ 10^22) are exact doubles: one division rounds correctly.
      let w = Double(mantissa)
      let v = hasPoint ? w / exactPowersOfTen[fractionDigits] : w
      return negative ? -v : v
    }
    guard let s = scan(p, start, end) else { return nil }
    return double(from: s, p, start, end)
  }

  @inline(__always)
  static func double(from s: Scan, _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
    if s.isIntegerLiteral {
      if s.significantDigits <= 15 {
        let v = Double(s.significand)
        return s.isNegative ? -v : v
      }
      return exactIntegerDouble(s, p)
    }
    if s.significantDigits == 0 { return s.isNegative ? -0.0 : 0.0 }
    if !s.hasDroppedNonZero, s.significand <= 1 << 53, s.exponent >= -22, s.exponent <= 22 {
      let w = Double(s.significand)
      let v = s.exponent < 0 ? w / exactPowersOfTen[-s.exponent] : w * exactPowersOfTen[s.exponent]
      return s.isNegative ? -v : v
    }
    return slowDouble(p, start, end)
  }

  /// An integer literal of more than 15 digits: its double if that double is exactly the integer.
  @inline(never)
  static func exactIntegerDouble(_ s: Scan, _ p: UnsafePointer<UInt8>) -> Double? {
    guard let wide = parseWideInteger(p, s.digitsStart, s.digitsEnd) else { return nil }
    let value = s.isNegative ? 0 &- wide : wide
    let d = Double(value)
    guard let back = Int128(exactly: d), back == value else { return nil }
    return d
  }

  /// Digits `[start, end)` as an Int128, or nil past 38 digits.
  static func parseWideInteger(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int128? {
    guard end - start <= 38 else { return nil }
    var v: Int128 = 0
    for i in start..<end { v = v &* 10 &+ Int128(p[i] &- 48) }
    return v
  }

  @inline(never)
  static func slowDouble(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
    let n = end - start
    var result: Double = 0
    var parsedAll = false
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { copy in
      let base = copy.baseAddress!
      UnsafeMutableRawPointer(base).copyMemory(from: p + start, byteCount: n)
      base[n] = 0
      var stop: UnsafeMutablePointer<CChar>? = nil
      result = strtod(base, &stop)
      var used = stop.map { $0 - base } ?? 0
      while used < n, base[used] == 32 { used += 1 }
      parsedAll = used == n
    }
    guard parsedAll, result.isFinite else { return nil }
    return result
  }

  /// Parses a DECIMAL with `scale` fraction digits as its unscaled Int128 (`1.25` at scale 3 → 1250).
  /// Accepts `-?digits[.digits]` (no exponent); extra fraction digits are accepted only when zero, and
  /// at most 38 significant digits fit. Returns nil otherwise.
  @inline(__always)
  static func parseDecimal(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, scale: Int) -> Int128? {
    var i = start
    var e = end
    trimSpaces(p, &i, &e)
    guard i < e else { return nil }
    let negative = p[i] == 45
    if negative { i &+= 1 }
    let intStart = i
    while i < e, isDigit(p[i]) { i &+= 1 }
    let intDigits = i &- intStart
    if intDigits > 1, p[intStart] == 48 { return nil }
    var value: Int128 = 0
    var significant = 0
    for k in intStart..<i {
      let d = Int128(p[k] &- 48)
      if significant > 0 || d != 0 { significant &+= 1 }
      value = value &* 10 &+ d
    }
    var fracDigits = 0
    if i < e, p[i] == 46 {
      i &+= 1
      while i < e, isDigit(p[i]) {
        let d = Int128(p[i] &- 48)
        if fracDigits < scale {
          value = value &* 10 &+ d
          if significant > 0 || d != 0 { significant &+= 1 }
        } else if d != 0 {
          return nil  // would be rounded away
        }
        fracDigits &+= 1
        i &+= 1
      }
    }
    guard i == e, intDigits + fracDigits > 0 else { return nil }
    var padding = scale - min(fracDigits, scale)
    while padding > 0 {
      value = value &* 10
      if significant > 0 { significant &+= 1 }
      padding &-= 1
    }
    guard significant <= 38 else { return nil }
    return negative ? 0 &- value : value
  }

  /// DuckDB's strict boolean spellings, case-insensitive: true/false, t/f, yes/no. `1`/`0` are integers.
  @inline(__always)
  static func parseBoolean(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool? {
    var i = start
    var e = end
    trimSpaces(p, &i, &e)
    let n = e &- i
    @inline(__always) func lower(_ k: Int) -> UInt8 { p[i &+ k] | 0x20 }
    switch n {
    case 1:
      if lower(0) == 116 { return true }  // t
      if lower(0) == 102 { return false }  // f
    case 2:
      if lower(0) == 110, lower(1) == 111 { return false }  // no
    case 3:
      if lower(0) == 121, lower(1) == 101, lower(2) == 115 { return true }  // yes
    case 4:
      if lower(0) == 116, lower(1) == 114, lower(2) == 117, lower(3) == 101 { return true }  // true
    case 5:
      if lower(0) == 102, lower(1) == 97, lower(2) == 108, lower(3) == 115, lower(4) == 101 { return false }
    default: break
    }
    return nil
  }
}
