// Text of dates, times, timestamps and intervals: ISO 8601 for points in time, DuckDB's spelling for intervals.
import TarnCore

extension ValueFormatter {
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

  /// Writes `YYYY-MM-DD` ending before `end` and returns the start. Years 0…9999 take four
  /// digits; later years all their digits (`290000-01-01`); years before 0 a minus sign and at
  /// least four digits (`-0044-03-15`, astronomical numbering: year 0 is 1 BC).
  /// - Precondition: room for 26 bytes before `end`.
  @inline(__always)
  static func writeDate(_ date: CivilDate, into buffer: UnsafeMutablePointer<UInt8>, end: Int) -> Int {
    let pairs = digitPairs.utf8Start
    let day = date.day &* 2
    let month = date.month &* 2
    buffer[end &- 1] = pairs[day &+ 1]
    buffer[end &- 2] = pairs[day]
    buffer[end &- 3] = 0x2D
    buffer[end &- 4] = pairs[month &+ 1]
    buffer[end &- 5] = pairs[month]
    buffer[end &- 6] = 0x2D
    let yearEnd = end &- 6
    let magnitude = date.year.magnitude
    var start: Int
    if magnitude <= 9999 {
      start = yearEnd &- 4
      let high = Int(magnitude / 100) &* 2
      let low = Int(magnitude % 100) &* 2
      buffer[start] = pairs[high]
      buffer[start &+ 1] = pairs[high &+ 1]
      buffer[start &+ 2] = pairs[low]
      buffer[start &+ 3] = pairs[low &+ 1]
    } else {
      start = writeDigits(magnitude, into: buffer, end: yearEnd)
    }
    if date.year < 0 {
      start &-= 1
      buffer[start] = 0x2D
    }
    return start
  }

  /// Writes `HH:MM:SS` and, when `fraction` is nonzero, `.` and `digits` digits, from `start`;
  /// returns the end. Hours of 100 or more take all their digits.
  /// - Precondition: room for 32 bytes from `start`.
  @inline(__always)
  static func writeClock(
    hour: UInt64, minute: Int, second: Int, fraction: UInt64, digits: Int,
    into buffer: UnsafeMutablePointer<UInt8>, start: Int
  ) -> Int {
    let pairs = digitPairs.utf8Start
    var i = start
    if hour < 100 {
      let h = Int(hour) &* 2
      buffer[i] = pairs[h]
      buffer[i &+ 1] = pairs[h &+ 1]
      i &+= 2
    } else {
      // Rare (TIME past 99 hours, interval hours): digits into the tail, then move them up.
      let first = writeDigits(hour, into: buffer, end: start &+ 32)
      let count = start &+ 32 &- first
      (buffer + i).update(from: buffer + first, count: count)
      i &+= count
    }
    let m = minute &* 2
    let s = second &* 2
    buffer[i] = 0x3A
    buffer[i &+ 1] = pairs[m]
    buffer[i &+ 2] = pairs[m &+ 1]
    buffer[i &+ 3] = 0x3A
    buffer[i &+ 4] = pairs[s]
    buffer[i &+ 5] = pairs[s &+ 1]
    i &+= 6
    if fraction != 0, digits > 0 {
      buffer[i] = 0x2E
      writePaddedDigits(fraction, width: digits, into: buffer, end: i &+ 1 &+ digits)
      i &+= 1 &+ digits
    }
    return i
  }

  /// Appends a DATE given as days since 1970-01-01: `YYYY-MM-DD`.
  public static func appendDate(daysSinceEpoch days: Int64, to out: inout [UInt8]) {
    let date = CivilCalendar.date(daysSinceEpoch: days)
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { scratch in
      let buffer = scratch.baseAddress!
      let start = writeDate(date, into: buffer, end: 32)
      out.append(contentsOf: UnsafeBufferPointer(start: buffer + start, count: 32 &- start))
    }
  }

