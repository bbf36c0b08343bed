// Appends JSON values straight from the scanner into typed vector buffers: scalars, strings, lists and structs.
import TarnCore

/// Why a value could not be appended.
enum JSONAppendFailure: Error {
  case issue(JSONIssue)
  /// The value does not fit the column's type (or an object has a new key): the schema must widen.
  case mismatch
}

/// Builds one column (and its children) of one batch.
final class JSONColumnBuilder {
  let type: JSONColumnType
  private(set) var count = 0
  private var validity: ByteBuffer
  private var nullCount = 0
  private var values: ByteBuffer
  private var offsets: ByteBuffer?
  let children: [JSONColumnBuilder]
  // Struct keys, contiguous, for matching without making Strings.
  private let keyBytes: [UInt8]
  private let keyStarts: [Int]
  /// For each field, the last struct row that set it (to fill missing keys with nulls and catch duplicates).
  private var lastRowSet: [Int]

  init(type: JSONColumnType, capacity: Int) {
    self.type = type
    let cap = max(capacity, 16)
    validity = ByteBuffer(capacity: ValidityBitmap.wordCount(cap) * 8, zeroed: true)
    switch type {
    case .boolean: values = ByteBuffer(capacity: cap)
    case .bigint, .double: values = ByteBuffer(capacity: cap * 8)
    case .decimal: values = ByteBuffer(capacity: cap * 16)
    case .temporal(let t): values = ByteBuffer(capacity: cap * (t.dataType.fixedWidth ?? 8))
    case .varchar, .json: values = ByteBuffer(capacity: cap * 8)
    case .list, .structure: values = ByteBuffer(capacity: 0)
    }
    switch type {
    case .varchar, .json, .list:
      let o = ByteBuffer(capacity: (cap + 1) * 8)
      o.append(Int64(0))
      offsets = o
    default: offsets = nil
    }
    switch type {
    case .list(let element): children = [JSONColumnBuilder(type: element, capacity: cap)]
    case .structure(_, let types): children = types.map { JSONColumnBuilder(type: $0, capacity: cap) }
    default: children = []
    }
    var bytes: [UInt8] = []
    var starts: [Int] = [0]
    if case .structure(let keys, _) = type {
      for key in keys {
        bytes.append(contentsOf: key.utf8)
        starts.append(bytes.count)
      }
    }
    keyBytes = bytes
    keyStarts = starts
    lastRowSet = Array(repeating: -1, count: max(keyStarts.count - 1, 0))
  }

  // MARK: Rows

  @inline(__always) private func markValid() {
    let word = count >> 6
    if (word + 1) * 8 > validity.capacity { validity.reserve(max((word + 1) * 16, validity.capacity * 2)) }
    validity.count = max(validity.count, (word + 1) * 8)
    validity.pointer(UInt64.self)[word] |= 1 << UInt64(count & 63)
  }

  @inline(__always) private func closeValidRow() {
    markValid()
    closeRow()
  }

  @inline(__always) private func closeRow() {
    switch type {
    case .varchar, .json: offsets!.append(Int64(values.count))
    case .list: offsets!.append(Int64(children[0].count))
    default: break
    }
    count &+= 1
  }

  /// Appends a null row (children of a struct get nulls too).
  func appendNull() {
    let word = count >> 6
    if (word + 1) * 8 > validity.capacity { validity.reserve(max((word + 1) * 16, validity.capacity * 2)) }
    validity.count = max(validity.count, (word + 1) * 8)
    if let width = type.dataType.fixedWidth, width > 0 {
      values.reserve(additional: width)
      (values.base + values.count).initializeMemory(as: UInt8.self, repeating: 0, count: width)
      values.count &+= width
    }
    if case .structure = type { for child in children { child.appendNull() } }
    nullCount &+= 1
    closeRow()
  }

  @inline(__always) private func appendFixed<T: BitwiseCopyable>(_ value: T) {
    values.append(value)
    closeValidRow()
  }

  @inline(__always) private func appendText(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) {
    values.append(UnsafeRawBufferPointer(start: p + start, count: end - start))
    closeValidRow()
  }

  // MARK: Values

