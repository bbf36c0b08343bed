// SQLPrinter for expressions: operators with the fewest parentheses that keep the tree's shape.

extension SQLPrinter {
  /// Binding strength of each operator level, weakest first; the parser uses the same table.
  enum Precedence {
    static let or = 1, and = 2, not = 3, `is` = 4, comparison = 5, like = 6
    static let otherOperator = 7, additive = 8, multiplicative = 9, power = 10, unary = 11
    static let postfix = 12, atom = 13
  }

  static func precedence(of op: BinaryOperator) -> Int {
    switch op {
    case .or: Precedence.or
    case .and: Precedence.and
    case .isDistinctFrom, .isNotDistinctFrom: Precedence.is
    case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: Precedence.comparison
    case .concat, .bitwiseAnd, .bitwiseOr, .shiftLeft, .shiftRight: Precedence.otherOperator
    case .add, .subtract: Precedence.additive
    case .multiply, .divide, .integerDivide, .modulo: Precedence.multiplicative
    case .power: Precedence.power
    }
  }

  /// Comparisons and LIKE-level operators do not chain: `a = b = c` is a syntax error.
  static func isNonAssociative(_ level: Int) -> Bool {
    level == Precedence.comparison || level == Precedence.like
  }

  static func precedence(of expression: Expression) -> Int {
    switch expression.kind {
    case .binary(let op, _, _): precedence(of: op)
    case .unary(.not, _): Precedence.not
    case .unary: Precedence.unary
    case .isNull, .isBoolean: Precedence.is
    case .between, .inList, .inSubquery, .patternMatch: Precedence.like
    case .cast(let cast) where cast.syntax == .doubleColon: Precedence.postfix
    case .subscript, .slice, .fieldAccess: Precedence.postfix
    case .literal(.integer(let text)), .literal(.decimal(let text)), .literal(.scientific(let text)):
      text.hasPrefix("-") ? Precedence.unary : Precedence.atom
    default: Precedence.atom
    }
  }

