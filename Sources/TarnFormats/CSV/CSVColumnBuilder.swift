// Builds one typed column of a batch from tokenized fields, chunk by chunk, parsing bytes in place.
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

/// One output column of a batch, filled a chunk of rows at a time.
///
/// Rows arrive in chunks of `CSVBlockWorker.chunkRows` (a multiple of 64, so validity words never straddle
/// chunks): the worker tokenizes a chunk and then converts every column of it while its bytes are still
/// in cache. A value the type cannot hold switches the builder to classifying: it stops writing and
/// computes, over the rest of the batch, the type that would hold every value (`widened`).
final class CSVColumnBuilder {
  let type: TextScalarType
  let capacity: Int
  private(set) var count = 0
  private let values: ByteBuffer
  private let offsets: ByteBuffer?
  private let validity: ValidityBitmap
  private var nullCount = 0
  /// Set once a value did not fit: the first such row, and the type that holds all values seen since.
  private(set) var rejectedRow: Int?
  private(set) var widened: TextScalarType?
  private let width: Int

  init(type: TextScalarType, capacity: Int) {
    self.type = type
    self.capacity = capacity
    width = type.dataType.fixedWidth ?? 0
    if type == .varchar {
      values = ByteBuffer(capacity: max(capacity * 16, 64))
      let o = ByteBuffer(capacity: (capacity + 1) * 8)
      o.count = 8
      o.pointer(Int64.self)[0] = 0
      offsets = o
    } else {
      values = ByteBuffer(capacity: capacity * width)
      offsets = nil
    }
    validity = ValidityBitmap(allNull: capacity)
  }

  @inline(__always) static func bit(_ b: Bool) -> UInt64 { UInt64(unsafeBitCast(b, to: UInt8.self)) }

  /// Writes the validity words of the chunk's rows (at `count`, a multiple of 64); returns its null count.
  private func markValidity(_ f: CSVColumnFields, _ p: UnsafePointer<UInt8>, rule: CSVNullRule) -> Int {
    let n = f.count
    let isString = type == .varchar
    let words = validity.words
    var nulls = 0
    let emptyMatters: UInt64 = isString ? Self.bit(rule.emptyIsNull) : 1
    let quotedToo: UInt64 = isString ? Self.bit(rule.allowQuotedNulls) : 1
    var r = 0
    while r < n {
      let stop = min(r &+ 64, n)
      var word: UInt64 = 0
      var k = r
      while k < stop {
        let empty = Self.bit(f.ends[k] == f.starts[k])
        let unquoted = UInt64(~f.flags[k] & CSVFieldFlags.quoted)
        let isNull = empty & emptyMatters & (unquoted | quotedToo)
        word |= (isNull ^ 1) &<< UInt64(k &- r)
        k &+= 1
      }
      words[(count &+ r) &>> 6] = word
      nulls &+= (stop &- r) &- word.nonzeroBitCount
      r = stop
    }
    if !rule.tokens.isEmpty {
      for k in 0..<n where validity.isValid(count &+ k) {
        if f.flags[k] & CSVFieldFlags.quoted != 0, !rule.allowQuotedNulls { continue }
        if rule.matchesToken(p, Int(f.starts[k]), Int(f.ends[k])) {
          validity.clear(count &+ k)
          nulls &+= 1
        }
      }
    }
    return nulls
  }

  /// Appends the chunk's rows. After a rejection, only classifies them to keep `widened` current.
  /// `readable` is how many bytes from `p` may be read (past a field's end, for word-sized copies).
  func append(_ f: CSVColumnFields, _ p: UnsafePointer<UInt8>, readable: Int, rule: CSVNullRule, dialect: CSVDialect) {
    precondition(count &+ f.count <= capacity && count & 63 == 0, "chunk overflows the batch or is misaligned")
    if rejectedRow != nil {
      classify(f, p, from: 0, rule: rule)
      count &+= f.count
      return
    }
    let nulls = markValidity(f, p, rule: rule)
    nullCount &+= nulls
    let allValid = nulls == 0
    var rejected: Int? = nil
    switch type {
    case .varchar: strings(f, p, readable: readable, allValid: allValid, dialect: dialect)
    case .bigint: rejected = fixed(f, p, allValid, Int64.self) { NumberText.parseInt64($0, $1, $2) }
    case .double: rejected = fixed(f, p, allValid, Double.self) { NumberText.parseDouble($0, $1, $2) }
    case .boolean:
      rejected = fixed(f, p, allValid, UInt8.self) { p, s, e in NumberText.parseBoolean(p, s, e).map { $0 ? 1 : 0 } }
    case .decimal(let scale):
      rejected = fixed(f, p, allValid, Int128.self) { NumberText.parseDecimal($0, $1, $2, scale: scale) }
    case .date: rejected = fixed(f, p, allValid, Int32.self) { TemporalText.parseDate($0, $1, $2) }
    case .time: rejected = fixed(f, p, allValid, Int64.self) { TemporalText.parseTime($0, $1, $2) }
    case .timestamp(let ns): rejected = timestamps(f, p, allValid, nanoseconds: ns, utc: false)
    case .timestampTZ(let ns): rejected = timestamps(f, p, allValid, nanoseconds: ns, utc: true)
    }
    if let row = rejected {
      rejectedRow = count &+ row
      widened = type
      classify(f, p, from: row, rule: rule)
    }
    count &+= f.count
  }

