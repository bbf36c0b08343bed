// FileSystem: the few directory operations COPY needs (POSIX calls).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

package enum FileSystem {
  static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  /// `mkdir -p`.
  static func makeDirectories(_ path: String) throws(EngineError) {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
      prefix += part
      if !isDirectory(prefix) {
        guard mkdir(prefix, 0o755) == 0 || errno == EEXIST else {
          throw EngineError(.io("cannot create directory \(prefix): \(String(cString: strerror(errno)))"))
        }
      }
      prefix += "/"
    }
  }

  /// Entries of a directory, without `.` and `..`.
  static func entries(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) { p in
        p.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// Deletes a file or a directory tree.
  static func removeTree(_ path: String) {
    if isDirectory(path) {
      for name in entries(path) { removeTree(path + "/" + name) }
      _ = rmdir(path)
    } else {
      _ = unlink(path)
    }
  }

  /// Makes `path` an empty directory for a partitioned COPY. A non-empty one is an error unless `overwrite`,
  /// as in DuckDB.
  static func prepareDirectory(_ path: String, overwrite: Bool) throws(EngineError) {
    if exists(path) && !isDirectory(path) {
      guard overwrite else {
        throw EngineError(.io("\(path) exists and is not a directory; add OVERWRITE to replace it"))
      }
      removeTree(path)
    }
    if isDirectory(path) && !entries(path).isEmpty {
      guard overwrite else {
        throw EngineError(.io("Directory \"\(path)\" is not empty! Enable OVERWRITE option to overwrite files"))
      }
      for name in entries(path) { removeTree(path + "/" + name) }
    }
    try makeDirectories(path)
  }
}
