// A read-only file descriptor with sequential, positioned and rewinding reads, errors mapped to FormatError.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TarnCore

/// An open file (or pipe). Owns the descriptor and closes it on deinit.
final class InputFile: @unchecked Sendable {
  let path: String
  private let descriptor: Int32
  /// True for regular files: they can be rewound and read at an offset.
  let isSeekable: Bool
  /// Size in bytes for regular files.
  let size: Int?

  /// A pipe or FIFO is read through a regular copy made at its first open (`PipeSpool`), so it is seekable too.
  init(path: String) throws(FormatError) {
    self.path = path
    let fd: Int32
    do { fd = try PipeSpool.openForReading(path) } catch {
      throw FormatError(.io(Self.describe(error.code, error.action))).at(file: path)
    }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let code = errno
      close(fd)
      throw FormatError(.io(Self.describe(code, "cannot stat"))).at(file: path)
    }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      close(fd)
      throw FormatError(.io("is a directory")).at(file: path)
    }
    descriptor = fd
    isSeekable = (info.st_mode & S_IFMT) == S_IFREG
    size = isSeekable ? Int(info.st_size) : nil
  }

  deinit { close(descriptor) }

  /// The whole file mapped read-only, or nil when it cannot be (not a regular file, empty, or mmap fails).
  func map() -> MappedRegion? {
    guard isSeekable, let size, size > 0 else { return nil }
    guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else { return nil }
    madvise(base, size, MADV_SEQUENTIAL)
    return MappedRegion(base: UnsafeRawPointer(base), count: size)
  }

  /// Reads until `buffer` is full or the end of the file; returns the byte count (0 at the end).
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    guard let base = buffer.baseAddress else { return 0 }
    var total = 0
    while total < buffer.count {
      let n = Glibc.read(descriptor, base + total, buffer.count - total)
      if n < 0 {
        if errno == EINTR { continue }
        throw FormatError(.io(Self.describe(errno, "cannot read"))).at(file: path)
      }
      if n == 0 { break }
      total += n
    }
    InputProgress.add(total)
    return total
  }

  /// Reads up to `buffer.count` bytes at `offset` without moving the sequential position.
  func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    guard let base = buffer.baseAddress else { return 0 }
    var total = 0
    while total < buffer.count {
      let n = pread(descriptor, base + total, buffer.count - total, off_t(offset + total))
      if n < 0 {
        if errno == EINTR { continue }
        throw FormatError(.io(Self.describe(errno, "cannot read"))).at(file: path)
      }
      if n == 0 { break }
      total += n
    }
    return total
  }

  /// Moves the sequential position back to the start.
  func rewind() throws(FormatError) {
    guard isSeekable, lseek(descriptor, 0, SEEK_SET) == 0 else {
      throw FormatError(.unsupported("cannot re-read a non-seekable input (pipe or stream)")).at(file: path)
    }
  }

  static func describe(_ code: Int32, _ action: String) -> String {
    "\(action): " + (strerror(code).map { String(cString: $0) } ?? "error \(code)")
  }
}

/// A read-only memory map, unmapped when the last block using it is gone.
public final class MappedRegion: @unchecked Sendable {
  // Safe: `base` maps `count` readable bytes until deinit; nothing writes through it.
  public let base: UnsafeRawPointer
  public let count: Int

  init(base: UnsafeRawPointer, count: Int) {
    self.base = base
    self.count = count
  }

  deinit { munmap(UnsafeMutableRawPointer(mutating: base), count) }

  public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
