// Regex functions: regexp_matches, regexp_extract, regexp_replace over PCRE2 with JIT, compiled once per query.
import CPCRE2
import TarnCore

/// A compiled PCRE2 pattern with its match data; owned by one bound call, freed with it.
final class CompiledRegex {
  let code: OpaquePointer
  let matchData: OpaquePointer
  let pattern: String

  init(_ pattern: String, caseInsensitive: Bool = false) throws(EngineError) {
    var errorCode: Int32 = 0
    var errorOffset: Int = 0
    var options = UInt32(PCRE2_UTF)
    if caseInsensitive { options |= UInt32(PCRE2_CASELESS) }
    let compiled = pattern.withCString { p in
      pcre2_compile_8(UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), pattern.utf8.count, options, &errorCode, &errorOffset, nil)
    }
    guard let compiled else {
      var buffer = [UInt8](repeating: 0, count: 256)
      _ = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
      let text = String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
      throw EngineError(.invalidInput("Invalid regular expression \"\(pattern)\": \(text) at offset \(errorOffset)"))
    }
    _ = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE))  // falls back to the interpreter if JIT is unavailable
    code = compiled
    matchData = pcre2_match_data_create_from_pattern_8(compiled, nil)
    self.pattern = pattern
  }

  deinit {
    pcre2_match_data_free_8(matchData)
    pcre2_code_free_8(code)
  }

  /// Matches in `subject` from `offset`; the ovector pairs on success.
  @inline(__always)
  func match(_ subject: UnsafeRawBufferPointer, from offset: Int = 0) -> UnsafeMutablePointer<Int>? {
    let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!
    let rc = pcre2_match_8(code, base, subject.count, offset, 0, matchData, nil)
    guard rc > 0 else { return nil }
    return pcre2_get_ovector_pointer_8(matchData)
  }

  var groupCount: Int {
    var count: UInt32 = 0
    pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
    return Int(count)
  }
}

/// Caches compiled patterns by text: a constant pattern compiles once per bound call.
final class RegexCache {
  private var last: CompiledRegex?
  private var lastKey = ""
  func regex(_ pattern: String, _ options: String) throws(EngineError) -> CompiledRegex {
    let key = options + "\u{0}" + pattern
    if let last, lastKey == key { return last }
    let compiled = try CompiledRegex(pattern, caseInsensitive: options.contains("i"))
    last = compiled
    lastKey = key
    return compiled
  }
}

enum RegexFunctions {
  static func register(_ t: inout [String: FunctionBinder]) {
    let matchesBinder: FunctionBinder = { a throws(EngineError) in try bindMatches(a, full: false) }
    let fullBinder: FunctionBinder = { a throws(EngineError) in try bindMatches(a, full: true) }
    let extractBinder: FunctionBinder = { a throws(EngineError) in try bindExtract(a) }
    let replaceBinder: FunctionBinder = { a throws(EngineError) in try bindReplace(a) }
    t["regexp_matches"] = matchesBinder
    t["regexp_full_match"] = fullBinder
    t["regexp_extract"] = extractBinder
    t["regexp_replace"] = replaceBinder
  }

  static func anchored(_ p: String, _ full: Bool) -> String { full ? "^(?:" + p + ")$" : p }

  static func bindMatches(_ a: FunctionArguments, full: Bool) throws(EngineError) -> FunctionChoice? {
    guard a.count == 2 || a.count == 3, allStrings(a.types) else { return nil }
    if let p = a.constantString(1) { try validate(anchored(p, full)) }
    let cache = RegexCache()
    let types = [DataType](repeating: .string, count: a.count)
    return FunctionChoice(types, .boolean) { args, n throws(EngineError) in try matches(args, n, cache, full: full) }
  }

  static func bindExtract(_ a: FunctionArguments) throws(EngineError) -> FunctionChoice? {
    guard a.count >= 2 && a.count <= 4, a.types[0] == .string || a.types[0] == .null else { return nil }
    if let p = a.constantString(1) { try validate(p) }
    let cache = RegexCache()
    var types: [DataType] = [.string, .string]
    if a.count >= 3 { types.append(.int64) }
    if a.count == 4 { types.append(.string) }
    return FunctionChoice(types, .string) { args, n throws(EngineError) in try extract(args, n, cache) }
  }

