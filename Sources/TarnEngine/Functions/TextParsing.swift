// TextParsing: reading values of each type from their text form (casts from VARCHAR, typed literals).
import TarnCore

enum TextParsing {
  static func failureMessage(_ text: String, _ type: DataType) -> String {
    "Could not convert string '\(text)' to \(internalName(type))"
  }

  /// DuckDB's physical spelling in conversion errors (INT32, not INTEGER).
  static func internalName(_ type: DataType) -> String {
    switch type {
    case .int8: "INT8"
    case .int16: "INT16"
    case .int32: "INT32"
    case .int64: "INT64"
    case .uint8: "UINT8"
    case .uint16: "UINT16"
    case .uint32: "UINT32"
    case .uint64: "UINT64"
    default: type.sqlName
    }
  }

  static func trimmed(_ b: UnsafeRawBufferPointer) -> Substring {
    String(decoding: b, as: UTF8.self).trimmingSpaces()
  }

  /// Parses `bytes` as `type` and appends it; false when the text is not a valid value.
  static func append(_ bytes: UnsafeRawBufferPointer, as type: DataType, to builder: inout VectorBuilder) -> Bool {
    let text = trimmed(bytes)
    switch type {
    case .boolean:
      switch text.lowercased() {
      case "true", "t", "1", "yes", "y": builder.append(true)
      case "false", "f", "0", "no", "n": builder.append(false)
      default: return false
      }
    case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64:
      guard let x = parseInteger(text), let (lo, hi) = type.integerRange, x >= lo, x <= hi else { return false }
      switch type {
      case .int8: builder.append(Int8(x))
      case .int16: builder.append(Int16(x))
      case .int32: builder.append(Int32(x))
      case .int64: builder.append(Int64(x))
      case .uint8: builder.append(UInt8(x))
      case .uint16: builder.append(UInt16(x))
      case .uint32: builder.append(UInt32(x))
      default: builder.append(UInt64(x))
      }
    case .float64:
      guard let d = parseDouble(text) else { return false }
      builder.append(d)
    case .float32:
      guard let d = parseDouble(text) else { return false }
      builder.append(Float(d))
    case .decimal(let p, let s):
      guard let d = parseDouble(text) else { return false }
      let r = (d * CastKernels.pow10(s)).rounded(.toNearestOrAwayFromZero)
      guard abs(r) < CastKernels.pow10(p) else { return false }
      if p <= 18 { builder.append(Int64(r)) } else { builder.append(Int128(r)) }
    case .date:
      guard let days = parseDate(text) else { return false }
      builder.append(Int32(truncatingIfNeeded: days))
    case .timestamp(let unit, _):
      guard let t = parseTimestamp(text, unit: unit) else { return false }
      builder.append(t)
    case .time(let unit):
      guard let t = parseTime(text, unit: unit) else { return false }
      builder.append(t)
    case .interval:
      guard let iv = parseInterval(text) else { return false }
      builder.append(iv)
    case .uuid:
      let hex = text.filter { $0 != "-" }
      guard hex.count == 32 else { return false }
      var raw = [UInt8]()
      var it = hex.makeIterator()
      while let a = it.next(), let b = it.next() {
        guard let v = UInt8(String([a, b]), radix: 16) else { return false }
        raw.append(v)
      }
      raw.withUnsafeBytes { builder.append(bytes: $0) }
    default:
      return false
    }
    return true
  }

  static func parseInteger(_ text: Substring) -> Int128? {
    if let x = Int128(text) { return x }
    if text.hasPrefix("+"), let x = Int128(text.dropFirst()) { return x }
    // DuckDB accepts "1.0" style? It rounds "1.5" when casting to integer.
    if let d = Double(text), d.isFinite, text.contains(".") { return Int128(exactly: d.rounded(.toNearestOrAwayFromZero)) }
    return nil
  }

  static func parseDouble(_ text: Substring) -> Double? {
    switch text.lowercased() {
    case "inf", "infinity", "+inf", "+infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    case "nan": return .nan
    default: return Double(text)
    }
  }

