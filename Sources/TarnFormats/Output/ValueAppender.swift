// Per-column appenders: a closure chosen once per batch that appends one row's text, so no value switches on its type.
import TarnCore

/// Appends the text of row `row` of one column to `out` and returns true, or appends nothing
/// and returns false when the value is NULL (the caller prints its format's NULL).
///
/// An appender reads its vector's buffers through raw pointers: it must not outlive the
/// vector it was made for. Writers make them per batch and drop them before returning.
typealias ValueAppender = (_ out: inout TextBuffer, _ row: Int) -> Bool

/// The text of one fixed-width value, given a pointer to its bytes in the values buffer.
/// Appenders are generic over this, so each format's `append` is specialized into the loop.
protocol FixedWidthFormat {
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer)
}

extension ColumnVector {
  /// The validity words, or nil when no row is null. For closures that must not capture `self`.
  var validityWords: UnsafePointer<UInt64>? {
    validity.map { UnsafePointer($0.words) }
  }
}

enum Appenders {
  @inline(__always)
  static func isValid(_ words: UnsafePointer<UInt64>, _ row: Int) -> Bool {
    (words[row >> 6] >> UInt64(truncatingIfNeeded: row & 63)) & 1 != 0
  }

  /// An appender for a plain (not dictionary-encoded) vector of fixed-width values.
  static func fixedWidth<F: FixedWidthFormat>(_ vector: ColumnVector, width: Int, _ format: F) -> ValueAppender {
    // Safe: the vector outlives the appender (see ValueAppender); rows are < vector.count.
    let values = UnsafeRawPointer(vector.values.base)
    if let words = vector.validityWords {
      return { out, row in
        guard isValid(words, row) else { return false }
        format.append(values + row &* width, to: &out)
        return true
      }
    }
    return { out, row in
      format.append(values + row &* width, to: &out)
      return true
    }
  }

  /// An appender for a plain string or binary vector; `format` gets each value's bytes.
  static func variableLength<F: VariableLengthFormat>(_ vector: ColumnVector, _ format: F) -> ValueAppender {
    // Safe: offsets hold count + 1 Int64 positions into values; the vector outlives the appender.
    let values = UnsafeRawPointer(vector.values.base)
    let offsets = UnsafePointer(vector.offsets!.pointer(Int64.self))
    let words = vector.validityWords
    return { out, row in
      if let words, !isValid(words, row) { return false }
      let start = Int(truncatingIfNeeded: offsets[row])
      let end = Int(truncatingIfNeeded: offsets[row &+ 1])
      format.append(UnsafeRawBufferPointer(start: values + start, count: end &- start), to: &out)
      return true
    }
  }

  /// Wraps the appender of a dictionary so that it is reached through this vector's indices.
  /// The outer validity decides NULL first; a valid index to a NULL entry is NULL too.
  static func dictionary(_ vector: ColumnVector, entries: @escaping ValueAppender) -> ValueAppender {
    let indices = UnsafePointer(vector.values.pointer(UInt32.self))
    if let words = vector.validityWords {
      return { out, row in
        guard isValid(words, row) else { return false }
        return entries(&out, Int(indices[row]))
      }
    }
    return { out, row in entries(&out, Int(indices[row])) }
  }

  /// For the `null` type: every row is NULL.
  static func alwaysNull() -> ValueAppender { { _, _ in false } }

  /// Positions of a list or map vector's rows in its child: `offsets[row]..<offsets[row + 1]`.
  static func listOffsets(_ vector: ColumnVector) -> UnsafePointer<Int64> {
    UnsafePointer(vector.offsets!.pointer(Int64.self))
  }
}

/// The text of one string or binary value.
protocol VariableLengthFormat {
  func append(_ bytes: UnsafeRawBufferPointer, to out: inout TextBuffer)
}

// MARK: Formats shared by JSON and text

struct SignedIntegerFormat<T: FixedWidthInteger & SignedInteger & BitwiseCopyable>: FixedWidthFormat {
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    out.appendInteger(Int64(value.loadUnaligned(as: T.self)))
  }
}

struct UnsignedIntegerFormat<T: FixedWidthInteger & UnsignedInteger & BitwiseCopyable>: FixedWidthFormat {
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    out.appendInteger(UInt64(value.loadUnaligned(as: T.self)))
  }
}

struct BooleanFormat: FixedWidthFormat {
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    out.appendBoolean(value.load(as: UInt8.self) != 0)
  }
}

