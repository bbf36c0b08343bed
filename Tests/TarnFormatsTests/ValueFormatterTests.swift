// ValueFormatter: exact text of integers, decimals, floats, temporal values, UUIDs, intervals and bytes.
import Testing
import TarnCore
@testable import TarnFormats

@Test func integersOfEveryWidth() {
  for value: Int64 in [0, 1, -1, 9, 10, 99, 100, -100, 12345, Int64(Int32.max), Int64(Int32.min), .max, .min] {
    #expect(text { ValueFormatter.appendInteger(value, to: &$0) } == String(value))
  }
  for value: UInt64 in [0, 7, 10, 1_000_000, .max] {
    #expect(text { ValueFormatter.appendInteger(value, to: &$0) } == String(value))
  }
  for value: Int128 in [0, -1, Int128(Int64.max) + 1, Int128(Int64.min) - 1, .max, .min] {
    #expect(text { ValueFormatter.appendInteger(value, to: &$0) } == String(value))
  }
  // Random values against the standard library.
  var state: UInt64 = 42
  for _ in 0..<2000 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let v = Int64(bitPattern: state) >> (state & 63)
    #expect(text { ValueFormatter.appendInteger(v, to: &$0) } == String(v))
  }
}

@Test func decimalsAreExact() {
  #expect(text { ValueFormatter.appendDecimal(Int64(100), scale: 2, to: &$0) } == "1.00")
  #expect(text { ValueFormatter.appendDecimal(Int64(-5), scale: 3, to: &$0) } == "-0.005")
  #expect(text { ValueFormatter.appendDecimal(Int64(0), scale: 2, to: &$0) } == "0.00")
  #expect(text { ValueFormatter.appendDecimal(Int64(0), scale: 0, to: &$0) } == "0")
  #expect(text { ValueFormatter.appendDecimal(Int64(-123), scale: 0, to: &$0) } == "-123")
  #expect(text { ValueFormatter.appendDecimal(Int64(123), scale: 3, to: &$0) } == "0.123")
  #expect(text { ValueFormatter.appendDecimal(Int64(-1234), scale: 1, to: &$0) } == "-123.4")
  #expect(text { ValueFormatter.appendDecimal(Int64(12), scale: -2, to: &$0) } == "1200")
  #expect(text { ValueFormatter.appendDecimal(Int64.min, scale: 18, to: &$0) } == "-9.223372036854775808")
  #expect(text { ValueFormatter.appendDecimal(Int64(999_999_999_999_999_999), scale: 18, to: &$0) } == "0.999999999999999999")
  let big = Int128("99999999999999999999999999999999999999")!  // 38 nines: DECIMAL(38, s) maximum
  #expect(text { ValueFormatter.appendDecimal(big, scale: 10, to: &$0) } == "9999999999999999999999999999.9999999999")
  #expect(text { ValueFormatter.appendDecimal(-big, scale: 38, to: &$0) } == "-0.99999999999999999999999999999999999999")
  #expect(text { ValueFormatter.appendDecimal(Int128(-1), scale: 38, to: &$0) } == "-0.00000000000000000000000000000000000001")
  #expect(text { ValueFormatter.appendDecimal(Int128(10).power(20), scale: 2, to: &$0) } == "1000000000000000000.00")
}

extension Int128 {
  func power(_ n: Int) -> Int128 { (0..<n).reduce(1) { acc, _ in acc * self } }
}

@Test func floatsPrintShortestRoundTrip() {
  let cases: [(Double, String)] = [
    (0.1, "0.1"), (1.0, "1.0"), (-2.5, "-2.5"), (1e20, "1e+20"), (1e-7, "1e-07"), (1e15, "1000000000000000.0"),
    (1e16, "1e+16"), (0.30000000000000004, "0.30000000000000004"), (-0.0, "-0.0"),
    (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"), (.leastNonzeroMagnitude, "5e-324"), (.greatestFiniteMagnitude, "1.7976931348623157e+308"),
  ]
  for (value, expected) in cases {
    #expect(text { ValueFormatter.appendDouble(value, to: &$0) } == expected)
  }
  #expect(text { ValueFormatter.appendFloat(0.1, to: &$0) } == "0.1")
  #expect(text { ValueFormatter.appendFloat(16_777_216, to: &$0) } == "16777216.0")
  #expect(text { ValueFormatter.appendFloat(-.infinity, to: &$0) } == "-inf")
  var state: UInt64 = 7
  for _ in 0..<1000 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let value = Double(bitPattern: state)
    guard value.isFinite else { continue }
    let printed = text { ValueFormatter.appendDouble(value, to: &$0) }
    #expect(Double(printed) == value, "\(printed)")
  }
}

