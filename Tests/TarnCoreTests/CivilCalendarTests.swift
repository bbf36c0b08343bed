// CivilCalendar: day counts and ticks to and from calendar fields, including far past and far future.
import Testing
@testable import TarnCore

/// (days since epoch, year, month, day); cross-checked with Python's proleptic `datetime` shifted by 400-year eras.
let knownDays: [(Int64, Int64, Int, Int)] = [
  (0, 1970, 1, 1),
  (-1, 1969, 12, 31),
  (31, 1970, 2, 1),
  (365, 1971, 1, 1),
  (10_957, 2000, 1, 1),
  (11_016, 2000, 2, 29),
  (11_017, 2000, 3, 1),
  (19_782, 2024, 2, 29),
  (-719_528, 0, 1, 1),
  (-719_468, 0, 3, 1),
  (-719_469, 0, 2, 29),  // year 0 is a leap year (1 BC)
  (-719_529, -1, 12, 31),
  (-141_427, 1582, 10, 15),
  (2_932_896, 9999, 12, 31),
  (105_200_797, 290_000, 1, 1),
]

@Test func knownDates() {
  for (days, year, month, day) in knownDays {
    let date = CivilDate(year: year, month: month, day: day)
    #expect(CivilCalendar.date(daysSinceEpoch: days) == date)
    #expect(CivilCalendar.daysSinceEpoch(date) == days)
  }
}

@Test func roundTripsEveryDayOfAWideRange() {
  // Years -221 to 10183; checked with plain comparisons because an #expect per day is slow in debug builds.
  var expected = CivilCalendar.date(daysSinceEpoch: -800_000)
  #expect(expected == CivilDate(year: -221, month: 9, day: 4))
  var firstMismatch: Int64? = nil
  for days in Int64(-800_000)...Int64(3_000_000) {
    let date = CivilCalendar.date(daysSinceEpoch: days)
    if date != expected || CivilCalendar.daysSinceEpoch(date) != days {
      firstMismatch = days
      break
    }
    // Step to the next day by hand, so the check does not reuse the algorithm under test.
    expected.day += 1
    if expected.day > CivilCalendar.daysInMonth(expected.month, year: expected.year) {
      expected.day = 1
      expected.month += 1
      if expected.month > 12 { expected.month = 1; expected.year += 1 }
    }
  }
  #expect(firstMismatch == nil)
}

@Test func roundTripsSampledDaysAcrossAllOfInt64() {
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  var samples: [Int64] = [.min, .min + 1, .max, .max - 1, -146_097 * 1_000_000_000, 146_097 * 1_000_000_000 - 1]
  // Both sides of the 32-bit fast path's ends.
  for edge: Int64 in [-(1 << 31), 1 << 31] { samples += [edge - 2, edge - 1, edge, edge + 1] }
  for _ in 0..<20_000 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    samples.append(Int64(bitPattern: state))
    samples.append(Int64(bitPattern: state) >> 20)
  }
  for days in samples {
    let date = CivilCalendar.date(daysSinceEpoch: days)
    #expect((1...12).contains(date.month) && (1...31).contains(date.day))
    #expect(CivilCalendar.daysSinceEpoch(date) == days, "day \(days) -> \(date)")
  }
  // The next day is one later in the calendar.
  let last = CivilCalendar.date(daysSinceEpoch: .max)
  let before = CivilCalendar.date(daysSinceEpoch: .max - 1)
  #expect(last.year == before.year || last.day == 1)
}

@Test func leapYears() {
  #expect(CivilCalendar.isLeapYear(2000))
  #expect(CivilCalendar.isLeapYear(2024))
  #expect(!CivilCalendar.isLeapYear(1900))
  #expect(!CivilCalendar.isLeapYear(2023))
  #expect(CivilCalendar.isLeapYear(0))
  #expect(CivilCalendar.isLeapYear(-4))
  #expect(!CivilCalendar.isLeapYear(-100))
  #expect(CivilCalendar.isLeapYear(-400))
  #expect(CivilCalendar.daysInMonth(2, year: 1900) == 28)
  #expect(CivilCalendar.daysInMonth(2, year: -400) == 29)
  // 1900-02-28 is followed by 1900-03-01.
  let feb28 = CivilCalendar.daysSinceEpoch(year: 1900, month: 2, day: 28)
  #expect(CivilCalendar.date(daysSinceEpoch: feb28 + 1) == CivilDate(year: 1900, month: 3, day: 1))
}

