// RowComparator: compares two rows of one column, chosen once per column type, with direction and NULL placement.
import TarnCore

enum RowComparator {
  /// A comparison of rows `a` and `b` of `v` (flat): negative when `a` sorts first.
  static func make(_ input: ColumnVector, descending: Bool, nullsFirst: Bool) -> (Int, Int) -> Int {
    let v = VectorFactory.flatten(input)
    let sign = descending ? -1 : 1
    let nullSide = nullsFirst ? -1 : 1
    func typed<T: Comparable & BitwiseCopyable>(_: T.Type) -> (Int, Int) -> Int {
      let p = v.values.pointer(T.self)
      if let validity = v.validity {
        return { a, b in
          let an = !validity.isValid(a), bn = !validity.isValid(b)
          if an || bn { return an && bn ? 0 : (an ? nullSide : -nullSide) }
          return p[a] < p[b] ? -sign : (p[a] == p[b] ? 0 : sign)
        }
      }
      return { a, b in p[a] < p[b] ? -sign : (p[a] == p[b] ? 0 : sign) }
    }
    switch v.type {
    case .boolean, .uint8: return typed(UInt8.self)
    case .int8: return typed(Int8.self)
    case .int16: return typed(Int16.self)
    case .uint16: return typed(UInt16.self)
    case .int32, .date: return typed(Int32.self)
    case .uint32: return typed(UInt32.self)
    case .int64, .time, .timestamp: return typed(Int64.self)
    case .uint64: return typed(UInt64.self)
    case .decimal(let p, _): return p <= 18 ? typed(Int64.self) : typed(Int128.self)
    default:
      return { a, b in
        let an = v.isNull(a), bn = v.isNull(b)
        if an || bn { return an && bn ? 0 : (an ? nullSide : -nullSide) }
        return sign * (ScalarOrdering.compare(v, a, v, b) ?? 0)
      }
    }
  }
}
