// Expressions: literals, names, precedence and associativity, predicates, calls, CASE, casts, nested values.
import Testing
@testable import TarnSQL

// MARK: - Literals

@Test func integerLiteralsKeepTheirDigits() {
  #expect(expr("42") == int("42"))
  #expect(expr("123456789012345678901234567890") == int("123456789012345678901234567890"))
  #expect(expr("1.50") == dec("1.50"))
  #expect(expr("1e10") == Expression(.literal(.scientific("1e10"))))
  #expect(expr("'it''s'") == str("it's"))
  #expect(expr("NULL") == null)
  #expect(expr("true") == bool(true))
  #expect(expr("FALSE") == bool(false))
}

@Test func minusFoldsIntoNumberLiterals() {
  #expect(expr("-9223372036854775808") == int("-9223372036854775808"))
  #expect(expr("- 1.5") == dec("-1.5"))
  #expect(expr("-2.5e3") == Expression(.literal(.scientific("-2.5e3"))))
  #expect(expr("1 - -1") == bin(.subtract, int(1), int("-1")))
  #expect(expr("-(1)") == neg(int(1)))
  #expect(expr("-x") == neg(col("x")))
}

@Test func typedLiterals() {
  #expect(expr("DATE '2020-01-01'") == Expression(.typedLiteral(.named("DATE"), "2020-01-01")))
  #expect(expr("TIMESTAMP '2020-01-01 10:00:00'") == Expression(.typedLiteral(.named("TIMESTAMP"), "2020-01-01 10:00:00")))
  #expect(expr("time '10:00'") == Expression(.typedLiteral(.named("time"), "10:00")))
  #expect(
    expr("TIMESTAMP WITH TIME ZONE '2020-01-01 00:00:00+00'")
      == Expression(.typedLiteral(.named("TIMESTAMP WITH TIME ZONE"), "2020-01-01 00:00:00+00")))
  #expect(expr("TIMESTAMPTZ '2020-01-01'") == Expression(.typedLiteral(.named("TIMESTAMPTZ"), "2020-01-01")))
  #expect(expr("uuid 'a0ee'") == Expression(.typedLiteral(.named("uuid"), "a0ee")))
}

@Test func intervals() {
  #expect(expr("INTERVAL '3 days'") == Expression(.interval(str("3 days"), unit: nil)))
  #expect(expr("INTERVAL 3 DAY") == Expression(.interval(int(3), unit: .day)))
  #expect(expr("INTERVAL 3 days") == Expression(.interval(int(3), unit: .day)))
  #expect(expr("INTERVAL '1' YEAR") == Expression(.interval(str("1"), unit: .year)))
  #expect(expr("INTERVAL -2 HOURS") == Expression(.interval(int("-2"), unit: .hour)))
  #expect(
    expr("INTERVAL (n * 2) MINUTE") == Expression(.interval(bin(.multiply, col("n"), int(2)), unit: .minute)))
  #expect(expr("ts + INTERVAL 1 MONTH") == bin(.add, col("ts"), Expression(.interval(int(1), unit: .month))))
}

@Test func intervalIsAlsoAColumnName() {
  #expect(items("SELECT interval FROM t") == [col("interval")])
}

@Test func escapeStringLiteral() {
  #expect(expr(#"E'\t'"#) == str("\t"))
}

// MARK: - Names

@Test func columnReferences() {
  #expect(expr("a") == col("a"))
  #expect(expr("t.a") == col("t", "a"))
  #expect(expr("s.t.a.field") == col("s", "t", "a", "field"))
  #expect(expr(#""quoted col""#) == Expression(.column(QualifiedName([Identifier("quoted col", isQuoted: true)]))))
  #expect(expr(#"t."Weird Name""#) == Expression(.column(QualifiedName([Identifier("t"), Identifier("Weird Name", isQuoted: true)]))))
}

@Test func unreservedKeywordsAreColumnNames() {
  #expect(items("SELECT year, name, first, last, filter, time, values FROM t") == [
    col("year"), col("name"), col("first"), col("last"), col("filter"), col("time"), col("values"),
  ])
}

