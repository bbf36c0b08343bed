// Encoder of the DELTA_BYTE_ARRAY (incremental, front-coded) encoding of BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY values.

import TarnCore

/// Writes BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY values in the `DELTA_BYTE_ARRAY = 7` encoding: each
/// value as the length of the prefix it shares with the value before and the rest of its bytes; see
/// `DeltaByteArrayDecoder` for the byte layout.
///
/// Append values in any number of calls, then `finish` writes the encoding; the encoder is then
/// empty and can be reused.
package struct DeltaByteArrayEncoder {
  var prefixLengths = DeltaBinaryPackedEncoder<Int32>()
  var suffixLengths = DeltaBinaryPackedEncoder<Int32>()
  let suffixes = ByteBuffer(capacity: 1024)
  /// The last value appended, which the next one is compared with.
  let previous = ByteBuffer(capacity: 64)
  var prefixChunk = [Int32](repeating: 0, count: 1024)
  var suffixChunk = [Int32](repeating: 0, count: 1024)

  /// An empty encoder; the first value shares no prefix.
  package init() {}

  /// Values appended since the last `finish`.
  package var count: Int { prefixLengths.count }

  /// Appends values: value `i` is `values[offsets[i] ..< offsets[i + 1]]`.
  /// - Precondition: `offsets` is non-decreasing, inside `values`, and each value is under 2 GiB.
  package mutating func append(values: UnsafeRawBufferPointer, offsets: UnsafeBufferPointer<Int64>) {
    let count = max(offsets.count &- 1, 0)
    guard count > 0 else { return }
    precondition(offsets[0] >= 0 && offsets[count] <= Int64(values.count) && offsets[0] <= offsets[count],
                 "offsets outside the values")
    let bytes = baseAddress(of: values)
    var i = 0
    while i < count {
      let n = min(count &- i, prefixChunk.count)
      var suffixTotal = 0
      var lastStart = 0
      var lastLength = 0
      prefixChunk.withUnsafeMutableBufferPointer { prefixes in
        suffixChunk.withUnsafeMutableBufferPointer { suffixSizes in
          // Safe: offsets lie inside `values` (precondition above); `previous` holds previous.count bytes.
          var earlier = UnsafeRawPointer(previous.base)
          var earlierLength = previous.count
          for j in 0..<n {
            let start = Int(offsets[i &+ j])
            let length = Int(offsets[i &+ j &+ 1]) &- start
            precondition(length >= 0 && length <= Int(Int32.max), "byte array length \(length)")
            let current = bytes + start
            let prefix = Self.commonPrefixLength(earlier, current, min(length, earlierLength))
            prefixes[j] = Int32(truncatingIfNeeded: prefix)
            suffixSizes[j] = Int32(truncatingIfNeeded: length &- prefix)
            suffixTotal &+= length &- prefix
            earlier = current
            earlierLength = length
            lastStart = start
            lastLength = length
          }
          suffixes.reserve(additional: suffixTotal)
          // Safe: reserve made room for the chunk's suffixes.
          var destination = suffixes.base + suffixes.count
          for j in 0..<n {
            let suffix = Int(suffixSizes[j])
            let end = Int(offsets[i &+ j &+ 1])
            destination.copyMemory(from: bytes + (end &- suffix), byteCount: suffix)
            destination += suffix
          }
          suffixes.count &+= suffixTotal
          prefixLengths.append(UnsafeBufferPointer(rebasing: prefixes[0..<n]))
          suffixLengths.append(UnsafeBufferPointer(rebasing: suffixSizes[0..<n]))
        }
      }
      previous.count = 0
      previous.append(UnsafeRawBufferPointer(start: bytes + lastStart, count: lastLength))
      i &+= n
    }
  }

  /// The number of leading bytes `a` and `b` share, comparing 8 bytes at a time.
  /// - Precondition: both are readable for `limit` bytes.
  static func commonPrefixLength(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ limit: Int) -> Int {
    var i = 0
    while i &+ 8 <= limit {
      let difference = a.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      if difference != 0 { return i &+ difference.trailingZeroBitCount &>> 3 }
      i &+= 8
    }
    while i < limit, a.load(fromByteOffset: i, as: UInt8.self) == b.load(fromByteOffset: i, as: UInt8.self) { i &+= 1 }
    return i
  }

  /// Appends FIXED_LEN_BYTE_ARRAY values of `width` bytes stored back to back.
  /// - Precondition: `width > 0` and `values.count` is a multiple of it.
  package mutating func append(fixedLength values: UnsafeRawBufferPointer, width: Int) {
    precondition(width > 0 && values.count % width == 0, "values are not a whole number of \(width)-byte values")
    let count = values.count / width
    withUnsafeTemporaryAllocation(of: Int64.self, capacity: 1025) { offsets in
      var i = 0
      while i < count {
        let n = min(count &- i, 1024)
        for j in 0...n { offsets[j] = Int64((i &+ j) &* width) }
        append(values: values, offsets: UnsafeBufferPointer(rebasing: offsets[0...n]))
        i &+= n
      }
    }
  }

  /// Writes the prefix lengths, the suffix lengths and the suffixes to `out`, and empties the encoder.
  package mutating func finish(into out: ByteBuffer) {
    prefixLengths.finish(into: out)
    suffixLengths.finish(into: out)
    out.append(suffixes.bytes)
    suffixes.count = 0
    previous.count = 0
  }
}
