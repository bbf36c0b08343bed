// VectorBuilder and ColumnVector: layouts of flat, string, nested and dictionary vectors.
import Testing
@testable import TarnCore

@Test func int64WithNulls() {
  var builder = VectorBuilder(type: .int64)
  builder.append(Int64(7))
  builder.appendNull()
  builder.append(Int64(-3))
  let vector = builder.finish()
  #expect(vector.count == 3)
  #expect(vector.nullCount == 1)
  #expect(vector.value(at: 0, as: Int64.self) == 7)
  #expect(vector.isNull(1))
  #expect(vector.value(at: 2, as: Int64.self) == -3)
}

@Test func stringsUseInt64Offsets() {
  var builder = VectorBuilder(type: .string)
  for s in ["a", "", "héllo"] { builder.append(string: s) }
  let vector = builder.finish()
  #expect(vector.validity == nil)
  #expect(vector.string(at: 0) == "a")
  #expect(vector.string(at: 1) == "")
  #expect(vector.string(at: 2) == "héllo")
  #expect(vector.range(at: 2) == 1..<7)
}

@Test func listOfStructsCopiesNestedRows() {
  let element = DataType.structure([Field("k", .int32), Field("v", .string)])
  var builder = VectorBuilder(type: .list(Field("element", element)))
  builder.children[0].children[0].append(Int32(1))
  builder.children[0].children[1].append(string: "x")
  builder.children[0].closeStructRow()
  builder.closeListRow()
  builder.appendNull()
  let vector = builder.finish()
  #expect(vector.range(at: 0) == 0..<1)
  #expect(vector.range(at: 1) == 1..<1)
  #expect(vector.isNull(1))
  var copy = VectorBuilder(type: vector.type)
  copy.append(from: vector, row: 0)
  let copied = copy.finish()
  #expect(copied.children[0].children[1].string(at: 0) == "x")
}

@Test func dictionaryDecodesToPlainValues() {
  var dictionary = VectorBuilder(type: .string)
  for s in ["research", "casual"] { dictionary.append(string: s) }
  let indices = ByteBuffer(copying: [UInt32(1), 0, 1])
  let vector = ColumnVector(type: .string, count: 3, values: indices, dictionary: dictionary.finish())
  #expect(vector.string(at: 0) == "casual")
  let plain = vector.decodingDictionary()
  #expect(!plain.isDictionaryEncoded)
  #expect((0..<3).map { plain.string(at: $0) } == ["casual", "research", "casual"])
}

@Test func validityBitmapCountsAcrossWords() {
  var flags = [Bool](repeating: true, count: 130)
  flags[0] = false; flags[64] = false; flags[129] = false
  let bitmap = ValidityBitmap(flags)
  #expect(bitmap.nullCount == 3)
  #expect(!bitmap.isValid(64) && bitmap.isValid(65))
  #expect(ValidityBitmap(allValid: 130).validCount == 130)
}
