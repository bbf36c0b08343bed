// BoundExpression: a resolved, typed scalar expression whose column references are stable bindings.
import TarnCore
import TarnSQL

/// A column produced by a plan node: `table` names the producing node (a scan, projection,
/// aggregate…), `column` the position in it. Bindings survive plan rewrites, unlike positions;
/// the physical planner turns them into positions once the plan is final (DuckDB's ColumnBinding).
public struct ColumnBinding: Hashable, Sendable, CustomStringConvertible {
  public var table: Int
  public var column: Int
  public init(_ table: Int, _ column: Int) {
    self.table = table
    self.column = column
  }
  public var description: String { "#\(table).\(column)" }
}

public enum ComparisonOperator: String, Sendable {
  case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

  /// The operator with its operands swapped: `a < b` is `b > a`.
  var flipped: ComparisonOperator {
    switch self {
    case .equal, .notEqual: self
    case .less: .greater
    case .lessOrEqual: .greaterOrEqual
    case .greater: .less
    case .greaterOrEqual: .lessOrEqual
    }
  }
}

/// A bound scalar function: the kernel chosen for the argument types, and its name for EXPLAIN and errors.
public struct BoundFunction: @unchecked Sendable {
  public var name: String
  /// Per-query state lives in the kernel (compiled regex, dictionary cache), so each bound call has its own.
  var kernel: ScalarKernel
  /// False for functions whose value changes between calls with equal arguments (random()).
  var isDeterministic: Bool = true
}

public struct BoundExpression: @unchecked Sendable, CustomStringConvertible {
  public indirect enum Kind {
    case column(ColumnBinding, name: String)
    /// A one-row vector of the expression's type.
    case constant(ColumnVector)
    case function(BoundFunction, [BoundExpression])
    case cast(BoundExpression, isTry: Bool)
    case and([BoundExpression])
    case or([BoundExpression])
    case not(BoundExpression)
    /// Operands have the same type (the binder inserts casts).
    case comparison(ComparisonOperator, BoundExpression, BoundExpression)
    case isNull(BoundExpression, negated: Bool)
    /// `IS [NOT] DISTINCT FROM`: equality where NULL equals NULL.
    case isDistinctFrom(BoundExpression, BoundExpression, negated: Bool)
    /// Conditions and results; a missing ELSE is NULL.
    case caseWhen([(condition: BoundExpression, result: BoundExpression)], elseResult: BoundExpression?)
    /// Every element has the operand's type.
    case inList(BoundExpression, [BoundExpression], negated: Bool)
    case coalesce([BoundExpression])
  }

  public var kind: Kind
  public var type: DataType
  public var span: SourceSpan?

  init(_ kind: Kind, type: DataType, span: SourceSpan? = nil) {
    self.kind = kind
    self.type = type
    self.span = span
  }

  static func column(_ binding: ColumnBinding, _ type: DataType, name: String) -> BoundExpression {
    BoundExpression(.column(binding, name: name), type: type)
  }

  static func constant(_ vector: ColumnVector, span: SourceSpan? = nil) -> BoundExpression {
    BoundExpression(.constant(vector), type: vector.type, span: span)
  }

  var isConstant: Bool {
    if case .constant = kind { return true }
    return false
  }

  var constantValue: ColumnVector? {
    if case .constant(let v) = kind { return v }
    return nil
  }

  /// The children, in order.
  var children: [BoundExpression] {
    switch kind {
    case .column, .constant: []
    case .function(_, let args): args
    case .cast(let e, _), .not(let e), .isNull(let e, _): [e]
    case .and(let es), .or(let es), .coalesce(let es): es
    case .comparison(_, let l, let r), .isDistinctFrom(let l, let r, _): [l, r]
    case .caseWhen(let branches, let e): branches.flatMap { [$0.condition, $0.result] } + (e.map { [$0] } ?? [])
    case .inList(let e, let list, _): [e] + list
    }
  }

  /// The same node with its children replaced (same count and order as `children`).
  func replacingChildren(_ new: [BoundExpression]) -> BoundExpression {
    var copy = self
    switch kind {
    case .column, .constant: return self
    case .function(let f, _): copy.kind = .function(f, new)
    case .cast(_, let t): copy.kind = .cast(new[0], isTry: t)
    case .not: copy.kind = .not(new[0])
    case .isNull(_, let n): copy.kind = .isNull(new[0], negated: n)
    case .and: copy.kind = .and(new)
    case .or: copy.kind = .or(new)
    case .coalesce: copy.kind = .coalesce(new)
    case .comparison(let op, _, _): copy.kind = .comparison(op, new[0], new[1])
    case .isDistinctFrom(_, _, let n): copy.kind = .isDistinctFrom(new[0], new[1], negated: n)
    case .caseWhen(let branches, let e):
      var pairs: [(BoundExpression, BoundExpression)] = []
      for i in branches.indices { pairs.append((new[2 * i], new[2 * i + 1])) }
      copy.kind = .caseWhen(pairs.map { (condition: $0.0, result: $0.1) }, elseResult: e == nil ? nil : new[2 * branches.count])
    case .inList(_, _, let n): copy.kind = .inList(new[0], Array(new.dropFirst()), negated: n)
    }
    return copy
  }

