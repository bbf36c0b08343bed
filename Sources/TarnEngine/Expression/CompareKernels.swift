// CompareKernels: =, <>, <, <=, >, >= over two vectors of one type into a BOOLEAN vector, branch-free per type.
import TarnCore

/// Work on the values of a fixed-width column, given the Swift type that holds them (`withOrderedFixedWidth`).
protocol OrderedFixedWidthBody {
  mutating func run<T: Comparable & BitwiseCopyable>(_: T.Type)
}

enum CompareKernels {
  /// `l op r` row by row; NULL where either side is NULL. Both sides have the same type.
  static func compare(_ op: ComparisonOperator, _ l: ColumnVector, _ r: ColumnVector) throws(EngineError) -> ColumnVector {
    // A string column against a constant: compare once per dictionary entry.
    if let d = l.dictionary, let rd = r.dictionary, rd.count == 1, d.count < l.count {
      let perEntry = try compare(op, VectorFactory.flatten(d), VectorFactory.broadcast(rd, count: d.count).flattened)
      return ExpressionEvaluator.remap(perEntry, through: l).withValidity(merging: r.validity)
    }
    if let d = r.dictionary, let ld = l.dictionary, ld.count == 1, d.count < r.count {
      let perEntry = try compare(op.flipped, VectorFactory.flatten(d), VectorFactory.broadcast(ld, count: d.count).flattened)
      return ExpressionEvaluator.remap(perEntry, through: r).withValidity(merging: l.validity)
    }
    let a = VectorFactory.flatten(l), b = VectorFactory.flatten(r)
    let n = a.count
    let out = ByteBuffer(capacity: max(n, 1))
    out.count = n
    let d = out.pointer(UInt8.self)
    var fixedWidth = FixedWidthCompare(op: op, a: a, b: b, out: d)
    let isFixedWidth = withOrderedFixedWidth(a.type, &fixedWidth)
    switch a.type {
    case _ where isFixedWidth:
      break
    case .string, .binary, .fixedBinary, .uuid, .interval:
      for i in 0..<n {
        let c = a.type == .interval
          ? ScalarOrdering.compareIntervals(a.bytes(at: i), b.bytes(at: i))
          : ScalarOrdering.compareBytes(a.bytes(at: i), b.bytes(at: i))
        d[i] = Kernels.bit(apply(op, c))
      }
    case .null:
      break
    default:
      // Nested values: equality only, by formatted text (rare; not a hot path).
      for i in 0..<n {
        var x: [UInt8] = [], y: [UInt8] = []
        ConstantText.appendValue(a, i, &x)
        ConstantText.appendValue(b, i, &y)
        guard op == .equal || op == .notEqual else {
          throw EngineError(.unsupported("ordering comparison of \(a.type.sqlName) values"))
        }
        d[i] = Kernels.bit((x == y) == (op == .equal))
      }
    }
    var validity = VectorFactory.mergeValidity(a.validity, b.validity, count: n)
    if a.type == .null || b.type == .null { validity = ValidityBitmap(allNull: n) }
    return ColumnVector(type: .boolean, count: n, values: out, validity: validity)
  }

  @inline(__always) static func apply(_ op: ComparisonOperator, _ c: Int) -> Bool {
    switch op {
    case .equal: c == 0
    case .notEqual: c != 0
    case .less: c < 0
    case .lessOrEqual: c <= 0
    case .greater: c > 0
    case .greaterOrEqual: c >= 0
    }
  }

  /// Calls `body` with the Swift type holding `type`'s values, whose `<` orders them as SQL does; false (and no
  /// call) for types that are not fixed width.
  static func withOrderedFixedWidth<Body: OrderedFixedWidthBody>(_ type: DataType, _ body: inout Body) -> Bool {
    switch type {
    case .boolean, .uint8: body.run(UInt8.self)
    case .int8: body.run(Int8.self)
    case .int16: body.run(Int16.self)
    case .uint16: body.run(UInt16.self)
    case .int32, .date: body.run(Int32.self)
    case .uint32: body.run(UInt32.self)
    case .int64, .time, .timestamp: body.run(Int64.self)
    case .uint64: body.run(UInt64.self)
    case .float32: body.run(Float.self)
    case .float64: body.run(Double.self)
    case .decimal(let p, _): if p <= 18 { body.run(Int64.self) } else { body.run(Int128.self) }
    default: return false
    }
    return true
  }

  private struct FixedWidthCompare: OrderedFixedWidthBody {
    let op: ComparisonOperator
    let a: ColumnVector, b: ColumnVector
    let out: UnsafeMutablePointer<UInt8>
    func run<T: Comparable & BitwiseCopyable>(_: T.Type) { CompareKernels.fixed(op, a, b, out, T.self) }
  }

  /// One loop per operator so each compiles to a vectorized compare.
  @inline(__always)
  static func fixed<T: Comparable & BitwiseCopyable>(
    _ op: ComparisonOperator, _ a: ColumnVector, _ b: ColumnVector, _ d: UnsafeMutablePointer<UInt8>, _: T.Type
  ) {
    let x = a.values.pointer(T.self), y = b.values.pointer(T.self)
    let n = a.count
    switch op {
    case .equal: for i in 0..<n { d[i] = Kernels.bit(x[i] == y[i]) }
    case .notEqual: for i in 0..<n { d[i] = Kernels.bit(x[i] != y[i]) }
    case .less: for i in 0..<n { d[i] = Kernels.bit(x[i] < y[i]) }
    case .lessOrEqual: for i in 0..<n { d[i] = Kernels.bit(x[i] <= y[i]) }
    case .greater: for i in 0..<n { d[i] = Kernels.bit(x[i] > y[i]) }
    case .greaterOrEqual: for i in 0..<n { d[i] = Kernels.bit(x[i] >= y[i]) }
    }
  }

  /// `IS [NOT] DISTINCT FROM`: never NULL; two NULLs are not distinct.
  static func isDistinct(_ l: ColumnVector, _ r: ColumnVector, negated: Bool) throws(EngineError) -> ColumnVector {
    let eq = try compare(.equal, l, r)
    let n = eq.count
    let out = ByteBuffer(capacity: max(n, 1))
    out.count = n
    let d = out.pointer(UInt8.self), e = eq.values.pointer(UInt8.self)
    for i in 0..<n {
      let ln = l.isNull(i), rn = r.isNull(i)
      let same = (ln && rn) || (!ln && !rn && e[i] == 1)
      d[i] = Kernels.bit(same == negated)
    }
    return ColumnVector(type: .boolean, count: n, values: out)
  }
}

extension ColumnVector {
  var flattened: ColumnVector { VectorFactory.flatten(self) }

  func withValidity(merging other: ValidityBitmap?) -> ColumnVector {
    var copy = self
    copy.validity = VectorFactory.mergeValidity(validity, other, count: count)
    return copy
  }
}
