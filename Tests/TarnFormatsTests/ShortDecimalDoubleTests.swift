// ShortDecimalDouble: the fast path prints exactly what the standard library prints, and takes the values it should.
import Testing
@testable import TarnFormats

/// What the standard library's printer writes for `value` (the text `ShortDecimalDouble` must reproduce).
private func swiftText(_ value: Double) -> String {
  var s = ""
  value.write(to: &s)
  return s
}

/// The fast path's text, or nil when it declines.
private func shortText(_ value: Double) -> String? {
  withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ShortDecimalDouble.maximumLength) { scratch in
    ShortDecimalDouble.write(value, into: scratch.baseAddress!).map {
      String(decoding: UnsafeBufferPointer(rebasing: scratch[0..<$0]), as: UTF8.self)
    }
  }
}

private struct Generator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return state ^ (state >> 29)
  }
}

@Test func shortDecimalsPrintAsTheStandardLibraryPrintsThem() {
  let cases: [(Double, String)] = [
    (38.948575, "38.948575"), (-71.1862505, "-71.1862505"), (0.1, "0.1"), (120, "120.0"), (-1, "-1.0"),
    (0.0001, "0.0001"), (0.00012345, "0.00012345"), (999_999_999_999_999, "999999999999999.0"),
    (123_456_789.125, "123456789.125"), (0, "0.0"), (-0.0, "-0.0"),
  ]
  for (value, expected) in cases {
    #expect(shortText(value) == expected, "\(value)")
    #expect(swiftText(value) == expected, "\(value)")
  }
}

@Test func shortDecimalsDeclineWhatTheyCannotPrint() {
  for value in [
    Double.nan, .infinity, -.infinity, 1e15, 1e16, 9.999e-5, 1e-7, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
    0.30000000000000004, 0.1 + 0.7, 1.0 / 3.0, 1_234_567_890.123456,
  ] {
    #expect(shortText(value) == nil, "\(value)")
  }
}

/// Random decimals of 1 to 17 significant digits at every scale the fast path covers, and around it: whatever the
/// fast path prints is the standard library's text, and it takes every value of at most 15 digits in its range.
@Test func randomDecimalsMatchTheStandardLibrary() {
  var random = Generator(state: 0x5EED)
  var taken = 0
  for _ in 0..<200_000 {
    let digits = Int(random.next() % 17) + 1
    var mantissa: UInt64 = 0
    for _ in 0..<digits { mantissa = mantissa * 10 + random.next() % 10 }
    let exponent = Int(random.next() % 26) - 12 - digits  // value roughly 1e-12 ... 1e17
    var value = Double("\(mantissa)e\(exponent)")!
    if random.next() & 1 == 1 { value = -value }
    let expected = swiftText(value)
    if let short = shortText(value) {
      taken += 1
      #expect(short == expected, "\(value)")
    } else {
      let significant = expected.filter(\.isNumber).drop { $0 == "0" }.reversed().drop { $0 == "0" }.count
      let inRange = value.magnitude >= 1e-4 && value.magnitude < 1e15 && !expected.contains("e")
      #expect(!(inRange && significant <= 15), "declined \(expected)")
    }
  }
  #expect(taken > 50_000)
}

/// Random bit patterns (mostly 17-digit values the fast path must decline or print exactly), the doubles next to
/// decimals of few digits, and powers of ten and two at the range's ends.
@Test func neighboursAndBoundariesMatchTheStandardLibrary() {
  var random = Generator(state: 99)
  var values: [Double] = []
  for _ in 0..<100_000 {
    let value = Double(bitPattern: random.next())
    if value.isFinite { values.append(value) }
  }
  for _ in 0..<50_000 {
    let mantissa = Double(random.next() % 1_000_000)
    let scaled = mantissa / ShortDecimalDouble.powerOfTen(Int(random.next() % 19))
    values += [scaled, scaled.nextUp, scaled.nextDown, scaled.nextUp.nextUp]
  }
  for k in 0...18 {
    let p = ShortDecimalDouble.powerOfTen(k)
    for base in [p, 1 / p, 1e15 / p, 1e-4 * p] {
      values += [base, base.nextUp, base.nextDown, -base]
    }
  }
  for e in -20...60 {
    let p = Double(sign: .plus, exponent: e, significand: 1)
    values += [p, p.nextUp, p.nextDown]
  }
  var taken = 0
  for value in values {
    guard let short = shortText(value) else { continue }
    taken += 1
    #expect(short == swiftText(value), "\(value.bitPattern)")
  }
  #expect(taken > 20_000)  // the 50,000 decimals of up to 6 digits; their neighbours have 16–17
}
