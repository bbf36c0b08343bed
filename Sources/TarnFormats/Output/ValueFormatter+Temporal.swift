// Text of dates, times, timestamps and intervals: ISO 8601 for points in time, DuckDB's spelling for intervals.
import TarnCore

extension ValueFormatter {
  // MARK: Public API

  /// Appends a DATE given as days since 1970-01-01: `YYYY-MM-DD`. Years 0…9999 take four
  /// digits; later years all their digits (`290000-01-01`); years before 0 a minus sign and at
  /// least four digits (`-0044-03-15`, astronomical numbering: year 0 is 1 BC).
  public static func appendDate(daysSinceEpoch days: Int64, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: maxDateLength) { writeDate(daysSinceEpoch: days, into: $0) }
  }

  /// Appends a TIME given as ticks since midnight: `HH:MM:SS`, then `.` and the unit's 3, 6 or 9
  /// digits when the fraction is nonzero. Out-of-day values print as they are (`24:00:00`, `-01:00:00`).
  public static func appendTime(ticks: Int64, unit: TimeUnit, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: maxTimeLength) { writeTime(ticks: ticks, unit: unit, into: $0) }
  }

  /// Appends a TIMESTAMP given as ticks since 1970-01-01 00:00:00 in ISO 8601:
  /// `YYYY-MM-DDTHH:MM:SS`, then `.` and the unit's 3, 6 or 9 digits when the fraction is
  /// nonzero, then `Z` when the value is an instant (`isAdjustedToUTC`). Dates as in `appendDate`.
  public static func appendTimestamp(ticks: Int64, unit: TimeUnit, isAdjustedToUTC: Bool, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: maxTimestampLength) {
      writeTimestamp(ticks: ticks, unit: unit, isAdjustedToUTC: isAdjustedToUTC, into: $0)
    }
  }

  /// Appends an INTERVAL as DuckDB prints it: `1 year 2 months 3 days 04:05:06.7`. Zero parts are
  /// left out, the clock part only when the microseconds are nonzero, `00:00:00` for a zero
  /// interval; each part carries its own sign (`-1 year -2 months -01:00:00`).
  public static func appendInterval(months: Int32, days: Int32, micros: Int64, to out: inout [UInt8]) {
    appendKernel(to: &out, maximum: maxIntervalLength) {
      writeInterval(months: months, days: days, micros: micros, into: $0)
    }
  }

  // MARK: Kernels

  /// `-` + 17-digit year (Int64 days reach about ±2.5e16 years) + `-MM-DD`.
  static let maxDateLength = 24
  /// `-` + 16-digit hours (Int64 seconds) + `:MM:SS.fffffffff`.
  static let maxTimeLength = 32
  /// Date + `T` + `HH:MM:SS.fffffffff` + `Z`.
  static let maxTimestampLength = 48
  /// `-178956970 years -8 months -2147483648 days -2562047788:00:54.775808`.
  static let maxIntervalLength = 80

  /// Digits after the decimal point for a unit: 0, 3, 6 or 9.
  @inline(__always)
  static func fractionDigits(_ unit: TimeUnit) -> Int {
    switch unit {
    case .second: 0
    case .millisecond: 3
    case .microsecond: 6
    case .nanosecond: 9
    }
  }

  @inline(__always)
  static func writeTwoDigits(_ value: Int, into p: UnsafeMutablePointer<UInt8>) {
    let pairs = digitPairs.utf8Start
    let i = value &* 2
    p[0] = pairs[i]
    p[1] = pairs[i &+ 1]
  }

  @inline(__always)
  static func writeDate(_ date: CivilDate, into p: UnsafeMutablePointer<UInt8>) -> Int {
    var n = 0
    if date.year < 0 {
      p[0] = 0x2D
      n = 1
    }
    let magnitude = date.year.magnitude
    if magnitude <= 9999 {
      writeTwoDigits(Int(magnitude / 100), into: p + n)
      writeTwoDigits(Int(magnitude % 100), into: p + (n &+ 2))
      n &+= 4
    } else {
      n &+= writeDigits(magnitude, into: p + n)
    }
    p[n] = 0x2D
    writeTwoDigits(date.month, into: p + (n &+ 1))
    p[n &+ 3] = 0x2D
    writeTwoDigits(date.day, into: p + (n &+ 4))
    return n &+ 6
  }

  @inline(__always)
  static func writeDate(daysSinceEpoch days: Int64, into p: UnsafeMutablePointer<UInt8>) -> Int {
    writeDate(CivilCalendar.date(daysSinceEpoch: days), into: p)
  }

  /// Writes `HH:MM:SS` and, when `fraction` is nonzero, `.` and `digits` digits; returns the
  /// length. Hours of 100 or more take all their digits.
  @inline(__always)
  static func writeClock(
    hour: UInt64, minute: Int, second: Int, fraction: UInt64, digits: Int, into p: UnsafeMutablePointer<UInt8>
  ) -> Int {
    var n: Int
    if hour < 100 {
      writeTwoDigits(Int(hour), into: p)
      n = 2
    } else {
      n = writeDigits(hour, into: p)
    }
    p[n] = 0x3A
    writeTwoDigits(minute, into: p + (n &+ 1))
    p[n &+ 3] = 0x3A
    writeTwoDigits(second, into: p + (n &+ 4))
    n &+= 6
    if fraction != 0, digits > 0 {
      p[n] = 0x2E
      writeDigits(fraction, count: digits, into: p + (n &+ 1))
      n &+= 1 &+ digits
    }
    return n
  }

  static func writeTime(ticks: Int64, unit: TimeUnit, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let perSecond = UInt64(unit.ticksPerSecond)
    let magnitude = ticks.magnitude
    let seconds = magnitude / perSecond
    let fraction = magnitude &- seconds &* perSecond
    let hour = seconds / 3600
    let rest = Int(truncatingIfNeeded: seconds &- hour &* 3600)
    let sign = ticks < 0 ? 1 : 0
    p[0] = 0x2D
    return sign &+ writeClock(
      hour: hour, minute: rest / 60, second: rest % 60, fraction: fraction, digits: fractionDigits(unit),
      into: p + sign)
  }

  @inline(__always)
  static func writeTimestamp(
    ticks: Int64, unit: TimeUnit, isAdjustedToUTC: Bool, into p: UnsafeMutablePointer<UInt8>
  ) -> Int {
    let (days, time) = CivilCalendar.split(ticks: ticks, unit: unit)
    var n = writeDate(CivilCalendar.date(daysSinceEpoch: days), into: p)
    p[n] = 0x20  // DuckDB's ISO 8601 spelling: a space, not T
    n &+= 1
    n &+= writeClock(
      hour: UInt64(time.hour), minute: time.minute, second: time.second, fraction: UInt64(time.fraction),
      digits: fractionDigits(unit), into: p + n)
    if isAdjustedToUTC {
      p[n] = 0x2B  // +00, as DuckDB prints TIMESTAMPTZ in UTC
      p[n &+ 1] = 0x30
      p[n &+ 2] = 0x30
      n &+= 3
    }
    return n
  }

  static func writeInterval(months: Int32, days: Int32, micros: Int64, into p: UnsafeMutablePointer<UInt8>) -> Int {
    var n = 0
    func part(_ value: Int64, _ name: StaticString) {
      guard value != 0 else { return }
      if n != 0 {
        p[n] = 0x20
        n &+= 1
      }
      n &+= writeInteger(value, into: p + n)
      (p + n).update(from: name.utf8Start, count: name.utf8CodeUnitCount)
      n &+= name.utf8CodeUnitCount
      if value != 1, value != -1 {
        p[n] = 0x73  // s
        n &+= 1
      }
    }
    let years = months / 12
    part(Int64(years), " year")
    part(Int64(months - years * 12), " month")
    part(Int64(days), " day")
    if micros != 0 {
      if n != 0 {
        p[n] = 0x20
        n &+= 1
      }
      if micros < 0 {
        p[n] = 0x2D
        n &+= 1
      }
      let magnitude = micros.magnitude
      let seconds = magnitude / 1_000_000
      var fraction = magnitude &- seconds &* 1_000_000
      let hour = seconds / 3600
      let rest = Int(truncatingIfNeeded: seconds &- hour &* 3600)
      // DuckDB trims the fraction's trailing zeros: 6.7 seconds is `06.7`.
      var digits = 6
      while fraction != 0, fraction % 10 == 0 {
        fraction /= 10
        digits &-= 1
      }
      n &+= writeClock(hour: hour, minute: rest / 60, second: rest % 60, fraction: fraction, digits: digits, into: p + n)
    } else if n == 0 {
      let zero: StaticString = "00:00:00"
      p.update(from: zero.utf8Start, count: 8)
      n = 8
    }
    return n
  }
}

extension TextBuffer {
  @inline(__always)
  mutating func appendDate(daysSinceEpoch days: Int64) {
    write(maximum: ValueFormatter.maxDateLength) { ValueFormatter.writeDate(daysSinceEpoch: days, into: $0) }
  }

  @inline(__always)
  mutating func appendTime(ticks: Int64, unit: TimeUnit) {
    write(maximum: ValueFormatter.maxTimeLength) { ValueFormatter.writeTime(ticks: ticks, unit: unit, into: $0) }
  }

  @inline(__always)
  mutating func appendTimestamp(ticks: Int64, unit: TimeUnit, isAdjustedToUTC: Bool) {
    write(maximum: ValueFormatter.maxTimestampLength) {
      ValueFormatter.writeTimestamp(ticks: ticks, unit: unit, isAdjustedToUTC: isAdjustedToUTC, into: $0)
    }
  }

  mutating func appendInterval(months: Int32, days: Int32, micros: Int64) {
    write(maximum: ValueFormatter.maxIntervalLength) {
      ValueFormatter.writeInterval(months: months, days: days, micros: micros, into: $0)
    }
  }
}