  static func bindReplace(_ a: FunctionArguments) throws(EngineError) -> FunctionChoice? {
    guard a.count == 3 || a.count == 4, a.types[0] == .string || a.types[0] == .null else { return nil }
    if let p = a.constantString(1) { try validate(p) }
    let cache = RegexCache()
    let types = [DataType](repeating: .string, count: a.count)
    return FunctionChoice(types, .string) { args, n throws(EngineError) in try replace(args, n, cache) }
  }

  static let unset = Int(bitPattern: UInt.max)

  /// Compiles a constant pattern at bind time so a bad regex fails before any row is read.
  static func validate(_ pattern: String?) throws(EngineError) {
    guard let pattern else { return }
    let compiled = try CompiledRegex(pattern)
    withExtendedLifetime(compiled) {}
  }

  static func matches(_ args: [ColumnVector], _ n: Int, _ cache: RegexCache, full: Bool) throws(EngineError) -> ColumnVector {
    var b = VectorBuilder(type: .boolean, capacity: n)
    for i in 0..<n {
      if args.contains(where: { $0.isNull(i) }) { b.appendNull(); continue }
      let p = args[1].string(at: i)
      let re = try cache.regex(anchored(p, full), args.count == 3 ? args[2].string(at: i) : "")
      b.append(re.match(args[0].stringBytes(i)) != nil)
    }
    return b.finish()
  }

  static func extract(_ args: [ColumnVector], _ n: Int, _ cache: RegexCache) throws(EngineError) -> ColumnVector {
    var b = VectorBuilder(type: .string, capacity: n)
    for i in 0..<n {
      if args.contains(where: { $0.isNull(i) }) { b.appendNull(); continue }
      let re = try cache.regex(args[1].string(at: i), args.count == 4 ? args[3].string(at: i) : "")
      let group = args.count >= 3 ? Int(args[2].value(at: i, as: Int64.self)) : 0
      guard group >= 0, group <= re.groupCount else {
        throw EngineError(.invalidInput("Pattern has fewer than \(group) capture groups"))
      }
      let s = args[0].stringBytes(i)
      if let ov = re.match(s), ov[2 * group] != unset {
        b.append(bytes: UnsafeRawBufferPointer(rebasing: s[ov[2 * group]..<ov[2 * group + 1]]))
      } else {
        b.append(string: "")
      }
    }
    return b.finish()
  }

  static func replace(_ args: [ColumnVector], _ n: Int, _ cache: RegexCache) throws(EngineError) -> ColumnVector {
    var b = VectorBuilder(type: .string, capacity: n)
    for i in 0..<n {
      if args.contains(where: { $0.isNull(i) }) { b.appendNull(); continue }
      let options = args.count == 4 ? args[3].string(at: i) : ""
      let re = try cache.regex(args[1].string(at: i), options)
      let global = options.contains("g")
      let s = args[0].stringBytes(i)
      let replacement = Array(args[2].stringBytes(i))
      var out: [UInt8] = []
      var position = 0
      while position <= s.count, let ov = re.match(s, from: position) {
        let (start, end) = (ov[0], ov[1])
        out += s[position..<start]
        var k = 0
        while k < replacement.count {
          let c = replacement[k]
          if c == UInt8(ascii: "\\"), k + 1 < replacement.count, replacement[k + 1] >= 48, replacement[k + 1] <= 57 {
            let g = Int(replacement[k + 1] - 48)
            if g <= re.groupCount, ov[2 * g] != unset { out += s[ov[2 * g]..<ov[2 * g + 1]] }
            k += 2
          } else {
            out.append(c)
            k += 1
          }
        }
        if end == start {
          if start < s.count { out.append(s[start]) }
          position = start + 1
        } else {
          position = end
        }
        if !global { break }
      }
      if position < s.count { out += s[position...] }
      out.withUnsafeBytes { b.append(bytes: $0) }
    }
    return b.finish()
  }
}

/// True when every type is VARCHAR or NULL.
func allStrings(_ types: [DataType]) -> Bool {
  for t in types where t != .string && t != .null { return false }
  return true
}
