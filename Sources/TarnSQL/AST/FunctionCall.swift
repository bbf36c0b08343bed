// FunctionCall: a scalar or aggregate call with DISTINCT, count(*), ORDER BY inside and FILTER.

/// `f(args)`, `count(*)`, `count(DISTINCT x)`, `string_agg(x, ',' ORDER BY y DESC)`,
/// `sum(x) FILTER (WHERE y > 0)`, `struct_pack(a := 1)`.
///
/// The parser does not know which functions are aggregates; it accepts DISTINCT, ORDER BY and
/// FILTER on any call and the binder rejects them where they make no sense. COALESCE, NULLIF,
/// GREATEST and friends are plain calls.
public struct FunctionCall: Sendable, Equatable {
  /// `f` or `schema.f`; also `x.f()` method-style calls, which the binder untangles.
  public var name: QualifiedName
  public var arguments: [FunctionArgument]
  /// `f(DISTINCT …)`
  public var isDistinct: Bool
  /// `count(*)`: `arguments` is then empty.
  public var isStar: Bool
  /// `f(x ORDER BY y)`: the order an ordered aggregate sees its input in.
  public var orderBy: [OrderItem]
  /// `FILTER (WHERE condition)`
  public var filter: Expression?

  public init(
    _ name: QualifiedName, arguments: [FunctionArgument] = [], isDistinct: Bool = false, isStar: Bool = false,
    orderBy: [OrderItem] = [], filter: Expression? = nil
  ) {
    self.name = name
    self.arguments = arguments
    self.isDistinct = isDistinct
    self.isStar = isStar
    self.orderBy = orderBy
    self.filter = filter
  }
}

/// One argument: positional (`name == nil`) or named (`name := value`, `name => value`, and in
/// table functions also `name = value`, as DuckDB reads `read_csv('p', header = true)`).
public struct FunctionArgument: Sendable, Equatable {
  public var name: Identifier?
  public var value: Expression

  public init(name: Identifier? = nil, _ value: Expression) {
    self.name = name
    self.value = value
  }

  public var span: SourceSpan { name.map { $0.span.union(value.span) } ?? value.span }
}
