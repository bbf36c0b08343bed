// Accumulates one column chunk's decoded values in their physical form, across pages and dictionary fallback.
import TarnCore

/// Dense physical values: fixed-width bytes, or offsets plus bytes for BYTE_ARRAY.
///
/// Byte-array chunks stay dictionary indices while every data page is dictionary-encoded; the first page
/// written otherwise (a writer's dictionary fallback) turns what was gathered so far into plain values.
package struct PhysicalValues {
  package let physicalType: ParquetPhysicalType
  /// Bytes per value for fixed-width types; 0 for BYTE_ARRAY.
  package let width: Int
  package var values: ByteBuffer
  /// Int64 end positions, starting with 0; BYTE_ARRAY only.
  package var offsets: ByteBuffer?
  /// UInt32 dictionary indices while the chunk is still dictionary-encoded (BYTE_ARRAY only).
  package var indices: ByteBuffer?
  package var count = 0

  package init(physicalType: ParquetPhysicalType, typeLength: Int, capacity: Int) {
    self.physicalType = physicalType
    width = physicalWidth(physicalType, typeLength: typeLength)
    if physicalType == .byteArray {
      // Sized by the decoders, which reserve a page's bytes and offsets at once: a dictionary-encoded page never
      // fills them, and a block carved from a huge page clears all 2 MiB at its first byte written.
      values = ByteBuffer(capacity: 0)
      offsets = ByteBuffer(capacity: 8)
      offsets!.append(Int64(0))
    } else {
      values = ByteBuffer(capacity: capacity &* width)
    }
  }

  package var isDictionaryMode: Bool { indices != nil }

  /// Takes `count` PLAIN values of an INT32, INT64, FLOAT or DOUBLE column as a view of `source`, the inflated page
  /// `bytes` lie in, instead of copying them; only while nothing is held yet. False (nothing taken) otherwise.
  ///
  /// Values not aligned for their width are first moved down in place, over the level bytes in front of them: the
  /// page's levels are decoded by then, and `source` is this page's alone.
  ///
  /// Why: a page without NULLs is its values once inflated; copying them cost a pass over the column and a fresh
  /// buffer (a quarter of the page faults of a double column's scan, `perf record -e page-faults`).
  package mutating func adoptPlain(_ bytes: UnsafeRawBufferPointer, count n: Int, in source: ByteBuffer) -> Bool {
    guard physicalType == .int32 || physicalType == .int64 || physicalType == .float || physicalType == .double,
      count == 0, values.count == 0, indices == nil, n > 0, let start = bytes.baseAddress
    else { return false }
    let (size, overflow) = n.multipliedReportingOverflow(by: width)
    let offset = start - UnsafeRawPointer(source.base)
    guard !overflow, size <= bytes.count, offset >= 0, offset <= source.capacity &- size else { return false }
    let aligned = offset &- offset % width
    if aligned != offset { (source.base + aligned).copyMemory(from: start, byteCount: size) }  // memmove
    values = ByteBuffer(viewing: source, offset: aligned, count: size)
    count = n
    return true
  }

  /// Appends `count` values from `dictionary` by index. Indices were checked against the dictionary size.
  package mutating func gather(_ dictionary: PhysicalValues, indices source: UnsafePointer<UInt32>, count n: Int) {
    if physicalType == .byteArray {
      let dictionaryOffsets = dictionary.offsets!.pointer(Int64.self)
      var total = 0
      for i in 0..<n {
        let index = Int(source[i])
        total &+= Int(dictionaryOffsets[index &+ 1] &- dictionaryOffsets[index])
      }
      values.reserve(additional: total)
      offsets!.reserve(additional: n &* 8)
      let ends = offsets!.pointer(Int64.self)
      var end = ends[count]
      for i in 0..<n {
        let index = Int(source[i])
        let start = Int(dictionaryOffsets[index])
        let length = Int(dictionaryOffsets[index &+ 1]) &- start
        (values.base + Int(end)).copyMemory(from: dictionary.values.base + start, byteCount: length)
        end &+= Int64(length)
        ends[count &+ i &+ 1] = end
      }
      values.count = Int(end)
      offsets!.count &+= n &* 8
    } else {
      values.reserve(additional: n &* width)
      let target = values.base + values.count
      let from = dictionary.values.base
      switch width {
      case 4:
        let out = target.assumingMemoryBound(to: UInt32.self)
        let d = from.assumingMemoryBound(to: UInt32.self)
        for i in 0..<n { out[i] = d[Int(source[i])] }
      case 8:
        let out = target.assumingMemoryBound(to: UInt64.self)
        let d = from.assumingMemoryBound(to: UInt64.self)
        for i in 0..<n { out[i] = d[Int(source[i])] }
      default:
        for i in 0..<n { (target + i &* width).copyMemory(from: from + Int(source[i]) &* width, byteCount: width) }
      }
      values.count &+= n &* width
    }
    count &+= n
  }

  /// Leaves dictionary mode: replaces the indices gathered so far with the values they name.
  package mutating func materialize(using dictionary: PhysicalValues) {
    guard let held = indices else { return }
    indices = nil
    let n = count
    count = 0
    gather(dictionary, indices: held.pointer(UInt32.self), count: n)
  }
}

package func physicalWidth(_ type: ParquetPhysicalType, typeLength: Int) -> Int {
  switch type {
  case .boolean: 1
  case .int32, .float: 4
  case .int64, .double: 8
  case .int96: 12
  case .fixedLenByteArray: typeLength
  case .byteArray: 0
  }
}
