// Slicing a vector without copying its values: the slice's buffers are views of the vector's.

extension ColumnVector {
  /// Rows `start..<start+length`, sharing the vector's value memory (validity and string offsets, a few bytes a
  /// row, are copied). Dictionary vectors keep their dictionary; nested vectors are copied.
  ///
  /// The slice keeps the whole vector's buffers alive: for streaming a morsel out in chunks. A value kept past
  /// its chunk (an aggregate's best row) should be copied instead, or it pins the morsel.
  public func slice(_ start: Int, _ length: Int) -> ColumnVector {
    precondition(start >= 0 && length >= 0 && start <= count &- length, "slice outside the vector")
    if start == 0 && length == count { return self }
    let validity = validity.flatMap { $0.slice(start, length) }
    if let dictionary {
      return ColumnVector(
        type: type, count: length, values: ByteBuffer(viewing: values, offset: start &* 4, count: length &* 4),
        validity: validity, dictionary: dictionary)
    }
    switch type {
    case .null:
      return ColumnVector(type: type, count: length, values: ByteBuffer(capacity: 0), validity: ValidityBitmap(allNull: length))
    case .string, .binary:
      let source = offsets!.pointer(Int64.self)
      let first = source[start]
      let offsets = ByteBuffer(capacity: (length &+ 1) &* 8)
      offsets.count = (length &+ 1) &* 8
      let target = offsets.pointer(Int64.self)
      for i in 0...length { target[i] = source[start &+ i] &- first }
      let bytes = ByteBuffer(viewing: values, offset: Int(first), count: Int(source[start &+ length] &- first))
      return ColumnVector(type: type, count: length, values: bytes, offsets: offsets, validity: validity)
    case .list, .map, .structure:
      var builder = VectorBuilder(type: type, capacity: length)
      for row in start..<(start &+ length) { builder.append(from: self, row: row) }
      return builder.finish()
    default:
      let width = type.fixedWidth ?? 0  // every type not handled above has a fixed width
      return ColumnVector(
        type: type, count: length, values: ByteBuffer(viewing: values, offset: start &* width, count: length &* width),
        validity: validity)
    }
  }
}

extension ValidityBitmap {
  /// Bits `start..<start+length` as a bitmap of their own; nil when all of them are valid.
  public func slice(_ start: Int, _ length: Int) -> ValidityBitmap? {
    let out = ValidityBitmap(allNull: length)
    let source = words
    let target = out.words
    if start & 63 == 0 {
      target.update(from: source + (start >> 6), count: Self.wordCount(length))
      out.clearTail()
    } else {
      for i in 0..<length {
        let r = start &+ i
        target[i >> 6] |= ((source[r >> 6] >> UInt64(r & 63)) & 1) << UInt64(i & 63)
      }
    }
    return out.nullCount == 0 ? nil : out
  }
}
