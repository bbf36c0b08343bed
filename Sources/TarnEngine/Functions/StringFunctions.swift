// String functions: length, case, substrings, trimming, padding, searching, concatenation and LIKE/ILIKE.
import TarnCore
#if canImport(Glibc)
import Glibc
#endif

enum StringFunctions {
  static func register(_ t: inout [String: FunctionBinder]) {
    func unaryString(_ names: [String], _ f: @escaping (UnsafeRawBufferPointer, inout StringColumnWriter) -> Void) {
      for name in names {
        t[name] = binder { a in
          guard a.count == 1, a.types[0] == .string || a.types[0] == .null else { return nil }
          return FunctionChoice([.string], .string) { args, _ in Kernels.mapStrings(args[0], f) }
        }
      }
    }
    // ASCII rows take the byte loop; a row with any non-ASCII byte goes through Unicode case mapping.
    unaryString(["lower", "lcase"]) { b, w in
      if b.contains(where: { $0 >= 0x80 }) { w.append(String(decoding: b, as: UTF8.self).lowercased()); return }
      for c in b { w.append(byte: c >= 65 && c <= 90 ? c | 0x20 : c) }
      w.closeRow()
    }
    unaryString(["upper", "ucase"]) { b, w in
      if b.contains(where: { $0 >= 0x80 }) { w.append(String(decoding: b, as: UTF8.self).uppercased()); return }
      for c in b { w.append(byte: c >= 97 && c <= 122 ? c & 0xDF : c) }
      w.closeRow()
    }
    unaryString(["reverse"]) { b, w in
      let s = String(decoding: b, as: UTF8.self)
      w.append(String(s.reversed()))
    }
    for name in ["length", "char_length", "character_length", "len"] {
      t[name] = binder { a in
        guard a.count == 1 else { return nil }
        if case .list = a.types[0] {
          return FunctionChoice([a.types[0]], .int64) { args, _ throws(EngineError) in
            let v = args[0]
            return try Kernels.rows([v], count: v.count, type: .int64) { i, b throws(EngineError) in b.append(Int64(v.range(at: i).count)); return true }
          }
        }
        guard a.types[0] == .string else { return nil }
        return FunctionChoice([.string], .int64) { args, _ in
          Kernels.stringsTo(args[0], .int64) { b in Int64(utf8CharacterCount(b)) }
        }
      }
    }
    for name in ["strlen", "octet_length"] {
      t[name] = binder { a in
        guard a.count == 1, a.types[0] == .string || a.types[0] == .binary || (name == "octet_length" && a.types[0] == .null) else { return nil }
        let type = a.types[0] == .null ? DataType.binary : a.types[0]
        return FunctionChoice([type], .int64) { args, _ in Kernels.stringsTo(args[0], .int64) { b in Int64(b.count) } }
      }
    }
    // substr/left/right cut the bytes at code-point boundaries: no String per row (DuckDB counts code points).
    for name in ["substr", "substring"] {
      t[name] = binder { a in
        guard a.count == 2 || a.count == 3, a.types[0] == .string else { return nil }
        return FunctionChoice([.string] + Array(repeating: DataType.int64, count: a.count - 1), .string) { args, n throws(EngineError) in
          byteRangeRows(args, n) { b, i in
            let start = Int(args[1].value(at: i, as: Int64.self))
            let length = args.count == 3 ? Int(args[2].value(at: i, as: Int64.self)) : Int.max / 4
            return substring(codePoints: utf8CharacterCount(b), start, length)
          }
        }
      }
    }
    t["left"] = binder { a in
      guard a.count == 2, a.types[0] == .string else { return nil }
      return FunctionChoice([.string, .int64], .string) { args, n throws(EngineError) in
        byteRangeRows(args, n) { b, i in
          let count = utf8CharacterCount(b)
          let k = Int(min(max(args[1].value(at: i, as: Int64.self), -Int64(count)), Int64(count)))  // no overflow at Int64.min
          return 0..<(k >= 0 ? k : count + k)
        }
      }
    }
    t["right"] = binder { a in
      guard a.count == 2, a.types[0] == .string else { return nil }
      return FunctionChoice([.string, .int64], .string) { args, n throws(EngineError) in
        byteRangeRows(args, n) { b, i in
          let count = utf8CharacterCount(b)
          let k = Int(min(max(args[1].value(at: i, as: Int64.self), -Int64(count)), Int64(count)))  // no overflow at Int64.min
          return (k >= 0 ? count - k : -k)..<count
        }
      }
    }
    for (name, side) in [("trim", 3), ("ltrim", 1), ("rtrim", 2)] {
      t[name] = binder { a in
        guard a.count == 1 || a.count == 2, a.types.allSatisfy({ $0 == .string }) else { return nil }
        return FunctionChoice(a.types, .string) { args, n throws(EngineError) in
          textRows(args, n) { s, i in
            let set = args.count == 2 ? Set(args[1].string(at: i)) : [" "]
            var chars = Substring(s)
            if side & 1 != 0 { chars = chars.drop(while: { set.contains($0) }) }
            if side & 2 != 0 { while let last = chars.last, set.contains(last) { chars = chars.dropLast() } }
            return String(chars)
          }
        }
      }
    }
    for (name, isLeft) in [("lpad", true), ("rpad", false)] {
      t[name] = binder { a in
        guard a.count == 3, a.types[0] == .string else { return nil }
        return FunctionChoice([.string, .int64, .string], .string) { args, n throws(EngineError) in
          try rejectHugeResults(args[1], name) { _, width in width }
          return textRows(args, n) { s, i in
            let width = Int(args[1].value(at: i, as: Int64.self))
            let fill = Array(args[2].string(at: i))
            var chars = Array(s)
            if chars.count >= width { return String(chars.prefix(max(width, 0))) }
            guard !fill.isEmpty else { return s }
            var pad: [Character] = []
            while pad.count < width - chars.count { pad.append(fill[pad.count % fill.count]) }
            chars = isLeft ? pad + chars : chars + pad
            return String(chars)
          }
        }
      }
    }
    t["concat"] = binder { a in
      guard a.count >= 1 else { return nil }
      return FunctionChoice(Array(repeating: .string, count: a.count), .string) { args, n throws(EngineError) in
        // NULL arguments are skipped, unlike ||.
        var w = StringColumnWriter(capacity: n, bytes: n * 16)
        for i in 0..<n {
          for v in args where !v.isNull(i) { w.bytes.append(v.stringBytes(i)) }
          w.closeRow()
        }
        return w.finish(validity: nil)
      }
    }
    t["||"] = binder { a in
      guard a.count == 2 else { return nil }
      if case .list(let e) = a.types[0], a.types[1] == a.types[0] {
        return FunctionChoice(a.types, a.types[0]) { args, n throws(EngineError) in
          var b = VectorBuilder(type: .list(e), capacity: n)
          for i in 0..<n {
            if args[0].isNull(i) || args[1].isNull(i) { b.appendNull(); continue }
            for v in args { for r in v.range(at: i) { b.children[0].append(from: v.children[0], row: r) } }
            b.closeListRow()
          }
          return b.finish()
        }
      }
      return FunctionChoice([.string, .string], .string) { args, n throws(EngineError) in
        var w = StringColumnWriter(capacity: n, bytes: args[0].values.count + args[1].values.count)
        for i in 0..<n {
          w.bytes.append(args[0].stringBytes(i))
          w.bytes.append(args[1].stringBytes(i))
          w.closeRow()
        }
        return w.finish(validity: Kernels.validity(args, count: n))
      }
    }
    t["split_part"] = binder { a in
      guard a.count == 3 else { return nil }
      return FunctionChoice([.string, .string, .int64], .string) { args, n throws(EngineError) in
        let separators = VectorFactory.flatten(args[1])
        return byteSliceRows(args, n) { b, i in
          splitPart(b, separator: separators.stringBytes(i), Int(args[2].value(at: i, as: Int64.self)))
        }
      }
    }
    func predicate(_ names: [String], _ f: @escaping (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) {
      for name in names {
        t[name] = binder { a in
          guard a.count == 2, a.types.allSatisfy({ $0 == .string || $0 == .null }) else { return nil }
          return FunctionChoice([.string, .string], .boolean) { args, n throws(EngineError) in
            let out = ByteBuffer(capacity: max(n, 1))
            out.count = n
            let d = out.pointer(UInt8.self)
            for i in 0..<n { d[i] = Kernels.bit(f(args[0].stringBytes(i), args[1].stringBytes(i))) }
            return ColumnVector(type: .boolean, count: n, values: out, validity: Kernels.validity(args, count: n))
          }
        }
      }
    }
    predicate(["starts_with", "prefix"]) { s, p in p.count <= s.count && (p.count == 0 || memcmp(s.baseAddress!, p.baseAddress!, p.count) == 0) }
    predicate(["ends_with", "suffix"]) { s, p in
      p.count <= s.count && (p.count == 0 || memcmp(s.baseAddress! + (s.count - p.count), p.baseAddress!, p.count) == 0)
    }
    predicate(["contains"]) { s, p in find(p, in: s) != nil }
    predicate(["~~"]) { s, p in LikeMatcher.matches(s, p, escape: nil, caseInsensitive: false) }
    predicate(["!~~"]) { s, p in !LikeMatcher.matches(s, p, escape: nil, caseInsensitive: false) }
    predicate(["~~*"]) { s, p in LikeMatcher.matches(s, p, escape: nil, caseInsensitive: true) }
    predicate(["!~~*"]) { s, p in !LikeMatcher.matches(s, p, escape: nil, caseInsensitive: true) }
    for (name, negated, ci) in [("like_escape", false, false), ("not_like_escape", true, false), ("ilike_escape", false, true), ("not_ilike_escape", true, true)] {
      t[name] = binder { a in
        guard a.count == 3 else { return nil }
        return FunctionChoice([.string, .string, .string], .boolean) { args, n throws(EngineError) in
          var out = VectorBuilder(type: .boolean, capacity: n)
          for i in 0..<n {
            if args.contains(where: { $0.isNull(i) }) { out.appendNull(); continue }
            let e = args[2].stringBytes(i)
            guard e.count <= 1 else { throw EngineError(.invalidInput("Invalid escape string. Escape string must be empty or one character.")) }
            out.append(LikeMatcher.matches(args[0].stringBytes(i), args[1].stringBytes(i), escape: e.first, caseInsensitive: ci) != negated)
          }
          return out.finish()
        }
      }
    }
    for name in ["strpos", "instr", "position"] {
      t[name] = binder { a in
        guard a.count == 2 else { return nil }
        return FunctionChoice([.string, .string], .int64) { args, n throws(EngineError) in
          try Kernels.rows(args, count: n, type: .int64) { i, b throws(EngineError) in
            let s = args[0].stringBytes(i)
            if let at = find(args[1].stringBytes(i), in: s) {
              b.append(Int64(utf8CharacterCount(UnsafeRawBufferPointer(rebasing: s[0..<at])) + 1))
            } else {
              b.append(Int64(0))
            }
            return true
          }
        }
      }
    }
    t["replace"] = binder { a in
      guard a.count == 3 else { return nil }
      return FunctionChoice([.string, .string, .string], .string) { args, n throws(EngineError) in
        // Over bytes: copy the runs between matches and the replacement, no String per row.
        let text = VectorFactory.flatten(args[0]), pattern = VectorFactory.flatten(args[1]), with = VectorFactory.flatten(args[2])
        let validity = Kernels.validity(args, count: n)
        var w = StringColumnWriter(capacity: n, bytes: text.values.count)
        for i in 0..<n {
          if let validity, !validity.isValid(i) { w.closeRow(); continue }
          let b = text.stringBytes(i), from = pattern.stringBytes(i), to = with.stringBytes(i)
          let m = from.count
          var runStart = 0, at = 0
          while m > 0 && at + m <= b.count {
            if b[at] == from[0] && memcmp(b.baseAddress! + at, from.baseAddress!, m) == 0 {
              w.bytes.append(UnsafeRawBufferPointer(rebasing: b[runStart..<at]))
              w.bytes.append(to)
              at += m
              runStart = at
            } else {
              at += 1
            }
          }
          w.bytes.append(UnsafeRawBufferPointer(rebasing: b[runStart..<b.count]))
          w.closeRow()
        }
        return w.finish(validity: validity)
      }
    }
    t["repeat"] = binder { a in
      guard a.count == 2 else { return nil }
      return FunctionChoice([.string, .int64], .string) { args, n throws(EngineError) in
        let text = VectorFactory.flatten(args[0])
        try rejectHugeResults(args[1], "repeat") { i, count in count.multipliedReportingOverflow(by: Int64(text.stringBytes(i).count)).partialValue }
        return repeatRows(text, VectorFactory.flatten(args[1]), n)
      }
    }
    t["string_split"] = binder { a in
      guard a.count == 2 else { return nil }
      let type = DataType.list(Field("element", .string))
      return FunctionChoice([.string, .string], type) { args, n throws(EngineError) in
        try Kernels.rows(args, count: n, type: type) { i, b throws(EngineError) in
          let sep = args[1].string(at: i)
          for part in sep.isEmpty ? args[0].string(at: i).map(String.init) : args[0].string(at: i).components(sep) {
            b.children[0].append(string: part)
          }
          b.closeListRow()
          return true
        }
      }
    }
    t["str_split"] = t["string_split"]
  }

  /// Row-wise String → String for functions whose per-row work is character-level (substr, pad):
  /// a `String` per row here is acceptable until these get byte kernels (issue #6).
  static func textRows(_ args: [ColumnVector], _ n: Int, _ f: (String, Int) -> String) -> ColumnVector {
    var w = StringColumnWriter(capacity: n, bytes: args[0].values.count)
    let validity = Kernels.validity(args, count: n)
    for i in 0..<n {
      if let validity, !validity.isValid(i) { w.closeRow(); continue }
      w.append(f(args[0].string(at: i), i))
    }
    return w.finish(validity: validity)
  }

  /// `repeat(text, count)` over the bytes: each result is sized before it is written, and its memory comes from
  /// buffers (`ByteBuffer`), so a result too big for memory ends with an out-of-memory error, not a trap.
  static func repeatRows(_ text: ColumnVector, _ counts: ColumnVector, _ n: Int) -> ColumnVector {
    let validity = Kernels.validity([text, counts], count: n)
    var total = 0
    for i in 0..<n where validity?.isValid(i) ?? true {
      total &+= text.stringBytes(i).count &* max(0, Int(counts.value(at: i, as: Int64.self)))
    }
    var w = StringColumnWriter(capacity: n, bytes: total)
    for i in 0..<n {
      if validity?.isValid(i) ?? true {
        let bytes = text.stringBytes(i)
        for _ in 0..<max(0, Int(counts.value(at: i, as: Int64.self))) { w.bytes.append(bytes) }
      }
      w.closeRow()
    }
    return w.finish(validity: validity)
  }

  /// The largest string one value may become (DuckDB's limit is 4 GB; a query asking for more is a mistake).
  static let maximumResultLength: Int64 = 1 << 28

  /// Throws when `size(row, count)` of any non-NULL row with a positive count exceeds `maximumResultLength` (or
  /// overflowed).
  static func rejectHugeResults(_ counts: ColumnVector, _ name: String, _ size: (Int, Int64) -> Int64) throws(EngineError) {
    let c = VectorFactory.flatten(counts)
    for i in 0..<c.count where !c.isNull(i) {
      let count = c.value(at: i, as: Int64.self)
      guard count > 0 else { continue }  // a negative count gives '' (DuckDB)
      let bytes = size(i, count)
      if count > maximumResultLength || bytes > maximumResultLength || bytes < 0 {
        throw EngineError(.invalidInput("\(name): a result of \(count) repetitions or characters is over the \(maximumResultLength)-byte limit"))
      }
    }
  }

  /// Each row's code points `range(bytes, row)` of the first argument, copied without building a String.
  static func byteRangeRows(_ args: [ColumnVector], _ n: Int, _ range: (UnsafeRawBufferPointer, Int) -> Range<Int>) -> ColumnVector {
    byteSliceRows(args, n) { b, i in
      let r = range(b, i)
      if b.count == utf8CharacterCount(b) { return r }  // ASCII: code points are bytes
      return byteOffset(b, codePoint: r.lowerBound)..<byteOffset(b, codePoint: r.upperBound)
    }
  }

  /// Each row's bytes `range(bytes, row)` of the first argument, copied without building a String.
  static func byteSliceRows(_ args: [ColumnVector], _ n: Int, _ range: (UnsafeRawBufferPointer, Int) -> Range<Int>) -> ColumnVector {
    let text = VectorFactory.flatten(args[0])
    var w = StringColumnWriter(capacity: n, bytes: text.values.count)
    let validity = Kernels.validity(args, count: n)
    for i in 0..<n {
      if let validity, !validity.isValid(i) { w.closeRow(); continue }
      let b = text.stringBytes(i)
      w.append(UnsafeRawBufferPointer(rebasing: b[range(b, i)]))
    }
    return w.finish(validity: validity)
  }

  /// The byte range of part `k` (1-based; negative counts from the end) of `b` split at `separator`;
  /// empty when there is no such part. An empty separator splits into code points, as DuckDB.
  static func splitPart(_ b: UnsafeRawBufferPointer, separator: UnsafeRawBufferPointer, _ k: Int) -> Range<Int> {
    if separator.isEmpty {
      let count = utf8CharacterCount(b)
      let index = k > 0 ? k - 1 : count + k
      guard k != 0, index >= 0, index < count else { return 0..<0 }
      return byteOffset(b, codePoint: index)..<byteOffset(b, codePoint: index + 1)
    }
    // Two passes without allocating: count the parts (for negative k), then walk to the wanted one.
    let m = separator.count
    func nextSeparator(from start: Int) -> Int? {
      var i = start
      while i + m <= b.count {
        if b[i] == separator[0] && memcmp(b.baseAddress! + i, separator.baseAddress!, m) == 0 { return i }
        i += 1
      }
      return nil
    }
    var wanted = k
    if k < 0 {
      var parts = 1, at = 0
      while let p = nextSeparator(from: at) { parts += 1; at = p + m }
      wanted = parts + k + 1
    }
    guard wanted >= 1 else { return 0..<0 }
    var partStart = 0, part = 1
    while let p = nextSeparator(from: partStart) {
      if part == wanted { return partStart..<p }
      partStart = p + m
      part += 1
    }
    return part == wanted ? partStart..<b.count : 0..<0
  }

  /// The byte position where code point `k` starts (the length when `k` is past the end).
  static func byteOffset(_ b: UnsafeRawBufferPointer, codePoint k: Int) -> Int {
    var seen = 0
    for (i, c) in b.enumerated() where c & 0xC0 != 0x80 {
      if seen == k { return i }
      seen &+= 1
    }
    return b.count
  }

  /// DuckDB's substring as a code-point range: 1-based, negative start counts from the end, clamped.
  static func substring(codePoints n: Int, _ start: Int, _ length: Int) -> Range<Int> {
    // In 128 bits: start and length may be anywhere in Int64's range without overflowing.
    let count = Int128(n), first = Int128(start), size = Int128(length)
    var begin: Int128
    if first > 0 { begin = first - 1 } else if first == 0 { begin = 0 } else { begin = count + first }
    var end = first == 0 ? size - 1 : begin + size
    if size < 0 { end = begin; begin = begin + size }
    begin = max(0, min(count, begin))
    end = max(begin, min(count, end))
    return Int(begin)..<Int(end)
  }

  static func utf8CharacterCount(_ b: UnsafeRawBufferPointer) -> Int {
    var count = 0
    for c in b { count &+= Int(Kernels.bit(c & 0xC0 != 0x80)) }
    return count
  }

  static func find(_ needle: UnsafeRawBufferPointer, in hay: UnsafeRawBufferPointer) -> Int? {
    if needle.count == 0 { return 0 }
    if needle.count > hay.count { return nil }
    let first = needle[0]
    var i = 0
    let last = hay.count - needle.count
    while i <= last {
      if hay[i] == first && memcmp(hay.baseAddress! + i, needle.baseAddress!, needle.count) == 0 { return i }
      i += 1
    }
    return nil
  }
}

@inline(__always) func memcmp(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Int {
  ScalarOrdering.memcmpBytes(a, b, n)
}

/// SQL LIKE: `%` any run, `_` one character, optional escape; matched over bytes (UTF-8 aware for `_`).
enum LikeMatcher {
  static func matches(_ s: UnsafeRawBufferPointer, _ p: UnsafeRawBufferPointer, escape: UInt8?, caseInsensitive: Bool) -> Bool {
    @inline(__always) func fold(_ c: UInt8) -> UInt8 { caseInsensitive && c >= 65 && c <= 90 ? c | 0x20 : c }
    var si = 0, pi = 0
    var starP = -1, starS = 0
    while si < s.count {
      if pi < p.count {
        var pc = p[pi]
        var literal = false
        if let escape, pc == escape, pi + 1 < p.count { pi += 1; pc = p[pi]; literal = true }
        if !literal && pc == UInt8(ascii: "%") {
          starP = pi + 1
          starS = si
          pi += 1
          continue
        }
        if !literal && pc == UInt8(ascii: "_") {
          si += 1
          while si < s.count && s[si] & 0xC0 == 0x80 { si += 1 }
          pi += 1
          continue
        }
        if fold(pc) == fold(s[si]) {
          si += 1
          pi += 1
          continue
        }
      }
      if starP >= 0 {
        starS += 1
        si = starS
        pi = starP
        continue
      }
      return false
    }
    while pi < p.count && p[pi] == UInt8(ascii: "%") { pi += 1 }
    return pi == p.count
  }
}
