// The proleptic Gregorian calendar: day counts since 1970-01-01 to and from year, month and day, and ticks to time of day.

/// A calendar date in the proleptic Gregorian calendar with astronomical year numbering
/// (year 0 is 1 BC, year -1 is 2 BC).
public struct CivilDate: Hashable, Sendable, CustomStringConvertible {
  public var year: Int64
  /// 1...12
  public var month: Int
  /// 1...31
  public var day: Int

  public init(year: Int64, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  public var description: String { "\(year)-\(month)-\(day)" }
}

/// A time of day split into fields; `fraction` counts ticks of the unit within the second.
public struct CivilTime: Hashable, Sendable {
  /// 0...23 for a time inside a day.
  public var hour: Int
  public var minute: Int
  public var second: Int
  /// Ticks of the unit past `second`: 0..<unit.ticksPerSecond.
  public var fraction: Int64

  public init(hour: Int, minute: Int, second: Int, fraction: Int64 = 0) {
    self.hour = hour
    self.minute = minute
    self.second = second
    self.fraction = fraction
  }
}

/// Conversions between day and tick counts and calendar fields.
///
/// Day arithmetic follows Howard Hinnant's `days_from_civil` and `civil_from_days`
/// (https://howardhinnant.github.io/date_algorithms.html), reorganised so that every `Int64`
/// day count converts without overflow: the count is first split into whole 400-year eras,
/// then the era-relative day goes through the original algorithm.
public enum CivilCalendar {
  /// Days in one 400-year Gregorian cycle.
  public static let daysPerEra: Int64 = 146_097
  /// Days from 0000-03-01 to 1970-01-01: Hinnant's algorithms count from a March 1st.
  @usableFromInline static let epochShift: Int64 = 719_468
  public static let secondsPerDay: Int64 = 86_400

  /// The quotient rounded toward negative infinity and the matching non-negative remainder.
  /// - Precondition: `divisor > 0`.
  @inlinable
  public static func floorDivide(_ dividend: Int64, by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
    let q = dividend / divisor
    let r = dividend - q &* divisor
    // Branch-free adjustment: subtract one when the remainder is negative.
    let negative = r >> 63  // -1 or 0
    return (q &+ negative, r &+ (divisor & negative))
  }

  /// The date `days` days after 1970-01-01 (before it when negative). Total for every `Int64`.
  @inlinable
  public static func date(daysSinceEpoch days: Int64) -> CivilDate {
    // A 32-bit day count (every DATE) shifted by whole eras is never negative, so plain division floors, and literal
    // divisors compile to multiplications: the general path below divides, about 10 ns a date.
    if days >= -(1 << 31), days < 1 << 31 {
      let z = days &+ 719_468 &+ 14_700 &* 146_097
      let era = z / 146_097
      return date(era: era &- 14_700, dayOfEra: z &- era &* 146_097)
    }
    // Split off whole eras first so that adding the March-based shift cannot overflow.
    let (outerEra, dayInOuterEra) = floorDivide(days, by: daysPerEra)
    let z = dayInOuterEra &+ epochShift  // 719_468 ... 865_564
    let innerEra = z / 146_097
    return date(era: outerEra &+ innerEra, dayOfEra: z &- innerEra &* 146_097)
  }

  /// The date `doe` (0...146_096) days after March 1st of year `400 * era`: Hinnant's `civil_from_days` inside an era.
  @inlinable @inline(__always)
  static func date(era: Int64, dayOfEra doe: Int64) -> CivilDate {
    let yoe = (doe &- doe / 1460 &+ doe / 36524 &- doe / 146_096) / 365  // year of era, 0...399
    let doy = doe &- (365 &* yoe &+ yoe / 4 &- yoe / 100)  // day of March-based year, 0...365
    let mp = (5 &* doy &+ 2) / 153  // March = 0
    let day = doy &- (153 &* mp &+ 2) / 5 &+ 1
    let month = mp < 10 ? mp &+ 3 : mp &- 9
    let year = yoe &+ era &* 400 &+ (month <= 2 ? 1 : 0)
    return CivilDate(year: year, month: Int(month), day: Int(day))
  }

