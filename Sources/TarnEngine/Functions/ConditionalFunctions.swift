// Conditional functions: NULLIF, GREATEST, LEAST and IFNULL (COALESCE and CASE are expression nodes).
import TarnCore

enum ConditionalFunctions {
  static func register(_ t: inout [String: FunctionBinder]) {
    t["nullif"] = binder { a throws(EngineError) in
      guard a.count == 2, let type = TypeRules.commonType(a.types[0], a.types[1], bIsLiteral: a.constants[1] != nil) else { return nil }
      return FunctionChoice([type, type], type) { args, n throws(EngineError) in
        let eq = try CompareKernels.compare(.equal, args[0], args[1])
        var out = args[0]
        let validity = out.validity.map { ValidityBitmap(copying: $0) } ?? ValidityBitmap(allValid: n)
        let e = eq.values.pointer(UInt8.self)
        for i in 0..<n where e[i] == 1 && !eq.isNull(i) { validity.clear(i) }
        out.validity = validity
        return out
      }
    }
    for (name, wantGreater) in [("greatest", true), ("least", false)] {
      t[name] = binder { a in
        guard a.count >= 1 else { return nil }
        var type = a.types[0]
        for (i, other) in a.types.enumerated().dropFirst() {
          guard let c = TypeRules.commonType(type, other, bIsLiteral: a.constants[i] != nil) else { return nil }
          type = c
        }
        return FunctionChoice(Array(repeating: type, count: a.count), type) { args, n throws(EngineError) in
          // NULLs are skipped; the result is NULL only when every argument is.
          var best = args[0]
          for other in args.dropFirst() {
            let cmp = try CompareKernels.compare(wantGreater ? .greater : .less, other, best)
            var pick = [UInt32](repeating: 0, count: n)
            let c = cmp.values.pointer(UInt8.self)
            for i in 0..<n {
              let takeOther = (!other.isNull(i) && (best.isNull(i) || c[i] == 1))
              pick[i] = takeOther ? UInt32(i + n) : UInt32(i)
            }
            let both = VectorFactory.concat([best, other], type: type)
            best = pick.withUnsafeBufferPointer { Gather.take(both, $0) }
          }
          return best
        }
      }
    }
  }
}
