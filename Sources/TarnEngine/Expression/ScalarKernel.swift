// ScalarKernel: a scalar function's batch entry point, chosen at bind time for concrete argument types.
import TarnCore

/// Computes one function over whole vectors: called once per batch, never per row.
///
/// Arguments arrive flat (no dictionary) and as long as `count`, constants broadcast. A kernel
/// is a class so it can keep per-query state (a compiled regex, a cached dictionary result).
protocol ScalarKernel: AnyObject {
  func evaluate(_ arguments: [ColumnVector], count: Int) throws(EngineError) -> ColumnVector
}

/// A kernel from a closure; the closure runs once per batch.
final class ClosureKernel: ScalarKernel {
  let body: ([ColumnVector], Int) throws(EngineError) -> ColumnVector
  init(_ body: @escaping ([ColumnVector], Int) throws(EngineError) -> ColumnVector) { self.body = body }
  func evaluate(_ arguments: [ColumnVector], count: Int) throws(EngineError) -> ColumnVector {
    try body(arguments, count)
  }
}

/// Typed loops shared by the function families: validity is merged once, the per-row body is inlined.
enum Kernels {
  /// The AND of the arguments' validity (nil when none has NULLs).
  static func validity(_ vectors: [ColumnVector], count: Int) -> ValidityBitmap? {
    var result: ValidityBitmap? = nil
    for v in vectors where v.validity != nil {
      result = VectorFactory.mergeValidity(result, v.validity, count: count)
    }
    return result
  }

  @inline(__always)
  static func unary<T: BitwiseCopyable, R: BitwiseCopyable>(
    _ v: ColumnVector, _ type: DataType, _ f: (T) -> R
  ) -> ColumnVector {
    let n = v.count
    let out = ByteBuffer(capacity: max(n, 1) * MemoryLayout<R>.stride)
    out.count = n * MemoryLayout<R>.stride
    let s = v.values.pointer(T.self), d = out.pointer(R.self)
    for i in 0..<n { d[i] = f(s[i]) }
    return ColumnVector(type: type, count: n, values: out, validity: v.validity)
  }

  @inline(__always)
  static func binary<T: BitwiseCopyable, U: BitwiseCopyable, R: BitwiseCopyable>(
    _ a: ColumnVector, _ b: ColumnVector, _ type: DataType, _ f: (T, U) -> R
  ) -> ColumnVector {
    let n = a.count
    let out = ByteBuffer(capacity: max(n, 1) * MemoryLayout<R>.stride)
    out.count = n * MemoryLayout<R>.stride
    let x = a.values.pointer(T.self), y = b.values.pointer(U.self), d = out.pointer(R.self)
    for i in 0..<n { d[i] = f(x[i], y[i]) }
    return ColumnVector(type: type, count: n, values: out, validity: VectorFactory.mergeValidity(a.validity, b.validity, count: n))
  }

  /// Row-wise over any arguments, for functions whose per-row work dwarfs dispatch (date formatting,
  /// parsing): `f` writes row `i` into the builder or returns false for NULL.
  static func rows(
    _ args: [ColumnVector], count: Int, type: DataType,
    _ f: (Int, inout VectorBuilder) throws(EngineError) -> Bool
  ) throws(EngineError) -> ColumnVector {
    var builder = VectorBuilder(type: type, capacity: count)
    for i in 0..<count {
      var isNull = false
      for a in args where a.isNull(i) { isNull = true; break }
      if isNull { builder.appendNull(); continue }
      let before = builder.count
      if !(try f(i, &builder)) { builder.appendNull() } else if builder.count != before + 1 {
        throw .bug("kernel wrote \(builder.count - before) values for one row")
      }
    }
    return builder.finish()
  }
}

/// Appends strings into offsets + bytes buffers without per-row allocation.
struct StringColumnWriter {
  let offsets: ByteBuffer
  let bytes: ByteBuffer
  var count = 0

  init(capacity: Int, bytes: Int) {
    offsets = ByteBuffer(capacity: (capacity + 1) * 8)
    offsets.append(Int64(0))
    self.bytes = ByteBuffer(capacity: max(bytes, 16))
  }

  @inline(__always) mutating func append(_ b: UnsafeRawBufferPointer) {
    bytes.append(b)
    offsets.append(Int64(bytes.count))
    count &+= 1
  }

  @inline(__always) mutating func append(_ s: String) {
    var copy = s
    copy.withUTF8 { bytes.append(UnsafeRawBufferPointer($0)) }
    offsets.append(Int64(bytes.count))
    count &+= 1
  }

  @inline(__always) mutating func append(byte: UInt8) { bytes.append(byte) }
  /// Ends a row whose bytes were appended piecewise.
  @inline(__always) mutating func closeRow() {
    offsets.append(Int64(bytes.count))
    count &+= 1
  }

  func finish(type: DataType = .string, validity: ValidityBitmap?) -> ColumnVector {
    ColumnVector(type: type, count: count, values: bytes, offsets: offsets, validity: validity)
  }
}

extension Kernels {
  /// String → string, row by row over the bytes; NULL rows produce empty strings under the NULL.
  @inline(__always)
  static func mapStrings(
    _ v: ColumnVector, validity: ValidityBitmap? = nil, _ f: (UnsafeRawBufferPointer, inout StringColumnWriter) -> Void
  ) -> ColumnVector {
    var w = StringColumnWriter(capacity: v.count, bytes: v.values.count)
    let o = v.offsets!.pointer(Int64.self)
    let base = v.values.base
    for i in 0..<v.count {
      let start = Int(o[i]), end = Int(o[i &+ 1])
      f(UnsafeRawBufferPointer(start: base + start, count: end &- start), &w)
    }
    return w.finish(validity: validity ?? v.validity)
  }

  /// String → fixed-width value.
  @inline(__always)
  static func stringsTo<R: BitwiseCopyable>(_ v: ColumnVector, _ type: DataType, _ f: (UnsafeRawBufferPointer) -> R) -> ColumnVector {
    let n = v.count
    let out = ByteBuffer(capacity: max(n, 1) * MemoryLayout<R>.stride)
    out.count = n * MemoryLayout<R>.stride
    let d = out.pointer(R.self)
    let o = v.offsets!.pointer(Int64.self)
    let base = v.values.base
    for i in 0..<n {
      let start = Int(o[i]), end = Int(o[i &+ 1])
      d[i] = f(UnsafeRawBufferPointer(start: base + start, count: end &- start))
    }
    return ColumnVector(type: type, count: n, values: out, validity: v.validity)
  }

  @inline(__always) static func bit(_ b: Bool) -> UInt8 { unsafeBitCast(b, to: UInt8.self) }
}

extension ColumnVector {
  /// The string bytes of row `i` of a flat string vector.
  @inline(__always) func stringBytes(_ i: Int) -> UnsafeRawBufferPointer {
    let o = offsets!.pointer(Int64.self)
    let start = Int(o[i])
    return UnsafeRawBufferPointer(start: values.base + start, count: Int(o[i &+ 1]) &- start)
  }
}
