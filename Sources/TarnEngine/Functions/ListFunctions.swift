// List functions: list_contains / list_has / array_contains, array_length / list_length (len is in StringFunctions).
import TarnCore

enum ListFunctions {
  static func register(_ t: inout [String: FunctionBinder]) {
    for name in ["list_contains", "list_has", "array_contains", "array_has"] {
      t[name] = binder { a in
        guard a.count == 2, case .list(let element) = a.types[0] else { return nil }
        return FunctionChoice([a.types[0], element.type], .boolean) { args, n in contains(args[0], args[1], count: n) }
      }
    }
    for name in ["array_length", "list_length"] {
      t[name] = binder { a in
        guard a.count == 1, case .list = a.types[0] else { return nil }
        return FunctionChoice([a.types[0]], .int64) { args, n throws(EngineError) in
          let v = VectorFactory.flatten(args[0])
          return try Kernels.rows([v], count: n, type: .int64) { i, b throws(EngineError) in b.append(Int64(v.range(at: i).count)); return true }
        }
      }
    }
  }

  /// Whether each list holds the row's value (NULL elements never match; a NULL list or value gives NULL).
  static func contains(_ list: ColumnVector, _ value: ColumnVector, count n: Int) -> ColumnVector {
    let l = VectorFactory.flatten(list), x = VectorFactory.flatten(value)
    let elements = VectorFactory.flatten(l.children[0])
    var found = [Bool](repeating: false, count: n)
    for i in 0..<n where !l.isNull(i) && !x.isNull(i) {
      for e in l.range(at: i) where !elements.isNull(e) && ScalarOrdering.compare(elements, e, x, i) == 0 {
        found[i] = true
        break
      }
    }
    var out = VectorFactory.booleans(found)
    out.validity = VectorFactory.mergeValidity(l.validity, x.validity, count: n)
    return out
  }
}
