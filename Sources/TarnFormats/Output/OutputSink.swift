// Where writers send their bytes: a file descriptor (stdout, a file) written with write(2), or memory.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TarnCore

/// Receives a writer's output in chunks, in order.
public protocol OutputSink: AnyObject {
  /// Writes all of `bytes` or throws.
  func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError)
}

extension OutputSink {
  /// Writes all of `bytes` or throws.
  public func write(contentsOf bytes: [UInt8]) throws(OutputError) {
    // Array.withUnsafeBytes is untyped-rethrows, so carry the error out by hand.
    var failure: OutputError? = nil
    bytes.withUnsafeBytes { raw in
      do throws(OutputError) { try write(raw) } catch { failure = error }
    }
    if let failure { throw failure }
  }
}

/// Writes to a file descriptor with `write(2)`, retrying after partial writes and `EINTR`.
public final class FileOutputSink: OutputSink {
  /// -1 once closed: the number may already belong to a file opened since, which a late write must not touch.
  public private(set) var descriptor: Int32
  /// The path for error messages, or `fd N`.
  public let destination: String
  private var ownsDescriptor: Bool

  /// Writes to a descriptor opened elsewhere; `close()` and deinit leave it open.
  public init(descriptor: Int32) {
    self.descriptor = descriptor
    destination = "fd \(descriptor)"
    ownsDescriptor = false
  }

  /// Creates or truncates the file at `path` (mode 0644) and owns its descriptor. A `temporary` file (written to be
  /// renamed into place) is noted in `TemporaryFiles` while this sink lives, so a signal or memory running out
  /// removes it; its owner renames or removes it before letting the sink go.
  public init(path: String, temporary: Bool = false) throws(OutputError) {
    let entry = temporary ? TemporaryFiles.register(path) : nil
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      let code = errno
      TemporaryFiles.unregister(entry)
      throw OutputError(.system(call: "open", errno: code), destination: path)
    }
    descriptor = fd
    destination = path
    ownsDescriptor = true
    temporaryEntry = entry
  }

  private var temporaryEntry: TemporaryFiles.Entry? = nil

  /// Standard output (descriptor 1), not owned.
  public static func standardOutput() -> FileOutputSink { FileOutputSink(descriptor: 1) }

  public func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
    guard var next = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
      #if canImport(Darwin)
      let written = Darwin.write(descriptor, next, remaining)
      #elseif canImport(Musl)
      let written = Musl.write(descriptor, next, remaining)
      #else
      let written = Glibc.write(descriptor, next, remaining)
      #endif
      if written < 0 {
        let code = errno
        if code == EINTR || code == EAGAIN { continue }
        throw OutputError(.system(call: "write", errno: code), destination: destination)
      }
      next += written
      remaining -= written
    }
  }

  /// Closes the descriptor if this sink opened it. Later writes fail with `EBADF`.
  public func close() throws(OutputError) {
    guard ownsDescriptor else { return }
    ownsDescriptor = false
    #if canImport(Darwin)
    let result = Darwin.close(descriptor)
    #elseif canImport(Musl)
    let result = Musl.close(descriptor)
    #else
    let result = Glibc.close(descriptor)
    #endif
    descriptor = -1
    // EINTR after close(2) on Linux still released the descriptor: retrying could close another file.
    if result != 0, errno != EINTR {
      throw OutputError(.system(call: "close", errno: errno), destination: destination)
    }
  }

  deinit {
    if ownsDescriptor { _ = try? close() }
    TemporaryFiles.unregister(temporaryEntry)
  }
}

/// Collects output in memory: for tests, and for callers that want the text.
public final class MemoryOutputSink: OutputSink {
  public private(set) var bytes: [UInt8] = []

  public init() {}

  public func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
    self.bytes.append(contentsOf: bytes)
  }

  /// The output decoded as UTF-8 (ill-formed bytes become U+FFFD).
  public var text: String { String(decoding: bytes, as: UTF8.self) }
}