@Test func negativeYears() {
  let days = CivilCalendar.daysSinceEpoch(year: -44, month: 3, day: 15)
  #expect(CivilCalendar.date(daysSinceEpoch: days) == CivilDate(year: -44, month: 3, day: 15))
  // 400 Gregorian years are exactly 146_097 days, on either side of year 0.
  #expect(CivilCalendar.daysSinceEpoch(year: 0, month: 1, day: 1) - CivilCalendar.daysSinceEpoch(year: -400, month: 1, day: 1) == 146_097)
  #expect(CivilCalendar.date(daysSinceEpoch: -1_000_000_000) == CivilDate(year: -2_735_938, month: 12, day: 29))
}

@Test func floorDivision() {
  #expect(CivilCalendar.floorDivide(7, by: 2) == (3, 1))
  #expect(CivilCalendar.floorDivide(-7, by: 2) == (-4, 1))
  #expect(CivilCalendar.floorDivide(-8, by: 2) == (-4, 0))
  #expect(CivilCalendar.floorDivide(.min, by: 86_400) == (-106_751_991_167_301, 30_592))
}

@Test(arguments: TimeUnit.allCases)
func splitsTicksWithFloorDivision(unit: TimeUnit) {
  let perSecond = unit.ticksPerSecond
  let (days, time) = CivilCalendar.split(ticks: -1, unit: unit)
  #expect(days == -1)
  #expect(time == CivilTime(hour: 23, minute: 59, second: 59, fraction: perSecond - 1))

  let noon = (86_400 + 12 * 3600 + 34 * 60 + 56) * perSecond + perSecond / 2
  let split = CivilCalendar.split(ticks: noon, unit: unit)
  #expect(split.days == 1)
  #expect(split.time == CivilTime(hour: 12, minute: 34, second: 56, fraction: perSecond / 2))
  #expect(CivilCalendar.ticks(days: split.days, time: split.time, unit: unit) == noon)

  for ticks in [Int64.min, .max, 0, -perSecond, 1_234_567_890_123, -987_654_321_987] {
    let (d, t) = CivilCalendar.split(ticks: ticks, unit: unit)
    #expect((0..<24).contains(t.hour) && (0..<60).contains(t.minute) && (0..<60).contains(t.second))
    #expect((0..<perSecond).contains(t.fraction))
    #expect(CivilCalendar.ticks(days: d, time: t, unit: unit) == ticks)
  }
}

@Test func timestampOfYear290000() {
  let days = CivilCalendar.daysSinceEpoch(year: 290_000, month: 6, day: 30)
  let micros = CivilCalendar.ticks(days: days, time: CivilTime(hour: 1, minute: 2, second: 3, fraction: 4), unit: .microsecond)
  let (d, t) = CivilCalendar.split(ticks: micros, unit: .microsecond)
  #expect(CivilCalendar.date(daysSinceEpoch: d) == CivilDate(year: 290_000, month: 6, day: 30))
  #expect(t == CivilTime(hour: 1, minute: 2, second: 3, fraction: 4))
}

@Test func batchYearsEqualTheGeneralConversion() {
  var days: [Int32] = [Int32.min, Int32.min + 1, -719_469, -719_468, -1, 0, 58, 59, 365, 10_956, 11_016, 20_000, Int32.max - 1, Int32.max]
  var x: UInt64 = 0x1234_5678
  for _ in 0..<2_000 {
    x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    days.append(Int32(truncatingIfNeeded: x >> 32))
  }
  for d: Int32 in -800_000...800_000 where d % 97 == 0 || (-1000...1000).contains(d) { days.append(d) }
  // Every day of the year table (1800-01-01 ... 2199-12-31) and the days just outside it.
  days.append(contentsOf: (-62_093)...84_008)
  var years = [Int64](repeating: 0, count: days.count)
  days.withUnsafeBufferPointer { d in
    years.withUnsafeMutableBufferPointer { CivilCalendar.years(d.baseAddress!, count: d.count, into: $0.baseAddress!) }
  }
  for (d, y) in zip(days, years) where CivilCalendar.date(daysSinceEpoch: Int64(d)).year != y {
    Issue.record("day \(d): \(y), expected \(CivilCalendar.date(daysSinceEpoch: Int64(d)).year)")
    break
  }
}
