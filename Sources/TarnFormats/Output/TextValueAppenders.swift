// Plain text of any column as DuckDB casts it to VARCHAR: what CSV, Markdown and box tables print.
import TarnCore

/// Builds appenders that write DuckDB-style text.
///
/// Strings are copied as they are; binary prints printable ASCII and `\xHH` escapes; booleans
/// `true`/`false`; floats their shortest round-trip text with `nan`, `inf`, `-inf`; dates,
/// times and timestamps ISO 8601 (see `ValueFormatter`). Nested values: lists `[1, 2, NULL]`,
/// structs `{'a': 1, 'b': x}`, maps `{k=v, k2=NULL}`. A NULL inside a nested value prints
/// `NULL`; a NULL at the top is left to the writer.
enum TextValueAppenders {
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
    case .float32: return Appenders.fixedWidth(vector, width: 4, FloatFormat(isJSON: false))
    case .float64: return Appenders.fixedWidth(vector, width: 8, DoubleFormat(isJSON: false))
    case .decimal(let precision, let scale):
      return precision <= 18
        ? Appenders.fixedWidth(vector, width: 8, Decimal64Format(scale: scale))
        : Appenders.fixedWidth(vector, width: 16, Decimal128Format(scale: scale))
    case .string: return Appenders.variableLength(vector, RawBytesFormat())
    case .binary: return Appenders.variableLength(vector, EscapedBlobFormat())
    case .fixedBinary(let width):
      return Appenders.fixedWidth(vector, width: width, FixedBytesFormat(width: width, inner: EscapedBlobFormat()))
    case .uuid: return Appenders.fixedWidth(vector, width: 16, UUIDFormat())
    case .date: return Appenders.fixedWidth(vector, width: 4, DateFormat())
    case .time(let unit): return Appenders.fixedWidth(vector, width: 8, TimeFormat(unit: unit))
    case .timestamp(let unit, let utc):
      return Appenders.fixedWidth(vector, width: 8, TimestampFormat(unit: unit, isAdjustedToUTC: utc))
    case .interval: return Appenders.fixedWidth(vector, width: 16, IntervalFormat())
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
        if child != start { out.append(", ") }
        if !element(&out, child) { out.append("NULL") }
      }
      out.append(0x5D)
      return true
    }
  }

  /// `{'a': 1, 'b': NULL}`: the names with their punctuation are built once.
  static func structure(_ vector: ColumnVector, fields: [Field]) -> ValueAppender {
    let appenders = vector.children.map { make(for: $0) }
    let keys: [[UInt8]] = fields.indices.map { i in
      (i == 0 ? [0x7B, 0x27] : [0x2C, 0x20, 0x27]) + Array(fields[i].name.utf8) + [0x27, 0x3A, 0x20]
    }
    let words = vector.validityWords
    return { out, row in
      if let words, !Appenders.isValid(words, row) { return false }
      if appenders.isEmpty {
        out.append("{}")
        return true
      }
      for field in appenders.indices {
        out.append(keys[field])
        if !appenders[field](&out, row) { out.append("NULL") }
      }
      out.append(0x7D)
      return true
    }
  }

  /// `{1=a, 2=NULL}`.
  static func map(_ vector: ColumnVector) -> ValueAppender {
    let entries = vector.children[0]
    let key = make(for: entries.children[0])
    let value = make(for: entries.children[1])
    let offsets = Appenders.listOffsets(vector)
    let words = vector.validityWords
    return { out, row in
      if let words, !Appenders.isValid(words, row) { return false }
      let start = Int(truncatingIfNeeded: offsets[row])
      let end = Int(truncatingIfNeeded: offsets[row &+ 1])
      out.append(0x7B)
      for entry in start..<end {
        if entry != start { out.append(", ") }
        if !key(&out, entry) { out.append("NULL") }
        out.append(0x3D)
        if !value(&out, entry) { out.append("NULL") }
      }
      out.append(0x7D)
      return true
    }
  }
}
