// Parsing ISO-style dates, times and timestamps straight from field bytes into days and ticks.

/// A parsed date and time, before it is narrowed to a column's unit.
struct ParsedTimestamp {
  /// Days since 1970-01-01.
  var days: Int64 = 0
  /// Seconds since midnight, 0...86400 (86400 only for `24:00:00`).
  var seconds: Int64 = 0
  /// Fraction of the second in nanoseconds.
  var nanos: Int64 = 0
  var hasTime = false
  /// Offset east of UTC in seconds, when the text carries `Z` or `±hh[:mm]`.
  var offsetSeconds: Int64? = nil

  /// Microseconds since the epoch in the text's own clock (UTC when it had an offset); nil on overflow.
  var microseconds: Int64? {
    let local = days.multipliedReportingOverflow(by: 86_400_000_000)
    guard !local.overflow else { return nil }
    let total = local.partialValue.addingReportingOverflow(seconds &* 1_000_000 &+ nanos / 1000 &- (offsetSeconds ?? 0) &* 1_000_000)
    return total.overflow ? nil : total.partialValue
  }

  /// Nanoseconds since the epoch; nil outside 1677-09-21 … 2262-04-11.
  var nanoseconds: Int64? {
    let local = days.multipliedReportingOverflow(by: 86_400_000_000_000)
    guard !local.overflow else { return nil }
    let total = local.partialValue.addingReportingOverflow(
      seconds &* 1_000_000_000 &+ nanos &- (offsetSeconds ?? 0) &* 1_000_000_000)
    return total.overflow ? nil : total.partialValue
  }

  /// True when the fraction has digits below the microsecond.
  var hasSubMicroseconds: Bool { nanos % 1000 != 0 }
}

