// Turns decoded physical values into Tarn's value types: narrowing, widening, decimals, INT96, FLOAT16, intervals.
import TarnCore

/// The dense vector of `type` for `physical`'s values. Layout-compatible types are relabelled, not copied.
package func convertPhysical(
  _ physical: PhysicalValues, to type: DataType, dictionary: ColumnVector?
) throws(ParquetError) -> ColumnVector {
  let n = physical.count
  if let indices = physical.indices {
    return ColumnVector(type: type, count: n, values: indices, dictionary: dictionary)
  }
  let source = physical.values
  func relabel() -> ColumnVector { ColumnVector(type: type, count: n, values: source, offsets: physical.offsets) }

  switch (type, physical.physicalType) {
  case (.int8, .int32), (.uint8, .int32):
    return ColumnVector(type: type, count: n, values: narrow(source, count: n, to: UInt8.self))
  case (.int16, .int32), (.uint16, .int32):
    return ColumnVector(type: type, count: n, values: narrow(source, count: n, to: UInt16.self))
  case (.time(.millisecond), .int32):
    return ColumnVector(type: type, count: n, values: widen(source, count: n))
  case (.decimal(let precision, _), .int32):
    return precision <= 18
      ? ColumnVector(type: type, count: n, values: widen(source, count: n))
      : ColumnVector(type: type, count: n, values: widen128(source, count: n, width: 4))
  case (.decimal(let precision, _), .int64):
    return precision <= 18 ? relabel() : ColumnVector(type: type, count: n, values: widen128(source, count: n, width: 8))
  case (.decimal(let precision, _), .fixedLenByteArray), (.decimal(let precision, _), .byteArray):
    return ColumnVector(type: type, count: n, values: try bigEndianDecimals(physical, precision: precision))
  case (.float32, .fixedLenByteArray):
    return ColumnVector(type: type, count: n, values: halfToFloat(source, count: n))
  case (.interval, .fixedLenByteArray):
    return ColumnVector(type: type, count: n, values: legacyIntervals(source, count: n))
  case (.timestamp(.microsecond, _), .int96):
    return ColumnVector(type: type, count: n, values: int96ToMicroseconds(source, count: n))
  default:
    return relabel()
  }
}

private func output(_ count: Int, width: Int) -> ByteBuffer {
  let buffer = ByteBuffer(capacity: count &* width)
  buffer.count = count &* width
  return buffer
}

private func narrow<T: FixedWidthInteger & BitwiseCopyable>(_ source: ByteBuffer, count: Int, to _: T.Type) -> ByteBuffer {
  let out = output(count, width: MemoryLayout<T>.size)
  let from = source.pointer(Int32.self)
  let to = out.pointer(T.self)
  for i in 0..<count { to[i] = T(truncatingIfNeeded: from[i]) }
  return out
}

private func widen(_ source: ByteBuffer, count: Int) -> ByteBuffer {
  let out = output(count, width: 8)
  let from = source.pointer(Int32.self)
  let to = out.pointer(Int64.self)
  for i in 0..<count { to[i] = Int64(from[i]) }
  return out
}

private func widen128(_ source: ByteBuffer, count: Int, width: Int) -> ByteBuffer {
  let out = output(count, width: 16)
  let to = out.pointer(Int128.self)
  if width == 4 {
    let from = source.pointer(Int32.self)
    for i in 0..<count { to[i] = Int128(from[i]) }
  } else {
    let from = source.pointer(Int64.self)
    for i in 0..<count { to[i] = Int128(from[i]) }
  }
  return out
}