@Test func spansCoverTheWrittenText() throws {
  let sql = "a + (b * 2)"
  let e = try Parser.parseExpression(sql)
  #expect(e.span == SourceSpan(start: 0, end: 11))
  guard case .binary(_, let left, let right) = e.kind else {
    Issue.record("not binary")
    return
  }
  #expect(left.span.text(in: sql) == "a")
  #expect(right.span.text(in: sql) == "(b * 2)")
}

// MARK: - Precedence

@Test func orAndNotComparison() {
  // a OR (b AND (NOT (c = d)))
  #expect(expr("a OR b AND NOT c = d") == bin(.or, col("a"), bin(.and, col("b"), not(bin(.equal, col("c"), col("d"))))))
}

@Test func unaryMinusBindsLooserThanCast() {
  #expect(expr("-x::int") == neg(cast(col("x"), .named("int"))))
  #expect(expr("-1::int") == neg(cast(int(1), .named("int"))))
}

@Test func concatBindsLooserThanAddition() {
  #expect(expr("a || b + c") == bin(.concat, col("a"), bin(.add, col("b"), col("c"))))
  #expect(expr("a + b || c") == bin(.concat, bin(.add, col("a"), col("b")), col("c")))
}

@Test func notBetweenBindsTighterThanAnd() {
  let between = Expression(.between(col("x"), low: int(1), high: int(2), negated: true))
  #expect(expr("x NOT BETWEEN 1 AND 2 AND y") == bin(.and, between, col("y")))
}

@Test func betweenBoundsAreArithmetic() {
  #expect(
    expr("x BETWEEN a + 1 AND b * 2")
      == Expression(.between(col("x"), low: bin(.add, col("a"), int(1)), high: bin(.multiply, col("b"), int(2)), negated: false)))
}

@Test func arithmeticPrecedenceAndAssociativity() {
  #expect(expr("1 + 2 * 3") == bin(.add, int(1), bin(.multiply, int(2), int(3))))
  #expect(expr("1 - 2 - 3") == bin(.subtract, bin(.subtract, int(1), int(2)), int(3)))
  #expect(expr("8 / 4 // 2 % 3") == bin(.modulo, bin(.integerDivide, bin(.divide, int(8), int(4)), int(2)), int(3)))
  #expect(expr("(1 + 2) * 3") == bin(.multiply, bin(.add, int(1), int(2)), int(3)))
  #expect(expr("2 * 3 ^ 2") == bin(.multiply, int(2), bin(.power, int(3), int(2))))
  #expect(expr("2 ** 3") == bin(.power, int(2), int(3)))
  #expect(expr("-2 ^ 2") == bin(.power, int("-2"), int(2)))
  #expect(expr("-x ^ 2") == bin(.power, neg(col("x")), int(2)))
}

@Test func comparisonOperatorsNormalize() {
  #expect(expr("a == b") == bin(.equal, col("a"), col("b")))
  #expect(expr("a != b") == bin(.notEqual, col("a"), col("b")))
  #expect(expr("a <> b") == bin(.notEqual, col("a"), col("b")))
  #expect(expr("a <= b") == bin(.lessOrEqual, col("a"), col("b")))
  #expect(expr("a >= b + 1") == bin(.greaterOrEqual, col("a"), bin(.add, col("b"), int(1))))
}

@Test func comparisonBindsTighterThanIs() {
  #expect(expr("a = b IS NULL") == Expression(.isNull(bin(.equal, col("a"), col("b")), negated: false)))
  #expect(expr("a IS NULL = b") == bin(.equal, Expression(.isNull(col("a"), negated: false)), col("b")))
}

@Test func notBindsLooserThanIs() {
  #expect(expr("NOT a IS NULL") == not(Expression(.isNull(col("a"), negated: false))))
  #expect(expr("NOT NOT a") == not(not(col("a"))))
}

@Test func likeBindsTighterThanComparison() {
  let like = Expression(.patternMatch(PatternMatch(.like, value: col("a"), pattern: str("x%"))))
  #expect(expr("a LIKE 'x%' = true") == bin(.equal, like, bool(true)))
}

