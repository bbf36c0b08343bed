// IgnoredInEquality: a property wrapper that keeps a stored property out of synthesized `==` and `hash`.

/// Wraps a property that must not take part in `Equatable`/`Hashable` synthesis.
///
/// AST nodes compare by *syntax*, not by location: `parse(print(ast)) == ast` must hold even
/// though the printed text puts every node at a different offset. So each node's `span` is
/// wrapped in this; tests that care about locations read `span` directly.
@propertyWrapper
public struct IgnoredInEquality<Value: Sendable>: Sendable, Hashable {
  public var wrappedValue: Value
  public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
  public static func == (lhs: Self, rhs: Self) -> Bool { true }
  public func hash(into hasher: inout Hasher) {}
}