  /// `YYYY-MM-DD` (also `YYYY-M-D`), as days since the epoch.
  static func parseDate(_ text: Substring) -> Int64? {
    let bytes = Array(text.utf8)
    var i = 0
    func number(_ maxDigits: Int) -> Int64? {
      var v: Int64 = 0
      var k = 0
      while i < bytes.count, k < maxDigits, bytes[i] >= 48, bytes[i] <= 57 {
        v = v * 10 + Int64(bytes[i] - 48)
        i += 1
        k += 1
      }
      return k == 0 ? nil : v
    }
    var negative = false
    if i < bytes.count, bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
    guard var year = number(9), i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "/") else { return nil }
    let sep = bytes[i]
    i += 1
    guard let month = number(2), i < bytes.count, bytes[i] == sep else { return nil }
    i += 1
    guard let day = number(2) else { return nil }
    if i < bytes.count {
      // " (BC)" suffix aside, only a time part is allowed to follow in timestamps; a date must end here.
      return nil
    }
    if negative { year = -year }
    guard month >= 1, month <= 12, day >= 1, day <= Int64(CivilCalendar.daysInMonth(Int(month), year: year)) else { return nil }
    return CivilCalendar.daysSinceEpoch(year: year, month: Int(month), day: Int(day))
  }

  /// `HH:MM[:SS[.ffffff]]` as ticks of `unit`.
  static func parseTime(_ text: Substring, unit: TimeUnit) -> Int64? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count >= 2, parts.count <= 3, let h = Int64(parts[0]), let m = Int64(parts[1]), h >= 0, h <= 24, m >= 0, m < 60 else {
      return nil
    }
    var seconds: Int64 = 0
    var fraction: Int64 = 0
    if parts.count == 3 {
      let sp = parts[2].split(separator: ".", omittingEmptySubsequences: false)
      guard let s = Int64(sp[0]), s >= 0, s < 60 else { return nil }
      seconds = s
      if sp.count == 2 {
        var digits = String(sp[1].prefix(9))
        guard digits.allSatisfy(\.isNumber) else { return nil }
        while digits.count < 9 { digits += "0" }
        fraction = Int64(digits)! / (1_000_000_000 / unit.ticksPerSecond)
      }
    }
    return ((h * 60 + m) * 60 + seconds) * unit.ticksPerSecond + fraction
  }

  /// `YYYY-MM-DD[ T]HH:MM:SS[.f][+HH[:MM]|Z]` as ticks of `unit` since the epoch (offsets applied, giving UTC).
  static func parseTimestamp(_ text: Substring, unit: TimeUnit) -> Int64? {
    var body = text
    var offsetSeconds: Int64 = 0
    if body.hasSuffix("Z") || body.hasSuffix("z") { body = body.dropLast() }
    let datePart: Substring
    var timePart: Substring = "00:00:00"
    if let sep = body.firstIndex(where: { $0 == " " || $0 == "T" }) {
      datePart = body[..<sep]
      timePart = body[body.index(after: sep)...]
      if let signIndex = timePart.lastIndex(where: { $0 == "+" || $0 == "-" }) {
        let offset = timePart[timePart.index(after: signIndex)...]
        let sign: Int64 = timePart[signIndex] == "-" ? -1 : 1
        let pieces = offset.split(separator: ":")
        guard let oh = Int64(pieces.first ?? "") else { return nil }
        let om = pieces.count > 1 ? Int64(pieces[1]) ?? 0 : 0
        offsetSeconds = sign * (oh * 3600 + om * 60)
        timePart = timePart[..<signIndex]
      }
    } else {
      datePart = body
    }
    guard let days = parseDate(datePart), let ticks = parseTime(timePart.trimmingSpaces(), unit: unit) else { return nil }
    return days * 86_400 * unit.ticksPerSecond + ticks - offsetSeconds * unit.ticksPerSecond
  }

  /// `'3 days'`, `'1 year 2 months'`, `'02:00:00'`: months, days and microseconds packed as 16 bytes.
  static func parseInterval(_ text: Substring) -> UInt128? {
    var months: Int64 = 0, days: Int64 = 0, micros: Int64 = 0
    let words = text.split(separator: " ")
    var i = 0
    while i < words.count {
      if words[i].contains(":") {
        guard let t = parseTime(words[i], unit: .microsecond) else { return nil }
        micros += t
        i += 1
        continue
      }
      guard let n = Int64(words[i]), i + 1 < words.count, let unit = IntervalParts.unit(String(words[i + 1])) else { return nil }
      guard let parts = IntervalParts.scaled(n, unit) else { return nil }
      let (m, d, us) = parts
      var overflow = false
      (months, overflow) = months.addingReportingOverflow(m)
      if overflow { return nil }
      (days, overflow) = days.addingReportingOverflow(d)
      if overflow { return nil }
      (micros, overflow) = micros.addingReportingOverflow(us)
      if overflow { return nil }
      i += 2
    }
    // Out of range is an error, never a wrapped interval.
    guard let packedMonths = Int32(exactly: months), let packedDays = Int32(exactly: days) else { return nil }
    return IntervalParts.pack(months: packedMonths, days: packedDays, micros: micros)
  }
}

