// Errors of the columnar model: values that do not fit the type they are cast or stored into.

public struct CoreError: Error, Sendable, CustomStringConvertible {
  public enum Reason: Sendable, Equatable {
    case typeMismatch(expected: String, found: String)
    case outOfRange(value: String, type: String)
    case internalBug(String)
  }
  public var reason: Reason
  public init(_ reason: Reason) { self.reason = reason }

  public var description: String {
    switch reason {
    case .typeMismatch(let expected, let found): "expected \(expected), found \(found)"
    case .outOfRange(let value, let type): "value \(value) is out of range for \(type)"
    case .internalBug(let message): "internal error (a bug in Tarn): \(message)"
    }
  }
}
