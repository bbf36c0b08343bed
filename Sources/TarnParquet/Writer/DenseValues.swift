// A leaf's non-null values in their Parquet physical form, back to back: what the value encoders read.
import TarnCore

/// Dense physical values: `count` fixed-width values of `width` bytes, or (width 0) BYTE_ARRAY values as
/// `Int64` offsets plus bytes. Booleans are one byte each; INT32-backed types are widened or narrowed already.
struct DenseValues: @unchecked Sendable {
  /// Bytes per value; 0 for BYTE_ARRAY.
  let width: Int
  /// Fixed-width values, or the bytes of byte arrays.
  let values: ByteBuffer
  /// `count + 1` offsets into `values`, for BYTE_ARRAY.
  let offsets: ByteBuffer?
  var count = 0
  /// The buffers belong to an input vector: read-only, copied before anything is appended.
  private(set) var isBorrowed = false

  /// Values `0..<count` of an input vector whose storage already is the physical form; nothing is copied.
  init(borrowing values: ByteBuffer, offsets: ByteBuffer?, width: Int, count: Int) {
    self.width = width
    self.values = values
    self.offsets = offsets
    self.count = count
    isBorrowed = true
  }

  /// An owned copy of borrowed values, with room for `extra` more.
  func owned(reserving extra: Int) -> DenseValues {
    var copy = DenseValues(width: width, capacity: count &+ extra)
    if isByteArray {
      let ends = offsets!.pointer(Int64.self)
      let first = Int(ends[0])
      copy.values.append(UnsafeRawBufferPointer(start: values.base + first, count: Int(ends[count]) &- first))
      copy.offsets!.reserve(additional: count &* 8)
      let dst = (copy.offsets!.base + 8).assumingMemoryBound(to: Int64.self)
      for i in 0..<count { dst[i] = ends[i &+ 1] &- Int64(first) }
      copy.offsets!.count = (count &+ 1) &* 8
    } else {
      copy.values.append(UnsafeRawBufferPointer(start: values.base, count: count &* width))
    }
    copy.count = count
    return copy
  }

  init(width: Int, capacity: Int = 0) {
    self.width = width
    values = ByteBuffer(capacity: max(capacity, 1) &* max(width, 8))
    if width == 0 {
      offsets = ByteBuffer(capacity: (max(capacity, 1) &+ 1) &* 8)
      offsets!.append(Int64(0))
    } else {
      offsets = nil
    }
  }

  var isByteArray: Bool { width == 0 }

  /// The PLAIN-encoded size of values `range`.
  func plainSize(_ range: Range<Int>) -> Int {
    guard isByteArray else { return range.count &* width }
    let ends = offsets!.pointer(Int64.self)
    return Int(ends[range.upperBound] &- ends[range.lowerBound]) &+ 4 &* range.count
  }

  /// Bytes held, for the row-group size limit.
  var byteCount: Int { values.count &+ (offsets?.count ?? 0) }

  /// The bytes of value `i`.
  @inline(__always) func bytes(_ i: Int) -> UnsafeRawBufferPointer {
    if width > 0 { return UnsafeRawBufferPointer(start: values.base + i &* width, count: width) }
    let ends = offsets!.pointer(Int64.self)
    let start = Int(ends[i])
    return UnsafeRawBufferPointer(start: values.base + start, count: Int(ends[i &+ 1]) &- start)
  }

  /// Drops every value from `count` on.
  mutating func truncate(to newCount: Int) {
    if isByteArray {
      values.count = Int(offsets!.pointer(Int64.self)[newCount])
      offsets!.count = (newCount &+ 1) &* 8
    } else {
      values.count = newCount &* width
    }
    count = newCount
  }

  /// Appends value `i` of `other`, which has the same width.
  @inline(__always) mutating func append(from other: DenseValues, _ i: Int) {
    values.append(other.bytes(i))
    if isByteArray { offsets!.append(Int64(values.count)) }
    count &+= 1
  }

  /// Appends values `rows[0..<n]` of `other` (gather through indices).
  mutating func gather(from other: DenseValues, indices: UnsafePointer<UInt32>, count n: Int) {
    if width > 0 {
      values.reserve(additional: n &* width)
      let w = width
      let dst = values.base + values.count
      let src = UnsafeRawPointer(other.values.base)
      switch w {
      case 4:
        for i in 0..<n {
          dst.storeBytes(of: src.load(fromByteOffset: Int(indices[i]) &* 4, as: UInt32.self), toByteOffset: i &* 4, as: UInt32.self)
        }
      case 8:
        for i in 0..<n {
          dst.storeBytes(of: src.load(fromByteOffset: Int(indices[i]) &* 8, as: UInt64.self), toByteOffset: i &* 8, as: UInt64.self)
        }
      default:
        for i in 0..<n { (dst + i &* w).copyMemory(from: src + Int(indices[i]) &* w, byteCount: w) }
      }
      values.count &+= n &* w
      count &+= n
    } else {
      for i in 0..<n { append(from: other, Int(indices[i])) }
    }
  }
}
