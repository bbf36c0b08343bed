// A group of equally long columns with their schema: the unit of work between operators.

public struct RecordBatch: Sendable {
  public var schema: Schema
  public var columns: [ColumnVector]
  public var count: Int

  /// - Precondition: every column has `count` rows and `schema` has one field per column.
  public init(schema: Schema, columns: [ColumnVector], count: Int) {
    precondition(schema.count == columns.count, "schema and columns disagree")
    self.schema = schema
    self.columns = columns
    self.count = count
  }

  public func column(named name: String) -> ColumnVector? { schema.index(of: name).map { columns[$0] } }
}
