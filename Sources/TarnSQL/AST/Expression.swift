// Expression: a scalar SQL expression tree — columns, literals, operators, calls, casts, subqueries.

/// A scalar expression and where it was written.
///
/// Parentheses are not kept: `(a + b) * c` is `.binary(.multiply, .binary(.add, a, b), c)`; the
/// printer puts them back where precedence needs them. Equality ignores spans.
public struct Expression: Sendable, Equatable, CustomStringConvertible {
  public indirect enum Kind: Sendable, Equatable {
    case literal(Literal)
    /// `DATE '2020-01-01'`, `TIMESTAMP '…'`, `UUID '…'`: a string to be cast to `type` at bind time.
    case typedLiteral(TypeName, String)
    /// `INTERVAL '3 days'` (no unit), `INTERVAL 3 DAY`, `INTERVAL (x + 1) HOUR`.
    case interval(Expression, unit: IntervalUnit?)
    /// `a`, `t.a`, `"quoted col"`, `s.field.sub`: a path the binder resolves (table, column, struct fields).
    case column(QualifiedName)
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    /// `x IS NULL` / `x IS NOT NULL` (also `ISNULL` / `NOTNULL`).
    case isNull(Expression, negated: Bool)
    /// `x IS [NOT] TRUE`, `IS [NOT] FALSE`; `value` nil is `IS [NOT] UNKNOWN`.
    case isBoolean(Expression, value: Bool?, negated: Bool)
    /// `x [NOT] BETWEEN low AND high`.
    case between(Expression, low: Expression, high: Expression, negated: Bool)
    /// `x [NOT] IN (a, b, c)`.
    case inList(Expression, [Expression], negated: Bool)
    /// `x [NOT] IN (SELECT …)`.
    case inSubquery(Expression, Query, negated: Bool)
    /// `x [NOT] LIKE / ILIKE / GLOB / SIMILAR TO pattern [ESCAPE e]`.
    case patternMatch(PatternMatch)
    /// `EXISTS (SELECT …)`; `NOT EXISTS` is `.unary(.not, .exists)`.
    case exists(Query)
    /// `(SELECT …)` used as a value.
    case subquery(Query)
    case function(FunctionCall)
    case caseWhen(CaseExpression)
    /// `CAST(x AS t)`, `TRY_CAST(x AS t)`, `x::t`.
    case cast(CastExpression)
    /// `[1, 2, 3]` (also `ARRAY[1, 2, 3]`).
    case list([Expression])
    /// `{'a': 1, 'b': 'x'}`.
    case structLiteral([StructLiteralField])
    /// `l[i]`, `m['key']`.
    case `subscript`(Expression, index: Expression)
    /// `l[a:b]`, `l[:b]`, `l[a:]`.
    case slice(Expression, lower: Expression?, upper: Expression?)
    /// `(expr).field`: field access on something that is not a plain name (names use `.column` paths).
    case fieldAccess(Expression, Identifier)
  }

  public var kind: Kind
  @IgnoredInEquality public var span: SourceSpan
  /// Longest path from this node to a leaf, counted when the node is built; the parser uses it
  /// to refuse trees deep enough to overflow the stack of whoever walks them.
  @IgnoredInEquality var height: Int

  public init(_ kind: Kind, span: SourceSpan = .at(0)) {
    self.kind = kind
    self.span = span
    self.height = kind.height + 1
  }

  public var description: String { SQLPrinter.expression(self) }
}

public enum UnaryOperator: String, Sendable, Hashable {
  case not = "NOT"
  case negate = "-"
  case plus = "+"
  case bitwiseNot = "~"
}

/// Binary operators. Spelling variants are normalized: `==` is `.equal`, `!=` is `.notEqual`, `**` is `.power`.
public enum BinaryOperator: String, Sendable, Hashable {
  case or = "OR", and = "AND"
  case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
  case isDistinctFrom = "IS DISTINCT FROM", isNotDistinctFrom = "IS NOT DISTINCT FROM"
  case concat = "||", bitwiseAnd = "&", bitwiseOr = "|", shiftLeft = "<<", shiftRight = ">>"
  case add = "+", subtract = "-", multiply = "*", divide = "/", integerDivide = "//", modulo = "%"
  case power = "^"

  public var isComparison: Bool {
    switch self {
    case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
    default: false
    }
  }
}

/// `value [NOT] LIKE pattern [ESCAPE escape]` and its ILIKE, GLOB and SIMILAR TO siblings.
public struct PatternMatch: Sendable, Equatable {
  public enum Operator: String, Sendable, Hashable {
    case like = "LIKE", ilike = "ILIKE", glob = "GLOB", similarTo = "SIMILAR TO"
  }
  public var op: Operator
  public var isNegated: Bool
  public var value: Expression
  public var pattern: Expression
  public var escape: Expression?

  public init(_ op: Operator, isNegated: Bool = false, value: Expression, pattern: Expression, escape: Expression? = nil) {
    self.op = op
    self.isNegated = isNegated
    self.value = value
    self.pattern = pattern
    self.escape = escape
  }
}

/// `CASE [operand] WHEN … THEN … [ELSE …] END`.
public struct CaseExpression: Sendable, Equatable {
  public struct Branch: Sendable, Equatable {
    /// For a simple CASE, the value compared with the operand; otherwise a condition.
    public var when: Expression
    public var then: Expression
    public init(when: Expression, then: Expression) {
      self.when = when
      self.then = then
    }
  }
  /// Present for the simple form `CASE x WHEN 1 THEN …`.
  public var operand: Expression?
  /// At least one.
  public var branches: [Branch]
  public var elseResult: Expression?

  public init(operand: Expression? = nil, branches: [Branch], elseResult: Expression? = nil) {
    self.operand = operand
    self.branches = branches
    self.elseResult = elseResult
  }
}

/// A conversion to `type`, and which syntax wrote it.
public struct CastExpression: Sendable, Equatable {
  public enum Syntax: Sendable, Hashable {
    /// `CAST(x AS t)`
    case cast
    /// `TRY_CAST(x AS t)`: NULL instead of an error when the value does not convert.
    case tryCast
    /// `x::t`
    case doubleColon
  }
  public var expression: Expression
  public var type: TypeName
  public var syntax: Syntax

  public init(_ expression: Expression, as type: TypeName, syntax: Syntax = .cast) {
    self.expression = expression
    self.type = type
    self.syntax = syntax
  }

  /// True for `TRY_CAST`.
  public var isTry: Bool { syntax == .tryCast }
}

/// One `'key': value` entry of a struct literal.
public struct StructLiteralField: Sendable, Equatable {
  public var name: String
  public var value: Expression

  public init(name: String, value: Expression) {
    self.name = name
    self.value = value
  }
}