  /// Appends a TIME given as ticks since midnight: `HH:MM:SS`, then `.` and the unit's 3, 6 or 9
  /// digits when the fraction is nonzero. Out-of-day values print as they are (`24:00:00`, `-01:00:00`).
  public static func appendTime(ticks: Int64, unit: TimeUnit, to out: inout [UInt8]) {
    let perSecond = UInt64(unit.ticksPerSecond)
    let magnitude = ticks.magnitude
    let seconds = magnitude / perSecond
    let fraction = magnitude &- seconds &* perSecond
    let hour = seconds / 3600
    let rest = Int(truncatingIfNeeded: seconds &- hour &* 3600)
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { scratch in
      let buffer = scratch.baseAddress!
      var start = 0
      if ticks < 0 {
        buffer[0] = 0x2D
        start = 1
      }
      let end = writeClock(
        hour: hour, minute: rest / 60, second: rest % 60, fraction: fraction, digits: fractionDigits(unit),
        into: buffer, start: start)
      out.append(contentsOf: UnsafeBufferPointer(start: buffer, count: end))
    }
  }

  /// Appends a TIMESTAMP given as ticks since 1970-01-01 00:00:00 as DuckDB prints it (ISO 8601 with
  /// a space): `YYYY-MM-DD HH:MM:SS`, then `.` and the unit's 3, 6 or 9 digits when the fraction is
  /// nonzero, then `+00` when the value is an instant (`isAdjustedToUTC`).
  public static func appendTimestamp(ticks: Int64, unit: TimeUnit, isAdjustedToUTC: Bool, to out: inout [UInt8]) {
    let (days, time) = CivilCalendar.split(ticks: ticks, unit: unit)
    let date = CivilCalendar.date(daysSinceEpoch: days)
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 72) { scratch in
      let buffer = scratch.baseAddress!
      // The date ends at 26 so that its variable-width year grows leftward from a fixed spot.
      let start = writeDate(date, into: buffer, end: 26)
      buffer[26] = 0x20
      var end = writeClock(
        hour: UInt64(time.hour), minute: time.minute, second: time.second, fraction: UInt64(time.fraction),
        digits: fractionDigits(unit), into: buffer, start: 27)
      if isAdjustedToUTC {
        buffer[end] = 0x2B
        buffer[end &+ 1] = 0x30
        buffer[end &+ 2] = 0x30
        end &+= 3
      }
      out.append(contentsOf: UnsafeBufferPointer(start: buffer + start, count: end &- start))
    }
  }

  /// Appends an INTERVAL as DuckDB prints it: `1 year 2 months 3 days 04:05:06.7`. Zero parts are
  /// left out, the clock part only when the microseconds are nonzero, `00:00:00` for a zero
  /// interval; each part carries its own sign (`-1 year -2 months -01:00:00`).
  public static func appendInterval(months: Int32, days: Int32, micros: Int64, to out: inout [UInt8]) {
    let start = out.count
    if months != 0 {
      let years = months / 12
      appendIntervalPart(Int64(years), singular: " year", start: start, to: &out)
      appendIntervalPart(Int64(months - years * 12), singular: " month", start: start, to: &out)
    }
    appendIntervalPart(Int64(days), singular: " day", start: start, to: &out)
    if micros != 0 {
      if out.count != start { out.append(0x20) }
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
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { scratch in
        let buffer = scratch.baseAddress!
        var begin = 0
        if micros < 0 {
          buffer[0] = 0x2D
          begin = 1
        }
        let end = writeClock(
          hour: hour, minute: rest / 60, second: rest % 60, fraction: fraction, digits: digits,
          into: buffer, start: begin)
        out.append(contentsOf: UnsafeBufferPointer(start: buffer, count: end))
      }
    } else if out.count == start {
      appendASCII("00:00:00", to: &out)
    }
  }

  /// Appends ` 3 days` (no leading space when it is the interval's first part, which starts at `start`).
  static func appendIntervalPart(_ value: Int64, singular: StaticString, start: Int, to out: inout [UInt8]) {
    guard value != 0 else { return }
    if out.count != start { out.append(0x20) }
    appendInteger(value, to: &out)
    appendASCII(singular, to: &out)
    if value != 1, value != -1 { out.append(0x73) }
  }
}
