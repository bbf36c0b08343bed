// Runtime errors name the function or operator and the offending value; parse limits refuse deep nesting.
import Testing
@testable import TarnEngine

@Suite struct RuntimeErrorTests {
  @Test func failedCastNamesTheValueAndType() {
    #expect(renderedError("SELECT CAST('abc' AS INTEGER)") == """
      Conversion Error: Could not convert string 'abc' to INT32
      LINE 1: SELECT CAST('abc' AS INTEGER)
                     ^
      """)
  }

  @Test func failedCastOfARowValue() {
    let message = renderedError("SELECT CAST(x AS TINYINT) FROM (VALUES (1), (300)) t(x)")
    #expect(message?.contains("300") == true)
    #expect(message?.contains("TINYINT") == true)
  }

  @Test func tryCastGivesNullInstead() throws {
    #expect(try rows("SELECT TRY_CAST('abc' AS INTEGER), TRY_CAST(x AS TINYINT) FROM (VALUES (300)) t(x)") == [["NULL", "NULL"]])
  }

  @Test func integerOverflowNamesTheOperationAndValues() {
    #expect(renderedError("SELECT 2147483647::INTEGER + 1::INTEGER") == """
      Out of Range Error: Overflow in addition of INT32 (2147483647 + 1)!
      LINE 1: SELECT 2147483647::INTEGER + 1::INTEGER
                     ^
      """)
    #expect(renderedError("SELECT x * x FROM (VALUES (3037000500)) t(x)")?
      .hasPrefix("Out of Range Error: Overflow in multiplication of INT64 (3037000500 * 3037000500)!") == true)
  }

  @Test func divisionByZero() throws {
    #expect(renderedError("SELECT 7 // 0")?.hasPrefix("Invalid Input Error: Division by zero in expression (7 // 0)") == true)
    #expect(renderedError("SELECT x % 0 FROM (VALUES (5)) t(x)")?.hasPrefix("Invalid Input Error: Division by zero in expression (5 % 0)") == true)
    #expect(try rows("SELECT 1 / 0, NULL // 0, 7 // NULL") == [["inf", "NULL", "NULL"]])
  }

  /// Regression (found by mutating the differential queries): a nine-digit year overflowed the microsecond count.
  @Test func strptimeOfAHugeYearIsAnErrorNotATrap() {
    #expect(renderedError("SELECT strptime('06 May 202020202 10:00', '%d %b %Y %H:%M')")?
      .hasPrefix("Invalid Input Error: Could not parse string \"06 May 202020202 10:00\" according to format specifier") == true)
  }

  /// Regressions found by boundary inputs: each was a trap, a hang or a wrapped value.
  @Test func boundaryArgumentsAreErrorsNotTraps() throws {
    #expect(renderedError("SELECT DATE '2020-01-01' + 3000000000")?
      .hasPrefix("Out of Range Error: Date out of range: 2020-01-01 + 3000000000 days") == true)
    #expect(renderedError("SELECT DATE '2020-01-01' + INTERVAL 2147483647 MONTH")?.hasPrefix("Out of Range Error: Timestamp out of range") == true)
    #expect(renderedError("SELECT (-9223372036854775808)::BIGINT // -1")?
      .hasPrefix("Out of Range Error: Overflow in division of INT64 (-9223372036854775808 // -1)!") == true)
    #expect(renderedError("SELECT lpad('a', 9223372036854775807, 'x')")?.hasPrefix("Invalid Input Error: lpad: a result of") == true)
    #expect(renderedError("SELECT repeat('ab', 4000000000)")?.hasPrefix("Invalid Input Error: repeat: a result of") == true)
    #expect(try rows("SELECT left('abc', -9223372036854775808), right('abc', -9223372036854775808)") == [["", ""]])
    #expect(try rows("SELECT substr('abc', 9223372036854775807, 9223372036854775807), hash({'a': 1}) = hash({'a': 1})") == [["", "true"]])
    #expect(renderedError("SELECT make_date(2020, 13, 40)")?.hasPrefix("Out of Range Error: Date out of range: make_date(2020, 13, 40)") == true)
  }

  @Test func deeplyNestedSQLIsRefusedNotCrashed() {
    let depth = 10_000
    let sql = "SELECT " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
    #expect(renderedError(sql)?.hasPrefix("Parser Error: maximum nesting depth of 256 exceeded") == true)
    let subqueries = "SELECT * FROM " + String(repeating: "(SELECT * FROM ", count: 2_000) + "(SELECT 1)"
      + String(repeating: ")", count: 2_000)
    #expect(renderedError(subqueries)?.hasPrefix("Parser Error: maximum nesting depth") == true)
  }

  @Test func nestingJustUnderTheLimitRuns() throws {
    let sql = "SELECT " + String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
    #expect(try rows(sql) == [["1"]])
  }
}
