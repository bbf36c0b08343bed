// VectorPieces: rows taken from several flat vectors of one type (a range or picked rows of each), joined into one vector.

/// Some rows of one flat vector: `start..<start+count`, or, with `rows`, those row positions (ascending).
public struct VectorPiece: @unchecked Sendable {
  public let vector: ColumnVector
  public let start: Int
  public let count: Int
  /// Picked rows of `vector`; `start` is then ignored and `count` is `rows.count`.
  public let rows: UnsafeBufferPointer<UInt32>?

  public init(_ vector: ColumnVector, start: Int, count: Int) {
    self.vector = vector
    self.start = start
    self.count = count
    rows = nil
  }

  public init(_ vector: ColumnVector, rows: UnsafeBufferPointer<UInt32>) {
    self.vector = vector
    start = 0
    count = rows.count
    self.rows = rows
  }

  /// The source row of output row `i` of this piece.
  @inlinable func source(_ i: Int) -> Int { rows.map { Int($0[i]) } ?? start &+ i }
}

extension ColumnVector {
  /// The pieces' rows, in order, as one vector of `type` (flat: fixed width, string or binary).
  ///
  /// Dictionary-encoded pieces stay dictionary + indices when they all share one dictionary (the pages of one
  /// column chunk do); otherwise their values are copied out. One pass per buffer; a single range of one vector
  /// shares its memory (`slice`).
  public static func joining(_ pieces: [VectorPiece], type: DataType) -> ColumnVector {
    if pieces.count == 1, let only = pieces.first, only.rows == nil { return only.vector.slice(only.start, only.count) }
    let total = pieces.reduce(0) { $0 &+ $1.count }
    let validity = joinedValidity(pieces, total: total)
    if let dictionary = sharedDictionary(pieces) {
      let indices = joinedFixedWidth(pieces, width: 4, total: total)
      return ColumnVector(type: type, count: total, values: indices, validity: validity, dictionary: dictionary)
    }
    let plain = pieces.map { piece in
      piece.vector.isDictionaryEncoded
        ? VectorPiece(piece.vector.decodingDictionary(), start: piece.start, count: piece.count, rows: piece.rows) : piece
    }
    if let width = type.fixedWidth {
      return ColumnVector(type: type, count: total, values: joinedFixedWidth(plain, width: width, total: total), validity: validity)
    }
    let (values, offsets) = joinedVariableWidth(plain, total: total)
    return ColumnVector(type: type, count: total, values: values, offsets: offsets, validity: validity)
  }

  /// The dictionary every piece indexes into, when they all share one (the same value buffer).
  private static func sharedDictionary(_ pieces: [VectorPiece]) -> ColumnVector? {
    guard let first = pieces.first?.vector.dictionary else { return nil }
    for piece in pieces {
      guard let d = piece.vector.dictionary, d.values === first.values, d.offsets === first.offsets, d.count == first.count
      else { return nil }
    }
    return first
  }

  private static func joinedValidity(_ pieces: [VectorPiece], total: Int) -> ValidityBitmap? {
    guard pieces.contains(where: { $0.vector.validity != nil }) else { return nil }
    let out = ValidityBitmap(allValid: total)
    let words = out.words
    var row = 0
    for piece in pieces {
      if let validity = piece.vector.validity {
        let source = validity.words
        for i in 0..<piece.count {
          let r = piece.source(i)
          let bit = (source[r >> 6] >> UInt64(r & 63)) & 1
          let o = row &+ i
          words[o >> 6] &= ~((1 &- bit) << UInt64(o & 63))
        }
      }
      row &+= piece.count
    }
    return out.nullCount == 0 ? nil : out
  }

  private static func joinedFixedWidth(_ pieces: [VectorPiece], width: Int, total: Int) -> ByteBuffer {
    let out = ByteBuffer(capacity: max(total &* width, 1))
    out.count = total &* width
    var at = out.base
    for piece in pieces where piece.count > 0 {
      let source = piece.vector.values.base
      if let rows = piece.rows {
        switch width {
        case 1: gather(source, rows, into: at, as: UInt8.self)
        case 2: gather(source, rows, into: at, as: UInt16.self)
        case 4: gather(source, rows, into: at, as: UInt32.self)
        case 8: gather(source, rows, into: at, as: UInt64.self)
        default:
          for (i, r) in rows.enumerated() { (at + i &* width).copyMemory(from: source + Int(r) &* width, byteCount: width) }
        }
      } else {
        at.copyMemory(from: source + piece.start &* width, byteCount: piece.count &* width)
      }
      at += piece.count &* width
    }
    return out
  }

  private static func gather<T: FixedWidthInteger>(
    _ source: UnsafeMutableRawPointer, _ rows: UnsafeBufferPointer<UInt32>, into target: UnsafeMutableRawPointer, as _: T.Type
  ) {
    let s = source.assumingMemoryBound(to: T.self)
    let t = target.assumingMemoryBound(to: T.self)
    for i in 0..<rows.count { t[i] = s[Int(rows[i])] }
  }

  private static func joinedVariableWidth(_ pieces: [VectorPiece], total: Int) -> (ByteBuffer, ByteBuffer) {
    var byteTotal = 0
    for piece in pieces where piece.count > 0 {
      let o = piece.vector.offsets!.pointer(Int64.self)
      if let rows = piece.rows {
        for r in rows { byteTotal &+= Int(o[Int(r) &+ 1] &- o[Int(r)]) }
      } else {
        byteTotal &+= Int(o[piece.start &+ piece.count] &- o[piece.start])
      }
    }
    let values = ByteBuffer(capacity: max(byteTotal, 1))
    values.count = byteTotal
    let offsets = ByteBuffer(capacity: (total &+ 1) &* 8)
    offsets.count = (total &+ 1) &* 8
    let out = offsets.pointer(Int64.self)
    out[0] = 0
    var row = 0
    var at: Int64 = 0
    for piece in pieces where piece.count > 0 {
      let o = piece.vector.offsets!.pointer(Int64.self)
      let source = piece.vector.values.base
      if let rows = piece.rows {
        for (i, r) in rows.enumerated() {
          let begin = o[Int(r)], length = o[Int(r) &+ 1] &- begin
          (values.base + Int(at)).copyMemory(from: source + Int(begin), byteCount: Int(length))
          at &+= length
          out[row &+ i &+ 1] = at
        }
      } else {
        let begin = o[piece.start], length = o[piece.start &+ piece.count] &- begin
        (values.base + Int(at)).copyMemory(from: source + Int(begin), byteCount: Int(length))
        let shift = at &- begin
        for i in 1...piece.count { out[row &+ i] = o[piece.start &+ i] &+ shift }
        at &+= length
      }
      row &+= piece.count
    }
    return (values, offsets)
  }
}

extension VectorPiece {
  fileprivate init(_ vector: ColumnVector, start: Int, count: Int, rows: UnsafeBufferPointer<UInt32>?) {
    self.vector = vector
    self.start = start
    self.count = count
    self.rows = rows
  }
}
