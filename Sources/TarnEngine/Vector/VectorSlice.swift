// Copying a contiguous run of rows into a vector of its own, for values kept past their chunk.
import TarnCore

enum VectorSlice {
  /// Rows `start..<start+length` of `vector`, copied so they do not pin the vector's buffers (`ColumnVector.slice`
  /// shares them instead). Dictionary vectors keep their dictionary.
  static func slice(_ vector: ColumnVector, _ start: Int, _ length: Int) -> ColumnVector {
    if start == 0 && length == vector.count { return vector }
    let validity = vector.validity.flatMap { $0.slice(start, length) }
    if let dictionary = vector.dictionary {
      return ColumnVector(
        type: vector.type, count: length, values: copyBytes(vector.values, start * 4, length * 4), validity: validity,
        dictionary: dictionary)
    }
    switch vector.type {
    case .null:
      return VectorFactory.nulls(.null, count: length)
    case .string, .binary:
      let src = vector.offsets!.pointer(Int64.self)
      let base = src[start]
      let offsets = ByteBuffer(capacity: (length + 1) * 8)
      offsets.count = (length + 1) * 8
      let o = offsets.pointer(Int64.self)
      for i in 0...length { o[i] = src[start &+ i] &- base }
      let bytes = copyBytes(vector.values, Int(base), Int(src[start + length] - base))
      return ColumnVector(type: vector.type, count: length, values: bytes, offsets: offsets, validity: validity)
    case .list, .map, .structure:
      var builder = VectorBuilder(type: vector.type, capacity: length)
      for r in start..<(start + length) { builder.append(from: vector, row: r) }
      return builder.finish()
    default:
      let width = vector.type.fixedWidth!
      return ColumnVector(
        type: vector.type, count: length, values: copyBytes(vector.values, start * width, length * width), validity: validity)
    }
  }

  static func copyBytes(_ source: ByteBuffer, _ offset: Int, _ count: Int) -> ByteBuffer {
    let out = ByteBuffer(capacity: count)
    if count > 0 { out.base.copyMemory(from: source.base + offset, byteCount: count) }
    out.count = count
    return out
  }
}
