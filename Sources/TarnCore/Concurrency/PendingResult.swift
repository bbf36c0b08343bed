// PendingResult: a result computed on another thread and handed to the thread that waits for it.
import Dispatch

/// A result another thread computes (`finish`) and the owner waits for (`wait`), for work started ahead of its use:
/// a morsel decoding on a row group's queue, a page decoding ahead of its window.
public final class PendingResult<Success, Failure: Error>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  // Safe: written once by the computing thread before `signal`, read only after `wait`.
  private var result: Result<Success, Failure>?

  public init() {}

  public func finish(_ result: Result<Success, Failure>) {
    self.result = result
    done.signal()
  }

  /// The result, once finished; may be called again.
  public func wait() -> Result<Success, Failure> {
    done.wait()
    done.signal()
    return result!
  }

  /// Whether the result is ready (a later `wait` returns at once).
  public var isDone: Bool {
    guard done.wait(timeout: .now()) == .success else { return false }
    done.signal()
    return true
  }
}

/// Moves a non-Sendable value to another thread whose use of it the caller has proved safe.
public struct UncheckedSendable<T>: @unchecked Sendable {
  public let value: T
  public init(_ value: T) { self.value = value }
}