/// Doubles; in JSON, NaN and the infinities become the strings "NaN", "Infinity", "-Infinity".
struct DoubleFormat: FixedWidthFormat {
  let isJSON: Bool
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    let v = value.loadUnaligned(as: Double.self)
    if isJSON, !v.isFinite { JSONNonFinite.append(v, to: &out) } else { out.appendDouble(v) }
  }
}

struct FloatFormat: FixedWidthFormat {
  let isJSON: Bool
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    let v = value.loadUnaligned(as: Float.self)
    if isJSON, !v.isFinite { JSONNonFinite.append(Double(v), to: &out) } else { out.appendFloat(v) }
  }
}

enum JSONNonFinite {
  @inline(never)
  static func append(_ value: Double, to out: inout TextBuffer) {
    if value.isNaN {
      out.append("\"NaN\"")
    } else if value > 0 {
      out.append("\"Infinity\"")
    } else {
      out.append("\"-Infinity\"")
    }
  }
}

struct Decimal64Format: FixedWidthFormat {
  let scale: Int
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    out.appendDecimal(value.loadUnaligned(as: Int64.self), scale: scale)
  }
}

struct Decimal128Format: FixedWidthFormat {
  let scale: Int
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    out.appendDecimal(value.loadUnaligned(as: Int128.self), scale: scale)
  }
}

struct DateFormat: FixedWidthFormat {
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    out.appendDate(daysSinceEpoch: Int64(value.loadUnaligned(as: Int32.self)))
  }
}

struct TimeFormat: FixedWidthFormat {
  let unit: TimeUnit
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    out.appendTime(ticks: value.loadUnaligned(as: Int64.self), unit: unit)
  }
}

struct TimestampFormat: FixedWidthFormat {
  let unit: TimeUnit
  let isAdjustedToUTC: Bool
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    out.appendTimestamp(ticks: value.loadUnaligned(as: Int64.self), unit: unit, isAdjustedToUTC: isAdjustedToUTC)
  }
}

struct UUIDFormat: FixedWidthFormat {
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    out.appendUUID(value)
  }
}

struct IntervalFormat: FixedWidthFormat {
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    out.appendInterval(
      months: value.loadUnaligned(fromByteOffset: 0, as: Int32.self),
      days: value.loadUnaligned(fromByteOffset: 4, as: Int32.self),
      micros: value.loadUnaligned(fromByteOffset: 8, as: Int64.self))
  }
}

/// Fixed-width bytes through a variable-length format (fixedBinary as base64 or `\xHH`).
struct FixedBytesFormat<Inner: VariableLengthFormat>: FixedWidthFormat {
  let width: Int
  let inner: Inner
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    inner.append(UnsafeRawBufferPointer(start: value, count: width), to: &out)
  }
}

/// Any fixed-width format between double quotes, for JSON strings that never need escaping.
struct QuotedFormat<Inner: FixedWidthFormat>: FixedWidthFormat {
  let inner: Inner
  @inline(__always)
  func append(_ value: UnsafeRawPointer, to out: inout TextBuffer) {
    out.append(0x22)
    inner.append(value, to: &out)
    out.append(0x22)
  }
}

/// Bytes copied as they are (text output of strings).
struct RawBytesFormat: VariableLengthFormat {
  @inline(__always)
  func append(_ bytes: UnsafeRawBufferPointer, to out: inout TextBuffer) {
    out.append(bytes)
  }
}

/// A JSON string literal with escapes and U+FFFD for ill-formed UTF-8.
struct JSONStringFormat: VariableLengthFormat {
  @inline(__always)
  func append(_ bytes: UnsafeRawBufferPointer, to out: inout TextBuffer) {
    JSONStringEscaping.appendQuoted(bytes, to: &out)
  }
}

/// Base64 between quotes: JSON's spelling of binary.
struct JSONBase64Format: VariableLengthFormat {
  @inline(__always)
  func append(_ bytes: UnsafeRawBufferPointer, to out: inout TextBuffer) {
    out.append(0x22)
    out.appendBase64(bytes)
    out.append(0x22)
  }
}

/// DuckDB's BLOB text: printable ASCII as is, other bytes as `\xHH`.
struct EscapedBlobFormat: VariableLengthFormat {
  @inline(__always)
  func append(_ bytes: UnsafeRawBufferPointer, to out: inout TextBuffer) {
    out.appendEscapedBlob(bytes)
  }
}
