// ExpressionBinder: AST expressions to typed bound expressions — names, literals, operators, casts, calls, subqueries.
import TarnCore
import TarnSQL

/// Collects aggregate calls while binding a grouped query's SELECT/HAVING/ORDER BY.
final class AggregateCollector {
  let tableIndex: Int
  var aggregates: [BoundAggregate] = []
  var keys: [String] = []
  init(tableIndex: Int) { self.tableIndex = tableIndex }
}

/// Subqueries found while binding one clause: joins to add under the clause's operator.
final class SubqueryCollector {
  var joins: [LogicalJoin] = []
}

struct ExpressionBinder {
  let binder: Binder
  var scope: BindScope
  var aggregates: AggregateCollector? = nil
  var subqueries: SubqueryCollector? = nil
  /// Select-list aliases usable in WHERE/GROUP BY/HAVING (DuckDB allows them), by lowercased name.
  var aliases: [String: Expression] = [:]
  var insideAggregate = false

  init(binder: Binder, scope: BindScope) {
    self.binder = binder
    self.scope = scope
  }

  func bindBoolean(_ e: Expression, clause: String) throws(EngineError) -> BoundExpression {
    let b = try bind(e)
    if b.type == .boolean { return b }
    if b.type == .null { return BoundExpression(.cast(b, isTry: false), type: .boolean) }
    throw EngineError.bind("\(clause) must be a BOOLEAN expression, not \(b.type.sqlName)", at: e.span)
  }

  func bind(_ e: Expression) throws(EngineError) -> BoundExpression {
    var b = try bindUnlocated(e)
    if b.span == nil { b.span = e.span }
    return b
  }

