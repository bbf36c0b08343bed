// Errors of the result writers: a write, open or close that the operating system refused.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to deliver output, with the path (or descriptor) it was going to.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Reason: Sendable, Equatable {
    /// A system call failed; `errno` is its error number (`EPIPE` when the reader went away).
    case system(call: String, errno: Int32)
  }
  public var reason: Reason
  /// The file written to, or `fd N` for a descriptor opened elsewhere (stdout is `fd 1`).
  public var destination: String

  public init(_ reason: Reason, destination: String) {
    self.reason = reason
    self.destination = destination
  }

  public var description: String {
    switch reason {
    case .system(let call, let code):
      "\(call) failed on \(destination): " + (strerror(code).map { String(cString: $0) } ?? "error") + " (errno \(code))"
    }
  }
}
