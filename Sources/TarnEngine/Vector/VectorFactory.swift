// VectorFactory: vectors made from scratch — NULL columns, broadcast constants, typed arrays, and concatenation.
import TarnCore

enum VectorFactory {
  /// `count` NULLs of `type`, with zeroed storage so any reader sees initialized bytes.
  static func nulls(_ type: DataType, count: Int) -> ColumnVector {
    var builder = VectorBuilder(type: type, capacity: max(count, 1))
    for _ in 0..<count { builder.appendNull() }
    var v = builder.finish()
    if count > 0 { v.validity = ValidityBitmap(allNull: count) }
    return v
  }

  /// A fixed-width vector of `count` values written by `fill`, which gets the output pointer.
  @inline(__always)
  static func fixed<T: BitwiseCopyable>(
    _ type: DataType, count: Int, validity: ValidityBitmap?, _ fill: (UnsafeMutablePointer<T>) throws(EngineError) -> Void
  ) throws(EngineError) -> ColumnVector {
    let buffer = ByteBuffer(capacity: max(count, 1) * MemoryLayout<T>.stride)
    buffer.count = count * MemoryLayout<T>.stride
    try fill(buffer.pointer(T.self))
    return ColumnVector(type: type, count: count, values: buffer, validity: validity)
  }

  static func int64s(_ values: [Int64], validity: ValidityBitmap? = nil) -> ColumnVector {
    ColumnVector(type: .int64, count: values.count, values: ByteBuffer(copying: values), validity: validity)
  }

  static func doubles(_ values: [Double], validity: ValidityBitmap? = nil) -> ColumnVector {
    ColumnVector(type: .float64, count: values.count, values: ByteBuffer(copying: values), validity: validity)
  }

  static func strings(_ values: [String?]) -> ColumnVector {
    var builder = VectorBuilder(type: .string, capacity: values.count)
    for v in values { if let v { builder.append(string: v) } else { builder.appendNull() } }
    return builder.finish()
  }

  /// Row 0 of `constant` repeated `count` times. Strings become a one-entry dictionary (no copying).
  static func broadcast(_ constant: ColumnVector, count: Int) -> ColumnVector {
    if constant.count == count && count == 1 { return constant }
    let isNull = constant.isNull(0)
    if isNull { return nulls(constant.type, count: count) }
    if let dictionary = constant.dictionary {
      return broadcast(VectorSlice.slice(dictionary, constant.dictionaryIndex(at: 0), 1), count: count)
    }
    switch constant.type {
    case .string, .binary:
      let indices = ByteBuffer(capacity: max(count, 1) * 4, zeroed: true)
      indices.count = count * 4
      return ColumnVector(
        type: constant.type, count: count, values: indices, dictionary: VectorSlice.slice(constant, 0, 1))
    case .list, .map, .structure, .null:
      var builder = VectorBuilder(type: constant.type, capacity: count)
      for _ in 0..<count { builder.append(from: constant, row: 0) }
      return builder.finish()
    default:
      let width = constant.type.fixedWidth!
      let out = ByteBuffer(capacity: max(count, 1) * width)
      out.count = count * width
      switch width {
      case 1: fill(out, constant.value(at: 0, as: UInt8.self), count)
      case 2: fill(out, constant.value(at: 0, as: UInt16.self), count)
      case 4: fill(out, constant.value(at: 0, as: UInt32.self), count)
      case 8: fill(out, constant.value(at: 0, as: UInt64.self), count)
      case 16: fill(out, constant.value(at: 0, as: UInt128.self), count)
      default:
        for i in 0..<count { (out.base + i * width).copyMemory(from: constant.values.base, byteCount: width) }
      }
      return ColumnVector(type: constant.type, count: count, values: out)
    }
  }

  private static func fill<T: BitwiseCopyable>(_ buffer: ByteBuffer, _ value: T, _ count: Int) {
    let p = buffer.pointer(T.self)
    for i in 0..<count { p[i] = value }
  }

  /// A dictionary-free copy: a dictionary vector's values gathered in row order.
  static func flatten(_ vector: ColumnVector) -> ColumnVector {
    guard let dictionary = vector.dictionary else { return vector }
    let plain = flatten(dictionary)
    let indices = vector.values.typed(UInt32.self)
    var result = Gather.take(plain, UnsafeBufferPointer(rebasing: indices[0..<vector.count]))
    if let validity = vector.validity {
      result.validity = mergeValidity(result.validity, validity, count: vector.count)
    }
    return result
  }

  /// AND of two optional validity bitmaps (nil = all valid).
  static func mergeValidity(_ a: ValidityBitmap?, _ b: ValidityBitmap?, count: Int) -> ValidityBitmap? {
    guard let a else { return b }
    guard let b else { return a }
    let out = ValidityBitmap(allNull: count)
    let words = ValidityBitmap.wordCount(count)
    let x = a.words, y = b.words, d = out.words
    for w in 0..<words { d[w] = x[w] & y[w] }
    return out
  }

  /// The vectors one after another. All must have the same type; dictionaries are decoded.
  static func concat(_ parts: [ColumnVector], type: DataType) -> ColumnVector {
    let total = parts.reduce(0) { $0 + $1.count }
    if parts.count == 1, parts[0].dictionary == nil { return parts[0] }
    let flat = parts.map(flatten)
    var validity: ValidityBitmap? = nil
    if flat.contains(where: { $0.validity != nil }) {
      let bitmap = ValidityBitmap(allValid: total)
      var row = 0
      for part in flat {
        if let v = part.validity { for i in 0..<part.count where !v.isValid(i) { bitmap.clear(row + i) } }
        row += part.count
      }
      validity = bitmap
    }
    switch type {
    case .null:
      return nulls(.null, count: total)
    case .string, .binary:
      let bytesTotal = flat.reduce(0) { $0 + ($1.count == 0 ? 0 : Int($1.offsets!.pointer(Int64.self)[$1.count])) }
      let bytes = ByteBuffer(capacity: max(bytesTotal, 1))
      let offsets = ByteBuffer(capacity: (total + 1) * 8)
      offsets.count = (total + 1) * 8
      let o = offsets.pointer(Int64.self)
      o[0] = 0
      var row = 0
      var base: Int64 = 0
      for part in flat where part.count > 0 {
        let src = part.offsets!.pointer(Int64.self)
        let length = Int(src[part.count])
        if length > 0 { (bytes.base + Int(base)).copyMemory(from: part.values.base, byteCount: length) }
        for i in 1...part.count { o[row &+ i] = base &+ src[i] }
        row += part.count
        base += Int64(length)
      }
      bytes.count = Int(base)
      return ColumnVector(type: type, count: total, values: bytes, offsets: offsets, validity: validity)
    case .list, .map, .structure:
      var builder = VectorBuilder(type: type, capacity: total)
      for part in flat { for r in 0..<part.count { builder.append(from: part, row: r) } }
      return builder.finish()
    default:
      let width = type.fixedWidth!
      let out = ByteBuffer(capacity: max(total * width, 1))
      for part in flat where part.count > 0 {
        (out.base + out.count).copyMemory(from: part.values.base, byteCount: part.count * width)
        out.count += part.count * width
      }
      return ColumnVector(type: type, count: total, values: out, validity: validity)
    }
  }
}
