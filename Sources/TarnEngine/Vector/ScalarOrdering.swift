// ScalarOrdering: compares single values of the same type, for statistics pruning, sorting and min/max.
import TarnCore

enum ScalarOrdering {
  /// `a[i]` vs `b[j]`: negative, zero or positive; nil when either is NULL or the type has no order here.
  static func compare(_ a: ColumnVector, _ i: Int, _ b: ColumnVector, _ j: Int) -> Int? {
    if a.isNull(i) || b.isNull(j) { return nil }
    if let d = a.dictionary { return compare(d, a.dictionaryIndex(at: i), b, j) }
    if let d = b.dictionary { return compare(a, i, d, b.dictionaryIndex(at: j)) }
    func cmp<T: Comparable & BitwiseCopyable>(_: T.Type) -> Int {
      let x = a.value(at: i, as: T.self), y = b.value(at: j, as: T.self)
      return x < y ? -1 : (x == y ? 0 : 1)
    }
    switch a.type {
    case .boolean, .uint8: return cmp(UInt8.self)
    case .int8: return cmp(Int8.self)
    case .int16: return cmp(Int16.self)
    case .uint16: return cmp(UInt16.self)
    case .int32, .date: return cmp(Int32.self)
    case .uint32: return cmp(UInt32.self)
    case .int64, .time, .timestamp: return cmp(Int64.self)
    case .uint64: return cmp(UInt64.self)
    case .float32: return compareFloat(Double(a.value(at: i, as: Float.self)), Double(b.value(at: j, as: Float.self)))
    case .float64: return compareFloat(a.value(at: i, as: Double.self), b.value(at: j, as: Double.self))
    case .decimal(let p, _): return p <= 18 ? cmp(Int64.self) : cmp(Int128.self)
    case .interval: return compareIntervals(a.bytes(at: i), b.bytes(at: j))
    case .string, .binary, .fixedBinary, .uuid: return compareBytes(a.bytes(at: i), b.bytes(at: j))
    default: return nil
    }
  }

  /// Total order on doubles as DuckDB sorts them: NaN after everything, -0 == 0.
  @inline(__always) static func compareFloat(_ x: Double, _ y: Double) -> Int {
    if x < y { return -1 }
    if x > y { return 1 }
    if x == y { return 0 }
    return x.isNaN ? (y.isNaN ? 0 : 1) : -1
  }

  @inline(__always) static func compareBytes(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Int {
    let n = min(x.count, y.count)
    if n > 0 {
      let c = memcmpBytes(x.baseAddress!, y.baseAddress!, n)
      if c != 0 { return c }
    }
    return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
  }

  @inline(__always) static func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Int {
    let p = a.assumingMemoryBound(to: UInt8.self), q = b.assumingMemoryBound(to: UInt8.self)
    var k = 0
    while k < n {
      if p[k] != q[k] { return p[k] < q[k] ? -1 : 1 }
      k &+= 1
    }
    return 0
  }

  /// Intervals compare by total microseconds with months as 30 days (DuckDB's normalization).
  static func compareIntervals(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Int {
    func total(_ b: UnsafeRawBufferPointer) -> Int128 {
      let months = Int128(b.loadUnaligned(fromByteOffset: 0, as: Int32.self))
      let days = Int128(b.loadUnaligned(fromByteOffset: 4, as: Int32.self))
      let micros = Int128(b.loadUnaligned(fromByteOffset: 8, as: Int64.self))
      return (months * 30 + days) * 86_400_000_000 + micros
    }
    let a = total(x), b = total(y)
    return a < b ? -1 : (a == b ? 0 : 1)
  }
}
