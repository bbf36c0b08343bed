// Encoder of the PLAIN encoding of every physical type.

import TarnCore

/// Writes values in the `PLAIN = 0` encoding; see `PlainDecoder` for the byte layout.
///
/// Numbers, fixed-width values and byte arrays go straight to the output. Booleans are packed 8 to
/// a byte, so a partly filled byte waits in the encoder until more booleans or `finish` arrive.
package struct PlainEncoder {
  /// Booleans not yet written, in the low `pendingBitCount` bits.
  var pendingBits: UInt8 = 0
  var pendingBitCount = 0

  /// An encoder with no booleans pending.
  package init() {}

  /// Appends the little-endian bytes of numbers (`Int32`, `Int64`, `Float`, `Double`, …).
  package func encode<T: BitwiseCopyable>(_ values: UnsafeBufferPointer<T>, into out: ByteBuffer) {
    out.append(UnsafeRawBufferPointer(values))
  }

  /// Appends fixed-width values (INT96, FIXED_LEN_BYTE_ARRAY) stored back to back.
  package func encodeFixedWidth(_ bytes: UnsafeRawBufferPointer, into out: ByteBuffer) {
    out.append(bytes)
  }

  /// Appends BYTE_ARRAY values: value `i` is `values[offsets[i] ..< offsets[i + 1]]`.
  /// - Precondition: `offsets` is non-decreasing, inside `values`, and each value is under 4 GiB.
  /// - Complexity: O(count + bytes); one reservation.
  package func encodeByteArrays(values: UnsafeRawBufferPointer, offsets: UnsafeBufferPointer<Int64>, into out: ByteBuffer) {
    let count = max(offsets.count &- 1, 0)
    guard count > 0 else { return }
    let first = Int(offsets[0])
    let last = Int(offsets[count])
    precondition(first >= 0 && first <= last && last <= values.count, "offsets outside the values")
    out.reserve(additional: (last &- first) &+ count &* 4)
    var p = out.count
    for i in 0..<count {
      let start = Int(offsets[i])
      let length = Int(offsets[i &+ 1]) &- start
      precondition(length >= 0 && length <= Int(UInt32.max), "byte array length \(length)")
      // Safe: reserve made room for every value and length; the precondition bounds each value.
      out.base.storeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian, toByteOffset: p, as: UInt32.self)
      p &+= 4
      if length > 0 { (out.base + p).copyMemory(from: values.baseAddress! + start, byteCount: length) }
      p &+= length
    }
    out.count = p
  }

  /// Packs booleans (bytes 0 or 1; any non-zero byte counts as true), LSB first.
  package mutating func encodeBooleans(_ values: UnsafeBufferPointer<UInt8>, into out: ByteBuffer) {
    out.reserve(additional: values.count / 8 &+ 1)
    for value in values {
      pendingBits |= min(value, 1) &<< UInt8(pendingBitCount)
      pendingBitCount &+= 1
      if pendingBitCount == 8 {
        out.append(pendingBits)
        pendingBits = 0
        pendingBitCount = 0
      }
    }
  }

  /// Writes the last, partly filled byte of booleans (padded with zero bits), if any.
  package mutating func finish(into out: ByteBuffer) {
    if pendingBitCount > 0 { out.append(pendingBits) }
    pendingBits = 0
    pendingBitCount = 0
  }
}
