// Math functions: abs, sign, rounding, roots, logarithms, powers and trigonometry over numeric vectors.
import TarnCore
#if canImport(Glibc)
import Glibc
#endif

enum MathFunctions {
  static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }

  static func register(_ t: inout [String: FunctionBinder]) {
    func doubleUnary(_ names: [String], _ f: @escaping (Double) -> Double) {
      for name in names {
        t[name] = binder { a in
          guard a.count == 1, TypeRules.numericLike(a.types[0]) else { return nil }
          return FunctionChoice([.float64], .float64) { args, _ in Kernels.unary(args[0], .float64, f) }
        }
      }
    }
    doubleUnary(["sqrt"]) { Glibc.sqrt($0) }
    doubleUnary(["cbrt"]) { Glibc.cbrt($0) }
    doubleUnary(["ln"]) { Glibc.log($0) }
    doubleUnary(["log10", "log"]) { Glibc.log10($0) }
    doubleUnary(["log2"]) { Glibc.log2($0) }
    doubleUnary(["exp"]) { Glibc.exp($0) }
    doubleUnary(["sin"]) { Glibc.sin($0) }
    doubleUnary(["cos"]) { Glibc.cos($0) }
    doubleUnary(["tan"]) { Glibc.tan($0) }
    doubleUnary(["asin"]) { Glibc.asin($0) }
    doubleUnary(["acos"]) { Glibc.acos($0) }
    doubleUnary(["atan"]) { Glibc.atan($0) }
    doubleUnary(["radians"]) { $0 * .pi / 180 }
    doubleUnary(["degrees"]) { $0 * 180 / .pi }
    t["pi"] = binder { a in
      guard a.count == 0 else { return nil }
      return FunctionChoice([], .float64) { _, n in VectorFactory.broadcast(VectorFactory.doubles([.pi]), count: n) }
    }
    t["abs"] = binder { a in
      guard a.count == 1, a.types[0].isNumeric || a.types[0] == .null else { return nil }
      if a.types[0].isDecimal { return DecimalArithmetic.absolute(a.types[0]) }
      let type = a.types[0] == .null ? DataType.float64 : a.types[0]
      return FunctionChoice([type], type) { args, _ throws(EngineError) in
        let v = args[0]
        switch type {
        case .float64: return Kernels.unary(v, type) { (x: Double) in Swift.abs(x) }
        case .float32: return Kernels.unary(v, type) { (x: Float) in Swift.abs(x) }
        case .int8: return try absInteger(v, Int8.self)
        case .int16: return try absInteger(v, Int16.self)
        case .int32: return try absInteger(v, Int32.self)
        case .int64: return try absInteger(v, Int64.self)
        default: return v
        }
      }
    }
    t["sign"] = binder { a in
      guard a.count == 1, a.types[0].isNumeric else { return nil }
      return FunctionChoice([.float64], .int8) { args, _ in
        Kernels.unary(args[0], .int8) { (x: Double) in Int8(x > 0 ? 1 : (x < 0 ? -1 : 0)) }
      }
    }
    func rounding(_ names: [String], _ rule: FloatingPointRoundingRule) {
      for name in names {
        t[name] = binder { a in
          guard a.count == 1 || (a.count == 2 && a.types[1].isInteger), a.types[0].isNumeric || a.types[0] == .null else { return nil }
          if a.types[0].isDecimal, a.count == 1 || a.constantInteger(1) != nil,
            let exact = DecimalRounding.choice(a.types[0], digits: a.constantInteger(1), rule: rule, argumentCount: a.count)
          {
            return exact
          }
          if a.types[0].isInteger && a.count == 1 { return FunctionChoice([a.types[0]], a.types[0]) { args, _ in args[0] } }
          if a.count == 1 {
            return FunctionChoice([.float64], .float64) { args, _ in Kernels.unary(args[0], .float64) { (x: Double) in x.rounded(rule) } }
          }
          let type: DataType = a.types[0].isInteger ? a.types[0] : .float64
          return FunctionChoice([.float64, .int64], .float64) { args, n throws(EngineError) in
            let r = Kernels.binary(args[0], args[1], .float64) { (x: Double, d: Int64) -> Double in
              let scale = Glibc.pow(10.0, Double(d))
              let v = (x * scale).rounded(rule) / scale
              return v.isFinite ? v : x
            }
            _ = type
            return r
          }
        }
      }
    }
    rounding(["round"], .toNearestOrAwayFromZero)
    rounding(["floor"], .down)
    rounding(["ceil", "ceiling"], .up)
    rounding(["trunc"], .towardZero)
    t["even"] = nil
    t["isnan"] = binder { a in
      guard a.count == 1, a.types[0].isNumeric else { return nil }
      return FunctionChoice([.float64], .boolean) { args, _ in Kernels.unary(args[0], .boolean) { (x: Double) in Kernels.bit(x.isNaN) } }
    }
    t["isinf"] = binder { a in
      guard a.count == 1, a.types[0].isNumeric else { return nil }
      return FunctionChoice([.float64], .boolean) { args, _ in Kernels.unary(args[0], .boolean) { (x: Double) in Kernels.bit(x.isInfinite) } }
    }
    t["random"] = binder { a in
      guard a.count == 0 else { return nil }
      return FunctionChoice([], .float64, isDeterministic: false) { _, n in
        VectorFactory.doubles((0..<n).map { _ in Double.random(in: 0..<1) })
      }
    }
  }

  static func absInteger<T: FixedWidthInteger & SignedInteger & BitwiseCopyable>(_ v: ColumnVector, _: T.Type) throws(EngineError) -> ColumnVector {
    var overflow = false
    let out = Kernels.unary(v, v.type) { (x: T) -> T in
      overflow = overflow || x == T.min
      return x < 0 ? 0 &- x : x
    }
    if overflow {
      for i in 0..<v.count where !v.isNull(i) && v.value(at: i, as: T.self) == T.min {
        throw EngineError(.outOfRange("Overflow on abs(\(T.min))"))
      }
    }
    return out
  }
}