/// Big-endian two's complement decimals of any byte length, into Int64 (precision <= 18) or Int128.
private func bigEndianDecimals(_ physical: PhysicalValues, precision: Int) throws(ParquetError) -> ByteBuffer {
  guard precision <= 38 else {
    throw ParquetError(.unsupported("DECIMAL with precision \(precision) (over 38 digits)"))
  }
  let n = physical.count
  let wide = precision > 18
  let out = output(n, width: wide ? 16 : 8)
  let base = physical.values.base
  let ends = physical.offsets?.pointer(Int64.self)
  for i in 0..<n {
    let start: Int
    let length: Int
    if let ends {
      start = Int(ends[i])
      length = Int(ends[i + 1]) - start
    } else {
      start = i * physical.width
      length = physical.width
    }
    var value: Int128 = 0
    if length > 0 {
      let bytes = UnsafeRawBufferPointer(start: base + start, count: length)
      let negative = bytes[0] & 0x80 != 0
      // Bytes beyond 16 must be sign extension; the value then still fits.
      let extra = max(0, length - 16)
      for j in 0..<extra where bytes[j] != (negative ? 0xFF : 0) {
        throw ParquetError(.corrupt("decimal value of \(length) bytes does not fit precision \(precision)"))
      }
      var unsigned: UInt128 = negative ? ~0 : 0
      for j in extra..<length { unsigned = (unsigned << 8) | UInt128(bytes[j]) }
      value = Int128(bitPattern: unsigned)
    }
    if wide {
      out.pointer(Int128.self)[i] = value
    } else {
      guard let narrow = Int64(exactly: value) else {
        throw ParquetError(.corrupt("decimal value does not fit precision \(precision)"))
      }
      out.pointer(Int64.self)[i] = narrow
    }
  }
  return out
}

/// IEEE 754 half precision to single precision, exactly (subnormals, infinities and NaN payloads kept).
private func halfToFloat(_ source: ByteBuffer, count: Int) -> ByteBuffer {
  let out = output(count, width: 4)
  let from = source.pointer(UInt16.self)
  let to = out.pointer(Float.self)
  for i in 0..<count { to[i] = floatFromHalf(UInt16(littleEndian: from[i])) }
  return out
}

package func floatFromHalf(_ half: UInt16) -> Float {
  let sign = UInt32(half & 0x8000) << 16
  let exponent = Int((half >> 10) & 0x1F)
  let mantissa = UInt32(half & 0x3FF)
  if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
  if exponent == 0 {
    // Subnormal or zero: mantissa * 2^-24.
    let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
    return sign != 0 ? -magnitude : magnitude
  }
  return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | (mantissa << 13))
}

/// The legacy INTERVAL: little-endian UInt32 months, days and milliseconds, into Tarn's 16-byte interval.
private func legacyIntervals(_ source: ByteBuffer, count: Int) -> ByteBuffer {
  let out = output(count, width: 16)
  for i in 0..<count {
    let from = source.base + i * 12
    let to = out.base + i * 16
    let months = UInt32(littleEndian: from.loadUnaligned(as: UInt32.self))
    let days = UInt32(littleEndian: from.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
    let millis = UInt32(littleEndian: from.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    to.storeBytes(of: Int32(bitPattern: months), as: Int32.self)
    to.storeBytes(of: Int32(bitPattern: days), toByteOffset: 4, as: Int32.self)
    to.storeBytes(of: Int64(millis) * 1000, toByteOffset: 8, as: Int64.self)
  }
  return out
}

/// INT96: nanoseconds of the day (Int64 LE) then the Julian day (Int32 LE); into microseconds since 1970.
private func int96ToMicroseconds(_ source: ByteBuffer, count: Int) -> ByteBuffer {
  let out = output(count, width: 8)
  let to = out.pointer(Int64.self)
  let julianDayOfEpoch: Int64 = 2_440_588
  for i in 0..<count {
    let from = source.base + i &* 12
    let nanos = Int64(littleEndian: from.loadUnaligned(as: Int64.self))
    let day = Int64(Int32(littleEndian: from.loadUnaligned(fromByteOffset: 8, as: Int32.self)))
    to[i] = (day &- julianDayOfEpoch) &* 86_400_000_000 &+ nanos / 1000
  }
  return out
}
