// round/floor/ceil/trunc of DECIMAL: exact (never through DOUBLE) with DuckDB's result types.
import Testing
@testable import TarnEngine

@Suite struct DecimalRoundingTests {
  @Test func roundingHalfAwayFromZeroIsExact() throws {
    // Through DOUBLE, 1.005 is 1.00499999999999989... and rounds to 1.0.
    #expect(try rows("SELECT round(1.005::DECIMAL(5,3), 2), round(-2.675::DECIMAL(4,3), 2), typeof(round(1.005::DECIMAL(5,3), 2))")
      == [["1.01", "-2.68", "DECIMAL(5,2)"]])
  }

  @Test func floorCeilTruncDropTheScale() throws {
    #expect(try rows("SELECT floor(-1.5), ceil(-2.675::DECIMAL(4,3)), trunc(-2.675::DECIMAL(4,3), 1), typeof(floor(-1.5))")
      == [["-2", "-2", "-2.6", "DECIMAL(2,0)"]])
  }

  @Test func negativeDigitsRoundLeftOfThePointWithRoomForTheCarry() throws {
    #expect(try rows("SELECT round(25::DECIMAL(4,0), -1), typeof(round(25::DECIMAL(4,0), -1)), round(-149.5::DECIMAL(10,1), -2)")
      == [["30", "DECIMAL(5,0)", "-100"]])
  }

  @Test func wideValuesKeepEveryDigit() throws {
    #expect(try rows("SELECT round(123456789012345678.95::DECIMAL(38,2), 1), round(99999999999999999.5::DECIMAL(18,1))")
      == [["123456789012345679.0", "100000000000000000"]])
  }
}

@Suite struct DecimalRemainderTests {
  @Test func remainderIsExactWithTheDividendsSign() throws {
    // Through DOUBLE, 123456789012345678.9 % 10 was 0.0 and 10.3 % 3 was 1.3000000000000007.
    #expect(try rows("SELECT 10.3 % 3, typeof(10.3 % 3), 123456789012345678.9 % 10, -7.5 % 2")
      == [["1.3", "DECIMAL(11,1)", "8.9", "-1.5"]])
  }

  @Test func remainderByZeroIsAnError() {
    #expect(throws: EngineError.self) { try rows("SELECT 1.5 % 0") }
  }
}