  /// The year of each of `count` day counts (DATE values), `civil_from_days` reduced to the year with literal
  /// divisors, which compile to multiplications: the general `date(daysSinceEpoch:)` divides by `static let`
  /// constants, an integer division per row (about 10 ns; this is about 1).
  /// Any `Int32` day count is exact: shifted by whole eras it is never negative, so plain division floors.
  public static func years(_ days: UnsafePointer<Int32>, count: Int, into out: UnsafeMutablePointer<Int64>) {
    let table = YearTable.shared
    for i in 0..<count {
      let k = Int(days[i]) &- YearTable.firstDay
      if UInt(bitPattern: k) < UInt(YearTable.dayCount) {
        out[i] = Int64(table[k])
        continue
      }
      // z >= 0 for every Int32 day count once shifted by whole eras: 2^31 days < 14,700 eras.
      let z = Int64(days[i]) &+ 719_468 &+ 14_700 &* 146_097
      let era = z / 146_097
      let doe = z &- era &* 146_097
      let yoe = (doe &- doe / 1460 &+ doe / 36524 &- doe / 146_096) / 365
      let doy = doe &- (365 &* yoe &+ yoe / 4 &- yoe / 100)
      let mp = (5 &* doy &+ 2) / 153
      // January and February belong to the next civil year (the era year starts in March).
      out[i] = yoe &+ (era &- 14_700) &* 400 &+ Int64(unsafeBitCast(mp >= 10, to: UInt8.self))
    }
  }

  /// Days from 1970-01-01 to `date`.
  /// - Precondition: the month is 1...12 and the day 1...31; days past the month's end roll over.
  ///   The result must fit in `Int64` (years within about ±2.5e16); outside that it wraps.
  @inlinable
  public static func daysSinceEpoch(_ date: CivilDate) -> Int64 {
    let m = Int64(date.month)
    let y = date.year &- (m <= 2 ? 1 : 0)
    let (era, yoe) = floorDivide(y, by: 400)
    let mp = m > 2 ? m &- 3 : m &+ 9
    let doy = (153 &* mp &+ 2) / 5 &+ Int64(date.day) &- 1
    let doe = yoe &* 365 &+ yoe / 4 &- yoe / 100 &+ doy
    // Wrapping: for days near Int64's ends the product alone overflows though the sum fits.
    return era &* daysPerEra &+ doe &- epochShift
  }

  /// Days from 1970-01-01 to the given date.
  @inlinable
  public static func daysSinceEpoch(year: Int64, month: Int, day: Int) -> Int64 {
    daysSinceEpoch(CivilDate(year: year, month: month, day: day))
  }

  @inlinable
  public static func isLeapYear(_ year: Int64) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  /// 28...31.
  /// - Precondition: `month` is 1...12.
  public static func daysInMonth(_ month: Int, year: Int64) -> Int {
    precondition((1...12).contains(month), "month \(month) is not 1...12")
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Splits a tick count since 1970-01-01 00:00:00 into whole days and the time of day,
  /// rounding toward negative infinity: -1 second is day -1 at 23:59:59.
  @inlinable
  public static func split(ticks: Int64, unit: TimeUnit) -> (days: Int64, time: CivilTime) {
    let perSecond = unit.ticksPerSecond
    let (days, tickOfDay) = floorDivide(ticks, by: secondsPerDay &* perSecond)
    return (days, timeOfDay(tickOfDay: tickOfDay, ticksPerSecond: perSecond))
  }

  /// Fields of a time of day given as non-negative ticks since midnight. Hours are not wrapped
  /// at 24, so an end-of-day TIME of 24:00:00 stays 24:00:00.
  @inlinable
  public static func timeOfDay(tickOfDay: Int64, ticksPerSecond perSecond: Int64) -> CivilTime {
    let seconds = tickOfDay / perSecond
    let fraction = tickOfDay &- seconds &* perSecond
    let hour = seconds / 3600
    let rest = seconds &- hour &* 3600
    let minute = rest / 60
    return CivilTime(hour: Int(hour), minute: Int(minute), second: Int(rest &- minute &* 60), fraction: fraction)
  }

  /// Ticks since 1970-01-01 00:00:00 for a day count and a time of day.
  /// - Precondition: the result fits in `Int64`; otherwise it wraps.
  @inlinable
  public static func ticks(days: Int64, time: CivilTime, unit: TimeUnit) -> Int64 {
    let perSecond = unit.ticksPerSecond
    let seconds = Int64(time.hour) &* 3600 &+ Int64(time.minute) &* 60 &+ Int64(time.second)
    return days &* secondsPerDay &* perSecond &+ seconds &* perSecond &+ time.fraction
  }
}

/// The year of every day from 1800-01-01 to 2199-12-31 (what manifests' dates fall in), so `years` is a load per
/// row there instead of the calendar arithmetic (about 4 ns per row, `perf` on a year histogram).
enum YearTable {
  static let firstDay = -62_091  // 1800-01-01
  static let dayCount = 146_097  // four centuries, to 2199-12-31
  nonisolated(unsafe) static let shared: UnsafeMutablePointer<Int16> = {
    let table = UnsafeMutablePointer<Int16>.allocate(capacity: dayCount)
    var day = firstDay
    for year in 1800..<2200 {
      let next = Int(CivilCalendar.daysSinceEpoch(CivilDate(year: Int64(year + 1), month: 1, day: 1)))
      while day < next {
        table[day - firstDay] = Int16(year)
        day += 1
      }
    }
    return table
  }()
}