  /// Rewrites bottom-up: `f` sees each node after its children were rewritten.
  func transformed(_ f: (BoundExpression) throws(EngineError) -> BoundExpression) throws(EngineError) -> BoundExpression {
    let kids = children
    if kids.isEmpty { return try f(self) }
    var new: [BoundExpression] = []
    new.reserveCapacity(kids.count)
    for k in kids { new.append(try k.transformed(f)) }
    return try f(replacingChildren(new))
  }

  /// Every column binding referenced.
  var bindings: Set<ColumnBinding> {
    var out = Set<ColumnBinding>()
    collectBindings(into: &out)
    return out
  }

  func collectBindings(into out: inout Set<ColumnBinding>) {
    if case .column(let b, _) = kind { out.insert(b) }
    for c in children { c.collectBindings(into: &out) }
  }

  /// The conjuncts of an AND tree.
  var conjuncts: [BoundExpression] {
    if case .and(let es) = kind { return es.flatMap(\.conjuncts) }
    return [self]
  }

  public var description: String { ExpressionPrinter.text(self) }
}

/// Renders bound expressions for EXPLAIN and for comparing expressions structurally.
enum ExpressionPrinter {
  static func text(_ e: BoundExpression) -> String {
    switch e.kind {
    case .column(_, let name): return name
    case .constant(let v): return ConstantText.sql(v)
    case .function(let f, let args):
      if let op = infixOperators[f.name], args.count == 2 { return "(\(text(args[0])) \(op) \(text(args[1])))" }
      return "\(f.name)(\(args.map(text).joined(separator: ", ")))"
    case .cast(let inner, let isTry): return "\(isTry ? "TRY_CAST" : "CAST")(\(text(inner)) AS \(e.type.sqlName))"
    case .and(let es): return "(" + es.map(text).joined(separator: " AND ") + ")"
    case .or(let es): return "(" + es.map(text).joined(separator: " OR ") + ")"
    case .not(let inner): return "(NOT \(text(inner)))"
    case .comparison(let op, let l, let r): return "(\(text(l)) \(op.rawValue) \(text(r)))"
    case .isNull(let inner, let negated): return "(\(text(inner)) IS \(negated ? "NOT " : "")NULL)"
    case .isDistinctFrom(let l, let r, let negated):
      return "(\(text(l)) IS \(negated ? "NOT " : "")DISTINCT FROM \(text(r)))"
    case .caseWhen(let branches, let elseResult):
      var s = "CASE"
      for b in branches { s += " WHEN \(text(b.condition)) THEN \(text(b.result))" }
      if let elseResult { s += " ELSE \(text(elseResult))" }
      return s + " END"
    case .inList(let inner, let list, let negated):
      return "(\(text(inner)) \(negated ? "NOT " : "")IN (\(list.map(text).joined(separator: ", "))))"
    case .coalesce(let es): return "COALESCE(\(es.map(text).joined(separator: ", ")))"
    }
  }

  /// A key identifying the expression including its bindings, for matching GROUP BY expressions.
  static func identity(_ e: BoundExpression) -> String {
    switch e.kind {
    case .column(let b, _): return "\(b)"
    default:
      let kids = e.children.map(identity).joined(separator: ",")
      switch e.kind {
      case .constant(let v): return "c:\(ConstantText.sql(v)):\(v.type.sqlName)"
      case .function(let f, _): return "f:\(f.name)(\(kids))"
      case .cast(_, let t): return "cast\(t):\(e.type.sqlName)(\(kids))"
      case .comparison(let op, _, _): return "cmp\(op.rawValue)(\(kids))"
      case .isNull(_, let n): return "isnull\(n)(\(kids))"
      case .isDistinctFrom(_, _, let n): return "distinct\(n)(\(kids))"
      case .inList(_, _, let n): return "in\(n)(\(kids))"
      default: return "\(String(describing: e.kind).prefix(8))(\(kids))"
      }
    }
  }

  static let infixOperators: [String: String] = [
    "+": "+", "-": "-", "*": "*", "/": "/", "//": "//", "%": "%", "||": "||", "^": "^", "&": "&", "|": "|",
    "<<": "<<", ">>": ">>", "~~": "LIKE", "!~~": "NOT LIKE", "~~*": "ILIKE", "!~~*": "NOT ILIKE",
  ]
}
