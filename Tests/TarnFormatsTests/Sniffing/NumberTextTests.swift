// Integer, decimal, double and boolean text parsing: edge cases, exactness and random agreement with strtod.
import Testing

@testable import TarnFormats

@Suite struct NumberTextTests {
  func int64(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { NumberText.parseInt64($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, 0, $0.count) }
  }

  func double(_ text: String) -> Double? {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { NumberText.parseDouble($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, 0, $0.count) }
  }

  func decimal(_ text: String, scale: Int) -> Int128? {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer {
      NumberText.parseDecimal($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, 0, $0.count, scale: scale)
    }
  }

  func boolean(_ text: String) -> Bool? {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { NumberText.parseBoolean($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, 0, $0.count) }
  }

  @Test func integers() {
    #expect(int64("0") == 0)
    #expect(int64("-0") == 0)
    #expect(int64("42") == 42)
    #expect(int64(" 42 ") == 42)
    #expect(int64("-17") == -17)
    #expect(int64("9223372036854775807") == Int64.max)
    #expect(int64("-9223372036854775808") == Int64.min)
    #expect(int64("9223372036854775808") == nil)
    #expect(int64("-9223372036854775809") == nil)
    #expect(int64("99999999999999999999") == nil)
    #expect(int64("9007199254740993") == 9_007_199_254_740_993)
    for bad in ["", " ", "-", "+5", "007", "-007", "1_000", "0x10", "1.0", "1e3", "12a", "1 2", "٣"] {
      #expect(int64(bad) == nil, "\(bad)")
    }
  }

  @Test func doublesExactAndRejected() {
    #expect(double("2.5") == 2.5)
    #expect(double("-3.25") == -3.25)
    #expect(double("1e3") == 1000)
    #expect(double("1.") == 1)
    #expect(double(".5") == 0.5)
    #expect(double("-.5") == -0.5)
    #expect(double("1E+10") == 1e10)
    #expect(double("-1.5e-3") == -0.0015)
    #expect(double("0.1") == 0.1)
    #expect(double("1e-400") == 0)
    #expect(double("2.2250738585072014e-308") == 2.2250738585072014e-308)
    #expect(double("4.9e-324") == .leastNonzeroMagnitude)
    #expect(double("1.7976931348623157e308") == Double.greatestFiniteMagnitude)
    // Integer literals must be exact in a double.
    #expect(double("9007199254740992") == 9_007_199_254_740_992)
    #expect(double("9007199254740993") == nil)
    #expect(double("9223372036854775808") == 9_223_372_036_854_775_808)
    #expect(double("123456789012345678901234567890") == nil)
    for bad in ["", "-", ".", "e5", "1e", "1e+", "inf", "nan", "Infinity", "+1.5", "00.5", "1.5.2", "1,5", "1e400", "0x1p3"] {
      #expect(double(bad) == nil, "\(bad)")
    }
  }

  /// Random decimal strings of up to 25 digits and exponents up to ±330 parse exactly like Swift's parser.
  @Test func doublesAgreeWithStandardLibrary() {
    var rng = SplitMix(seed: 7)
    print("doublesAgreeWithStandardLibrary seed 7")
    for _ in 0..<200_000 {
      var text = rng.below(2) == 0 ? "-" : ""
      let intDigits = rng.below(12)
      let fracDigits = rng.below(14)
      if intDigits == 0, fracDigits == 0 { continue }
      for k in 0..<intDigits { text += String(k == 0 && intDigits > 1 ? 1 + rng.below(9) : rng.below(10)) }
      if intDigits == 1, text.hasSuffix("0") == false, rng.below(3) == 0 {}
      if fracDigits > 0 || rng.below(4) == 0 {
        text += "."
        for _ in 0..<fracDigits { text += String(rng.below(10)) }
      }
      let hasExponent = rng.below(3) == 0
      if hasExponent { text += "e" + String(rng.below(660) - 330) }
      guard let expected = Double(text), expected.isFinite else { continue }
      let isIntegerLiteral = !text.contains(".") && !hasExponent
      let parsed = double(text)
      if isIntegerLiteral, Double(exactly: Int128(text) ?? 0) == nil || text.count > 17 {
        continue  // exactness rules apply; covered above
      }
      #expect(parsed?.bitPattern == expected.bitPattern, "\(text)")
    }
  }

  /// Shortest round-trip spellings of random doubles parse back to the same bits.
  @Test func doublesRoundTrip() {
    var rng = SplitMix(seed: 11)
    print("doublesRoundTrip seed 11")
    for _ in 0..<100_000 {
      let value = Double(bitPattern: rng.next())
      guard value.isFinite else { continue }
      let text = "\(value)"
      if !text.contains(".") && !text.contains("e") { continue }
      #expect(double(text)?.bitPattern == value.bitPattern, "\(text)")
    }
  }

  @Test func decimals() {
    #expect(decimal("1.5", scale: 2) == 150)
    #expect(decimal("-0.25", scale: 2) == -25)
    #expect(decimal("9007199254740993", scale: 2) == 900_719_925_474_099_300)
    #expect(decimal("1.50", scale: 1) == 15)
    #expect(decimal("1.55", scale: 1) == nil)
    #expect(decimal("12345678901234567890123456789012345678", scale: 0) != nil)
    #expect(decimal("123456789012345678901234567890123456789", scale: 0) == nil)
    #expect(decimal("1234567890123456789012345678901234567", scale: 2) == nil)
    #expect(decimal("-99999999999999999999999999999999999999", scale: 0) == -Int128("99999999999999999999999999999999999999")!)
    for bad in ["", "-", "1e5", "00.1", "1.2.3", "abc"] { #expect(decimal(bad, scale: 3) == nil, "\(bad)") }
  }

  @Test func booleans() {
    for t in ["true", "TRUE", "True", "t", "T", "yes", "YES"] { #expect(boolean(t) == true, "\(t)") }
    for f in ["false", "FALSE", "f", "F", "no", "No"] { #expect(boolean(f) == false, "\(f)") }
    for bad in ["1", "0", "y", "n", "on", "off", "tru", "", "truex"] { #expect(boolean(bad) == nil, "\(bad)") }
  }

  @Test func classification() {
    func types(_ text: String) -> TypeSet {
      let bytes = Array(text.utf8)
      return bytes.withUnsafeBufferPointer { ValueClassifier.classify($0.baseAddress!, 0, $0.count).types }
    }
    #expect(types("42") == [.bigint, .double, .decimal])
    #expect(types("9007199254740993") == [.bigint, .decimal])
    #expect(types("1.5") == [.double, .decimal])
    #expect(types("1e5") == [.double])
    #expect(types("true") == [.boolean])
    #expect(types("2024-01-02") == [.date, .timestamp, .timestampNS])
    #expect(types("2024-01-02 03:04:05") == [.timestamp, .timestampNS])
    #expect(types("2024-01-02 03:04:05.123456789") == [.timestampNS])
    #expect(types("2024-01-02T03:04:05Z") == [.timestampTZ, .timestampTZNS])
    #expect(types("12:30") == [.time])
    #expect(types("hello") == [])
    #expect(types("007") == [])
  }
}
