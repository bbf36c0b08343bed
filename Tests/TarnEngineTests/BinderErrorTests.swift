// Binder errors: each class with the exact text a user sees — message, SQL line, caret under the name, hint.
import Testing
@testable import TarnEngine

@Suite struct BinderErrorTests {
  @Test func unknownColumnSuggestsTheClosestName() {
    #expect(renderedError("SELECT nam FROM (SELECT 1 AS name)") == """
      Binder Error: Referenced column "nam" not found in FROM clause!
      LINE 1: SELECT nam FROM (SELECT 1 AS name)
                     ^
      HINT: Candidate bindings: "name"
      """)
  }

  @Test func unknownQualifiedColumnNamesTheTable() {
    #expect(renderedError("SELECT s.nme FROM (SELECT 1 AS name) s") == """
      Binder Error: Table "s" does not have a column named "nme"
      LINE 1: SELECT s.nme FROM (SELECT 1 AS name) s
                     ^
      HINT: Candidate bindings: "s.name"
      """)
  }

  @Test func unknownTableAliasSuggestsTheClosestAlias() {
    #expect(renderedError("SELECT t.x FROM (SELECT 1 AS x) s") == """
      Binder Error: Referenced table "t" not found!
      LINE 1: SELECT t.x FROM (SELECT 1 AS x) s
                     ^
      HINT: Candidate tables: "s"
      """)
  }

  @Test func unknownTableSuggestsAViewOfTheScript() {
    #expect(renderedError("CREATE VIEW birds AS SELECT 1 AS x; SELECT * FROM brids") == """
      Catalog Error: Table with name brids does not exist!
      LINE 1: CREATE VIEW birds AS SELECT 1 AS x; SELECT * FROM brids
                                                                ^
      HINT: Did you mean "birds"?
      """)
  }

  @Test func unknownFunctionSuggestsTheClosestName() {
    #expect(renderedError("SELECT lowr('a')") == """
      Catalog Error: Scalar Function with name lowr does not exist!
      LINE 1: SELECT lowr('a')
                     ^
      HINT: Did you mean "lower"?
      """)
  }

  @Test func ambiguousColumnListsTheQualifiedNames() {
    #expect(renderedError("SELECT x FROM (SELECT 1 AS x) a, (SELECT 2 AS x) b") == """
      Binder Error: Ambiguous reference to column name "x" (use: "a.x" or "b.x")
      LINE 1: SELECT x FROM (SELECT 1 AS x) a, (SELECT 2 AS x) b
                     ^
      """)
  }

  @Test func typeMismatchInAFunctionCall() {
    #expect(renderedError("SELECT sum('a')") == """
      Binder Error: No function matches the given name and argument types 'sum(VARCHAR)'. You might need to add explicit type casts.
      LINE 1: SELECT sum('a')
                     ^
      """)
  }

  @Test func wrongArity() {
    #expect(renderedError("SELECT lower('a', 'b')") == """
      Binder Error: No function matches the given name and argument types 'lower(VARCHAR, VARCHAR)'. You might need to add explicit type casts.
      LINE 1: SELECT lower('a', 'b')
                     ^
      """)
  }

  @Test func nonBooleanWhere() {
    #expect(renderedError("SELECT a FROM (SELECT 1 AS a) WHERE a") == """
      Binder Error: WHERE clause must be a BOOLEAN expression, not INTEGER
      LINE 1: SELECT a FROM (SELECT 1 AS a) WHERE a
                                                  ^
      """)
  }

  @Test func aggregateInWhere() {
    #expect(renderedError("SELECT 1 FROM (SELECT 1 AS a) WHERE count(*) > 1") == """
      Binder Error: aggregate function calls cannot be used here (count)
      LINE 1: SELECT 1 FROM (SELECT 1 AS a) WHERE count(*) > 1
                                                  ^
      """)
  }

  @Test func nestedAggregates() {
    #expect(renderedError("SELECT sum(count(*)) FROM (SELECT 1 AS a)") == """
      Binder Error: aggregate function calls cannot be nested
      LINE 1: SELECT sum(count(*)) FROM (SELECT 1 AS a)
                         ^
      """)
  }

  @Test func columnOutsideGroupBy() {
    #expect(renderedError("SELECT a, b FROM (SELECT 1 AS a, 2 AS b) GROUP BY a") == """
      Binder Error: column "b" must appear in the GROUP BY clause or must be part of an aggregate function.
      LINE 1: SELECT a, b FROM (SELECT 1 AS a, 2 AS b) GROUP BY a
                        ^
      HINT: Either add it to the GROUP BY list, or use "ANY_VALUE(b)" if the exact value of "b" is not important.
      """)
  }

  @Test func ordinalsOutOfRange() {
    #expect(renderedError("SELECT 1 FROM (SELECT 1 AS a) GROUP BY 3") == """
      Binder Error: GROUP BY term out of range - should be between 1 and 1
      LINE 1: SELECT 1 FROM (SELECT 1 AS a) GROUP BY 3
                                                     ^
      """)
    #expect(renderedError("SELECT 1 FROM (SELECT 1 AS a) ORDER BY 5") == """
      Binder Error: ORDER term out of range - should be between 1 and 1
      LINE 1: SELECT 1 FROM (SELECT 1 AS a) ORDER BY 5
                                                     ^
      """)
  }

  @Test func setOperationColumnCounts() {
    #expect(renderedError("SELECT 1 UNION SELECT 1, 2") == """
      Binder Error: Set operations can only apply to expressions with the same number of result columns
      LINE 1: SELECT 1 UNION SELECT 1, 2
              ^
      """)
  }

  @Test func aggregateOnlyClausesOnScalars() {
    let message = renderedError("SELECT lower('a' ORDER BY 1)")
    #expect(message?.hasPrefix("Binder Error: DISTINCT, ORDER BY and FILTER are only allowed in aggregate functions; lower is not one") == true)
  }

  @Test func unknownStructFieldSuggestsTheClosestField() {
    #expect(renderedError("SELECT s.nmae FROM (SELECT {'name': 1, 'rank': 2} AS s)") == """
      Binder Error: Could not find key "nmae" in struct
      LINE 1: SELECT s.nmae FROM (SELECT {'name': 1, 'rank': 2} AS s)
                     ^
      HINT: Candidate Entries: "name"
      """)
    #expect(renderedError("SELECT x[1] FROM (SELECT 1 AS x)")?.hasPrefix("Binder Error: Cannot subscript a value of type INTEGER") == true)
  }

  @Test func copyRejectsUnknownOptionsAndPartitionColumns() {
    #expect(renderedError("COPY (SELECT 1 AS a) TO '/tmp/x.parquet' (FORMAT parquet, NO_SUCH 1)")?
      .hasPrefix("Binder Error: Unrecognized option for COPY: NO_SUCH") == true)
    #expect(renderedError("COPY (SELECT 1 AS a, 2 AS b) TO '/tmp/tarn-never-written' (FORMAT parquet, PARTITION_BY (c))")?
      .hasPrefix("Binder Error: PARTITION_BY column \"c\" is not in the COPY query's columns") == true)
  }
}
