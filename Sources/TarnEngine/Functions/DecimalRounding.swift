// DecimalRounding: round, floor, ceil and trunc of a DECIMAL stay exact, with DuckDB's result types.
// Going through DOUBLE would turn round(1.005, 2) into 1.0.
import TarnCore

enum DecimalRounding {
  /// `digits` is the constant second argument (nil: round to an integer). The result keeps the value's width:
  /// DECIMAL(p, digits) for 0 <= digits < s, DECIMAL(p, 0) below that (p + 1 when s is already 0, room for the carry),
  /// and the value's own type when nothing is dropped.
  static func choice(_ type: DataType, digits: Int64?, rule: FloatingPointRoundingRule, argumentCount: Int) -> FunctionChoice? {
    guard case .decimal(let precision, let scale) = type else { return nil }
    let arguments: [DataType] = argumentCount == 2 ? [type, .int64] : [type]
    let target = digits ?? 0
    if target >= Int64(scale) { return FunctionChoice(arguments, type) { args, _ in args[0] } }
    let result: DataType = target >= 0
      ? .decimal(precision: precision, scale: Int(target))
      : .decimal(precision: scale == 0 ? min(38, precision + 1) : precision, scale: 0)
    let dropped = Int(Int64(scale) - target)
    let restored = target < 0 ? Int(min(-target, 38)) : 0
    return FunctionChoice(arguments, result) { args, _ in
      let wideInput = type.fixedWidth == 16, wideOutput = result.fixedWidth == 16
      switch (wideInput, wideOutput) {
      case (false, false): return lanes(args[0], result, dropped, restored, rule, Int64.self, Int64.self)
      case (false, true): return lanes(args[0], result, dropped, restored, rule, Int64.self, Int128.self)
      case (true, false): return lanes(args[0], result, dropped, restored, rule, Int128.self, Int64.self)
      case (true, true): return lanes(args[0], result, dropped, restored, rule, Int128.self, Int128.self)
      }
    }
  }

  /// Drops `dropped` digits under `rule`, then appends `restored` zeros (negative digits round left of the point).
  static func lanes<Input: FixedWidthInteger & SignedInteger & BitwiseCopyable, Output: FixedWidthInteger & SignedInteger & BitwiseCopyable>(
    _ v: ColumnVector, _ type: DataType, _ dropped: Int, _ restored: Int, _ rule: FloatingPointRoundingRule,
    _: Input.Type, _: Output.Type
  ) -> ColumnVector {
    // |x| < 10^38 <= 10^dropped / 10: every rule gives 0, except floor/ceil away from zero, which DuckDB only
    // offers without digits (dropped = scale <= 38), so this case is round/trunc alone.
    if dropped > 38 { return Kernels.unary(v, type) { (_: Input) -> Output in 0 } }
    let divisor = power(dropped), multiplier = power(restored)
    switch rule {
    case .down:
      return Kernels.unary(v, type) { (x: Input) -> Output in
        let w = Int128(x), q = w / divisor
        return Output(truncatingIfNeeded: (q - Int128(truncatingIfNeeded: (w - q * divisor) >> 127 & 1)) * multiplier)
      }
    case .up:
      return Kernels.unary(v, type) { (x: Input) -> Output in
        let w = Int128(x), q = w / divisor, r = w - q * divisor
        return Output(truncatingIfNeeded: (q + (r > 0 ? 1 : 0)) * multiplier)
      }
    case .towardZero:
      return Kernels.unary(v, type) { (x: Input) -> Output in Output(truncatingIfNeeded: (Int128(x) / divisor) * multiplier) }
    default:
      let half = divisor / 2, halfIsExact = divisor % 2 == 0
      return Kernels.unary(v, type) { (x: Input) -> Output in
        let w = Int128(x), q = w / divisor, r = w - q * divisor
        let magnitude = r < 0 ? 0 - r : r
        let away = halfIsExact ? magnitude >= half : magnitude > half
        let step: Int128 = away ? (w < 0 ? -1 : 1) : 0
        return Output(truncatingIfNeeded: (q + step) * multiplier)
      }
    }
  }

  static func power(_ exponent: Int) -> Int128 {
    var p: Int128 = 1
    for _ in 0..<exponent { p &*= 10 }
    return p
  }
}
