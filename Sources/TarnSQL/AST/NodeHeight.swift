// Node heights: the longest path to a leaf, computed in O(1) per node from the children's stored heights.
//
// The parser refuses trees taller than `Parser.maxHeight` so that no recursive walk — the printer,
// `==`, deinitialization, the binder — can overflow the stack. Heights are stored in Expression,
// Query, SetOperation and TableReference (the recursive nodes); other nodes compute theirs from those.

extension Expression.Kind {
  /// The tallest child's height; 0 for a leaf.
  var height: Int {
    switch self {
    case .literal, .typedLiteral, .column: 0
    case .interval(let value, _): value.height
    case .unary(_, let operand): operand.height
    case .binary(_, let left, let right): max(left.height, right.height)
    case .isNull(let operand, _), .isBoolean(let operand, _, _): operand.height
    case .between(let operand, let low, let high, _): max(operand.height, low.height, high.height)
    case .inList(let operand, let list, _): max(operand.height, list.maxHeight)
    case .inSubquery(let operand, let query, _): max(operand.height, query.height)
    case .patternMatch(let match):
      max(match.value.height, match.pattern.height, match.escape?.height ?? 0)
    case .exists(let query), .subquery(let query): query.height
    case .function(let call): call.height
    case .caseWhen(let caseWhen):
      max(
        caseWhen.operand?.height ?? 0, caseWhen.elseResult?.height ?? 0,
        caseWhen.branches.map { max($0.when.height, $0.then.height) }.max() ?? 0)
    case .cast(let cast): cast.expression.height
    case .list(let elements): elements.maxHeight
    case .structLiteral(let fields): fields.map(\.value.height).max() ?? 0
    case .subscript(let base, let index): max(base.height, index.height)
    case .slice(let base, let lower, let upper): max(base.height, lower?.height ?? 0, upper?.height ?? 0)
    case .fieldAccess(let base, _): base.height
    }
  }
}

extension FunctionCall {
  var height: Int {
    max(
      arguments.map(\.value.height).max() ?? 0, orderBy.map(\.expression.height).max() ?? 0,
      filter?.height ?? 0)
  }
}

extension Array where Element == Expression {
  var maxHeight: Int { map(\.height).max() ?? 0 }
}

extension Select {
  var height: Int {
    var tallest = 0
    for item in items {
      switch item.kind {
      case .expression(let expression, _): tallest = max(tallest, expression.height)
      case .star(let star): tallest = max(tallest, star.replace.map(\.expression.height).max() ?? 0)
      }
    }
    if case .on(let expressions) = distinct { tallest = max(tallest, expressions.maxHeight) }
    tallest = max(tallest, from.map(\.height).max() ?? 0)
    tallest = max(tallest, whereClause?.height ?? 0, having?.height ?? 0, qualify?.height ?? 0)
    if case .expressions(let expressions) = groupBy?.kind { tallest = max(tallest, expressions.maxHeight) }
    return tallest + 1
  }
}

extension QueryBody {
  var height: Int {
    switch self {
    case .select(let select): select.height
    case .setOperation(let operation): operation.height
    case .values(let values): (values.rows.map(\.maxHeight).max() ?? 0) + 1
    case .nested(let query): query.height
    }
  }
}

extension Query {
  func computeHeight() -> Int {
    var tallest = body.height
    for cte in with { tallest = max(tallest, cte.query.height) }
    if case .items(let items) = orderBy?.kind { tallest = max(tallest, items.map(\.expression.height).max() ?? 0) }
    tallest = max(tallest, limit?.height ?? 0, offset?.height ?? 0)
    return tallest + 1
  }
}

extension TableReference.Kind {
  var height: Int {
    switch self {
    case .table, .path: 0
    case .function(let call): call.arguments.map(\.value.height).max() ?? 0
    case .subquery(let query): query.height
    case .join(let join):
      max(join.left.height, join.right.height, { if case .on(let e) = join.condition { e.height } else { 0 } }())
    }
  }
}