@Test func bitwiseOperatorsShareTheConcatLevel() {
  #expect(expr("a & b | c") == bin(.bitwiseOr, bin(.bitwiseAnd, col("a"), col("b")), col("c")))
  #expect(expr("1 << 2 + 3") == bin(.shiftLeft, int(1), bin(.add, int(2), int(3))))
  #expect(expr("~x") == Expression(.unary(.bitwiseNot, col("x"))))
}

// MARK: - Predicates

@Test func isPredicates() {
  #expect(expr("a IS NULL") == Expression(.isNull(col("a"), negated: false)))
  #expect(expr("a IS NOT NULL") == Expression(.isNull(col("a"), negated: true)))
  #expect(expr("a ISNULL") == Expression(.isNull(col("a"), negated: false)))
  #expect(expr("a NOTNULL") == Expression(.isNull(col("a"), negated: true)))
  #expect(expr("a IS TRUE") == Expression(.isBoolean(col("a"), value: true, negated: false)))
  #expect(expr("a IS NOT FALSE") == Expression(.isBoolean(col("a"), value: false, negated: true)))
  #expect(expr("a IS UNKNOWN") == Expression(.isBoolean(col("a"), value: nil, negated: false)))
  #expect(expr("a IS DISTINCT FROM b") == bin(.isDistinctFrom, col("a"), col("b")))
  #expect(expr("a IS NOT DISTINCT FROM b + 1") == bin(.isNotDistinctFrom, col("a"), bin(.add, col("b"), int(1))))
}

@Test func inLists() {
  #expect(expr("x IN (1, 2, 3)") == Expression(.inList(col("x"), [int(1), int(2), int(3)], negated: false)))
  #expect(expr("x NOT IN ('a')") == Expression(.inList(col("x"), [str("a")], negated: true)))
  #expect(expr("x IN (1) AND y") == bin(.and, Expression(.inList(col("x"), [int(1)], negated: false)), col("y")))
}

@Test func inSubquery() throws {
  let e = expr("x NOT IN (SELECT y FROM t)")
  guard case .inSubquery(let value, let query, let negated) = e.kind else {
    Issue.record("not an IN subquery: \(e)")
    return
  }
  #expect(value == col("x"))
  #expect(negated)
  #expect(query.description == "SELECT y FROM t")
}

@Test func patternMatching() {
  #expect(expr("a LIKE 'x%'") == Expression(.patternMatch(PatternMatch(.like, value: col("a"), pattern: str("x%")))))
  #expect(
    expr("a NOT ILIKE 'x%'")
      == Expression(.patternMatch(PatternMatch(.ilike, isNegated: true, value: col("a"), pattern: str("x%")))))
  #expect(
    expr(#"a LIKE 'x!%' ESCAPE '!'"#)
      == Expression(.patternMatch(PatternMatch(.like, value: col("a"), pattern: str("x!%"), escape: str("!")))))
  #expect(expr("f GLOB '*.csv'") == Expression(.patternMatch(PatternMatch(.glob, value: col("f"), pattern: str("*.csv")))))
  #expect(
    expr("a NOT SIMILAR TO 'ab+'")
      == Expression(.patternMatch(PatternMatch(.similarTo, isNegated: true, value: col("a"), pattern: str("ab+")))))
  #expect(
    expr("a LIKE b || '%'")
      == Expression(.patternMatch(PatternMatch(.like, value: col("a"), pattern: bin(.concat, col("b"), str("%"))))))
}

@Test func existsAndScalarSubqueries() {
  let e = expr("NOT EXISTS (SELECT 1 FROM t WHERE t.a = b)")
  guard case .unary(.not, let inner) = e.kind, case .exists(let query) = inner.kind else {
    Issue.record("not NOT EXISTS: \(e)")
    return
  }
  #expect(query.description == "SELECT 1 FROM t WHERE t.a = b")
  let scalar = expr("(SELECT max(a) FROM t) + 1")
  guard case .binary(.add, let left, _) = scalar.kind, case .subquery = left.kind else {
    Issue.record("not a scalar subquery: \(scalar)")
    return
  }
}

@Test func parenthesizedSetOperationIsASubquery() {
  let e = expr("((SELECT 1) UNION (SELECT 2))")
  guard case .subquery(let query) = e.kind, case .setOperation = query.body else {
    Issue.record("expected a set-operation subquery: \(e)")
    return
  }
}

