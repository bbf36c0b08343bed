// Date, time and timestamp text parsing: calendar rules, fractions, offsets and ranges.
import Testing

@testable import TarnFormats

@Suite struct TemporalTextTests {
  func date(_ text: String) -> Int32? {
    let b = Array(text.utf8)
    return b.withUnsafeBufferPointer { TemporalText.parseDate($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, 0, $0.count) }
  }

  func time(_ text: String) -> Int64? {
    let b = Array(text.utf8)
    return b.withUnsafeBufferPointer { TemporalText.parseTime($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, 0, $0.count) }
  }

  func timestamp(_ text: String) -> ParsedTimestamp? {
    let b = Array(text.utf8)
    return b.withUnsafeBufferPointer {
      TemporalText.parseTimestamp($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, 0, $0.count)
    }
  }

  @Test func dates() {
    #expect(date("1970-01-01") == 0)
    #expect(date("1969-12-31") == -1)
    #expect(date("2024-01-02") == 19724)
    #expect(date("2024-1-2") == 19724)
    #expect(date("2024/01/02") == 19724)
    #expect(date(" 2024-01-02 ") == 19724)
    #expect(date("2000-02-29") == 11016)
    #expect(date("0001-01-01") == -719_162)
    #expect(date("9999-12-31") == 2_932_896)
    for bad in ["2024-02-30", "1900-02-29", "2024-13-01", "2024-00-10", "2024-01-32", "2024-01", "24-01-02",
      "2024-01/02", "2024-01-02x", "02/01/2024", "", "20240102"]
    {
      #expect(date(bad) == nil, "\(bad)")
    }
  }

  /// Every day from 1600 to 2400 agrees with a day-by-day count.
  @Test func daysAgreeWithCounting() {
    var days = TemporalText.daysSinceEpoch(year: 1600, month: 1, day: 1)
    for year in Int64(1600)...2400 {
      for month in Int64(1)...12 {
        for day in 1...TemporalText.daysInMonth(year, month) {
          #expect(TemporalText.daysSinceEpoch(year: year, month: month, day: day) == days)
          days += 1
        }
      }
    }
  }

  @Test func times() {
    #expect(time("00:00") == 0)
    #expect(time("12:30") == 45_000_000_000)
    #expect(time("1:02:03") == 3_723_000_000)
    #expect(time("23:59:59.999999") == 86_399_999_999)
    #expect(time("12:00:00.5") == 43_200_500_000)
    #expect(time("12:00:00.123456000") == 43_200_123_456)
    #expect(time("24:00:00") == 86_400_000_000)
    for bad in ["24:00:01", "12:60", "12:5", "12:00:60", "12", "12:00:00.1234567", "12:00:00.", "noon"] {
      #expect(time(bad) == nil, "\(bad)")
    }
  }

  @Test func timestamps() {
    #expect(timestamp("2024-01-02 03:04:05")?.microseconds == 1_704_164_645_000_000)
    #expect(timestamp("2024-01-02T03:04:05.5")?.microseconds == 1_704_164_645_500_000)
    #expect(timestamp("2024-01-02")?.microseconds == 1_704_153_600_000_000)
    #expect(timestamp("2024-01-02")?.hasTime == false)
    #expect(timestamp("2024-01-02 03:04:05Z")?.offsetSeconds == 0)
    #expect(timestamp("2024-01-02 03:04:05 +02:00")?.microseconds == 1_704_157_445_000_000)
    #expect(timestamp("2024-01-02 03:04:05-0530")?.offsetSeconds == -19800)
    #expect(timestamp("2024-01-02 03:04:05+02")?.offsetSeconds == 7200)
    let ns = timestamp("1970-01-01 00:00:00.000000001")
    #expect(ns?.nanoseconds == 1)
    #expect(ns?.hasSubMicroseconds == true)
    #expect(timestamp("2024-01-02 24:00:00")?.microseconds == timestamp("2024-01-03")?.microseconds)
    // Outside the nanosecond range (1677–2262), but fine in microseconds.
    #expect(timestamp("3000-01-01 00:00:00")?.nanoseconds == nil)
    #expect(timestamp("3000-01-01 00:00:00")?.microseconds != nil)
    for bad in ["2024-01-02 3:4:5", "2024-01-02X03:04:05", "2024-01-02 03:04:05 UTC", "2024-01-02 03:04:05+2",
      "2024-01-02 03:04:05+25:00", "2024-01-02T"]
    {
      #expect(timestamp(bad) == nil, "\(bad)")
    }
  }
}
