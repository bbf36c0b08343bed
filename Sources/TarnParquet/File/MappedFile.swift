// A read-only memory map of a whole file: pages are decoded straight out of it, without copies.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TarnCore

/// The bytes of a file, mapped for the lifetime of this object.
public final class MappedFile: @unchecked Sendable {
  public let path: String
  // Safe: `base` maps (or owns) `count` readable bytes until deinit; nothing writes through it.
  let base: UnsafeRawPointer?
  public let count: Int
  private let isOwned: Bool

  /// An in-memory file holding a copy of `bytes`, named `path` in errors (for tests and fuzzing).
  public init(copying bytes: [UInt8], path: String) {
    self.path = path
    count = bytes.count
    isOwned = true
    let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
    bytes.withUnsafeBytes { if let source = $0.baseAddress { memory.copyMemory(from: source, byteCount: $0.count) } }
    base = UnsafeRawPointer(memory)
  }

  /// A pipe or FIFO is mapped from the regular copy made at its first open (`PipeSpool`), which a format check may
  /// already have made.
  public init(path: String) throws(ParquetError) {
    self.path = path
    isOwned = false
    let fd: Int32
    do { fd = try PipeSpool.openForReading(path) } catch {
      throw ParquetError(.io(Self.describe(error.code, error.action))).at(file: path)
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw ParquetError(.io(Self.describe(errno, "cannot stat"))).at(file: path) }
    guard (info.st_mode & S_IFMT) == S_IFREG else { throw ParquetError(.io("not a regular file")).at(file: path) }
    count = Int(info.st_size)
    if count == 0 {
      base = nil
      return
    }
    let mapping = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
    guard let mapping, mapping != MAP_FAILED else {
      throw ParquetError(.io(Self.describe(errno, "cannot map"))).at(file: path)
    }
    base = UnsafeRawPointer(mapping)
  }

  deinit {
    guard let base else { return }
    if isOwned { base.deallocate() } else { munmap(UnsafeMutableRawPointer(mutating: base), count) }
  }

  /// Unmaps the whole pages under `range` from this process once they have been decoded (MADV_DONTNEED). The page
  /// cache keeps them, and a later read faults them back in with the same bytes (the mapping is private and never
  /// written), so this only keeps resident memory from growing with every row group read: mapped file pages count
  /// in the process's RSS. Only advice; a no-op for in-memory files and small ranges.
  public func release(_ range: UnsafeRawBufferPointer) {
    #if os(Linux)
    guard !isOwned, let start = range.baseAddress, range.count > 1 << 20 else { return }
    let pageSize = 4096
    let first = (UInt(bitPattern: start) + UInt(pageSize - 1)) & ~UInt(pageSize - 1)
    let end = (UInt(bitPattern: start) + UInt(range.count)) & ~UInt(pageSize - 1)
    guard end > first else { return }
    _ = madvise(UnsafeMutableRawPointer(bitPattern: first), Int(end - first), 4)  // MADV_DONTNEED
    #endif
  }

  /// All the file's bytes.
  public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

  /// The bytes in `[offset, offset + length)`, or a `.truncated`/`.corrupt` error if that range is not in the file.
  public func slice(offset: Int64, length: Int64, what: String) throws(ParquetError) -> UnsafeRawBufferPointer {
    guard offset >= 0, length >= 0 else {
      throw ParquetError(.corrupt("\(what) has a negative offset or length (\(offset), \(length))"))
    }
    guard offset <= Int64(count), length <= Int64(count) - offset else {
      throw ParquetError(.corrupt("\(what) at offset \(offset) with length \(length) ends past the file (\(count) bytes)"))
    }
    return UnsafeRawBufferPointer(rebasing: bytes[Int(offset)..<Int(offset + length)])
  }

  static func describe(_ code: Int32, _ action: String) -> String {
    "\(action): " + (strerror(code).map { String(cString: $0) } ?? "error \(code)")
  }
}