// MARK: - Calls

@Test func functionCalls() {
  #expect(expr("coalesce(a, b, 0)") == call("coalesce", col("a"), col("b"), int(0)))
  #expect(expr("now()") == Expression(.function(FunctionCall(QualifiedName("now")))))
  #expect(expr("main.my_func(1)") == Expression(.function(FunctionCall(QualifiedName("main", "my_func"), arguments: [FunctionArgument(int(1))]))))
  #expect(expr("left(s, 2)") == call("left", col("s"), int(2)))
  #expect(expr("quantile_cont(x, 0.5)") == call("quantile_cont", col("x"), dec("0.5")))
}

@Test func aggregateModifiers() {
  #expect(expr("count(*)") == Expression(.function(FunctionCall(QualifiedName("count"), isStar: true))))
  #expect(
    expr("count(DISTINCT x)")
      == Expression(.function(FunctionCall(QualifiedName("count"), arguments: [FunctionArgument(col("x"))], isDistinct: true))))
  #expect(
    expr("sum(x) FILTER (WHERE x > 0)")
      == Expression(.function(FunctionCall(QualifiedName("sum"), arguments: [FunctionArgument(col("x"))], filter: bin(.greater, col("x"), int(0))))))
  #expect(
    expr("string_agg(x, ',' ORDER BY y DESC NULLS FIRST)")
      == Expression(
        .function(
          FunctionCall(
            QualifiedName("string_agg"), arguments: [FunctionArgument(col("x")), FunctionArgument(str(","))],
            orderBy: [OrderItem(col("y"), direction: .descending, nulls: .first)]))))
  #expect(
    expr("count(*) FILTER (WHERE ok)")
      == Expression(.function(FunctionCall(QualifiedName("count"), isStar: true, filter: col("ok")))))
}

@Test func namedArgumentsInScalarCalls() {
  #expect(
    expr("struct_pack(a := 1, b => 'x')")
      == Expression(.function(FunctionCall(QualifiedName("struct_pack"), arguments: [
        FunctionArgument(name: Identifier("a"), int(1)), FunctionArgument(name: Identifier("b"), str("x")),
      ]))))
  // In a scalar call `=` stays a comparison.
  #expect(expr("f(a = 1)") == call("f", bin(.equal, col("a"), int(1))))
}

@Test func extractIsDatePart() {
  #expect(expr("EXTRACT(YEAR FROM ts)") == call("date_part", str("year"), col("ts")))
}

// MARK: - CASE and casts

@Test func searchedCase() {
  let expected = CaseExpression(
    branches: [.init(when: bin(.greater, col("a"), int(0)), then: str("pos")), .init(when: bin(.less, col("a"), int(0)), then: str("neg"))],
    elseResult: str("zero"))
  #expect(expr("CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' ELSE 'zero' END") == Expression(.caseWhen(expected)))
}

@Test func simpleCase() {
  let expected = CaseExpression(operand: col("a"), branches: [.init(when: int(1), then: str("one"))])
  #expect(expr("CASE a WHEN 1 THEN 'one' END") == Expression(.caseWhen(expected)))
}

@Test func casts() {
  #expect(expr("CAST(a AS BIGINT)") == cast(col("a"), .named("BIGINT"), .cast))
  #expect(expr("TRY_CAST(a AS DATE)") == cast(col("a"), .named("DATE"), .tryCast))
  #expect(expr("a::VARCHAR") == cast(col("a"), .named("VARCHAR")))
  #expect(expr("a::INT::TEXT") == cast(cast(col("a"), .named("INT")), .named("TEXT")))
  #expect(expr("'1.5'::DECIMAL(10, 2)") == cast(str("1.5"), .named("DECIMAL", 10, 2)))
  #expect(expr("(a + 1)::DOUBLE") == cast(bin(.add, col("a"), int(1)), .named("DOUBLE")))
}

@Test func castIsTryOnlyForTryCast() {
  guard case .cast(let c) = expr("TRY_CAST(a AS INT)").kind else {
    Issue.record("not a cast")
    return
  }
  #expect(c.isTry)
}

// MARK: - Nested values

