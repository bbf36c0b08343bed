// ByteBuffer views and ColumnVector.slice: slices share their vector's value memory and read the same rows.
import Testing
@testable import TarnCore

@Suite struct VectorSliceTests {
  @Test func aViewSharesItsParentsBytesAndOutlivesTheParentsOtherOwners() {
    var parent: ByteBuffer? = ByteBuffer(copying: [UInt64](0..<100_000))  // pooled size: freed blocks are reused
    let view = ByteBuffer(viewing: parent!, offset: 8 * 10, count: 8 * 5)
    #expect(view.isView)
    #expect(view.base == parent!.base + 80)
    parent = nil
    _ = ByteBuffer(copying: [UInt64](repeating: 7, count: 100_000))  // would reuse the parent's block if it were freed
    #expect(Array(view.typed(UInt64.self)) == [10, 11, 12, 13, 14])
    let nested = ByteBuffer(viewing: view, offset: 8, count: 16)
    #expect(Array(nested.typed(UInt64.self)) == [11, 12])
  }

  @Test func aViewThatGrowsCopiesItsBytesAndLeavesTheParentAlone() {
    let parent = ByteBuffer(copying: [UInt32](0..<64))
    let view = ByteBuffer(viewing: parent, offset: 4 * 60, count: 4 * 4)
    view.append(UInt32(99))
    #expect(!view.isView)
    #expect(view.base != parent.base + 240)
    #expect(Array(view.typed(UInt32.self)) == [60, 61, 62, 63, 99])
    #expect(Array(parent.typed(UInt32.self).suffix(4)) == [60, 61, 62, 63])
  }

  @Test func fixedWidthSlicesViewTheValuesAndKeepTheirNulls() {
    let v = int64s([1, nil, 3, 4, nil, 6, 7])
    let s = v.slice(3, 3)
    #expect(s.count == 3)
    #expect(s.values.isView)
    #expect(s.values.base == v.values.base + 3 * 8)
    #expect((0..<3).map { s.isNull($0) ? nil : s.value(at: $0, as: Int64.self) } == [4, nil, 6])
    #expect(v.slice(5, 2).validity == nil)
    #expect(v.slice(0, 7).values === v.values)
  }

  @Test func stringSlicesRebaseTheirOffsetsOverTheSameBytes() {
    let v = strings(["alpha", "", nil, "delta", "epsilon"])
    let s = v.slice(1, 4)
    #expect(texts(s) == ["", nil, "delta", "epsilon"])
    #expect(s.values.isView)
    #expect(s.offsets!.pointer(Int64.self)[0] == 0)
    #expect(texts(s.slice(2, 2)) == ["delta", "epsilon"])
  }

  @Test func dictionarySlicesViewTheirCodesAndKeepTheDictionary() {
    let dictionary = strings(["a", "b", "c"])
    let codes: [UInt32] = [2, 0, 1, 1, 2]
    let v = ColumnVector(type: .string, count: 5, values: ByteBuffer(copying: codes), dictionary: dictionary)
    let s = v.slice(1, 3)
    #expect(s.dictionary?.values === dictionary.values)
    #expect(s.values.isView)
    #expect(texts(s) == ["a", "b", "b"])
  }

  @Test func slicesOfTheNullTypeAreAllNull() {
    let v = ColumnVector(type: .null, count: 10, values: ByteBuffer(capacity: 0))
    let s = v.slice(3, 4)
    #expect(s.count == 4)
    #expect((0..<4).allSatisfy { s.isNull($0) })
  }

  @Test func validitySlicesOffWordBoundariesMoveEveryBit() {
    let values: [Int64?] = (0..<200).map { $0 % 3 == 0 ? nil : Int64($0) }
    let v = int64s(values)
    for (start, length) in [(0, 200), (64, 70), (5, 130), (63, 2), (199, 1), (10, 0)] {
      let s = v.slice(start, length)
      let read = (0..<length).map { s.isNull($0) ? nil : s.value(at: $0, as: Int64.self) }
      #expect(read == Array(values[start..<(start + length)]), "rows \(start) + \(length)")
    }
  }
}
