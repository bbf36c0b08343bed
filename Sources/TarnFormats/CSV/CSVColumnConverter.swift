// Converts one column of tokenized fields into a typed ColumnVector, parsing bytes in place.
import TarnCore

/// Which fields are null. Decided per batch and column, before any value is parsed.
///
/// - In a VARCHAR column, an unquoted field equal to a null string is null (by default only the empty
///   field); a quoted field is null only with `allowQuotedNulls`. So `""` is an empty string.
/// - In any other column, an empty field, quoted or not, is null too: it cannot be a number or a date,
///   and files written with every field quoted spell missing values as `""`.
struct CSVNullRule: Sendable {
  /// Non-empty null strings, as bytes.
  let tokens: [[UInt8]]
  /// The empty string is among the null strings.
  let emptyIsNull: Bool
  let allowQuotedNulls: Bool

  init(nullStrings: [String], allowQuotedNulls: Bool) {
    tokens = nullStrings.filter { !$0.isEmpty }.map { Array($0.utf8) }
    emptyIsNull = nullStrings.contains("")
    self.allowQuotedNulls = allowQuotedNulls
  }

  /// True when the field bytes equal a null token (the slow path, only with non-empty tokens).
  @inline(__always)
  func matchesToken(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
    let length = end &- start
    for token in tokens where token.count == length {
      let same = token.withUnsafeBufferPointer { t in
        var k = 0
        while k < length, t[k] == p[start &+ k] { k &+= 1 }
        return k == length
      }
      if same { return true }
    }
    return false
  }
}

enum CSVColumnConversion {
  case converted(ColumnVector)
  /// Row `row` holds a value the type cannot hold.
  case rejected(row: Int)
}

/// Typed conversion of a column's fields into vector buffers, one specialized loop per type.
enum CSVColumnConverter {
  @inline(__always) static func bit(_ b: Bool) -> UInt64 { UInt64(unsafeBitCast(b, to: UInt8.self)) }

  /// The validity bitmap of a column (nil when no row is null).
  static func validity(
    _ f: CSVColumnFields, _ p: UnsafePointer<UInt8>, isString: Bool, rule: CSVNullRule
  ) -> ValidityBitmap? {
    let n = f.count
    guard n > 0 else { return nil }
    let bitmap = ValidityBitmap(allNull: n)
    let words = bitmap.words
    var nulls = 0
    // Empty fields: for strings, unquoted ones (or all with allowQuotedNulls) when "" is a null string;
    // for other types, all of them.
    let emptyMatters: UInt64 = isString ? bit(rule.emptyIsNull) : 1
    let quotedToo: UInt64 = isString ? bit(rule.allowQuotedNulls) : 1
    var r = 0
    while r < n {
      let stop = min(r &+ 64, n)
      var word: UInt64 = 0
      var k = r
      while k < stop {
        let empty = bit(f.ends[k] == f.starts[k])
        let unquoted = UInt64(~f.flags[k] & CSVFieldFlags.quoted)
        let isNull = empty & emptyMatters & (unquoted | quotedToo)
        word |= (isNull ^ 1) &<< UInt64(k &- r)
        k &+= 1
      }
      words[r &>> 6] = word
      nulls &+= (stop &- r) &- word.nonzeroBitCount
      r = stop
    }
    if !rule.tokens.isEmpty {
      for k in 0..<n where bitmap.isValid(k) {
        let quoted = f.flags[k] & CSVFieldFlags.quoted != 0
        if quoted, !rule.allowQuotedNulls { continue }
        if rule.matchesToken(p, Int(f.starts[k]), Int(f.ends[k])) {
          bitmap.clear(k)
          nulls &+= 1
        }
      }
    }
    return nulls == 0 ? nil : bitmap
  }