  public static func expression(_ expression: Expression) -> String {
    switch expression.kind {
    case .literal(let literal):
      return self.literal(literal)
    case .typedLiteral(let type, let value):
      return self.type(type) + " " + stringLiteral(value)
    case .interval(let value, let unit):
      let shown: String
      switch value.kind {
      case .literal(.string), .literal(.integer), .literal(.decimal): shown = self.expression(value)
      default: shown = "(" + self.expression(value) + ")"
      }
      return "INTERVAL " + shown + (unit.map { " " + $0.rawValue } ?? "")
    case .column(let name):
      return name.description
    case .unary(let op, let inner):
      if op == .not { return "NOT " + operand(inner, atLeast: Precedence.not) }
      var text = operand(inner, atLeast: Precedence.unary)
      let isNumber = switch inner.kind {
      case .literal(.integer), .literal(.decimal), .literal(.scientific): true
      default: false
      }
      // `-(5)` must not print as `-5` (which parses as one literal), nor `-(-x)` as the comment `--x`.
      if !text.hasPrefix("(") && (isNumber || text.hasPrefix("-") || text.hasPrefix("+")) { text = "(" + text + ")" }
      return op.rawValue + text
    case .binary(let op, let left, let right):
      let level = precedence(of: op)
      let leftText = isNonAssociative(level) ? operand(left, above: level) : operand(left, atLeast: level)
      return leftText + " " + op.rawValue + " " + operand(right, above: level)
    case .isNull(let inner, let negated):
      return operand(inner, atLeast: Precedence.is) + (negated ? " IS NOT NULL" : " IS NULL")
    case .isBoolean(let inner, let value, let negated):
      let word = value.map { $0 ? "TRUE" : "FALSE" } ?? "UNKNOWN"
      return operand(inner, atLeast: Precedence.is) + (negated ? " IS NOT " : " IS ") + word
    case .between(let inner, let low, let high, let negated):
      return operand(inner, above: Precedence.like) + (negated ? " NOT BETWEEN " : " BETWEEN ")
        + operand(low, above: Precedence.like) + " AND " + operand(high, above: Precedence.like)
    case .inList(let inner, let list, let negated):
      return operand(inner, above: Precedence.like) + (negated ? " NOT IN (" : " IN (")
        + self.list(list, self.expression) + ")"
    case .inSubquery(let inner, let query, let negated):
      return operand(inner, above: Precedence.like) + (negated ? " NOT IN (" : " IN (")
        + self.query(query) + ")"
    case .patternMatch(let match):
      var text = operand(match.value, above: Precedence.like) + (match.isNegated ? " NOT " : " ")
        + match.op.rawValue + " " + operand(match.pattern, above: Precedence.like)
      if let escape = match.escape { text += " ESCAPE " + operand(escape, above: Precedence.like) }
      return text
    case .exists(let query):
      return "EXISTS (" + self.query(query) + ")"
    case .subquery(let query):
      return "(" + self.query(query) + ")"
    case .function(let call):
      return functionCall(call)
    case .caseWhen(let caseWhen):
      var text = "CASE"
      if let subject = caseWhen.operand { text += " " + self.expression(subject) }
      for branch in caseWhen.branches {
        text += " WHEN " + self.expression(branch.when) + " THEN " + self.expression(branch.then)
      }
      if let elseResult = caseWhen.elseResult { text += " ELSE " + self.expression(elseResult) }
      return text + " END"
    case .cast(let cast):
      switch cast.syntax {
      case .cast: return "CAST(" + self.expression(cast.expression) + " AS " + type(cast.type) + ")"
      case .tryCast: return "TRY_CAST(" + self.expression(cast.expression) + " AS " + type(cast.type) + ")"
      case .doubleColon: return operand(cast.expression, atLeast: Precedence.postfix) + "::" + type(cast.type)
      }
    case .list(let elements):
      return "[" + list(elements, self.expression) + "]"
    case .structLiteral(let fields):
      return "{" + list(fields) { stringLiteral($0.name) + ": " + self.expression($0.value) } + "}"
    case .subscript(let base, let index):
      return operand(base, atLeast: Precedence.postfix) + "[" + self.expression(index) + "]"
    case .slice(let base, let lower, let upper):
      return operand(base, atLeast: Precedence.postfix) + "["
        + (lower.map(self.expression) ?? "") + ":" + (upper.map(self.expression) ?? "") + "]"
    case .fieldAccess(let base, let field):
      let baseText: String
      switch base.kind {
      case .function, .subscript, .slice, .fieldAccess, .list, .structLiteral, .subquery:
        baseText = self.expression(base)
      case .cast(let cast) where cast.syntax != .doubleColon:
        baseText = self.expression(base)
      default:
        baseText = "(" + self.expression(base) + ")"
      }
      return baseText + "." + identifier(field)
    }
  }

  /// `expression`, parenthesized if it binds weaker than `level`.
  static func operand(_ expression: Expression, atLeast level: Int) -> String {
    let text = self.expression(expression)
    return precedence(of: expression) < level ? "(" + text + ")" : text
  }

  /// `expression`, parenthesized unless it binds strictly tighter than `level`.
  static func operand(_ expression: Expression, above level: Int) -> String {
    let text = self.expression(expression)
    return precedence(of: expression) <= level ? "(" + text + ")" : text
  }

  static func functionCall(_ call: FunctionCall) -> String {
    var text = call.name.description + "("
    if call.isStar {
      text += "*"
    } else {
      if call.isDistinct { text += "DISTINCT " }
      text += list(call.arguments, argument)
    }
    if !call.orderBy.isEmpty { text += " ORDER BY " + list(call.orderBy, orderItem) }
    text += ")"
    if let filter = call.filter { text += " FILTER (WHERE " + expression(filter) + ")" }
    return text
  }

  static func argument(_ argument: FunctionArgument) -> String {
    guard let name = argument.name else { return expression(argument.value) }
    return identifier(name) + " := " + expression(argument.value)
  }

  static func orderItem(_ item: OrderItem) -> String {
    var text = expression(item.expression)
    if let direction = item.direction { text += " " + direction.rawValue }
    if let nulls = item.nulls { text += " " + nulls.rawValue }
    return text
  }
}
