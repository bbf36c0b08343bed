// Tarn values → Parquet physical values: widening small ints, scaling seconds, decimals to big-endian, intervals to 12 bytes.
import TarnCore

/// Which rows of a vector to take, in order: a contiguous run, or an explicit list.
struct RowSelection {
  var start: Int
  var count: Int
  /// Explicit rows; nil means `start ..< start + count`.
  var rows: UnsafePointer<Int32>?

  @inline(__always) func row(_ i: Int) -> Int {
    if let rows { return Int(rows[i]) }
    return start &+ i
  }
}

/// Writes the rows of `vector` (not null, in order) whose validity bit is set, from `range`, into `out` as Int32.
/// Returns how many. Branch-free: every row is written, the cursor moves only past valid ones.
func compactValidRows(_ validity: ValidityBitmap, _ range: Range<Int>, into out: UnsafeMutablePointer<Int32>) -> Int {
  let words = validity.words
  var n = 0
  for row in range {
    out[n] = Int32(truncatingIfNeeded: row)
    n &+= Int(truncatingIfNeeded: (words[row &>> 6] &>> UInt64(row & 63)) & 1)
  }
  return n
}

/// Appends the physical form of `selection`'s rows of `vector` (plain, not dictionary-encoded) to `out`.
/// - Precondition: `vector.type` is `leaf.valueType` and every selected row is non-null.
func appendPhysical(_ vector: ColumnVector, _ selection: RowSelection, leaf: WriteLeaf, into out: inout DenseValues) {
  let n = selection.count
  guard n > 0 else { return }
  let src = UnsafeRawPointer(vector.values.base)
  let buffer = out.values
  switch vector.type {
  case .null: return
  case .boolean: convert(src, selection, buffer) { (v: UInt8) in min(v, 1) }
  case .int8: convert(src, selection, buffer) { (v: Int8) in Int32(v) }
  case .uint8: convert(src, selection, buffer) { (v: UInt8) in Int32(v) }
  case .int16: convert(src, selection, buffer) { (v: Int16) in Int32(v) }
  case .uint16: convert(src, selection, buffer) { (v: UInt16) in Int32(v) }
  case .int32, .uint32, .date, .float32: convert(src, selection, buffer) { (v: UInt32) in v }
  case .int64, .uint64, .float64: convert(src, selection, buffer) { (v: UInt64) in v }
  case .time(let unit):
    switch unit {
    case .second: convert(src, selection, buffer) { (v: Int64) in Int32(truncatingIfNeeded: v &* 1000) }
    case .millisecond: convert(src, selection, buffer) { (v: Int64) in Int32(truncatingIfNeeded: v) }
    case .microsecond, .nanosecond: convert(src, selection, buffer) { (v: UInt64) in v }
    }
  case .timestamp(let unit, _):
    if unit == .second {
      convert(src, selection, buffer) { (v: Int64) in v &* 1000 }
    } else {
      convert(src, selection, buffer) { (v: UInt64) in v }
    }
  case .decimal(let precision, _):
    if precision <= 9 {
      convert(src, selection, buffer) { (v: Int64) in Int32(truncatingIfNeeded: v) }
    } else if precision <= 18 {
      convert(src, selection, buffer) { (v: UInt64) in v }
    } else {
      appendBigEndianDecimals(src, selection, width: leaf.typeLength, into: buffer)
    }
  case .interval:
    buffer.reserve(additional: n &* 12)
    let dst = buffer.base + buffer.count
    for i in 0..<n {
      let from = src + selection.row(i) &* 16
      let months = from.loadUnaligned(as: Int32.self)
      let days = from.loadUnaligned(fromByteOffset: 4, as: Int32.self)
      let micros = from.loadUnaligned(fromByteOffset: 8, as: Int64.self)
      let to = dst + i &* 12
      to.storeBytes(of: UInt32(bitPattern: months).littleEndian, as: UInt32.self)
      to.storeBytes(of: UInt32(bitPattern: days).littleEndian, toByteOffset: 4, as: UInt32.self)
      to.storeBytes(of: UInt32(truncatingIfNeeded: micros / 1000).littleEndian, toByteOffset: 8, as: UInt32.self)
    }
    buffer.count &+= n &* 12
  case .fixedBinary(let width):
    appendFixedBytes(src, selection, width: width, into: buffer)
  case .uuid:
    appendFixedBytes(src, selection, width: 16, into: buffer)
  case .string, .binary:
    appendByteArrays(vector, selection, into: &out)
    return
  case .list, .structure, .map:
    preconditionFailure("nested vector passed as a leaf")
  }
  out.count &+= n
}

