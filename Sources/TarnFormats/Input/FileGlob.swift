// Expands file name patterns (`data/*.csv`, `logs/**/*.ndjson.gz`, `part-[0-9].tsv`) into sorted paths.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shell-style globbing over the file system, as DuckDB's `read_csv('dir/*.csv')` does.
///
/// `*`, `?` and `[…]` match within one path segment (via `fnmatch`); a `**` segment matches any
/// number of directories. Hidden files match only patterns that start with `.`. Results are sorted.
public enum FileGlob {
  /// True when `pattern` has glob characters (a plain path is returned as is, even if missing).
  public static func hasWildcards(_ pattern: String) -> Bool {
    pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
  }

  /// The files matching `pattern`, sorted; a pattern without wildcards is returned unchanged.
  public static func expand(_ pattern: String) throws(FormatError) -> [String] {
    guard hasWildcards(pattern) else { return [pattern] }
    let isAbsolute = pattern.hasPrefix("/")
    let segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    var results: [String] = []
    walk(base: isAbsolute ? "/" : "", segments: segments[...], into: &results)
    results.sort()
    if results.isEmpty { throw FormatError(.io("no files match '\(pattern)'")) }
    return results
  }

  /// Expands each pattern and concatenates the results.
  public static func expand(_ patterns: [String]) throws(FormatError) -> [String] {
    var all: [String] = []
    for pattern in patterns { all += try expand(pattern) }
    return all
  }

  private static func join(_ base: String, _ name: String) -> String {
    if base.isEmpty { return name }
    return base.hasSuffix("/") ? base + name : base + "/" + name
  }

  private static func entries(_ directory: String) -> [(name: String, isDirectory: Bool)] {
    guard let dir = opendir(directory.isEmpty ? "." : directory) else { return [] }
    defer { closedir(dir) }
    var list: [(String, Bool)] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
      }
      if name == "." || name == ".." { continue }
      var info = stat()
      let full = join(directory, name)
      let isDirectory = stat(full, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
      list.append((name, isDirectory))
    }
    return list
  }

  private static func isFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR
  }

  private static func walk(base: String, segments: ArraySlice<String>, into results: inout [String]) {
    guard let segment = segments.first else {
      if isFile(base) { results.append(base) }
      return
    }
    let rest = segments.dropFirst()
    if segment == "**" {
      // Zero directories, then each subdirectory recursively.
      walk(base: base, segments: rest, into: &results)
      for entry in entries(base) where entry.isDirectory && !entry.name.hasPrefix(".") {
        walk(base: join(base, entry.name), segments: segments, into: &results)
      }
      return
    }
    if !hasWildcards(segment) {
      walk(base: join(base, segment), segments: rest, into: &results)
      return
    }
    for entry in entries(base) where fnmatch(segment, entry.name, FNM_PERIOD) == 0 {
      if rest.isEmpty {
        if !entry.isDirectory { results.append(join(base, entry.name)) }
      } else if entry.isDirectory {
        walk(base: join(base, entry.name), segments: rest, into: &results)
      }
    }
  }
}
