// PipeSpool: a pipe or FIFO input copied once into an unlinked temporary file, so every reader sees all of it.
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Inputs are opened more than once: to detect the format, to sniff, to read, and again to re-read after a type
/// widens. A regular file gives every open all its bytes; a pipe (`<(zcat …)`, a FIFO, `/dev/stdin`) gives each
/// open only what the ones before left, so the second open silently lost the sniffed rows. The first open of a
/// non-regular input therefore copies it whole into a temporary file (unlinked at once, so nothing is left behind),
/// and every open of that path, this one included, reads the copy through `/proc/self/fd`. The text readers
/// (`InputFile`) and the Parquet reader (`MappedFile`) both open their inputs with `openForReading`.
public enum PipeSpool {
  /// A system call that failed: what was being done, and its `errno`.
  public struct Failure: Error, Sendable {
    public let action: String
    public let code: Int32
  }

  /// The copy's descriptor (kept open for the process's life) per spooled path.
  private static let spooled = Mutex<[String: Int32]>([:])

  /// A new read-only descriptor for `path`: the file itself when it is a regular file or a folder (the caller rejects
  /// folders), else one reading its copy, made now or at an earlier open. A path spooled before is not opened again:
  /// opening a FIFO whose writer is gone would wait for a new writer forever.
  public static func openForReading(_ path: String) throws(Failure) -> Int32 {
    #if os(Linux)
    if let copy = spooled.withLock({ $0[path] }) { return try reopen(copy) }
    #endif
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw Failure(action: "cannot open", code: errno) }
    #if os(Linux)
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let code = errno
      close(fd)
      throw Failure(action: "cannot stat", code: code)
    }
    let kind = info.st_mode & S_IFMT
    if kind != S_IFREG && kind != S_IFDIR { return try regularCopy(of: path, pipe: fd) }
    #endif
    return fd
  }

  /// A new descriptor reading the whole content of `path`, whose open descriptor `pipe` is not a regular file
  /// (consumed and closed here).
  private static func regularCopy(of path: String, pipe: Int32) throws(Failure) -> Int32 {
    let copy = try spooled.withLock { (table: inout [String: Int32]) throws(Failure) -> Int32 in
      if let known = table[path] {
        close(pipe)
        return known
      }
      let fresh = try spool(pipe)
      table[path] = fresh
      return fresh
    }
    return try reopen(copy)
  }

  private static func reopen(_ copy: Int32) throws(Failure) -> Int32 {
    let fd = open("/proc/self/fd/\(copy)", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw Failure(action: "cannot reopen the copy of a pipe", code: errno) }
    return fd
  }

  /// Copies all of `pipe` into an unlinked file under `TMPDIR` (default /tmp) and closes `pipe`.
  private static func spool(_ pipe: Int32) throws(Failure) -> Int32 {
    defer { close(pipe) }
    let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template = Array((folder + "/tarn-pipe-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw Failure(action: "cannot make a temporary copy of a pipe in \(folder)", code: errno) }
    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 64)
    defer { buffer.deallocate() }
    while true {
      let n = read(pipe, buffer, 1 << 20)
      if n == 0 { break }
      if n < 0 {
        if errno == EINTR { continue }
        let code = errno
        close(fd)
        throw Failure(action: "cannot read", code: code)
      }
      var written = 0
      while written < n {
        let w = write(fd, buffer + written, n - written)
        if w < 0 {
          if errno == EINTR { continue }
          let code = errno
          close(fd)
          throw Failure(action: "cannot copy a pipe to a temporary file in \(folder)", code: code)
        }
        written += w
      }
    }
    return fd
  }
}
