// Set operations: UNION/INTERSECT/EXCEPT [ALL], INTERSECT binding tighter, parentheses, ORDER BY/LIMIT on the whole.
import Testing
@testable import TarnSQL

private func sel(_ n: Int) -> QueryBody { .select(Select(items: [.expression(int(n))])) }

private func op(_ o: SetOperation.Operator, _ left: QueryBody, _ right: QueryBody, all: Bool = false, byName: Bool = false) -> QueryBody {
  .setOperation(SetOperation(o, isAll: all, isByName: byName, left: left, right: right))
}

@Test func unionAndUnionAll() {
  #expect(query("SELECT 1 UNION SELECT 2")?.body == op(.union, sel(1), sel(2)))
  #expect(query("SELECT 1 UNION ALL SELECT 2")?.body == op(.union, sel(1), sel(2), all: true))
  #expect(query("SELECT 1 UNION DISTINCT SELECT 2")?.body == op(.union, sel(1), sel(2)))
  #expect(query("SELECT 1 UNION ALL BY NAME SELECT 2")?.body == op(.union, sel(1), sel(2), all: true, byName: true))
}

@Test func intersectAndExcept() {
  #expect(query("SELECT 1 INTERSECT SELECT 2")?.body == op(.intersect, sel(1), sel(2)))
  #expect(query("SELECT 1 EXCEPT ALL SELECT 2")?.body == op(.except, sel(1), sel(2), all: true))
}

@Test func setOperationsAreLeftAssociative() {
  #expect(query("SELECT 1 UNION SELECT 2 EXCEPT SELECT 3")?.body == op(.except, op(.union, sel(1), sel(2)), sel(3)))
}

@Test func intersectBindsTighterThanUnion() {
  #expect(query("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3")?.body == op(.union, sel(1), op(.intersect, sel(2), sel(3))))
  #expect(query("SELECT 1 INTERSECT SELECT 2 UNION SELECT 3")?.body == op(.union, op(.intersect, sel(1), sel(2)), sel(3)))
  #expect(
    query("SELECT 1 EXCEPT SELECT 2 INTERSECT SELECT 3 INTERSECT SELECT 4")?.body
      == op(.except, sel(1), op(.intersect, op(.intersect, sel(2), sel(3)), sel(4))))
}

@Test func parenthesesOverridePrecedence() {
  #expect(query("(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3")?.body == op(.intersect, op(.union, sel(1), sel(2)), sel(3)))
  #expect(query("SELECT 1 UNION (SELECT 2 UNION SELECT 3)")?.body == op(.union, sel(1), op(.union, sel(2), sel(3))))
  #expect(query("((SELECT 1))")?.body == sel(1))
}

@Test func orderByAndLimitApplyToTheWholeSetOperation() {
  guard let q = query("SELECT 1 AS x UNION ALL SELECT 2 ORDER BY x DESC LIMIT 1") else { return }
  guard case .setOperation = q.body else {
    Issue.record("not a set operation")
    return
  }
  #expect(q.orderBy == OrderBy(.items([OrderItem(col("x"), direction: .descending)])))
  #expect(q.limit == int(1))
}

@Test func parenthesizedOperandKeepsItsOwnOrderAndLimit() {
  guard let q = query("(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT b FROM u LIMIT 2) LIMIT 3") else { return }
  guard case .setOperation(let operation) = q.body,
    case .nested(let left) = operation.left, case .nested(let right) = operation.right
  else {
    Issue.record("expected nested operands: \(q)")
    return
  }
  #expect(left.limit == int(1))
  #expect(left.orderBy != nil)
  #expect(right.limit == int(2))
  #expect(q.limit == int(3))
}

@Test func valuesAsASetOperand() {
  #expect(query("VALUES (1) UNION SELECT 2")?.body == op(.union, .values(Values(rows: [[int(1)]])), sel(2)))
}

@Test func withAppliesToTheWholeSetOperation() {
  guard let q = query("WITH a AS (SELECT 1) SELECT * FROM a UNION SELECT * FROM a") else { return }
  #expect(q.with.count == 1)
  guard case .setOperation = q.body else {
    Issue.record("not a set operation")
    return
  }
}

@Test func orderByBeforeUnionIsAnErrorWithAHint() {
  let sql = "SELECT a FROM t ORDER BY a UNION SELECT b FROM u"
  #expect(rendered(sql) == """
    Parser Error: syntax error at or near "UNION"
    LINE 1: SELECT a FROM t ORDER BY a UNION SELECT b FROM u
                                       ^
    HINT: ORDER BY, LIMIT and OFFSET apply to the whole set operation and must come last; put a query in parentheses to order or limit it alone
    """)
}

@Test func byNameOnlyAfterUnion() {
  #expect(parseError("SELECT 1 INTERSECT BY NAME SELECT 2")?.hint == "BY NAME is only allowed after UNION")
}
