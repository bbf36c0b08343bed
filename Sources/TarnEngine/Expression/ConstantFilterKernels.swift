// ConstantFilterKernels: `column op constant` and `column [NOT] IN (constants)` narrowed straight into a byte mask.
import TarnCore

/// Filters of one column against constants, ANDed into a byte mask (`passing[i]` is 0 or 1) without building
/// the constant's broadcast vector or a BOOLEAN result: one pass over the column's values per comparison.
///
/// A NULL row, or a NULL constant, never passes (the comparison is NULL). A dictionary-encoded column is compared
/// once per dictionary entry and its codes pick the results.
enum ConstantFilter {
  /// Narrows `passing` by `conjunct` when it is `column op constant` or `column [NOT] IN (constants)`; false (and
  /// `passing` untouched) for any other shape.
  static func narrow(_ passing: UnsafeMutablePointer<UInt8>, by conjunct: BoundExpression, _ chunk: Chunk) throws(EngineError)
    -> Bool
  {
    switch conjunct.kind {
    case .comparison(let op, let l, let r):
      if case .column(let b, _) = l.kind, case .constant(let c) = r.kind {
        try narrow(passing, chunk.columns[b.column], op, c)
        return true
      }
      if case .constant(let c) = l.kind, case .column(let b, _) = r.kind {
        try narrow(passing, chunk.columns[b.column], op.flipped, c)
        return true
      }
      return false
    case .inList(let e, let list, let negated):
      guard case .column(let b, _) = e.kind else { return false }
      var constants: [ColumnVector] = []
      for item in list {
        guard case .constant(let c) = item.kind else { return false }
        constants.append(c)
      }
      try narrow(passing, chunk.columns[b.column], in: constants, negated: negated)
      return true
    default:
      return false
    }
  }

  /// Clears `passing[i]` unless `column[i] op constant` is TRUE; `constant` is one row of `column`'s type.
  static func narrow(
    _ passing: UnsafeMutablePointer<UInt8>, _ column: ColumnVector, _ op: ComparisonOperator, _ constant: ColumnVector
  ) throws(EngineError) {
    let n = column.count
    if constant.isNull(0) {
      passing.update(repeating: 0, count: n)
      return
    }
    if let dictionary = column.dictionary, dictionary.count < n {
      let entries = try CompareKernels.compare(
        op, VectorFactory.flatten(dictionary), VectorFactory.broadcast(constant, count: dictionary.count))
      Selection.narrow(passing, codes: column, entryMask: entries)
      return
    }
    if column.dictionary == nil, column.type == constant.type, narrowFixedWidth(passing, column, op, constant) {
      narrowValid(passing, column)
      return
    }
    let mask = try CompareKernels.compare(op, column, VectorFactory.broadcast(constant, count: n))
    Selection.narrow(passing, by: mask)
  }

  /// Clears `passing[i]` unless `column[i] IN (constants)` (or, `negated`, `NOT IN`) is TRUE. A NULL constant never
  /// matches, and makes every `NOT IN` that finds no match NULL, so then no row passes.
  static func narrow(
    _ passing: UnsafeMutablePointer<UInt8>, _ column: ColumnVector, in constants: [ColumnVector], negated: Bool = false
  ) throws(EngineError) {
    let n = column.count
    let values = constants.filter { !$0.isNull(0) }
    if negated && values.count < constants.count {
      passing.update(repeating: 0, count: n)
      return
    }
    let flip: UInt8 = negated ? 1 : 0
    if let dictionary = column.dictionary, dictionary.count < n {
      let flat = VectorFactory.flatten(dictionary)
      var any = [UInt8](repeating: 0, count: dictionary.count)
      for c in values {
        let equal = try CompareKernels.compare(.equal, flat, VectorFactory.broadcast(c, count: dictionary.count))
        any.withUnsafeMutableBufferPointer { orTrue($0.baseAddress!, equal) }
      }
      for e in any.indices { any[e] ^= flip }
      let entries = ColumnVector(type: .boolean, count: any.count, values: ByteBuffer(copying: any), validity: nil)
      Selection.narrow(passing, codes: column, entryMask: entries)
      return
    }
    var any = [UInt8](repeating: 0, count: n)
    for c in values {
      let equal = try CompareKernels.compare(.equal, column, VectorFactory.broadcast(c, count: n))
      any.withUnsafeMutableBufferPointer { orTrue($0.baseAddress!, equal) }
    }
    any.withUnsafeBufferPointer { a in
      for i in 0..<n { passing[i] &= a[i] ^ flip }
    }
    narrowValid(passing, column)
  }

  /// Sets `any[i]` where `mask` is TRUE, branch-free.
  private static func orTrue(_ any: UnsafeMutablePointer<UInt8>, _ mask: ColumnVector) {
    let v = mask.flattened
    let bits = v.values.pointer(UInt8.self)
    if let validity = v.validity {
      let words = validity.words
      for i in 0..<v.count { any[i] |= bits[i] & UInt8(truncatingIfNeeded: words[i >> 6] >> UInt64(i & 63)) & 1 }
    } else {
      for i in 0..<v.count { any[i] |= bits[i] & 1 }
    }
  }

  /// Clears `passing[i]` where `column` is NULL.
  private static func narrowValid(_ passing: UnsafeMutablePointer<UInt8>, _ column: ColumnVector) {
    guard let validity = column.validity else { return }
    let words = validity.words
    for i in 0..<column.count { passing[i] &= UInt8(truncatingIfNeeded: words[i >> 6] >> UInt64(i & 63)) & 1 }
  }

  /// The value comparison for flat fixed-width columns (NULLs not yet cleared); false for other types.
  private static func narrowFixedWidth(
    _ p: UnsafeMutablePointer<UInt8>, _ column: ColumnVector, _ op: ComparisonOperator, _ constant: ColumnVector
  ) -> Bool {
    var body = FixedWidthNarrow(passing: p, column: column, op: op, constant: constant)
    return CompareKernels.withOrderedFixedWidth(column.type, &body)
  }

  private struct FixedWidthNarrow: OrderedFixedWidthBody {
    let passing: UnsafeMutablePointer<UInt8>
    let column: ColumnVector
    let op: ComparisonOperator
    let constant: ColumnVector
    func run<T: Comparable & BitwiseCopyable>(_: T.Type) { ConstantFilter.fixed(passing, column, op, constant, T.self) }
  }

  /// One loop per operator, each a vectorized compare against a register (the same ordering as `CompareKernels`).
  @inline(__always)
  fileprivate static func fixed<T: Comparable & BitwiseCopyable>(
    _ p: UnsafeMutablePointer<UInt8>, _ column: ColumnVector, _ op: ComparisonOperator, _ constant: ColumnVector, _: T.Type
  ) {
    let x = column.values.pointer(T.self)
    let c = constant.value(at: 0, as: T.self)
    let n = column.count
    switch op {
    case .equal: for i in 0..<n { p[i] &= Kernels.bit(x[i] == c) }
    case .notEqual: for i in 0..<n { p[i] &= Kernels.bit(x[i] != c) }
    case .less: for i in 0..<n { p[i] &= Kernels.bit(x[i] < c) }
    case .lessOrEqual: for i in 0..<n { p[i] &= Kernels.bit(x[i] <= c) }
    case .greater: for i in 0..<n { p[i] &= Kernels.bit(x[i] > c) }
    case .greaterOrEqual: for i in 0..<n { p[i] &= Kernels.bit(x[i] >= c) }
    }
  }
}
