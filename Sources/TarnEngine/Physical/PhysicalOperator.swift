// Physical operators: pull-based, vectorized; each `next()` returns one chunk of about 2,048 rows or nil at the end.
import TarnCore

/// One operator of an executable plan. Called once per chunk, so an existential call here costs nothing per row.
protocol PhysicalOperator: AnyObject {
  func next() throws(EngineError) -> Chunk?
}

/// Reads a table source and applies the pushed-down filters to each chunk.
final class ScanOperator: PhysicalOperator {
  let stream: any ChunkStream
  let filters: [BoundExpression]
  init(stream: any ChunkStream, filters: [BoundExpression]) {
    self.stream = stream
    self.filters = filters
  }
  func next() throws(EngineError) -> Chunk? {
    while let chunk = try stream.next() {
      let filtered = try FilterOperator.apply(filters, chunk)
      if filtered.count > 0 { return filtered }
    }
    return nil
  }
}

final class FilterOperator: PhysicalOperator {
  let child: PhysicalOperator
  let conjuncts: [BoundExpression]
  init(child: PhysicalOperator, conjuncts: [BoundExpression]) {
    self.child = child
    self.conjuncts = conjuncts
  }
  func next() throws(EngineError) -> Chunk? {
    while let chunk = try child.next() {
      let filtered = try Self.apply(conjuncts, chunk)
      if filtered.count > 0 { return filtered }
    }
    return nil
  }

  /// Conjuncts in order; each later one runs only on the rows that passed the earlier ones.
  static func apply(_ conjuncts: [BoundExpression], _ input: Chunk) throws(EngineError) -> Chunk {
    var chunk = input
    for c in conjuncts {
      if chunk.count == 0 { break }
      let mask = try ExpressionEvaluator.evaluate(c, chunk)
      let rows = Selection.trueRows(mask)
      if rows.count != chunk.count { chunk = rows.withUnsafeBufferPointer { chunk.taking($0) } }
    }
    return chunk
  }
}

final class ProjectOperator: PhysicalOperator {
  let child: PhysicalOperator
  let expressions: [BoundExpression]
  init(child: PhysicalOperator, expressions: [BoundExpression]) {
    self.child = child
    self.expressions = expressions
  }
  func next() throws(EngineError) -> Chunk? {
    guard let chunk = try child.next() else { return nil }
    var columns: [ColumnVector] = []
    columns.reserveCapacity(expressions.count)
    for e in expressions { columns.append(try ExpressionEvaluator.evaluate(e, chunk)) }
    return Chunk(columns: columns, count: chunk.count)
  }
}

/// Constant rows (VALUES, and the single empty row of a FROM-less SELECT).
final class ValuesOperator: PhysicalOperator {
  var chunk: Chunk?
  init(_ chunk: Chunk) { self.chunk = chunk }
  func next() throws(EngineError) -> Chunk? {
    defer { chunk = nil }
    return chunk
  }
}

final class LimitOperator: PhysicalOperator {
  let child: PhysicalOperator
  var remaining: Int
  var toSkip: Int
  init(child: PhysicalOperator, limit: Int?, offset: Int) {
    self.child = child
    remaining = limit ?? Int.max
    toSkip = offset
  }
  func next() throws(EngineError) -> Chunk? {
    while remaining > 0, let chunk = try child.next() {
      var start = 0
      if toSkip > 0 {
        let skipped = min(toSkip, chunk.count)
        toSkip -= skipped
        start = skipped
      }
      let length = min(chunk.count - start, remaining)
      if length <= 0 { continue }
      remaining -= length
      return chunk.slice(start, length)
    }
    return nil
  }
}

/// Drains an operator into one chunk per column (for build sides, sorts and materialized tables).
enum Materialize {
  static func all(_ op: PhysicalOperator, types: [DataType]) throws(EngineError) -> Chunk {
    var chunks: [Chunk] = []
    while let c = try op.next() { chunks.append(c) }
    return concat(chunks, types: types)
  }

  static func concat(_ chunks: [Chunk], types: [DataType]) -> Chunk {
    let count = chunks.reduce(0) { $0 + $1.count }
    if chunks.count == 1 { return Chunk(columns: chunks[0].columns.map(VectorFactory.flatten), count: count) }
    let columns = types.indices.map { c in
      chunks.isEmpty ? VectorFactory.nulls(types[c], count: 0) : VectorFactory.concat(chunks.map { $0.columns[c] }, type: types[c])
    }
    return Chunk(columns: columns, count: count)
  }

  /// Splits a materialized chunk back into batches.
  static func batches(_ chunk: Chunk) -> [Chunk] {
    var out: [Chunk] = []
    var start = 0
    while start < chunk.count {
      let n = min(Chunk.capacity, chunk.count - start)
      out.append(chunk.slice(start, n))
      start += n
    }
    return out
  }
}
