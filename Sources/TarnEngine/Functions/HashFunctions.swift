// Hash functions: hash(x) as a UBIGINT per value (XXH3 over the value's bytes), md5-free by design.
import CXXHash
import TarnCore

enum HashFunctions {
  static func register(_ t: inout [String: FunctionBinder]) {
    t["hash"] = binder { a in
      guard a.count >= 1 else { return nil }
      return FunctionChoice(a.types, .uint64) { args, n throws(EngineError) in
        var out = [UInt64](repeating: 0, count: n)
        var scratch: [UInt8] = []
        for v in args {
          // Nested values (lists, structs, maps) hash their text form: their bytes are spread over children.
          let isNested = v.type.isNested
          for i in 0..<n {
            let h: UInt64 = v.isNull(i) ? 0xBF58_476D_1CE4_E5B9 : {
              if isNested {
                scratch.removeAll(keepingCapacity: true)
                ConstantText.appendValue(v, i, &scratch)
                return scratch.withUnsafeBytes { XXH_INLINE_XXH3_64bits($0.baseAddress, $0.count) }
              }
              let b = v.bytes(at: i)
              return XXH_INLINE_XXH3_64bits(b.baseAddress, b.count)
            }()
            out[i] = out[i] == 0 ? h : (out[i] &* 0x9E37_79B9_7F4A_7C15) ^ h
          }
        }
        return ColumnVector(type: .uint64, count: n, values: ByteBuffer(copying: out))
      }
    }
  }
}