  private func bindUnlocated(_ e: Expression) throws(EngineError) -> BoundExpression {
    switch e.kind {
    case .literal(let literal):
      return .constant(try Literals.vector(literal, span: e.span), span: e.span)
    case .typedLiteral(let typeName, let text):
      let type = try TypeRules.dataType(typeName)
      let v = try CastKernels.cast(VectorFactory.strings([text]), to: type, isTry: false)
      return .constant(v, span: e.span)
    case .interval(let value, let unit):
      let bound = try bind(value)
      guard let c = try ConstantFolder.fold(bound).constantValue else {
        throw EngineError.unsupported("INTERVAL with a non-constant value", at: e.span)
      }
      let text = ConstantText.text(c, 0) + (unit.map { " " + $0.rawValue.lowercased() } ?? "")
      guard let packed = TextParsing.parseInterval(Substring(text)) else {
        throw EngineError(.conversion("Could not convert string '\(text)' to INTERVAL"), at: e.span)
      }
      return .constant(ColumnVector(type: .interval, count: 1, values: ByteBuffer(copying: [packed])), span: e.span)
    case .column(let name):
      if name.parts.count == 1, scope.tables.isEmpty || (try? scope.resolve(name)) == nil,
        let aliased = aliases[name.parts[0].name.lowercased()]
      {
        var inner = self
        inner.aliases = [:]
        return try inner.bind(aliased)
      }
      do {
        let c = try scope.resolve(name)
        return .column(c.binding, c.type, name: c.name)
      } catch {
        if let nested = try nestedPath(name, span: e.span) { return nested }
        // CURRENT_DATE and friends are written without parentheses; a column of that name wins.
        let word = name.parts.count == 1 ? name.parts[0].name.lowercased() : ""
        if Self.niladicFunctions.contains(word) { return try call(word, [], span: name.span) }
        throw error
      }
    case .unary(let op, let inner):
      let v = try bind(inner)
      switch op {
      case .not:
        return BoundExpression(.not(try boolean(v, inner.span)), type: .boolean)
      case .plus: return v
      case .negate:
        if let c = v.constantValue, case .literal = inner.kind { _ = c }
        return try call("-", [v], span: e.span)
      case .bitwiseNot: throw EngineError.unsupported("~", at: e.span)
      }
    case .binary(let op, let l, let r):
      return try binary(op, l, r, span: e.span)
    case .isNull(let inner, let negated):
      return BoundExpression(.isNull(try bind(inner), negated: negated), type: .boolean)
    case .isBoolean(let inner, let value, let negated):
      let v = try bind(inner)
      let test: BoundExpression
      if let value {
        test = BoundExpression(
          .isDistinctFrom(try boolean(v, inner.span), .constant(VectorFactory.booleans([value])), negated: true), type: .boolean)
      } else {
        test = BoundExpression(.isNull(v, negated: false), type: .boolean)
      }
      return negated ? BoundExpression(.not(test), type: .boolean) : test
    case .between(let value, let low, let high, let negated):
      let v = try bind(value)
      let both = BoundExpression(
        .and([try comparison(.greaterOrEqual, v, try bind(low), span: e.span), try comparison(.lessOrEqual, v, try bind(high), span: e.span)]),
        type: .boolean)
      return negated ? BoundExpression(.not(both), type: .boolean) : both
    case .inList(let value, let list, let negated):
      let v = try bind(value)
      var items: [BoundExpression] = []
      for item in list { items.append(try bind(item)) }
      var type = v.type
      for item in items {
        guard let t = TypeRules.commonType(type, item.type, aIsLiteral: false, bIsLiteral: item.isConstant) else {
          throw EngineError.bind("Cannot compare values of type \(type.sqlName) and type \(item.type.sqlName) in IN list", at: e.span)
        }
        type = t
      }
      return BoundExpression(.inList(try cast(v, type), try items.map { i throws(EngineError) in try cast(i, type) }, negated: negated), type: .boolean)
    case .inSubquery(let value, let query, let negated):
      let mark = try subqueryMark(query, probe: try bind(value), span: e.span, nullAware: true)
      return negated ? BoundExpression(.not(mark), type: .boolean) : mark
    case .exists(let query):
      do {
        return try subqueryMark(query, probe: nil, span: e.span, nullAware: false)
      } catch {
        guard error.isCorrelatedReference, let mark = try correlatedExists(query, span: e.span) else { throw error }
        return mark
      }
    case .subquery(let query):
      do {
        return try scalarSubquery(query, span: e.span)
      } catch {
        guard error.isCorrelatedReference, let value = try correlatedScalar(query, span: e.span) else { throw error }
        return value
      }
    case .patternMatch(let m):
      let value = try bind(m.value), pattern = try bind(m.pattern)
      if m.op == .glob || m.op == .similarTo {
        let name = m.op == .glob ? "glob" : "regexp_full_match"
        let r = try call(name == "glob" ? "~~" : name, [value, pattern], span: e.span)
        return m.isNegated ? BoundExpression(.not(r), type: .boolean) : r
      }
      let ci = m.op == .ilike
      if let escape = m.escape {
        let name = (m.isNegated ? "not_" : "") + (ci ? "ilike_escape" : "like_escape")
        return try call(name, [value, pattern, try bind(escape)], span: e.span)
      }
      let name = (m.isNegated ? "!" : "") + (ci ? "~~*" : "~~")
      return try call(name, [value, pattern], span: e.span)
    case .function(let f):
      return try function(f, span: e.span)
    case .caseWhen(let c):
      var branches: [(condition: BoundExpression, result: BoundExpression)] = []
      let operand = try c.operand.map { o throws(EngineError) in try bind(o) }
      for b in c.branches {
        let condition: BoundExpression
        if let operand { condition = try comparison(.equal, operand, try bind(b.when), span: b.when.span) } else {
          condition = try boolean(try bind(b.when), b.when.span)
        }
        branches.append((condition, try bind(b.then)))
      }
      let elseResult = try c.elseResult.map { x throws(EngineError) in try bind(x) }
      var type = branches[0].result.type
      for r in branches.map(\.result) + (elseResult.map { [$0] } ?? []) {
        guard let t = TypeRules.commonType(type, r.type, aIsLiteral: false, bIsLiteral: r.isConstant) else {
          throw EngineError.bind("Cannot mix values of type \(type.sqlName) and \(r.type.sqlName) in CASE expression", at: e.span)
        }
        type = t
      }
      if type == .null { type = .int32 }
      var casted: [(condition: BoundExpression, result: BoundExpression)] = []
      for b in branches { casted.append((b.condition, try cast(b.result, type))) }
      return BoundExpression(.caseWhen(casted, elseResult: try elseResult.map { x throws(EngineError) in try cast(x, type) }), type: type)
    case .cast(let c):
      let v = try bind(c.expression)
      let type = try TypeRules.dataType(c.type)
      if v.type == type { return v }
      return BoundExpression(.cast(v, isTry: c.isTry), type: type, span: e.span)
    case .list(let items):
      var bound: [BoundExpression] = []
      for i in items { bound.append(try bind(i)) }
      return try listValue(bound, span: e.span)
    case .structLiteral(let fields):
      return try structLiteral(fields, span: e.span)
    case .subscript(let base, let index):
      return try subscriptValue(try bind(base), index, span: e.span)
    case .fieldAccess(let base, let field):
      return try structField(try bind(base), field.name, span: e.span)
    case .slice:
      throw EngineError.unsupported("list slices", at: e.span)
    }
  }