  /// Converts `f` to `type`. Returns `.rejected` with the first row whose value does not fit.
  static func convert(
    _ f: CSVColumnFields, _ p: UnsafePointer<UInt8>, type: TextScalarType, rule: CSVNullRule, dialect: CSVDialect
  ) -> CSVColumnConversion {
    let isString = type == .varchar
    let valid = validity(f, p, isString: isString, rule: rule)
    switch type {
    case .varchar:
      return .converted(strings(f, p, validity: valid, dialect: dialect))
    case .bigint:
      return fixed(f, p, valid, .int64, Int64.self) { NumberText.parseInt64($0, $1, $2) }
    case .double:
      return fixed(f, p, valid, .float64, Double.self) { NumberText.parseDouble($0, $1, $2) }
    case .boolean:
      return fixed(f, p, valid, .boolean, UInt8.self) { p, s, e in
        NumberText.parseBoolean(p, s, e).map { $0 ? 1 : 0 }
      }
    case .decimal(let scale):
      return fixed(f, p, valid, type.dataType, Int128.self) { NumberText.parseDecimal($0, $1, $2, scale: scale) }
    case .date:
      return fixed(f, p, valid, .date, Int32.self) { p, s, e in
        guard let t = TemporalText.parseTimestamp(p, s, e), !t.hasTime, t.offsetSeconds == nil else { return nil }
        return Int32(exactly: t.days)
      }
    case .time:
      return fixed(f, p, valid, type.dataType, Int64.self) { TemporalText.parseTime($0, $1, $2) }
    case .timestamp(let ns):
      return fixed(f, p, valid, type.dataType, Int64.self) { p, s, e in
        guard let t = TemporalText.parseTimestamp(p, s, e), t.offsetSeconds == nil else { return nil }
        if ns { return t.nanoseconds }
        return t.hasSubMicroseconds ? nil : t.microseconds
      }
    case .timestampTZ(let ns):
      return fixed(f, p, valid, type.dataType, Int64.self) { p, s, e in
        guard let t = TemporalText.parseTimestamp(p, s, e), t.offsetSeconds != nil else { return nil }
        if ns { return t.nanoseconds }
        return t.hasSubMicroseconds ? nil : t.microseconds
      }
    }
  }

  /// The loop shared by every fixed-width type; `parse` is inlined into each specialization.
  @inline(__always)
  static func fixed<T: BitwiseCopyable>(
    _ f: CSVColumnFields, _ p: UnsafePointer<UInt8>, _ valid: ValidityBitmap?, _ type: DataType, _: T.Type,
    _ parse: (UnsafePointer<UInt8>, Int, Int) -> T?
  ) -> CSVColumnConversion {
    let n = f.count
    let values = ByteBuffer(capacity: n &* MemoryLayout<T>.stride)
    values.count = n &* MemoryLayout<T>.stride
    let out = values.pointer(T.self)
    if let valid {
      // Null slots are zeroed so the buffer is fully initialized.
      values.base.initializeMemory(as: UInt8.self, repeating: 0, count: values.count)
      for r in 0..<n where valid.isValid(r) {
        guard let v = parse(p, Int(f.starts[r]), Int(f.ends[r])) else { return .rejected(row: r) }
        out[r] = v
      }
    } else {
      for r in 0..<n {
        guard let v = parse(p, Int(f.starts[r]), Int(f.ends[r])) else { return .rejected(row: r) }
        out[r] = v
      }
    }
    return .converted(ColumnVector(type: type, count: n, values: values, validity: valid))
  }

  /// Copies string fields into offsets plus bytes, removing quote escapes where the tokenizer saw them.
  static func strings(
    _ f: CSVColumnFields, _ p: UnsafePointer<UInt8>, validity valid: ValidityBitmap?, dialect: CSVDialect
  ) -> ColumnVector {
    let n = f.count
    var total = 0
    for r in 0..<n { total &+= Int(f.ends[r] &- f.starts[r]) }
    let offsets = ByteBuffer(capacity: (n &+ 1) &* 8)
    offsets.count = (n &+ 1) &* 8
    let values = ByteBuffer(capacity: max(total, 1))
    let o = offsets.pointer(Int64.self)
    let out = values.pointer(UInt8.self)
    var cursor = 0
    o[0] = 0
    let quote = dialect.quote ?? 0
    let escape = dialect.escape ?? quote
    for r in 0..<n {
      let s = Int(f.starts[r])
      let e = Int(f.ends[r])
      let isValid = valid?.isValid(r) ?? true
      if isValid {
        if f.flags[r] & CSVFieldFlags.escaped == 0 {
          (out + cursor).update(from: p + s, count: e &- s)
          cursor &+= e &- s
        } else {
          cursor = unescape(p, s, e, into: out, at: cursor, quote: quote, escape: escape)
        }
      }
      o[r &+ 1] = Int64(cursor)
    }
    values.count = cursor
    return ColumnVector(type: .string, count: n, values: values, offsets: offsets, validity: valid)
  }

  /// Copies a quoted field's content without its escapes: `""` → `"`, `\"` → `"`, `\\` → `\`.
  @inline(never)
  static func unescape(
    _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, into out: UnsafeMutablePointer<UInt8>, at cursor: Int,
    quote: UInt8, escape: UInt8
  ) -> Int {
    var c = cursor
    var i = s
    while i < e {
      let b = p[i]
      if b == escape, i &+ 1 < e {
        let next = p[i &+ 1]
        if next == quote || next == escape {
          out[c] = next
          c &+= 1
          i &+= 2
          continue
        }
      }
      out[c] = b
      c &+= 1
      i &+= 1
    }
    return c
  }
}
