// FileGlob: expands a path with *, ? and [..] (and ** for any depth) into the sorted list of matching files.
#if canImport(Glibc)
import Glibc
#endif

enum FileGlob {
  static func hasWildcards(_ path: String) -> Bool { path.contains { $0 == "*" || $0 == "?" || $0 == "[" } }

  /// The files `pattern` names, sorted; a pattern without wildcards is returned as is when the file exists.
  static func expand(_ pattern: String) throws(EngineError) -> [String] {
    if !hasWildcards(pattern) {
      guard access(pattern, F_OK) == 0 else { throw EngineError(.io("No files found that match the pattern \"\(pattern)\"")) }
      return [pattern]
    }
    var results: [String] = []
    if pattern.contains("**") {
      // Expand `a/**/b` as `a/b`, `a/*/b`, `a/*/*/b`, … to a fixed depth.
      let parts = pattern.components("**/")
      for depth in 0..<8 {
        let middle = String(repeating: "*/", count: depth)
        results += globOnce(parts.joined(separator: middle))
      }
    } else {
      results = globOnce(pattern)
    }
    results = Array(Set(results)).sorted()
    guard !results.isEmpty else { throw EngineError(.io("No files found that match the pattern \"\(pattern)\"")) }
    return results
  }

  private static func globOnce(_ pattern: String) -> [String] {
    var g = glob_t()
    defer { globfree(&g) }
    guard glob(pattern, 0, nil, &g) == 0 else { return [] }
    var out: [String] = []
    for i in 0..<Int(g.gl_pathc) {
      if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
    }
    return out
  }
}

extension String {
  /// Splits on a multi-character separator, keeping empty parts.
  func components(_ separator: String) -> [String] {
    var parts: [String] = []
    var rest = self[...]
    while let r = rest.firstRange(of: separator) {
      parts.append(String(rest[..<r.lowerBound]))
      rest = rest[r.upperBound...]
    }
    parts.append(String(rest))
    return parts
  }
}