  /// Widens `widened` until it holds every non-null value of rows `from...` of the chunk.
  private func classify(_ f: CSVColumnFields, _ p: UnsafePointer<UInt8>, from row: Int, rule: CSVNullRule) {
    guard var current = widened, current != .varchar else { return }
    for r in row..<f.count {
      let s = Int(f.starts[r])
      let e = Int(f.ends[r])
      if s == e { continue }  // empty: null in a typed column
      if !rule.tokens.isEmpty, f.flags[r] & CSVFieldFlags.quoted == 0 || rule.allowQuotedNulls, rule.matchesToken(p, s, e) {
        continue
      }
      let value = ValueClassifier.classify(p, s, e)
      if !current.admits(value) {
        let next = ColumnTypeStats.widen(current, toHold: value)
        // A value the converter rejected but the classifier admits would loop: give up to VARCHAR.
        current = next == current ? .varchar : next
      }
      if current == .varchar { break }
    }
    if row < f.count, current == type { current = .varchar }
    widened = current
  }

  /// The loop shared by every fixed-width type; `parse` is inlined into each specialization.
  /// Returns the chunk row of the first value that does not parse.
  @inline(__always)
  private func fixed<T: BitwiseCopyable>(
    _ f: CSVColumnFields, _ p: UnsafePointer<UInt8>, _ allValid: Bool, _: T.Type,
    _ parse: (UnsafePointer<UInt8>, Int, Int) -> T?
  ) -> Int? {
    let n = f.count
    // Safe: the buffer holds `capacity` values and count + n <= capacity.
    let out = values.pointer(T.self) + count
    if allValid {
      for r in 0..<n {
        guard let v = parse(p, Int(f.starts[r]), Int(f.ends[r])) else { return r }
        out[r] = v
      }
    } else {
      let words = validity.words
      for r in 0..<n {
        let row = count &+ r
        if (words[row &>> 6] &>> UInt64(row & 63)) & 1 == 0 {
          // Null slots hold zero bytes, so the buffer is fully initialized.
          UnsafeMutableRawPointer(out + r).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.stride)
          continue
        }
        guard let v = parse(p, Int(f.starts[r]), Int(f.ends[r])) else { return r }
        out[r] = v
      }
    }
    return nil
  }

  @inline(never)
  private func timestamps(_ f: CSVColumnFields, _ p: UnsafePointer<UInt8>, _ allValid: Bool, nanoseconds ns: Bool, utc: Bool)
    -> Int?
  {
    fixed(f, p, allValid, Int64.self) { p, s, e in
      guard let t = TemporalText.parseTimestamp(p, s, e), (t.offsetSeconds != nil) == utc else { return nil }
      if ns { return t.nanoseconds }
      return t.hasSubMicroseconds ? nil : t.microseconds
    }
  }

  /// Copies string fields into offsets plus bytes, removing quote escapes where the tokenizer saw them.
  private func strings(
    _ f: CSVColumnFields, _ p: UnsafePointer<UInt8>, readable: Int, allValid: Bool, dialect: CSVDialect
  ) {
    let n = f.count
    var total = 0
    for r in 0..<n { total &+= Int(f.ends[r] &- f.starts[r]) }
    // 16 spare bytes let short strings be copied as two 8-byte words.
    values.reserve(additional: total &+ 16)
    let offsets = self.offsets!
    let o = offsets.pointer(Int64.self) + (count &+ 1)
    let out = values.pointer(UInt8.self)
    var cursor = values.count
    let quote = dialect.quote ?? 0
    let escape = dialect.escape ?? quote
    let words = validity.words
    let raw = UnsafeRawPointer(p)
    for r in 0..<n {
      let s = Int(f.starts[r])
      let e = Int(f.ends[r])
      let row = count &+ r
      let isValid = allValid || (words[row &>> 6] &>> UInt64(row & 63)) & 1 != 0
      if isValid {
        let length = e &- s
        if f.flags[r] & CSVFieldFlags.escaped != 0 {
          cursor = CSVColumnBuilder.unescape(p, s, e, into: out, at: cursor, quote: quote, escape: escape)
        } else if length <= 16, s &+ 16 <= readable {
          // Safe: s + 16 <= readable bytes of the block; writing 16 stays inside the 16 spare bytes.
          let a = raw.loadUnaligned(fromByteOffset: s, as: UInt64.self)
          let b = raw.loadUnaligned(fromByteOffset: s &+ 8, as: UInt64.self)
          UnsafeMutableRawPointer(out + cursor).storeBytes(of: a, as: UInt64.self)
          UnsafeMutableRawPointer(out + (cursor &+ 8)).storeBytes(of: b, as: UInt64.self)
          cursor &+= length
        } else {
          (out + cursor).update(from: p + s, count: length)
          cursor &+= length
        }
      }
      o[r] = Int64(cursor)
    }
    values.count = cursor
    offsets.count = (count &+ n &+ 1) &* 8
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

  /// The finished column of `count` rows.
  func finish() -> ColumnVector {
    if width > 0 { values.count = count &* width }
    var bitmap: ValidityBitmap? = nil
    if nullCount > 0 {
      // The bitmap was sized for the capacity: copy the first `count` bits into an exact one.
      let exact = ValidityBitmap(allNull: count)
      exact.words.update(from: validity.words, count: ValidityBitmap.wordCount(count))
      exact.clearTail()
      bitmap = exact
    }
    return ColumnVector(type: type.dataType, count: count, values: values, offsets: offsets, validity: bitmap)
  }
}
