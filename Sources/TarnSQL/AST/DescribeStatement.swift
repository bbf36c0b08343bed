// DESCRIBE statement: the output schema of a query, a table, a file path or a table function.

/// `DESCRIBE SELECT …`, `DESCRIBE t`, `DESCRIBE 'obs/*.parquet'`, `DESCRIBE read_csv('x.csv')`.
/// DuckDB treats `DESCRIBE x` as `DESCRIBE SELECT * FROM x`.
public struct DescribeStatement: Sendable, Equatable {
  public enum Target: Sendable, Equatable {
    case query(Query)
    /// A table name, a quoted path or a table function (without alias).
    case table(TableReference)
  }
  public var target: Target

  public init(_ target: Target) {
    self.target = target
  }
}
