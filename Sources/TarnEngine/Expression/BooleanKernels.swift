// BooleanKernels: three-valued AND, OR, NOT and IS [NOT] NULL over BOOLEAN vectors.
import TarnCore

enum BooleanKernels {
  /// Kleene AND: FALSE wins over NULL. Works word by word on values and validity.
  static func and(_ l: ColumnVector, _ r: ColumnVector) -> ColumnVector { combine(l.flattened, r.flattened, isAnd: true) }
  static func or(_ l: ColumnVector, _ r: ColumnVector) -> ColumnVector { combine(l.flattened, r.flattened, isAnd: false) }

  private static func combine(_ a: ColumnVector, _ b: ColumnVector, isAnd: Bool) -> ColumnVector {
    let n = a.count
    let out = ByteBuffer(capacity: max(n, 1))
    out.count = n
    let x = a.values.pointer(UInt8.self), y = b.values.pointer(UInt8.self), d = out.pointer(UInt8.self)
    if a.validity == nil && b.validity == nil {
      if isAnd { for i in 0..<n { d[i] = x[i] & y[i] } } else { for i in 0..<n { d[i] = x[i] | y[i] } }
      return ColumnVector(type: .boolean, count: n, values: out)
    }
    let validity = ValidityBitmap(allValid: n)
    var nulls = 0
    for i in 0..<n {
      let av = !a.isNull(i), bv = !b.isNull(i)
      let xv = x[i] == 1, yv = y[i] == 1
      var value: Bool
      var valid: Bool
      if isAnd {
        if (av && !xv) || (bv && !yv) { value = false; valid = true } else if av && bv { value = true; valid = true } else {
          value = false
          valid = false
        }
      } else {
        if (av && xv) || (bv && yv) { value = true; valid = true } else if av && bv { value = false; valid = true } else {
          value = false
          valid = false
        }
      }
      d[i] = Kernels.bit(value)
      if !valid { validity.clear(i); nulls += 1 }
    }
    return ColumnVector(type: .boolean, count: n, values: out, validity: nulls == 0 ? nil : validity)
  }

  static func not(_ v: ColumnVector) -> ColumnVector {
    Kernels.unary(v, .boolean) { (x: UInt8) in x ^ 1 }
  }

  static func isNull(_ v: ColumnVector, negated: Bool) -> ColumnVector {
    let n = v.count
    let out = ByteBuffer(capacity: max(n, 1))
    out.count = n
    let d = out.pointer(UInt8.self)
    let flip: UInt8 = negated ? 1 : 0
    if v.type == .null {
      for i in 0..<n { d[i] = 1 ^ flip }
    } else if let validity = v.validity {
      let w = validity.words
      for i in 0..<n { d[i] = (UInt8(truncatingIfNeeded: w[i >> 6] >> UInt64(i & 63)) & 1) ^ 1 ^ flip }
    } else {
      for i in 0..<n { d[i] = flip }
    }
    return ColumnVector(type: .boolean, count: n, values: out)
  }
}
