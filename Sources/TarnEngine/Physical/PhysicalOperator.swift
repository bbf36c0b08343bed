// Physical operators: pull-based, vectorized; each `next()` returns one chunk of about 2,048 rows or nil at the end.
import TarnCore

/// One operator of an executable plan. Called once per chunk, so an existential call here costs nothing per row.
protocol PhysicalOperator: AnyObject {
  func next() throws(EngineError) -> Chunk?
}

/// Reads a table source and applies the pushed-down filters to each chunk, then keeps the output columns.
final class ScanOperator: PhysicalOperator {
  let stream: any ChunkStream
  let filters: [BoundExpression]
  /// Positions of the output columns among those read; nil: all.
  let outputs: [Int]?
  init(stream: any ChunkStream, filters: [BoundExpression], outputs: [Int]? = nil) {
    self.stream = stream
    self.filters = filters
    self.outputs = outputs
  }
  func next() throws(EngineError) -> Chunk? {
    while let chunk = try stream.next() {
      let filtered = try FilterOperator.apply(filters, chunk, keeping: outputs)
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

  /// The rows passing every conjunct, with the columns at `keeping` (all when nil).
  ///
  /// Leading cheap conjuncts (comparisons, IN lists and null tests of columns and constants) run on every row and
  /// their results are ANDed, so rows are picked once; the others run in order, each only on the rows that passed
  /// the ones before. Columns not kept are never copied.
  static func apply(_ conjuncts: [BoundExpression], _ input: Chunk, keeping: [Int]? = nil) throws(EngineError) -> Chunk {
    var chunk = input
    var rest = conjuncts[...]
    if let first = rest.first, first.isCheapFilter {
      let n = chunk.count
      var passing = [UInt8](repeating: 1, count: n)
      while let c = rest.first, c.isCheapFilter {
        rest = rest.dropFirst()
        if try passing.withUnsafeMutableBufferPointer({ (p) throws(EngineError) in
          try ConstantFilter.narrow(p.baseAddress!, by: c, chunk)
        }) {
          continue
        }
        let mask = try ExpressionEvaluator.evaluate(c, chunk)
        passing.withUnsafeMutableBufferPointer { Selection.narrow($0.baseAddress!, by: mask) }
      }
      let rows = Selection.trueRows(passing)
      if rows.count != n {
        let columns = rest.isEmpty ? keeping : nil
        chunk = rows.withUnsafeBufferPointer { chunk.taking($0, columns: columns) }
        if rest.isEmpty { return chunk }
      }
    }
    for c in rest {
      if chunk.count == 0 { break }
      let mask = try ExpressionEvaluator.evaluate(c, chunk)
      let rows = Selection.trueRows(mask)
      if rows.count != chunk.count { chunk = rows.withUnsafeBufferPointer { chunk.taking($0) } }
    }
    guard let keeping else { return chunk }
    return Chunk(columns: keeping.map { chunk.columns[$0] }, count: chunk.count)
  }
}

extension BoundExpression {
  /// Whether evaluating this on every row costs about as much as picking rows: a comparison, IN list or null test
  /// of columns and constants.
  var isCheapFilter: Bool {
    func isLeaf(_ e: BoundExpression) -> Bool {
      switch e.kind {
      case .column, .constant: true
      default: false
      }
    }
    func isColumn(_ e: BoundExpression) -> Bool {
      if case .column = e.kind { return true }
      return false
    }
    switch kind {
    case .comparison(_, let l, let r): return isLeaf(l) && isLeaf(r) && (isColumn(l) || isColumn(r))
    case .inList(let e, let list, _): return isColumn(e) && list.allSatisfy(isLeaf)
    case .isNull(let e, _): return isColumn(e)
    default: return false
    }
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