@Test func dates() {
  func date(_ days: Int64) -> String { text { ValueFormatter.appendDate(daysSinceEpoch: days, to: &$0) } }
  #expect(date(0) == "1970-01-01")
  #expect(date(-1) == "1969-12-31")
  #expect(date(19_782) == "2024-02-29")
  #expect(date(-141_427) == "1582-10-15")
  #expect(date(-719_528) == "0000-01-01")
  #expect(date(-719_529) == "-0001-12-31")
  #expect(date(CivilCalendar.daysSinceEpoch(year: -44, month: 3, day: 15)) == "-0044-03-15")
  #expect(date(2_932_896) == "9999-12-31")
  #expect(date(2_932_897) == "10000-01-01")
  #expect(date(105_200_797) == "290000-01-01")
  #expect(date(CivilCalendar.daysSinceEpoch(year: -12345, month: 6, day: 7)) == "-12345-06-07")
  #expect(date(Int64(Int32.min)) == "-5877641-06-23")
  #expect(date(Int64(Int32.max)) == "5881580-07-11")
}

@Test func times() {
  func time(_ ticks: Int64, _ unit: TimeUnit) -> String { text { ValueFormatter.appendTime(ticks: ticks, unit: unit, to: &$0) } }
  #expect(time(0, .second) == "00:00:00")
  #expect(time(3723, .second) == "01:02:03")
  #expect(time(3_723_500, .millisecond) == "01:02:03.500")
  #expect(time(3_723_000, .millisecond) == "01:02:03")
  #expect(time(86_399_999_999, .microsecond) == "23:59:59.999999")
  #expect(time(1, .nanosecond) == "00:00:00.000000001")
  #expect(time(86_400, .second) == "24:00:00")
  #expect(time(-3600, .second) == "-01:00:00")
  #expect(time(360_000, .second) == "100:00:00")
}

@Test func timestampsInEveryUnit() {
  func ts(_ ticks: Int64, _ unit: TimeUnit, utc: Bool = false) -> String {
    text { ValueFormatter.appendTimestamp(ticks: ticks, unit: unit, isAdjustedToUTC: utc, to: &$0) }
  }
  #expect(ts(0, .second) == "1970-01-01 00:00:00")
  #expect(ts(0, .second, utc: true) == "1970-01-01 00:00:00+00")
  #expect(ts(1_577_934_245, .second) == "2020-01-02 03:04:05")
  #expect(ts(1_577_934_245_123, .millisecond) == "2020-01-02 03:04:05.123")
  #expect(ts(1_577_934_245_000, .millisecond) == "2020-01-02 03:04:05")
  #expect(ts(1_577_934_245_000_001, .microsecond, utc: true) == "2020-01-02 03:04:05.000001+00")
  #expect(ts(1_577_934_245_000_000_010, .nanosecond) == "2020-01-02 03:04:05.000000010")
  #expect(ts(-1, .second) == "1969-12-31 23:59:59")
  #expect(ts(-1, .millisecond) == "1969-12-31 23:59:59.999")
  #expect(ts(-1, .microsecond) == "1969-12-31 23:59:59.999999")
  #expect(ts(-1, .nanosecond, utc: true) == "1969-12-31 23:59:59.999999999+00")
  #expect(ts(Int64.min, .nanosecond) == "1677-09-21 00:12:43.145224192")
  #expect(ts(Int64.max, .nanosecond) == "2262-04-11 23:47:16.854775807")
  let days = CivilCalendar.daysSinceEpoch(year: 290_000, month: 12, day: 31)
  let micros = CivilCalendar.ticks(days: days, time: CivilTime(hour: 23, minute: 59, second: 59, fraction: 1), unit: .microsecond)
  #expect(ts(micros, .microsecond, utc: true) == "290000-12-31 23:59:59.000001+00")
  #expect(ts(Int64.min, .microsecond) == "-290308-12-21 19:59:05.224192")
  #expect(ts(Int64.min, .second) == "-292277022657-01-27 08:29:52")
}