/// Date, time and timestamp text parsers.
///
/// Accepted shapes (ISO 8601 and the common SQL spelling, as DuckDB's default casts accept them):
/// - date: `YYYY-M-D` with 1–2 digit month and day, `-` or `/` as separator; the day must exist.
/// - time: `H:MM`, `H:MM:SS`, `H:MM:SS.fffffffff` (1–9 fraction digits), hour 0–23 (`24:00:00` allowed).
/// - timestamp: a date, then `T` or a space, then a time, then optionally spaces and `Z` or
///   `±HH`, `±HHMM`, `±HH:MM`. A date alone is a timestamp at midnight.
/// Surrounding spaces are ignored. Other orders (`DD/MM/YYYY`) are not detected yet.
enum TemporalText {
  /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
  @inline(__always)
  static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year &- 1 : year
    let era = (y >= 0 ? y : y &- 399) / 400
    let yearOfEra = y &- era &* 400
    let monthIndex = month > 2 ? month &- 3 : month &+ 9
    let dayOfYear = (153 &* monthIndex &+ 2) / 5 &+ day &- 1
    let dayOfEra = yearOfEra &* 365 &+ yearOfEra / 4 &- yearOfEra / 100 &+ dayOfYear
    return era &* 146_097 &+ dayOfEra &- 719_468
  }

  @inline(__always)
  static func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
    if month == 2 {
      let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
      return leap ? 29 : 28
    }
    return (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31
  }

  /// Reads 1...maxDigits digits at `i`; returns nil if there is none.
  @inline(__always)
  static func digits(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, max maxDigits: Int) -> (value: Int64, count: Int)? {
    var value: Int64 = 0
    var count = 0
    while i < end, count < maxDigits {
      let d = p[i] &- 48
      if d >= 10 { break }
      value = value &* 10 &+ Int64(d)
      count &+= 1
      i &+= 1
    }
    return count == 0 ? nil : (value, count)
  }

  /// Parses the date at `i`, leaving `i` after it.
  @inline(__always)
  static func date(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int) -> Int64? {
    guard let year = digits(p, &i, end, max: 4), year.count == 4, i < end else { return nil }
    let separator = p[i]
    guard separator == 45 || separator == 47 else { return nil }
    i &+= 1
    guard let month = digits(p, &i, end, max: 2), i < end, p[i] == separator else { return nil }
    i &+= 1
    guard let day = digits(p, &i, end, max: 2) else { return nil }
    guard month.value >= 1, month.value <= 12, day.value >= 1, day.value <= daysInMonth(year.value, month.value) else {
      return nil
    }
    return daysSinceEpoch(year: year.value, month: month.value, day: day.value)
  }

  /// Parses a time of day at `i` into seconds and nanoseconds, leaving `i` after it.
  @inline(__always)
  static func time(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int) -> (seconds: Int64, nanos: Int64)? {
    guard let hour = digits(p, &i, end, max: 2), i < end, p[i] == 58 else { return nil }
    i &+= 1
    guard let minute = digits(p, &i, end, max: 2), minute.count == 2 else { return nil }
    var second: Int64 = 0
    var nanos: Int64 = 0
    if i < end, p[i] == 58 {
      i &+= 1
      guard let s = digits(p, &i, end, max: 2), s.count == 2 else { return nil }
      second = s.value
      if i < end, p[i] == 46 {
        i &+= 1
        guard let fraction = digits(p, &i, end, max: 9) else { return nil }
        nanos = fraction.value
        var scale = fraction.count
        while scale < 9 {
          nanos &*= 10
          scale &+= 1
        }
        // Digits past nanoseconds would be lost: only zeros are allowed there.
        while i < end, p[i] == 48 { i &+= 1 }
        if i < end, p[i] &- 48 < 10 { return nil }
      }
    }
    guard minute.value <= 59, second <= 59 else { return nil }
    if hour.value == 24 {
      guard minute.value == 0, second == 0, nanos == 0 else { return nil }
    } else if hour.value > 23 {
      return nil
    }
    return (hour.value &* 3600 &+ minute.value &* 60 &+ second, nanos)
  }

  /// Parses `[start, end)` as a DATE (days since the epoch).
  @inline(__always)
  static func parseDate(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32? {
    // Fast path: exactly `YYYY-MM-DD`.
    if end &- start == 10, p[start &+ 4] == 45, p[start &+ 7] == 45 {
      @inline(__always) func digit(_ k: Int) -> Int64 { Int64(p[start &+ k] &- 48) }
      let y0 = digit(0), y1 = digit(1), y2 = digit(2), y3 = digit(3)
      let m0 = digit(5), m1 = digit(6), d0 = digit(8), d1 = digit(9)
      // Byte - 48 wraps non-digits to >= 10; d < 10 exactly when d + 6 < 16, so one OR tests all eight.
      if ((y0 &+ 6) | (y1 &+ 6) | (y2 &+ 6) | (y3 &+ 6) | (m0 &+ 6) | (m1 &+ 6) | (d0 &+ 6) | (d1 &+ 6)) < 16 {
        let year = y0 &* 1000 &+ y1 &* 100 &+ y2 &* 10 &+ y3
        let month = m0 &* 10 &+ m1
        let day = d0 &* 10 &+ d1
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(year, month) else { return nil }
        return Int32(truncatingIfNeeded: daysSinceEpoch(year: year, month: month, day: day))
      }
    }
    var i = start
    var e = end
    NumberText.trimSpaces(p, &i, &e)
    guard let days = date(p, &i, e), i == e else { return nil }
    return Int32(exactly: days)
  }

  /// Parses `[start, end)` as a TIME: microseconds since midnight. Sub-microsecond digits must be zero.
  @inline(__always)
  static func parseTime(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
    var i = start
    var e = end
    NumberText.trimSpaces(p, &i, &e)
    guard let t = time(p, &i, e), i == e, t.nanos % 1000 == 0 else { return nil }
    return t.seconds &* 1_000_000 &+ t.nanos / 1000
  }

  /// Parses `[start, end)` as a timestamp (or a date at midnight).
  @inline(__always)
  static func parseTimestamp(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> ParsedTimestamp? {
    var i = start
    var e = end
    NumberText.trimSpaces(p, &i, &e)
    guard let days = date(p, &i, e) else { return nil }
    var result = ParsedTimestamp()
    result.days = days
    if i == e { return result }
    guard p[i] == 84 || p[i] == 32 else { return nil }  // 'T' or ' '
    i &+= 1
    guard let t = time(p, &i, e) else { return nil }
    result.hasTime = true
    result.seconds = t.seconds
    result.nanos = t.nanos
    while i < e, p[i] == 32 { i &+= 1 }
    if i == e { return result }
    if p[i] == 90 || p[i] == 122 {  // Z
      i &+= 1
      result.offsetSeconds = 0
    } else if p[i] == 43 || p[i] == 45 {
      let sign: Int64 = p[i] == 45 ? -1 : 1
      i &+= 1
      guard let hours = digits(p, &i, e, max: 2), hours.count == 2, hours.value <= 18 else { return nil }
      var minutes: Int64 = 0
      if i < e, p[i] == 58 { i &+= 1 }
      if i < e {
        guard let m = digits(p, &i, e, max: 2), m.count == 2, m.value <= 59 else { return nil }
        minutes = m.value
      }
      result.offsetSeconds = sign &* (hours.value &* 3600 &+ minutes &* 60)
    } else {
      return nil
    }
    guard i == e else { return nil }
    return result
  }
}
