// Joins: kinds, ON and USING, NATURAL, CROSS and comma joins, left-to-right grouping, parenthesized joins.
import Testing
@testable import TarnSQL

private func from(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) -> [TableReference] {
  select(sql, sourceLocation: sourceLocation)?.from ?? []
}

private func join(
  _ kind: Join.Kind, _ left: TableReference, _ right: TableReference, _ condition: Join.Condition? = nil,
  natural: Bool = false
) -> TableReference {
  TableReference(.join(Join(kind, isNatural: natural, left: left, right: right, condition: condition)))
}

@Test(arguments: [
  ("JOIN", Join.Kind.inner), ("INNER JOIN", .inner), ("LEFT JOIN", .left), ("LEFT OUTER JOIN", .left),
  ("RIGHT JOIN", .right), ("RIGHT OUTER JOIN", .right), ("FULL JOIN", .full), ("FULL OUTER JOIN", .full),
  ("SEMI JOIN", .semi), ("ANTI JOIN", .anti),
])
func joinKinds(words: String, kind: Join.Kind) {
  let condition = Join.Condition.on(bin(.equal, col("a", "id"), col("b", "id")))
  #expect(from("SELECT * FROM a \(words) b ON a.id = b.id") == [join(kind, table("a"), table("b"), condition)])
}

@Test func usingColumns() {
  #expect(from("SELECT * FROM a JOIN b USING (id, day)") == [
    join(.inner, table("a"), table("b"), .using([Identifier("id"), Identifier("day")]))
  ])
}

@Test func crossAndNaturalJoins() {
  #expect(from("SELECT * FROM a CROSS JOIN b") == [join(.cross, table("a"), table("b"))])
  #expect(from("SELECT * FROM a NATURAL JOIN b") == [join(.inner, table("a"), table("b"), natural: true)])
  #expect(from("SELECT * FROM a NATURAL LEFT JOIN b") == [join(.left, table("a"), table("b"), natural: true)])
}

@Test func commaJoinsAreSeparateFromItems() {
  #expect(from("SELECT * FROM a, b, c") == [table("a"), table("b"), table("c")])
}

@Test func joinsGroupLeftToRight() {
  let ab = join(.inner, table("a"), table("b"), .on(bin(.equal, col("a", "x"), col("b", "x"))))
  let abc = join(.left, ab, table("c"), .on(bin(.equal, col("b", "y"), col("c", "y"))))
  #expect(from("SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN c ON b.y = c.y") == [abc])
}

@Test func joinsWithAliases() {
  let condition = Join.Condition.on(bin(.equal, col("o", "id"), col("t", "id")))
  #expect(from("SELECT * FROM 'obs.parquet' o JOIN taxa AS t ON o.id = t.id") == [
    join(.inner, TableReference(.path("obs.parquet"), alias: TableAlias(Identifier("o"))), table("taxa", alias: "t"), condition)
  ])
}

@Test func commaAndJoinMix() {
  let bc = join(.inner, table("b"), table("c"), .using([Identifier("k")]))
  #expect(from("SELECT * FROM a, b JOIN c USING (k)") == [table("a"), bc])
}

@Test func parenthesizedJoinOnTheRight() {
  let bc = join(.inner, table("b"), table("c"), .on(col("p")))
  #expect(from("SELECT * FROM a JOIN (b JOIN c ON p) ON q") == [join(.inner, table("a"), bc, .on(col("q")))])
}

@Test func parenthesizedJoinWithAlias() {
  let ab = join(.inner, table("a"), table("b"), .using([Identifier("k")]))
  var aliased = ab
  aliased.alias = TableAlias(Identifier("j"))
  #expect(from("SELECT * FROM (a JOIN b USING (k)) AS j") == [aliased])
}

@Test func joinSubqueryAndFunction() {
  guard let first = from("SELECT * FROM read_parquet('x') r JOIN (SELECT 1 AS id) s ON r.id = s.id").first,
    case .join(let j) = first.kind
  else {
    Issue.record("not a join")
    return
  }
  guard case .function = j.left.kind, case .subquery = j.right.kind else {
    Issue.record("unexpected operands: \(first)")
    return
  }
  #expect(j.right.alias?.name.name == "s")
}

@Test func joinSpans() throws {
  let sql = "SELECT * FROM a JOIN b ON a.x = b.x"
  guard case .select(let s) = try Parser.parseQuery(sql).body else { return }
  #expect(s.from[0].span.text(in: sql) == "a JOIN b ON a.x = b.x")
}

@Test func joinWithoutConditionIsAnError() {
  let error = parseError("SELECT * FROM a JOIN b WHERE x")
  #expect(error?.message == "syntax error at or near \"WHERE\"")
  #expect(error?.hint == "a join needs an ON condition or USING (columns); use CROSS JOIN for every combination of rows")
}

@Test func crossJoinWithConditionIsAnError() {
  #expect(parseError("SELECT * FROM a CROSS JOIN b ON x")?.hint == "a CROSS join takes no ON or USING condition")
}
