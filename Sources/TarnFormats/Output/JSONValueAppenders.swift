// JSON text of any column: the appender for each type, nested types built from their children's appenders.
import TarnCore

/// Builds appenders that write JSON values.
///
/// Numbers and decimals are JSON numbers with exact digits; NaN and the infinities are the
/// strings "NaN", "Infinity", "-Infinity"; binary is base64; dates, times, timestamps, UUIDs
/// and intervals are strings; lists are arrays, structs objects, and maps objects keyed by
/// the key's text. Dictionary-encoded vectors resolve at every level.
enum JSONValueAppenders {
  static func make(for vector: ColumnVector) -> ValueAppender {
    if let dictionary = vector.dictionary {
      return Appenders.dictionary(vector, entries: make(for: dictionary))
    }
    switch vector.type {
    case .null: return Appenders.alwaysNull()
    case .boolean: return Appenders.fixedWidth(vector, width: 1, BooleanFormat())
    case .int8: return Appenders.fixedWidth(vector, width: 1, SignedIntegerFormat<Int8>())
    case .int16: return Appenders.fixedWidth(vector, width: 2, SignedIntegerFormat<Int16>())
    case .int32: return Appenders.fixedWidth(vector, width: 4, SignedIntegerFormat<Int32>())
    case .int64: return Appenders.fixedWidth(vector, width: 8, SignedIntegerFormat<Int64>())
    case .uint8: return Appenders.fixedWidth(vector, width: 1, UnsignedIntegerFormat<UInt8>())
    case .uint16: return Appenders.fixedWidth(vector, width: 2, UnsignedIntegerFormat<UInt16>())
    case .uint32: return Appenders.fixedWidth(vector, width: 4, UnsignedIntegerFormat<UInt32>())
    case .uint64: return Appenders.fixedWidth(vector, width: 8, UnsignedIntegerFormat<UInt64>())
    case .float32: return Appenders.fixedWidth(vector, width: 4, FloatFormat(isJSON: true))
    case .float64: return Appenders.fixedWidth(vector, width: 8, DoubleFormat(isJSON: true))
    case .decimal(let precision, let scale):
      return precision <= 18
        ? Appenders.fixedWidth(vector, width: 8, Decimal64Format(scale: scale))
        : Appenders.fixedWidth(vector, width: 16, Decimal128Format(scale: scale))
    case .string: return Appenders.variableLength(vector, JSONStringFormat())
    case .binary: return Appenders.variableLength(vector, JSONBase64Format())
    case .fixedBinary(let width):
      return Appenders.fixedWidth(vector, width: width, FixedBytesFormat(width: width, inner: JSONBase64Format()))
    case .uuid: return Appenders.fixedWidth(vector, width: 16, QuotedFormat(inner: UUIDFormat()))
    case .date: return Appenders.fixedWidth(vector, width: 4, QuotedFormat(inner: DateFormat()))
    case .time(let unit): return Appenders.fixedWidth(vector, width: 8, QuotedFormat(inner: TimeFormat(unit: unit)))
    case .timestamp(let unit, let utc):
      return Appenders.fixedWidth(
        vector, width: 8, QuotedFormat(inner: TimestampFormat(unit: unit, isAdjustedToUTC: utc)))
    case .interval: return Appenders.fixedWidth(vector, width: 16, QuotedFormat(inner: IntervalFormat()))
    case .list: return list(vector)
    case .structure(let fields): return structure(vector, fields: fields)
    case .map: return map(vector)
    }
  }

  static func list(_ vector: ColumnVector) -> ValueAppender {
    let element = make(for: vector.children[0])
    let offsets = Appenders.listOffsets(vector)
    let words = vector.validityWords
    return { out, row in
      if let words, !Appenders.isValid(words, row) { return false }
      let start = Int(truncatingIfNeeded: offsets[row])
      let end = Int(truncatingIfNeeded: offsets[row &+ 1])
      out.append(0x5B)
      for child in start..<end {
        if child != start { out.append(0x2C) }
        if !element(&out, child) { out.append("null") }
      }
      out.append(0x5D)
      return true
    }
  }

  /// `{"a":1,"b":null}`: the keys with their punctuation are built once.
  static func structure(_ vector: ColumnVector, fields: [Field]) -> ValueAppender {
    let appenders = vector.children.map { make(for: $0) }
    let keys = fields.indices.map { objectKey(fields[$0].name, leading: $0 == 0 ? 0x7B : 0x2C) }
    let words = vector.validityWords
    return { out, row in
      if let words, !Appenders.isValid(words, row) { return false }
      if appenders.isEmpty {
        out.append("{}")
        return true
      }
      for field in appenders.indices {
        out.append(keys[field])
        if !appenders[field](&out, row) { out.append("null") }
      }
      out.append(0x7D)
      return true
    }
  }

  /// `{"1":"a","2":null}`: string keys as JSON strings, other keys as their text in quotes.
  static func map(_ vector: ColumnVector) -> ValueAppender {
    let entries = vector.children[0]
    let keyVector = entries.children[0]
    let keyIsString = keyVector.type == .string
    let key = keyIsString ? make(for: keyVector) : TextValueAppenders.make(for: keyVector)
    let value = make(for: entries.children[1])
    let offsets = Appenders.listOffsets(vector)
    let words = vector.validityWords
    return { out, row in
      if let words, !Appenders.isValid(words, row) { return false }
      let start = Int(truncatingIfNeeded: offsets[row])
      let end = Int(truncatingIfNeeded: offsets[row &+ 1])
      out.append(0x7B)
      for entry in start..<end {
        if entry != start { out.append(0x2C) }
        if keyIsString {
          if !key(&out, entry) { out.append("\"null\"") }
        } else {
          out.append(0x22)
          let keyStart = out.count
          if !key(&out, entry) { out.append("null") }
          escapeInPlace(&out, from: keyStart)
          out.append(0x22)
        }
        out.append(0x3A)
        if !value(&out, entry) { out.append("null") }
      }
      out.append(0x7D)
      return true
    }
  }

  /// The bytes before a field's value: `"name":`, after `leading` (`{` or `,`) if given.
  static func objectKey(_ name: String, leading: UInt8?) -> [UInt8] {
    var key = TextBuffer(capacity: 64)
    if let leading { key.append(leading) }
    var copy = name
    copy.withUTF8 { JSONStringEscaping.appendQuoted(UnsafeRawBufferPointer($0), to: &key) }
    key.append(0x3A)
    return key.array
  }

  /// JSON-escapes `out[start...]` where needed: text of a non-string map key such as a struct.
  static func escapeInPlace(_ out: inout TextBuffer, from start: Int) {
    let clean = out.bytes(from: start).allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }
    if clean { return }
    let text = Array(out.bytes(from: start))
    out.truncate(to: start)
    text.withUnsafeBytes { JSONStringEscaping.appendEscaped($0, to: &out) }
  }
}