@Test func uuids() {
  let bytes: [UInt8] = [0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF]
  #expect(text { out in bytes.withUnsafeBytes { ValueFormatter.appendUUID($0.baseAddress!, to: &out) } }
    == "12345678-9abc-def0-0123-456789abcdef")
}

@Test func intervalsLikeDuckDB() {
  func interval(_ months: Int32, _ days: Int32, _ micros: Int64) -> String {
    text { ValueFormatter.appendInterval(months: months, days: days, micros: micros, to: &$0) }
  }
  // Expected strings are DuckDB 1.1's CAST(interval AS VARCHAR).
  #expect(interval(14, 3, 14_706_700_000) == "1 year 2 months 3 days 04:05:06.7")
  #expect(interval(-14, -3, -3_600_000_000) == "-1 year -2 months -3 days -01:00:00")
  #expect(interval(0, 0, 0) == "00:00:00")
  #expect(interval(0, 0, 90_000_000_000) == "25:00:00")
  #expect(interval(1, 1, 1) == "1 month 1 day 00:00:00.000001")
  #expect(interval(0, 0, -1) == "-00:00:00.000001")
  #expect(interval(24, 0, 0) == "2 years")
  #expect(interval(0, -1, 0) == "-1 day")
}

@Test func bytesAsBase64AndBlobText() {
  func base64(_ bytes: [UInt8]) -> String { text { out in bytes.withUnsafeBytes { ValueFormatter.appendBase64($0, to: &out) } } }
  #expect(base64([]) == "")
  #expect(base64(Array("f".utf8)) == "Zg==")
  #expect(base64(Array("fo".utf8)) == "Zm8=")
  #expect(base64(Array("foo".utf8)) == "Zm9v")
  #expect(base64(Array("foobar".utf8)) == "Zm9vYmFy")
  #expect(base64([0xFF, 0xFE, 0x00]) == "//4A")
  let long = [UInt8](repeating: 0xAB, count: 1000)
  #expect(base64(long) == String(repeating: "q6ur", count: 333) + "qw==")
  // DuckDB 1.1: SELECT '\x00\x1F ~\x7F\x80\xFFa\x27b\x22c\x5C'::BLOB::VARCHAR
  let blob: [UInt8] = [0x00, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xFF, 0x61, 0x27, 0x62, 0x22, 0x63, 0x5C]
  #expect(text { out in blob.withUnsafeBytes { ValueFormatter.appendEscapedBlob($0, to: &out) } }
    == #"\x00\x1F ~\x7F\x80\xFFa\x27b\x22c\x5C"#)
}

@Test func textAndJSONOfOneValueOfAnyType() {
  let list = vector(.list(Field("element", .structure([Field("k", .string), Field("v", .float64)])))) { b in
    b.children[0].children[0].append(string: "a\"b"); b.children[0].children[1].append(Double.nan); b.children[0].closeStructRow()
    b.closeListRow()
    b.appendNull()
  }
  var bytes: [UInt8] = []
  #expect(ValueFormatter.appendText(of: list, row: 0, to: &bytes))
  #expect(String(decoding: bytes, as: UTF8.self) == "[{'k': a\"b, 'v': nan}]")
  bytes = []
  #expect(!ValueFormatter.appendText(of: list, row: 1, to: &bytes))
  #expect(bytes.isEmpty)
  ValueFormatter.appendJSON(of: list, row: 0, to: &bytes)
  ValueFormatter.appendJSON(of: list, row: 1, to: &bytes)
  #expect(String(decoding: bytes, as: UTF8.self) == #"[{"k":"a\"b","v":"NaN"}]null"#)
}