@inline(__always)
private func convert<S: BitwiseCopyable, D: BitwiseCopyable>(
  _ src: UnsafeRawPointer, _ selection: RowSelection, _ out: ByteBuffer, _ transform: (S) -> D
) {
  let n = selection.count
  out.reserve(additional: n &* MemoryLayout<D>.stride)
  // Safe: reserve made room for n values past count; count is a multiple of D's stride and base is 64-aligned.
  let d = (out.base + out.count).assumingMemoryBound(to: D.self)
  let s = src.assumingMemoryBound(to: S.self)
  if let rows = selection.rows {
    for i in 0..<n { d[i] = transform(s[Int(rows[i])]) }
  } else {
    let s0 = s + selection.start
    for i in 0..<n { d[i] = transform(s0[i]) }
  }
  out.count &+= n &* MemoryLayout<D>.stride
}

private func appendFixedBytes(_ src: UnsafeRawPointer, _ selection: RowSelection, width: Int, into out: ByteBuffer) {
  let n = selection.count
  out.reserve(additional: n &* width)
  let dst = out.base + out.count
  if selection.rows == nil {
    dst.copyMemory(from: src + selection.start &* width, byteCount: n &* width)
  } else {
    for i in 0..<n { (dst + i &* width).copyMemory(from: src + selection.row(i) &* width, byteCount: width) }
  }
  out.count &+= n &* width
}

/// Int128 decimals → big-endian two's complement of `width` bytes (the low bytes of the value).
private func appendBigEndianDecimals(_ src: UnsafeRawPointer, _ selection: RowSelection, width: Int, into out: ByteBuffer) {
  let n = selection.count
  out.reserve(additional: n &* width)
  let dst = out.base + out.count
  for i in 0..<n {
    let value = src.loadUnaligned(fromByteOffset: selection.row(i) &* 16, as: Int128.self)
    withUnsafeBytes(of: value.bigEndian) { bytes in
      (dst + i &* width).copyMemory(from: bytes.baseAddress! + (16 &- width), byteCount: width)
    }
  }
  out.count &+= n &* width
}

private func appendByteArrays(_ vector: ColumnVector, _ selection: RowSelection, into out: inout DenseValues) {
  let n = selection.count
  let ends = vector.offsets!.pointer(Int64.self)
  let src = UnsafeRawPointer(vector.values.base)
  let offsets = out.offsets!
  offsets.reserve(additional: n &* 8)
  if selection.rows == nil {
    let first = Int(ends[selection.start])
    let last = Int(ends[selection.start &+ n])
    let base = Int64(out.values.count) &- Int64(first)
    out.values.append(UnsafeRawBufferPointer(start: src + first, count: last &- first))
    let dst = (offsets.base + offsets.count).assumingMemoryBound(to: Int64.self)
    for i in 0..<n { dst[i] = ends[selection.start &+ i &+ 1] &+ base }
    offsets.count &+= n &* 8
  } else {
    var total = 0
    for i in 0..<n {
      let row = selection.row(i)
      total &+= Int(ends[row &+ 1] &- ends[row])
    }
    let values = out.values
    values.reserve(additional: total)
    let dst = (offsets.base + offsets.count).assumingMemoryBound(to: Int64.self)
    var position = values.count
    for i in 0..<n {
      let row = selection.row(i)
      let start = Int(ends[row])
      let length = Int(ends[row &+ 1]) &- start
      (values.base + position).copyMemory(from: src + start, byteCount: length)
      position &+= length
      dst[i] = Int64(position)
    }
    values.count = position
    offsets.count &+= n &* 8
  }
  out.count &+= n
}
