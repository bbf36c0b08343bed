// DecimalArithmetic: exact + - * and unary minus on DECIMAL lanes (Int64 up to 18 digits, Int128 up to 38).
import TarnCore

enum DecimalArithmetic {
  /// Binds `op` on operands already cast to `types.left`/`types.right`; the result has `types.result`.
  /// Only a width capped at 38 can overflow: the kernel flags any result with more than 38 digits.
  static func choice(
    _ types: (left: DataType, right: DataType, result: DataType), _ name: String, _ op: ArithmeticFunctions.Operation
  ) -> FunctionChoice {
    FunctionChoice([types.left, types.right], types.result) { args, _ throws(EngineError) in
      guard case .decimal(let p, _) = types.result else { throw .bug("decimal kernel for \(types.result.sqlName)") }
      if p <= 18 { return try lanes(op, name, args[0], args[1], Int64.self, types.result, precision: p) }
      return try lanes(op, name, args[0], args[1], Int128.self, types.result, precision: p)
    }
  }

  /// `x % y` on operands at one DECIMAL type: exact, with the dividend's sign (as DuckDB); a zero divisor is an error.
  static func remainder(_ t: DataType) -> FunctionChoice {
    FunctionChoice([t, t], t) { args, _ throws(EngineError) in
      try ArithmeticFunctions.rejectZeroDivisor(args[0], args[1], "%")
      // Null rows may hold a zero divisor: the select keeps the kernel from trapping on them.
      if t.fixedWidth == 16 { return Kernels.binary(args[0], args[1], t) { (x: Int128, y: Int128) in y == 0 ? 0 : x % y } }
      return Kernels.binary(args[0], args[1], t) { (x: Int64, y: Int64) in y == 0 ? 0 : x % y }
    }
  }

  /// `-x` keeps x's DECIMAL type; DECIMAL ranges are symmetric, so negation never overflows.
  static func negation(_ t: DataType) -> FunctionChoice {
    FunctionChoice([t], t) { args, _ in
      if t.fixedWidth == 16 { return Kernels.unary(args[0], t) { (x: Int128) in 0 &- x } }
      return Kernels.unary(args[0], t) { (x: Int64) in 0 &- x }
    }
  }

  /// `abs(x)` keeps x's DECIMAL type, as DuckDB; like negation it never overflows. Branch-free:
  /// `m` is all ones for a negative x, and `(x ^ m) - m` is then -x.
  static func absolute(_ t: DataType) -> FunctionChoice {
    FunctionChoice([t], t) { args, _ in
      if t.fixedWidth == 16 { return Kernels.unary(args[0], t) { (x: Int128) in let m = x >> 127; return (x ^ m) &- m } }
      return Kernels.unary(args[0], t) { (x: Int64) in let m = x >> 63; return (x ^ m) &- m }
    }
  }

  /// One typed loop per batch; overflow (of the lane or past `precision` digits) is OR-ed into a flag
  /// branch-free, and the offending row is looked up only when the flag is set.
  static func lanes<T: FixedWidthInteger & SignedInteger & BitwiseCopyable>(
    _ op: ArithmeticFunctions.Operation, _ name: String, _ a: ColumnVector, _ b: ColumnVector, _: T.Type,
    _ type: DataType, precision: Int
  ) throws(EngineError) -> ColumnVector {
    var limit: T = 1
    for _ in 0..<precision { limit &*= 10 }
    var overflowed: UInt8 = 0
    // `op` is the same for every row: the switch inside `apply` is hoisted out of the loop.
    let out = Kernels.binary(a, b, type) { (x: T, y: T) -> T in
      let (r, o) = apply(op, x, y)
      overflowed |= unsafeBitCast(o, to: UInt8.self) | unsafeBitCast(r >= limit, to: UInt8.self)
        | unsafeBitCast(r <= 0 &- limit, to: UInt8.self)
      return r
    }
    if overflowed != 0 { throw overflowError(op, name, a, b, T.self, precision: precision, limit: limit) }
    return out
  }

  /// One lane of `op` with the lane's overflow flag (only + - * reach here).
  @inline(__always)
  static func apply<T: FixedWidthInteger>(_ op: ArithmeticFunctions.Operation, _ x: T, _ y: T) -> (partialValue: T, overflow: Bool) {
    switch op {
    case .add: x.addingReportingOverflow(y)
    case .subtract: x.subtractingReportingOverflow(y)
    default: x.multipliedReportingOverflow(by: y)
    }
  }

  @inline(never)
  static func overflowError<T: FixedWidthInteger & SignedInteger & BitwiseCopyable>(
    _ op: ArithmeticFunctions.Operation, _ name: String, _ a: ColumnVector, _ b: ColumnVector, _: T.Type,
    precision: Int, limit: T
  ) -> EngineError {
    let x = a.values.pointer(T.self), y = b.values.pointer(T.self)
    let symbol = op == .add ? "+" : (op == .subtract ? "-" : "*")
    for i in 0..<a.count where !a.isNull(i) && !b.isNull(i) {
      let (r, o) = apply(op, x[i], y[i])
      if o || r >= limit || r <= 0 &- limit {
        let hint = op == .multiply ? ". You might want to add an explicit cast to a decimal with a smaller scale." : ""
        return EngineError(.outOfRange(
          "Overflow in \(name) of DECIMAL(\(precision)) (\(ConstantText.text(a, i)) \(symbol) \(ConstantText.text(b, i)))\(hint)"))
      }
    }
    return .bug("decimal overflow flagged but no row overflows")
  }
}
