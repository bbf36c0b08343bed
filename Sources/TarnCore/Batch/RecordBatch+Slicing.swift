// Taking the first rows of a batch, for LIMIT.

extension RecordBatch {
  /// The first `count` rows, copied.
  public func prefix(_ count: Int) -> RecordBatch {
    let n = min(count, self.count)
    let columns = columns.map { column -> ColumnVector in
      var builder = VectorBuilder(type: column.type, capacity: n)
      for row in 0..<n { builder.append(from: column, row: row) }
      return builder.finish()
    }
    return RecordBatch(schema: schema, columns: columns, count: n)
  }
}