  func boolean(_ v: BoundExpression, _ span: SourceSpan) throws(EngineError) -> BoundExpression {
    if v.type == .boolean { return v }
    if v.type == .null || v.isConstant { return try cast(v, .boolean) }
    throw EngineError.bind("Cannot use a \(v.type.sqlName) value as a boolean condition", at: span)
  }

  func cast(_ v: BoundExpression, _ type: DataType) throws(EngineError) -> BoundExpression {
    if v.type == type { return v }
    let e = BoundExpression(.cast(v, isTry: false), type: type, span: v.span)
    return v.isConstant ? try ConstantFolder.fold(e) : e
  }

  private func binary(_ op: BinaryOperator, _ l: Expression, _ r: Expression, span: SourceSpan) throws(EngineError) -> BoundExpression {
    switch op {
    case .and, .or:
      let a = try boolean(try bind(l), l.span), b = try boolean(try bind(r), r.span)
      return BoundExpression(op == .and ? .and([a, b]) : .or([a, b]), type: .boolean)
    case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
      let cop: ComparisonOperator = switch op {
      case .equal: .equal
      case .notEqual: .notEqual
      case .less: .less
      case .lessOrEqual: .lessOrEqual
      case .greater: .greater
      default: .greaterOrEqual
      }
      return try comparison(cop, try bind(l), try bind(r), span: span)
    case .isDistinctFrom, .isNotDistinctFrom:
      let a = try bind(l), b = try bind(r)
      guard let t = TypeRules.commonType(a.type, b.type, aIsLiteral: a.isConstant, bIsLiteral: b.isConstant) else {
        throw EngineError.bind("Cannot compare values of type \(a.type.sqlName) and type \(b.type.sqlName)", at: span)
      }
      return BoundExpression(.isDistinctFrom(try cast(a, t), try cast(b, t), negated: op == .isNotDistinctFrom), type: .boolean)
    case .concat:
      var a = try bind(l), b = try bind(r)
      if case .list = a.type {} else {
        if a.type != .string { a = try cast(a, .string) }
        if b.type != .string { b = try cast(b, .string) }
      }
      return try call("||", [a, b], span: span)
    default:
      var a = try bind(l), b = try bind(r)
      // An integer literal takes the other operand's integer type when it fits (DuckDB's integer literal rule).
      if a.type.isInteger, b.type.isInteger, op != .divide {
        if let c = b.constantValue, case .literal = r.kind, let fitted = try? CastKernels.cast(c, to: a.type, isTry: false) {
          b = .constant(fitted, span: b.span)
        } else if let c = a.constantValue, case .literal = l.kind, let fitted = try? CastKernels.cast(c, to: b.type, isTry: false) {
          a = .constant(fitted, span: a.span)
        }
      }
      // A string literal next to a date or interval is read as that type.
      if a.type == .string, a.isConstant, b.type == .date || b.type == .interval || b.type.isTimestampType { a = try cast(a, b.type) }
      if b.type == .string, b.isConstant, a.type == .date || a.type == .interval || a.type.isTimestampType { b = try cast(b, a.type) }
      return try call(op.rawValue, [a, b], span: span)
    }
  }

  func comparison(_ op: ComparisonOperator, _ a: BoundExpression, _ b: BoundExpression, span: SourceSpan?) throws(EngineError) -> BoundExpression {
    var type = TypeRules.commonType(a.type, b.type, aIsLiteral: a.isConstant, bIsLiteral: b.isConstant)
    // An integer constant compared with a column of a narrower integer type keeps the column's type when it fits.
    if a.type.isInteger, b.type.isInteger, let c = b.constantValue, (try? CastKernels.cast(c, to: a.type, isTry: false)) != nil { type = a.type }
    if a.type.isInteger, b.type.isInteger, let c = a.constantValue, (try? CastKernels.cast(c, to: b.type, isTry: false)) != nil { type = b.type }
    guard let t = type else {
      throw EngineError.bind(
        "Cannot compare values of type \(a.type.sqlName) and type \(b.type.sqlName) - an explicit cast is required", at: span)
    }
    return BoundExpression(.comparison(op, try cast(a, t), try cast(b, t)), type: .boolean)
  }

  /// Binds a scalar function call by name through the registry, casting arguments to the chosen types.
  /// SQL's special words that call a function without parentheses.
  static let niladicFunctions: Set<String> = ["current_date"]

