// ColumnVector.joining: ranges and picked rows of several vectors, kept dictionary-encoded when they share one.
import Testing
@testable import TarnCore

@Suite struct VectorPiecesTests {
  @Test func rangesAndPickedRowsOfFixedWidthVectorsKeepValuesAndNulls() {
    let a = int64s([1, nil, 3, 4])
    let b = int64s([5, 6, nil, 8, 9])
    let picks: [UInt32] = [0, 2, 4]
    let joined = picks.withUnsafeBufferPointer { rows in
      ColumnVector.joining([VectorPiece(a, start: 1, count: 3), VectorPiece(b, rows: rows)], type: .int64)
    }
    #expect(joined.count == 6)
    let values = (0..<6).map { joined.isNull($0) ? nil : joined.value(at: $0, as: Int64.self) }
    #expect(values == [nil, 3, 4, 5, nil, 9])
  }

  @Test func oneRangeOfOneVectorSharesItsMemory() {
    let a = int64s([1, 2, 3, 4, 5])
    let joined = ColumnVector.joining([VectorPiece(a, start: 2, count: 2)], type: .int64)
    #expect(joined.values.isView)
    #expect(joined.values.base == a.values.base + 16)
    #expect((0..<2).map { joined.value(at: $0, as: Int64.self) } == [3, 4])
  }

  @Test func oneWholeNestedVectorIsReturnedAsItIs() {
    let child = int64s([1, nil])
    let structure = ColumnVector(
      type: .structure([Field("a", .int64)]), count: 2, values: ByteBuffer(capacity: 0), children: [child])
    let joined = ColumnVector.joining([VectorPiece(structure, start: 0, count: 2)], type: structure.type)
    #expect(joined.count == 2)
    #expect(joined.children.first?.values === child.values)
  }

  @Test func stringsAreCopiedWithTheirOffsetsRebased() {
    let a = strings(["alpha", "", nil, "delta"])
    let b = strings(["x", "yy", "zzz"])
    let picks: [UInt32] = [2, 0]
    let joined = picks.withUnsafeBufferPointer { rows in
      ColumnVector.joining([VectorPiece(b, rows: rows), VectorPiece(a, start: 1, count: 3)], type: .string)
    }
    #expect(texts(joined) == ["zzz", "x", "", nil, "delta"])
    #expect(joined.dictionary == nil)
  }

  @Test func piecesSharingADictionaryStayEncodedAndOthersAreDecoded() {
    let dictionary = strings(["a", "b", "c"])
    func coded(_ codes: [UInt32]) -> ColumnVector {
      ColumnVector(type: .string, count: codes.count, values: ByteBuffer(copying: codes), dictionary: dictionary)
    }
    let shared = ColumnVector.joining(
      [VectorPiece(coded([2, 1, 0]), start: 1, count: 2), VectorPiece(coded([0, 2]), start: 0, count: 2)], type: .string)
    #expect(shared.dictionary != nil)
    #expect(texts(shared) == ["b", "a", "a", "c"])
    let other = ColumnVector(type: .string, count: 2, values: ByteBuffer(copying: [UInt32(1), 0]), dictionary: strings(["q", "r"]))
    let mixed = ColumnVector.joining(
      [VectorPiece(coded([2]), start: 0, count: 1), VectorPiece(other, start: 0, count: 2), VectorPiece(strings(["s"]), start: 0, count: 1)],
      type: .string)
    #expect(mixed.dictionary == nil)
    #expect(texts(mixed) == ["c", "r", "q", "s"])
  }

  @Test func aSingleWholePieceIsReturnedAsItIs() {
    let a = int64s([1, 2, 3])
    let joined = ColumnVector.joining([VectorPiece(a, start: 0, count: 3)], type: .int64)
    #expect(joined.values === a.values)
  }
}
