// ColumnVector.joining: ranges and picked rows of several vectors, kept dictionary-encoded when they share one.
import Testing
@testable import TarnCore

private func strings(_ values: [String?]) -> ColumnVector {
  var b = VectorBuilder(type: .string, capacity: values.count)
  for v in values { if let v { b.append(string: v) } else { b.appendNull() } }
  return b.finish()
}

private func int64s(_ values: [Int64?]) -> ColumnVector {
  var b = VectorBuilder(type: .int64, capacity: values.count)
  for v in values { if let v { b.append(v) } else { b.appendNull() } }
  return b.finish()
}

private func texts(_ v: ColumnVector) -> [String?] {
  let plain = v.decodingDictionary()
  return (0..<plain.count).map { plain.isNull($0) ? nil : plain.string(at: $0) }
}

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
