// EXPLAIN statement: show the plan of a statement, optionally running it (EXPLAIN ANALYZE).

public struct ExplainStatement: Sendable, Equatable {
  /// `EXPLAIN ANALYZE`: run the statement and report actual row counts and timings.
  public var isAnalyze: Bool
  /// Never itself an EXPLAIN.
  public var statement: Statement

  public init(_ statement: Statement, isAnalyze: Bool = false) {
    self.isAnalyze = isAnalyze
    self.statement = statement
  }
}