/// Interval values: 16 bytes of months (Int32), days (Int32), microseconds (Int64), little-endian.
enum IntervalParts {
  static func pack(months: Int32, days: Int32, micros: Int64) -> UInt128 {
    UInt128(UInt32(bitPattern: months)) | (UInt128(UInt32(bitPattern: days)) << 32) | (UInt128(UInt64(bitPattern: micros)) << 64)
  }

  static func unpack(_ v: UInt128) -> (months: Int32, days: Int32, micros: Int64) {
    (Int32(bitPattern: UInt32(truncatingIfNeeded: v)), Int32(bitPattern: UInt32(truncatingIfNeeded: v >> 32)),
     Int64(bitPattern: UInt64(truncatingIfNeeded: v >> 64)))
  }

  static func unit(_ word: String) -> String? {
    var w = word.lowercased()
    if w.hasSuffix("s") && w.count > 1 { w.removeLast() }
    let known = ["year", "month", "week", "day", "hour", "minute", "second", "millisecond", "microsecond", "decade", "century", "quarter"]
    if known.contains(w) { return w }
    switch w {
    case "y", "yr": return "year"
    case "mon": return "month"
    case "d": return "day"
    case "h", "hr": return "hour"
    case "m", "min": return "minute"
    case "sec": return "second"
    case "ms", "msec": return "millisecond"
    case "us": return "microsecond"
    default: return nil
    }
  }

  /// `n unit` as (months, days, microseconds).
  /// `n` units as (months, days, microseconds); nil when the product leaves Int64.
  static func scaled(_ n: Int64, _ unit: String) -> (Int64, Int64, Int64)? {
    let (factor, slot): (Int64, Int) = switch unit {
    case "century": (1200, 0)
    case "decade": (120, 0)
    case "year": (12, 0)
    case "quarter": (3, 0)
    case "month": (1, 0)
    case "week": (7, 1)
    case "day": (1, 1)
    case "hour": (3_600_000_000, 2)
    case "minute": (60_000_000, 2)
    case "second": (1_000_000, 2)
    case "millisecond": (1_000, 2)
    default: (1, 2)
    }
    let (value, overflow) = n.multipliedReportingOverflow(by: factor)
    if overflow { return nil }
    return slot == 0 ? (value, 0, 0) : (slot == 1 ? (0, value, 0) : (0, 0, value))
  }
}

extension StringProtocol {
  func trimmingSpaces() -> Substring {
    let s = Substring(self)
    guard let first = s.firstIndex(where: { !$0.isWhitespace }) else { return s[s.endIndex...] }
    let last = s.lastIndex(where: { !$0.isWhitespace })!
    return s[first...last]
  }
}