  func call(_ name: String, _ args: [BoundExpression], span: SourceSpan?) throws(EngineError) -> BoundExpression {
    let lower = name.lowercased()
    guard let binderFunction = FunctionRegistry.scalars[lower] else {
      throw EngineError(
        .catalog("Scalar Function with name \(name) does not exist!"), at: span,
        hint: Suggest.closest(lower, FunctionRegistry.allNames).map { "Did you mean \"\($0)\"?" })
    }
    let arguments = FunctionArguments(types: args.map(\.type), constants: args.map { $0.constantValue })
    var found = try binderFunction(arguments)
    if found == nil, arguments.types.contains(.null) {
      // An untyped NULL fits any parameter (DuckDB's NULL type): try the common types in its place.
      for candidate in [DataType.string, .int64, .float64, .boolean, .date] where found == nil {
        var retyped = arguments
        retyped.types = arguments.types.map { $0 == .null ? candidate : $0 }
        found = try binderFunction(retyped)
      }
    }
    guard let choice = found else {
      let shown = ExpressionPrinter.infixOperators[lower] != nil ? "'\(name)'" : name
      throw EngineError.bind(
        "No function matches the given name and argument types '\(shown)(\(args.map { $0.type.sqlName }.joined(separator: ", ")))'. You might need to add explicit type casts.",
        at: span)
    }
    var casted: [BoundExpression] = []
    for (a, t) in zip(args, choice.argumentTypes) { casted.append(try cast(a, t)) }
    let f = BoundFunction(name: lower, kernel: choice.kernel, isDeterministic: choice.isDeterministic)
    return BoundExpression(.function(f, casted), type: choice.returnType, span: span)
  }
}

extension VectorFactory {
  static func booleans(_ values: [Bool]) -> ColumnVector {
    ColumnVector(type: .boolean, count: values.count, values: ByteBuffer(copying: values.map { UInt8($0 ? 1 : 0) }))
  }
}

/// Literal constants with DuckDB's typing: INTEGER when it fits, else BIGINT; `1.50` as DECIMAL(3,2) (as
/// DOUBLE past 18 digits); `1e3` as DOUBLE.
enum Literals {
  static func vector(_ literal: Literal, span: SourceSpan) throws(EngineError) -> ColumnVector {
    switch literal {
    case .null: return VectorFactory.nulls(.null, count: 1)
    case .boolean(let b): return VectorFactory.booleans([b])
    case .string(let s): return VectorFactory.strings([s])
    case .integer(let text):
      if let v = Int32(text) { return ColumnVector(type: .int32, count: 1, values: ByteBuffer(copying: [v])) }
      if let v = Int64(text) { return VectorFactory.int64s([v]) }
      // DuckDB reads larger integers as HUGEINT, which Tarn holds exactly as DECIMAL(38,0); past 38 digits, DOUBLE.
      if text.count <= 38, let v = Int128(text) {
        return ColumnVector(type: .decimal(precision: 38, scale: 0), count: 1, values: ByteBuffer(copying: [v]))
      }
      if let d = Double(text) { return VectorFactory.doubles([d]) }
      throw EngineError(.conversion("Could not read integer literal \(text)"), at: span)
    case .decimal(let text):
      if let exact = decimal(text) { return exact }
      guard let d = Double(text) else { throw EngineError(.conversion("Could not read numeric literal \(text)"), at: span) }
      return VectorFactory.doubles([d])
    case .scientific(let text):
      guard let d = Double(text) else { throw EngineError(.conversion("Could not read numeric literal \(text)"), at: span) }
      return VectorFactory.doubles([d])
    }
  }
}

extension Literals {
  /// `12.340` as DECIMAL(5,3) holding 12340: as DuckDB, the width counts every digit written (`0.25` is
  /// DECIMAL(3,2)); Int64 storage up to 18 digits, Int128 up to 38, DOUBLE beyond.
  static func decimal(_ text: String) -> ColumnVector? {
    // `-1.5` arrives as one literal (the parser folds the sign in); its type is that of `1.5`.
    if text.hasPrefix("-"), let positive = decimal(String(text.dropFirst())) {
      if positive.type.fixedWidth == 16 {
        return ColumnVector(type: positive.type, count: 1, values: ByteBuffer(copying: [0 &- positive.value(at: 0, as: Int128.self)]))
      }
      return ColumnVector(type: positive.type, count: 1, values: ByteBuffer(copying: [0 &- positive.value(at: 0, as: Int64.self)]))
    }
    let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
    let digits = String(parts[0]) + String(parts[1])
    let scale = parts[1].count, precision = max(digits.count, 1)
    guard precision <= 38, let value = digits.isEmpty ? 0 : Int128(digits) else { return nil }
    let type = DataType.decimal(precision: precision, scale: scale)
    if precision > 18 { return ColumnVector(type: type, count: 1, values: ByteBuffer(copying: [value])) }
    return ColumnVector(type: type, count: 1, values: ByteBuffer(copying: [Int64(value)]))
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