  /// Parses the value at the cursor into this column.
  func append(_ s: inout JSONScanner, depth: Int = 0) throws(JSONAppendFailure) {
    s.skipWhitespace()
    guard !s.atEnd else { throw .issue(s.issue("unexpected end of input, expected a value")) }
    let b = s.current
    if b == 110 {  // null
      do { try s.literal("null") } catch { throw .issue(error) }
      appendNull()
      return
    }
    do {
      switch type {
      case .json:
        let range = try s.skipValue(depth: depth)
        appendText(s.p, range.start, range.end)
      case .structure:
        guard b == 123 else { throw JSONAppendFailure.mismatch }
        try appendObject(&s, depth: depth)
      case .list:
        guard b == 91 else { throw JSONAppendFailure.mismatch }
        try appendArray(&s, depth: depth)
      case .varchar:
        switch b {
        case 34:
          let (start, end, hasEscapes) = try s.string()
          if hasEscapes {
            values.reserve(additional: end - start)
            let n = JSONScanner.unescape(s.p, start, end, into: values.pointer(UInt8.self) + values.count)
            values.count &+= n
            closeValidRow()
          } else {
            appendText(s.p, start, end)
          }
        case 123, 91: throw JSONAppendFailure.mismatch
        case 116:
          try s.literal("true")
          appendText(s.p, s.position - 4, s.position)
        case 102:
          try s.literal("false")
          appendText(s.p, s.position - 5, s.position)
        default:
          let (start, end) = try s.number()
          appendText(s.p, start, end)
        }
      case .boolean:
        if b == 116 {
          try s.literal("true")
          appendFixed(UInt8(1))
        } else if b == 102 {
          try s.literal("false")
          appendFixed(UInt8(0))
        } else {
          throw JSONAppendFailure.mismatch
        }
      case .bigint:
        guard b == 45 || NumberText.isDigit(b) else { throw JSONAppendFailure.mismatch }
        let (start, end) = try s.number()
        guard let v = NumberText.parseInt64(s.p, start, end) else { throw JSONAppendFailure.mismatch }
        appendFixed(v)
      case .double:
        guard b == 45 || NumberText.isDigit(b) else { throw JSONAppendFailure.mismatch }
        let (start, end) = try s.number()
        guard let v = NumberText.parseDouble(s.p, start, end) else { throw JSONAppendFailure.mismatch }
        appendFixed(v)
      case .decimal(let scale):
        guard b == 45 || NumberText.isDigit(b) else { throw JSONAppendFailure.mismatch }
        let (start, end) = try s.number()
        guard let v = NumberText.parseDecimal(s.p, start, end, scale: scale) else { throw JSONAppendFailure.mismatch }
        appendFixed(v)
      case .temporal(let t):
        guard b == 34 else { throw JSONAppendFailure.mismatch }
        let (start, end, hasEscapes) = try s.string()
        guard !hasEscapes else { throw JSONAppendFailure.mismatch }
        switch t {
        case .date:
          guard let days = TemporalText.parseDate(s.p, start, end) else { throw JSONAppendFailure.mismatch }
          appendFixed(days)
        case .time:
          guard let micros = TemporalText.parseTime(s.p, start, end) else { throw JSONAppendFailure.mismatch }
          appendFixed(micros)
        case .timestamp(let ns), .timestampTZ(let ns):
          guard let ts = TemporalText.parseTimestamp(s.p, start, end) else { throw JSONAppendFailure.mismatch }
          let isTZ: Bool
          if case .timestampTZ = t { isTZ = true } else { isTZ = false }
          guard (ts.offsetSeconds != nil) == isTZ else { throw JSONAppendFailure.mismatch }
          let ticks = ns ? ts.nanoseconds : (ts.hasSubMicroseconds ? nil : ts.microseconds)
          guard let ticks else { throw JSONAppendFailure.mismatch }
          appendFixed(ticks)
        default:
          throw JSONAppendFailure.mismatch
        }
      }
    } catch let failure as JSONAppendFailure {
      throw failure
    } catch let issue as JSONIssue {
      throw .issue(issue)
    } catch {
      throw .issue(s.issue("\(error)"))
    }
  }

