// Gather ("take"): builds a vector from chosen rows of another — the primitive behind filters, joins and sorts.
import TarnCore

/// Row gathering, specialized once per vector by width; the per-row loops are branch-free copies.
enum Gather {
  /// Marks a row that has no source row (the outer side of a join): it becomes NULL.
  static let nullRow = UInt32.max

  /// The rows `rows` of `vector`, in order. Dictionary vectors stay dictionary-encoded.
  /// - Precondition: every index is `< vector.count` or `nullRow`.
  static func take(_ vector: ColumnVector, _ rows: UnsafeBufferPointer<UInt32>) -> ColumnVector {
    let n = rows.count
    var hasNullRow = false
    for r in rows where r == nullRow { hasNullRow = true; break }
    if hasNullRow { return takeWithNulls(vector, rows) }
    let validity = vector.validity.map { takeValidity($0, rows) } ?? nil
    if let dictionary = vector.dictionary {
      let values = takeFixed(vector.values, rows, UInt32.self)
      return ColumnVector(type: vector.type, count: n, values: values, validity: validity, dictionary: dictionary)
    }
    switch vector.type {
    case .null:
      return ColumnVector(type: .null, count: n, values: ByteBuffer(capacity: 0), validity: ValidityBitmap(allNull: n))
    case .string, .binary:
      let (offsets, bytes) = takeVariable(vector, rows)
      return ColumnVector(type: vector.type, count: n, values: bytes, offsets: offsets, validity: validity)
    case .list, .map, .structure:
      var builder = VectorBuilder(type: vector.type, capacity: n)
      for r in rows { builder.append(from: vector, row: Int(r)) }
      return builder.finish()
    default:
      let values: ByteBuffer
      switch vector.type.fixedWidth! {
      case 1: values = takeFixed(vector.values, rows, UInt8.self)
      case 2: values = takeFixed(vector.values, rows, UInt16.self)
      case 4: values = takeFixed(vector.values, rows, UInt32.self)
      case 8: values = takeFixed(vector.values, rows, UInt64.self)
      case 16: values = takeFixed(vector.values, rows, UInt128.self)
      default:
        var builder = VectorBuilder(type: vector.type, capacity: n)
        for r in rows { builder.append(from: vector, row: Int(r)) }
        return builder.finish()
      }
      return ColumnVector(type: vector.type, count: n, values: values, validity: validity)
    }
  }

  @inline(__always)
  static func takeFixed<T: BitwiseCopyable>(_ source: ByteBuffer, _ rows: UnsafeBufferPointer<UInt32>, _: T.Type) -> ByteBuffer {
    let out = ByteBuffer(capacity: rows.count * MemoryLayout<T>.stride)
    out.count = rows.count * MemoryLayout<T>.stride
    let s = source.pointer(T.self)
    let d = out.pointer(T.self)
    // Safe: callers pass indices below the source count.
    for i in 0..<rows.count { d[i] = s[Int(rows[i])] }
    return out
  }

  static func takeVariable(_ vector: ColumnVector, _ rows: UnsafeBufferPointer<UInt32>) -> (ByteBuffer, ByteBuffer) {
    let n = rows.count
    let srcOffsets = vector.offsets!.pointer(Int64.self)
    let offsets = ByteBuffer(capacity: (n + 1) * 8)
    offsets.count = (n + 1) * 8
    let o = offsets.pointer(Int64.self)
    var total: Int64 = 0
    o[0] = 0
    for i in 0..<n {
      let r = Int(rows[i])
      total &+= srcOffsets[r &+ 1] &- srcOffsets[r]
      o[i &+ 1] = total
    }
    let bytes = ByteBuffer(capacity: Int(total))
    bytes.count = Int(total)
    let src = vector.values.base
    let dst = bytes.base
    for i in 0..<n {
      let r = Int(rows[i])
      let start = Int(srcOffsets[r])
      let length = Int(o[i &+ 1] &- o[i])
      if length > 0 { (dst + Int(o[i])).copyMemory(from: src + start, byteCount: length) }
    }
    return (offsets, bytes)
  }

  static func takeValidity(_ validity: ValidityBitmap, _ rows: UnsafeBufferPointer<UInt32>) -> ValidityBitmap? {
    let out = ValidityBitmap(allNull: rows.count)
    let s = validity.words
    let d = out.words
    var nulls = 0
    for i in 0..<rows.count {
      let r = Int(rows[i])
      let bit = (s[r >> 6] >> UInt64(r & 63)) & 1
      d[i >> 6] |= bit << UInt64(i & 63)
      nulls &+= Int(bit ^ 1)
    }
    return nulls == 0 ? nil : out
  }

  /// The slow path for outer joins: `nullRow` entries become NULL.
  static func takeWithNulls(_ vector: ColumnVector, _ rows: UnsafeBufferPointer<UInt32>) -> ColumnVector {
    let n = rows.count
    var safe = [UInt32](repeating: 0, count: n)
    let validity = ValidityBitmap(allNull: n)
    let hasRows = vector.count > 0
    for i in 0..<n where rows[i] != nullRow && hasRows {
      safe[i] = rows[i]
      if !vector.isNull(Int(rows[i])) { validity.set(i) }
    }
    if !hasRows {
      return ColumnVector(type: vector.type, count: 0, values: ByteBuffer(capacity: 0)).nullsLike(n)
    }
    var taken = safe.withUnsafeBufferPointer { take(vector.strippingValidity(), $0) }
    taken.validity = validity.nullCount == 0 ? nil : validity
    if case .structure = vector.type {
      // Children of a NULL struct row are NULL too, as the builder makes them.
      var builder = VectorBuilder(type: vector.type, capacity: n)
      for i in 0..<n { if validity.isValid(i) { builder.append(from: vector, row: Int(safe[i])) } else { builder.appendNull() } }
      return builder.finish()
    }
    return taken
  }
}

extension ColumnVector {
  /// The same values with no validity bitmap.
  func strippingValidity() -> ColumnVector {
    var copy = self
    copy.validity = nil
    return copy
  }

  /// A vector of `count` NULLs of this vector's type.
  func nullsLike(_ count: Int) -> ColumnVector {
    VectorFactory.nulls(type, count: count)
  }
}
