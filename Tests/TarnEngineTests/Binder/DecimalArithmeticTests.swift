// DECIMAL arithmetic: DuckDB's result types, exact values past 2^53, and overflow errors.
import Testing
import TarnCore
@testable import TarnEngine

@Suite struct DecimalArithmeticTests {
  static func d(_ p: Int, _ s: Int) -> DataType { .decimal(precision: p, scale: s) }

  @Test func additionWidensToTheLargerIntegerPartAndScale() throws {
    let r = try #require(TypeRules.decimalArithmetic(Self.d(10, 2), Self.d(5, 4), isMultiply: false))
    #expect(r.result == Self.d(13, 4))   // max(8, 1) + 4 + 1
    #expect(r.left == Self.d(13, 4) && r.right == Self.d(13, 4))
  }

  @Test func multiplicationAddsWidthsAndScales() throws {
    let r = try #require(TypeRules.decimalArithmetic(Self.d(20, 2), Self.d(20, 3), isMultiply: true))
    #expect(r.result == Self.d(38, 5))   // 40 capped at 38
    #expect(r.left == Self.d(38, 2) && r.right == Self.d(38, 3))
  }

  @Test(arguments: [
    (DataType.int8, 3), (.int16, 5), (.int32, 10), (.int64, 19), (.uint8, 3), (.uint32, 10), (.uint64, 20),
  ])
  func integersJoinAsDecimalOfTheirWidth(_ t: DataType, _ width: Int) throws {
    #expect(TypeRules.decimalEquivalent(t) == Self.d(width, 0))
    let r = try #require(TypeRules.decimalArithmetic(Self.d(4, 1), t, isMultiply: false))
    #expect(r.result == Self.d(width + 2, 1))
  }

  @Test func floatsAndPlainIntegersAreNotDecimalArithmetic() {
    #expect(TypeRules.decimalArithmetic(Self.d(4, 1), .float64, isMultiply: false) == nil)
    #expect(TypeRules.decimalArithmetic(.int64, .int32, isMultiply: true) == nil)
  }

  @Test func resultsAreExactPastDoublePrecision() throws {
    #expect(try rows("SELECT 123456789012345678.91::DECIMAL(38,2) + 1, typeof(123456789012345678.91::DECIMAL(38,2) + 1)")
      == [["123456789012345679.91", "DECIMAL(38,2)"]])
    #expect(try rows("SELECT -1.5 * 3, typeof(-1.5), -(2.25::DECIMAL(20,2))") == [["-4.5", "DECIMAL(2,1)", "-2.25"]])
  }

  @Test func integerLiteralsPastBigintAreExact() throws {
    #expect(try rows("SELECT 18446744073709551615::UBIGINT, 9223372036854775808 - 1")
      == [["18446744073709551615", "9223372036854775807"]])
  }

  @Test func sumOfDecimalsIsExactIn128Bits() throws {
    let sql = "SELECT sum(x), typeof(sum(x)) FROM (VALUES (9999999999999999.99::DECIMAL(18,2)), (9999999999999999.99), (-0.01)) t(x)"
    #expect(try rows(sql) == [["19999999999999999.97", "DECIMAL(38,2)"]])
  }

  @Test func overflowPast38DigitsIsAnErrorNamingTheValues() {
    #expect(renderedError("SELECT 99999999999999999999999999999999999999::DECIMAL(38,0) + 1") == """
      Out of Range Error: Overflow in addition of DECIMAL(38) (99999999999999999999999999999999999999 + 1)
      LINE 1: SELECT 99999999999999999999999999999999999999::DECIMAL(38,0) + 1
                     ^
      """)
    #expect(renderedError("SELECT x * x FROM (VALUES (10000000000000000000::DECIMAL(38,0))) t(x)")?
      .hasPrefix("Out of Range Error: Overflow in multiplication of DECIMAL(38) (10000000000000000000 * 10000000000000000000)") == true)
  }
}