  private func appendArray(_ s: inout JSONScanner, depth: Int) throws(JSONAppendFailure) {
    guard depth < 512 else { throw .issue(s.issue("nesting deeper than 512")) }
    s.position &+= 1
    let element = children[0]
    s.skipWhitespace()
    if !s.atEnd, s.current == 93 {
      s.position &+= 1
      closeValidRow()
      return
    }
    while true {
      try element.append(&s, depth: depth + 1)
      s.skipWhitespace()
      guard !s.atEnd else { throw .issue(s.issue("unexpected end of input in an array")) }
      if s.current == 44 {
        s.position &+= 1
        continue
      }
      guard s.current == 93 else { throw .issue(s.issue("expected ',' or ']'")) }
      s.position &+= 1
      closeValidRow()
      return
    }
  }

  /// The field whose key is `[start, end)` (unescaped when it has escapes), trying `guess` first.
  @inline(__always)
  private func field(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, guess: Int) -> Int? {
    let length = end - start
    let fields = lastRowSet.count
    return keyBytes.withUnsafeBufferPointer { keys -> Int? in
      func matches(_ f: Int) -> Bool {
        let ks = keyStarts[f]
        guard keyStarts[f + 1] - ks == length else { return false }
        var k = 0
        while k < length, keys[ks + k] == p[start + k] { k += 1 }
        return k == length
      }
      if guess < fields, matches(guess) { return guess }
      for f in 0..<fields where f != guess && matches(f) { return f }
      return nil
    }
  }

  private func appendObject(_ s: inout JSONScanner, depth: Int) throws(JSONAppendFailure) {
    guard depth < 512 else { throw .issue(s.issue("nesting deeper than 512")) }
    s.position &+= 1
    let row = count
    var ordinal = 0
    s.skipWhitespace()
    if !s.atEnd, s.current == 125 {
      s.position &+= 1
    } else {
      while true {
        s.skipWhitespace()
        guard !s.atEnd, s.current == 34 else { throw .issue(s.issue("expected a key")) }
        let keyStart = s.position
        let key: (start: Int, end: Int, hasEscapes: Bool)
        do { key = try s.string() } catch { throw .issue(error) }
        var index: Int?
        if key.hasEscapes {
          let text: [UInt8] = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(key.end - key.start, 1)) {
            let n = JSONScanner.unescape(s.p, key.start, key.end, into: $0.baseAddress!)
            return Array($0[0..<n])
          }
          index = text.withUnsafeBufferPointer { field($0.baseAddress!, 0, $0.count, guess: ordinal) }
        } else {
          index = field(s.p, key.start, key.end, guess: ordinal)
        }
        guard let index else { throw .mismatch }  // a key the schema does not have
        guard lastRowSet[index] != row else { throw .issue(s.issue("duplicate key", at: keyStart)) }
        lastRowSet[index] = row
        do { try s.expect(58, "':'") } catch { throw .issue(error) }
        try children[index].append(&s, depth: depth + 1)
        ordinal += 1
        s.skipWhitespace()
        guard !s.atEnd else { throw .issue(s.issue("unexpected end of input in an object")) }
        if s.current == 44 {
          s.position &+= 1
          continue
        }
        guard s.current == 125 else { throw .issue(s.issue("expected ',' or '}'")) }
        s.position &+= 1
        break
      }
    }
    if ordinal < children.count {
      for (f, child) in children.enumerated() where lastRowSet[f] != row { child.appendNull() }
    }
    markValid()
    count &+= 1
  }

  /// Closes a row of a struct whose fields were appended directly (the one-column `json` wrapper).
  func closeWrapperRow() {
    markValid()
    count &+= 1
  }

  // MARK: Finish

  func finish() -> ColumnVector {
    var bitmap: ValidityBitmap? = nil
    if nullCount > 0 {
      let b = ValidityBitmap(allNull: count)
      let words = ValidityBitmap.wordCount(count)
      b.words.update(from: validity.pointer(UInt64.self), count: min(words, validity.count / 8))
      b.clearTail()
      bitmap = b
    }
    return ColumnVector(
      type: type.dataType, count: count, values: values, offsets: offsets, validity: bitmap,
      children: children.map { $0.finish() })
  }
}