@Test func listAndStructLiterals() {
  #expect(expr("[1, 2, 3]") == Expression(.list([int(1), int(2), int(3)])))
  #expect(expr("[]") == Expression(.list([])))
  #expect(expr("ARRAY[1, 2]") == Expression(.list([int(1), int(2)])))
  #expect(expr("[[1], [2, 3]]") == Expression(.list([Expression(.list([int(1)])), Expression(.list([int(2), int(3)]))])))
  #expect(
    expr("{'a': 1, b: 'x'}")
      == Expression(.structLiteral([StructLiteralField(name: "a", value: int(1)), StructLiteralField(name: "b", value: str("x"))])))
}

@Test func subscriptsAndSlices() {
  #expect(expr("l[1]") == Expression(.subscript(col("l"), index: int(1))))
  #expect(expr("l[1:2]") == Expression(.slice(col("l"), lower: int(1), upper: int(2))))
  #expect(expr("l[:2]") == Expression(.slice(col("l"), lower: nil, upper: int(2))))
  #expect(expr("l[2:]") == Expression(.slice(col("l"), lower: int(2), upper: nil)))
  #expect(expr("m['k'][1]") == Expression(.subscript(Expression(.subscript(col("m"), index: str("k"))), index: int(1))))
  #expect(expr("-l[1]") == neg(Expression(.subscript(col("l"), index: int(1)))))
}

@Test func fieldAccessOnExpressions() {
  #expect(expr("s.field") == col("s", "field"))
  #expect(expr("(s).field") == Expression(.fieldAccess(col("s"), Identifier("field"))))
  #expect(expr("f(x).a") == Expression(.fieldAccess(call("f", col("x")), Identifier("a"))))
  #expect(expr("l[1].a") == Expression(.fieldAccess(Expression(.subscript(col("l"), index: int(1))), Identifier("a"))))
}

// MARK: - Types

@Test func typeNames() throws {
  #expect(try Parser.parseType("INTEGER") == .named("INTEGER"))
  #expect(try Parser.parseType("DECIMAL(18, 3)") == .named("DECIMAL", 18, 3))
  #expect(try Parser.parseType("double precision") == .named("double precision"))
  #expect(try Parser.parseType("TIMESTAMP WITH TIME ZONE") == .named("TIMESTAMP WITH TIME ZONE"))
  #expect(try Parser.parseType("VARCHAR[]") == TypeName(.list(.named("VARCHAR"))))
  #expect(try Parser.parseType("INT[3]") == TypeName(.array(.named("INT"), size: 3)))
  #expect(try Parser.parseType("INT[][]") == TypeName(.list(TypeName(.list(.named("INT"))))))
  #expect(
    try Parser.parseType("STRUCT(a INT, \"b c\" VARCHAR[])")
      == TypeName(.structure([
        StructTypeField(name: Identifier("a"), type: .named("INT")),
        StructTypeField(name: Identifier("b c", isQuoted: true), type: TypeName(.list(.named("VARCHAR")))),
      ])))
  #expect(try Parser.parseType("MAP(VARCHAR, INT)") == TypeName(.map(key: .named("VARCHAR"), value: .named("INT"))))
}

@Test(arguments: [
  ("BOOL", "BOOLEAN"), ("int4", "INTEGER"), ("INT8", "BIGINT"), ("Int", "INTEGER"), ("text", "VARCHAR"),
  ("STRING", "VARCHAR"), ("REAL", "FLOAT"), ("float8", "DOUBLE"), ("double precision", "DOUBLE"),
  ("NUMERIC", "DECIMAL"), ("bytea", "BLOB"), ("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"),
  ("timestamp with time zone", "TIMESTAMP WITH TIME ZONE"), ("HUGEINT", "HUGEINT"), ("UBIGINT", "UBIGINT"),
  ("utinyint", "UTINYINT"), ("uuid", "UUID"), ("char", "VARCHAR"),
])
func canonicalTypeNames(written: String, canonical: String) throws {
  #expect(try Parser.parseType(written).canonicalName == canonical)
}

@Test func unknownTypeNamesAreKeptForTheBinder() throws {
  let type = try Parser.parseType("my_enum")
  #expect(type == .named("my_enum"))
  #expect(type.canonicalName == nil)
}
