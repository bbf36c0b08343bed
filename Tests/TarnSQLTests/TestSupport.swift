// Test helpers: short builders for expected ASTs (spans are ignored by ==) and parse/render shortcuts.
import Testing
@testable import TarnSQL

func col(_ parts: String...) -> Expression { Expression(.column(QualifiedName(parts.map { Identifier($0) }))) }
func int(_ text: String) -> Expression { Expression(.literal(.integer(text))) }
func int(_ value: Int) -> Expression { Expression(.literal(.integer(String(value)))) }
func dec(_ text: String) -> Expression { Expression(.literal(.decimal(text))) }
func str(_ value: String) -> Expression { Expression(.literal(.string(value))) }
func bool(_ value: Bool) -> Expression { Expression(.literal(.boolean(value))) }
let null = Expression(.literal(.null))

func bin(_ op: BinaryOperator, _ left: Expression, _ right: Expression) -> Expression {
  Expression(.binary(op, left, right))
}
func not(_ operand: Expression) -> Expression { Expression(.unary(.not, operand)) }
func neg(_ operand: Expression) -> Expression { Expression(.unary(.negate, operand)) }
func call(_ name: String, _ arguments: Expression...) -> Expression {
  Expression(.function(FunctionCall(QualifiedName(name), arguments: arguments.map { FunctionArgument($0) })))
}
func cast(_ value: Expression, _ type: TypeName, _ syntax: CastExpression.Syntax = .doubleColon) -> Expression {
  Expression(.cast(CastExpression(value, as: type, syntax: syntax)))
}
func table(_ parts: String..., alias: String? = nil) -> TableReference {
  TableReference(.table(QualifiedName(parts.map { Identifier($0) })), alias: alias.map { TableAlias(Identifier($0)) })
}

/// Parses one expression, recording a test failure (and returning a NULL literal) on error.
func expr(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) -> Expression {
  do {
    return try Parser.parseExpression(sql)
  } catch {
    Issue.record("\(sql): \(error.rendered(in: sql))", sourceLocation: sourceLocation)
    return null
  }
}

/// Parses one query, recording a test failure on error.
func query(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) -> Query? {
  do {
    return try Parser.parseQuery(sql)
  } catch {
    Issue.record("\(sql): \(error.rendered(in: sql))", sourceLocation: sourceLocation)
    return nil
  }
}

/// The single SELECT block of a query, or nil (with a recorded failure).
func select(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) -> Select? {
  guard let query = query(sql, sourceLocation: sourceLocation) else { return nil }
  guard case .select(let select) = query.body else {
    Issue.record("\(sql): not a single SELECT", sourceLocation: sourceLocation)
    return nil
  }
  return select
}

/// Parses one statement, recording a test failure on error.
func statement(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) -> Statement? {
  do {
    return try Parser.parseStatement(sql)
  } catch {
    Issue.record("\(sql): \(error.rendered(in: sql))", sourceLocation: sourceLocation)
    return nil
  }
}

/// The error parsing `sql` as a script, or nil (with a recorded failure) if it parses.
func parseError(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) -> SQLError? {
  do {
    let statements = try Parser.parse(script: sql)
    Issue.record("expected an error, parsed: \(SQLPrinter.script(statements))", sourceLocation: sourceLocation)
    return nil
  } catch {
    return error
  }
}

/// The rendered error for `sql`, or a marker string if it parses.
func rendered(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
  parseError(sql, sourceLocation: sourceLocation)?.rendered(in: sql) ?? "<no error>"
}

/// The expressions of a SELECT list, for queries whose items are all plain expressions.
func items(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Expression] {
  guard let select = select(sql, sourceLocation: sourceLocation) else { return [] }
  return select.items.compactMap {
    if case .expression(let expression, _) = $0.kind { return expression }
    return nil
  }
}
