// ConstantFilter narrows a byte mask exactly as evaluating the comparison (or IN list) and picking TRUE rows does.
import Testing
import TarnCore
@testable import TarnEngine

@Suite struct ConstantFilterTests {
  static let operators: [ComparisonOperator] = [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual]

  /// The mask the general path gives: `column op constant` evaluated, then TRUE rows kept.
  private func reference(_ column: ColumnVector, _ op: ComparisonOperator, _ constant: ColumnVector) throws -> [UInt8] {
    let result = try CompareKernels.compare(op, column, VectorFactory.broadcast(constant, count: column.count))
    return (0..<column.count).map { i in result.isNull(i) || result.value(at: i, as: UInt8.self) == 0 ? 0 : 1 }
  }

  private func narrowed(_ column: ColumnVector, _ body: (UnsafeMutablePointer<UInt8>) throws -> Void) rethrows -> [UInt8] {
    var passing = [UInt8](repeating: 1, count: column.count)
    try passing.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
    return passing
  }

  private var columns: [(ColumnVector, [ColumnVector])] {
    let n = 300
    let validity = ValidityBitmap(allValid: n)
    for i in stride(from: 3, to: n, by: 11) { validity.clear(i) }
    let ints = VectorFactory.int64s((0..<n).map { Int64($0 % 17) - 8 }, validity: validity)
    let doubles = VectorFactory.doubles((0..<n).map { $0 % 13 == 0 ? -0.0 : Double($0 % 9) / 2 }, validity: validity)
    let grades: [String?] = (0..<n).map { i in i % 7 == 0 ? nil : ["casual", "needs_id", "research"][i % 3] }
    let plain = VectorFactory.strings(grades)
    // As Parquet strings arrive: dictionary + codes.
    let coded = ColumnVector(
      type: .string, count: n, values: ByteBuffer(copying: (0..<n).map { UInt32($0 % 3) }),
      validity: plain.validity, dictionary: VectorFactory.strings(["casual", "needs_id", "research"]))
    let words = [VectorFactory.strings(["research"]), VectorFactory.strings(["d"]), VectorFactory.strings(["zzz"])]
    return [
      (ints, [VectorFactory.int64s([0]), VectorFactory.int64s([-8]), VectorFactory.int64s([100])]),
      (doubles, [VectorFactory.doubles([0]), VectorFactory.doubles([2.5]), VectorFactory.doubles([-1])]),
      (plain, words),
      (coded, words),
    ]
  }

  @Test func comparisonsMatchTheGeneralPath() throws {
    for (column, constants) in columns {
      for (k, constant) in constants.enumerated() {
        for op in Self.operators {
          let fast = try narrowed(column) { try ConstantFilter.narrow($0, column, op, constant) }
          #expect(fast == (try reference(column, op, constant)), "\(column.type) \(op) constant \(k)")
        }
      }
    }
  }

  @Test func aNullConstantPassesNoRow() throws {
    for (column, _) in columns {
      let fast = try narrowed(column) { try ConstantFilter.narrow($0, column, .equal, VectorFactory.nulls(column.type, count: 1)) }
      #expect(fast.allSatisfy { $0 == 0 })
    }
  }

  @Test func inListsMatchOredEqualitiesAndSkipNullItems() throws {
    for (column, constants) in columns {
      let list = constants + [VectorFactory.nulls(column.type, count: 1)]
      let fast = try narrowed(column) { try ConstantFilter.narrow($0, column, in: list) }
      var expected = [UInt8](repeating: 0, count: column.count)
      for c in constants {
        for (i, bit) in try reference(column, .equal, c).enumerated() { expected[i] |= bit }
      }
      #expect(fast == expected, "\(column.type)")
    }
  }

  @Test func notInPassesNonNullRowsMatchingNoItemAndNothingWhenAnItemIsNull() throws {
    for (column, constants) in columns {
      let fast = try narrowed(column) { try ConstantFilter.narrow($0, column, in: constants, negated: true) }
      var expected = [UInt8](repeating: 1, count: column.count)
      for c in constants {
        for (i, bit) in try reference(column, .equal, c).enumerated() { expected[i] &= 1 &- bit }
      }
      for i in 0..<column.count where column.isNull(i) { expected[i] = 0 }
      #expect(fast == expected, "\(column.type)")
      #expect(expected.contains(1) && expected.contains(0))
      let withNull = try narrowed(column) {
        try ConstantFilter.narrow($0, column, in: constants + [VectorFactory.nulls(column.type, count: 1)], negated: true)
      }
      #expect(withNull.allSatisfy { $0 == 0 }, "\(column.type)")
    }
  }

  @Test func narrowingOnlyClearsRowsAlreadyFailing() throws {
    let (column, constants) = columns[0]
    var passing = (0..<column.count).map { UInt8($0 % 2) }
    let before = passing
    try passing.withUnsafeMutableBufferPointer { try ConstantFilter.narrow($0.baseAddress!, column, .greaterOrEqual, constants[1]) }
    let alone = try reference(column, .greaterOrEqual, constants[1])
    #expect(passing == zip(before, alone).map { $0 & $1 })
  }
}
