// INTERVAL range: literals and arithmetic past Int32 months/days or Int64 microseconds are errors.
import Testing
@testable import TarnEngine

/// Interval literals and arithmetic past their range are errors, never wrapped values (or a trap on Int64 overflow).
@Suite struct IntervalRangeTests {
  @Test(arguments: ["SELECT INTERVAL 9999999999999 HOUR", "SELECT INTERVAL 3000000000 MONTH"])
  func literalsOutOfRangeAreConversionErrors(_ sql: String) {
    #expect(throws: EngineError.self) { try rows(sql) }
  }

  @Test func arithmeticOverflowNamesTheOperation() {
    #expect(renderedError("SELECT INTERVAL 1 DAY * 3000000000")?.contains("Overflow in multiplication of INTERVAL") == true)
    #expect(throws: EngineError.self) { try rows("SELECT INTERVAL 1 MONTH + INTERVAL 2147483647 MONTH") }
  }

  @Test func inRangeArithmeticIsUnchanged() throws {
    #expect(try rows("SELECT INTERVAL 2 DAY * 3, INTERVAL 1 MONTH - INTERVAL 3 DAY") == [["6 days", "1 month -3 days"]])
  }
}

@Suite struct IntervalNegationTests {
  @Test func negatingTheSmallestMonthCountIsAnError() {
    #expect(renderedError("SELECT -(INTERVAL (-2147483648) MONTH)")?.contains("Overflow in negation of INTERVAL") == true)
  }

  @Test func negationFlipsEveryPart() throws {
    #expect(try rows("SELECT -(INTERVAL '1 year 2 months'), -(INTERVAL 3 DAY)") == [["-1 year -2 months", "-3 days"]])
  }
}
