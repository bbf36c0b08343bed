// HashJoinOperator: builds a hash table on the right input's keys and probes it with left chunks; all join kinds,
// with a residual condition; without keys it is a nested-loop join.
import TarnCore

final class HashJoinOperator: PhysicalOperator {
  let kind: JoinKind
  let probe: PhysicalOperator
  let build: PhysicalOperator
  let probeKeys: [BoundExpression]
  let buildKeys: [BoundExpression]
  let buildTypes: [DataType]
  /// Over the concatenated probe ++ build columns.
  let residual: BoundExpression?
  let markNullAware: Bool

  private var built = false
  private var buildChunk = Chunk(columns: [], count: 0)
  private var table = KeyTable()
  private var heads: [Int32] = []
  private var nexts: [Int32] = []
  private var buildHasNullKey = false
  /// The single-key index, when the key's type allows one; else `table` over encoded keys.
  private var keyIndex: JoinKeyIndex?
  private var probeIds: [Int32] = []
  private var buildMatched: [Bool] = []
  private var pending: [Chunk] = []
  private var probeDone = false
  private var emittedUnmatched = false

  init(
    kind: JoinKind, probe: PhysicalOperator, build: PhysicalOperator, probeKeys: [BoundExpression], buildKeys: [BoundExpression],
    buildTypes: [DataType], residual: BoundExpression?, markNullAware: Bool
  ) {
    self.kind = kind
    self.probe = probe
    self.build = build
    self.probeKeys = probeKeys
    self.buildKeys = buildKeys
    self.buildTypes = buildTypes
    self.residual = residual
    self.markNullAware = markNullAware
  }

  private func buildTable() throws(EngineError) {
    var chunks: [Chunk] = []
    while let c = try build.next() { chunks.append(c) }
    let n = chunks.reduce(0) { $0 + $1.count }
    buildMatched = [Bool](repeating: false, count: n)
    let singleKeyType = buildKeys.count == 1 && probeKeys[0].type == buildKeys[0].type ? buildKeys[0].type : nil
    if let keyType = singleKeyType, JoinKeyIndex.supports(keyType), residual == nil, let needed = buildOutput {
      // The index reads the key from the batches as they came; only the columns the output gathers are copied
      // into one chunk (copying a big build side was a sixth of a join, most of it the kernel clearing fresh pages).
      var keyParts: [ColumnVector] = []
      for c in chunks { keyParts.append(try ExpressionEvaluator.evaluate(buildKeys[0], c)) }
      var columns = buildTypes.map { VectorFactory.nulls($0, count: 0) }
      for column in needed {
        columns[column] = chunks.isEmpty
          ? VectorFactory.nulls(buildTypes[column], count: 0)
          : VectorFactory.concat(chunks.map { $0.columns[column] }, type: buildTypes[column])
      }
      buildChunk = Chunk(columns: columns, count: n)
      chunks = []
      indexKeys(JoinKeyIndex(buildKeys: keyParts, type: keyType), rows: n)
      return
    }
    buildChunk = Materialize.concat(chunks, types: buildTypes)
    chunks = []
    guard !buildKeys.isEmpty else { return }
    var keyColumns: [ColumnVector] = []
    for k in buildKeys { keyColumns.append(try ExpressionEvaluator.evaluate(k, buildChunk)) }
    if keyColumns.count == 1, probeKeys[0].type == keyColumns[0].type, JoinKeyIndex.supports(keyColumns[0].type) {
      indexKeys(JoinKeyIndex(buildKey: keyColumns[0]), rows: n)
      return
    }

    var keys = EncodedKeys()
    KeyEncoder.encode(keyColumns, count: n, into: &keys)
    table = KeyTable(capacity: max(16, n))
    nexts = [Int32](repeating: -1, count: n)
    // Insert in reverse so each chain lists build rows in their original order.
    for i in stride(from: n - 1, through: 0, by: -1) {
      if keys.hasNull[i] { buildHasNullKey = true; continue }
      let (id, isNew) = table.findOrInsert(keys, i)
      if isNew { heads.append(-1) }
      nexts[i] = heads[id]
      heads[id] = Int32(i)
    }
  }

  /// Chains the `rows` build rows by key id: `heads[id]` is the first row of a key, `nexts[row]` the next.
  private func indexKeys(_ index: JoinKeyIndex, rows n: Int) {
    heads = [Int32](repeating: -1, count: index.keyIdBound)
    nexts = [Int32](repeating: -1, count: n)
    index.buildIds.withUnsafeBufferPointer { ids in
      heads.withUnsafeMutableBufferPointer { h in
        nexts.withUnsafeMutableBufferPointer { next in
          // In reverse, so each chain lists build rows in their original order.
          for i in stride(from: n - 1, through: 0, by: -1) {
            let id = Int(ids[i])
            if id < 0 { continue }
            next[i] = h[id]
            h[id] = Int32(truncatingIfNeeded: i)
          }
        }
      }
    }
    buildHasNullKey = index.buildIds.contains(-1)
    keyIndex = index
  }

  func next() throws(EngineError) -> Chunk? {
    if !built {
      try buildTable()
      built = true
    }
    while true {
      if !pending.isEmpty { return pending.removeFirst() }
      if probeDone {
        if (kind == .right || kind == .full) && !emittedUnmatched {
          emittedUnmatched = true
          if let c = unmatchedBuildRows() { return c }
        }
        return nil
      }
      guard let chunk = try probe.next() else { probeDone = true; continue }
      if buildKeys.isEmpty && buildChunk.count > 0 {
        // Nested loop: bound the pairs per step.
        let step = max(1, 65_536 / buildChunk.count)
        var start = 0
        while start < chunk.count {
          let length = min(step, chunk.count - start)
          if let out = try probeChunk(chunk.slice(start, length)) { pending.append(out) }
          start += length
        }
      } else if let out = try probeChunk(chunk) {
        pending.append(out)
      }
    }
  }

  /// Candidate pairs for one probe chunk, the residual applied, and the output shaped for the join kind.
  private func probeChunk(_ chunk: Chunk) throws(EngineError) -> Chunk? {
    let n = chunk.count
    var probeRows: [UInt32] = []
    var buildRows: [UInt32] = []
    var probeHasNullKey = [Bool](repeating: false, count: n)
    if buildKeys.isEmpty {
      let m = buildChunk.count
      probeRows.reserveCapacity(n * m)
      for i in 0..<n { for j in 0..<m { probeRows.append(UInt32(i)); buildRows.append(UInt32(j)) } }
    } else if let keyIndex {
      let key = try ExpressionEvaluator.evaluate(probeKeys[0], chunk)
      if probeIds.count < n { probeIds = [Int32](repeating: -1, count: n) }
      probeIds.withUnsafeMutableBufferPointer { keyIndex.probe(key, count: n, into: $0.baseAddress!) }
      if let validity = key.validity { for i in 0..<n { probeHasNullKey[i] = !validity.isValid(i) } }
      probeRows.reserveCapacity(n)
      buildRows.reserveCapacity(n)
      // Locals: reading the stored arrays in the loop would check exclusivity on every access.
      let heads = self.heads, nexts = self.nexts, probeIds = self.probeIds
      for i in 0..<n {
        let id = Int(probeIds[i])
        if id < 0 { continue }
        var r = heads[id]
        while r >= 0 {
          probeRows.append(UInt32(truncatingIfNeeded: i))
          buildRows.append(UInt32(truncatingIfNeeded: r))
          r = nexts[Int(r)]
        }
      }
    } else {
      var keyColumns: [ColumnVector] = []
      for k in probeKeys { keyColumns.append(try ExpressionEvaluator.evaluate(k, chunk)) }
      var keys = EncodedKeys()
      KeyEncoder.encode(keyColumns, count: n, into: &keys)
      probeHasNullKey = keys.hasNull
      for i in 0..<n where !keys.hasNull[i] {
        guard let id = table.find(keys, i) else { continue }
        var r = heads[id]
        while r >= 0 {
          probeRows.append(UInt32(i))
          buildRows.append(UInt32(r))
          r = nexts[Int(r)]
        }
      }
    }
    // Residual: keep the pairs that pass.
    if let residual, !probeRows.isEmpty {
      let pairs = pairChunk(chunk, probeRows, buildRows, allColumns: true)
      let keep = Selection.trueRows(try ExpressionEvaluator.evaluate(residual, pairs))
      probeRows = keep.map { probeRows[Int($0)] }
      buildRows = keep.map { buildRows[Int($0)] }
    }
    var matched = [Bool](repeating: false, count: n)
    for p in probeRows { matched[Int(p)] = true }
    if kind == .right || kind == .full { for b in buildRows { buildMatched[Int(b)] = true } }
    switch kind {
    case .inner, .right:
      return probeRows.isEmpty ? nil : pairChunk(chunk, probeRows, buildRows)
    case .left, .full:
      var p: [UInt32] = [], b: [UInt32] = []
      var k = 0
      for i in 0..<n {
        var any = false
        while k < probeRows.count && Int(probeRows[k]) == i {
          p.append(probeRows[k])
          b.append(buildRows[k])
          k += 1
          any = true
        }
        if !any {
          p.append(UInt32(i))
          b.append(Gather.nullRow)
        }
      }
      return pairChunk(chunk, p, b)
    case .semi, .anti:
      let wanted = kind == .semi
      let rows = (0..<n).filter { matched[$0] == wanted }.map { UInt32($0) }
      return rows.isEmpty ? nil : rows.withUnsafeBufferPointer { chunk.taking($0) }
    case .mark:
      var builder = VectorBuilder(type: .boolean, capacity: n)
      for i in 0..<n {
        if matched[i] { builder.append(true) } else if markNullAware && buildChunk.count > 0 && (probeHasNullKey[i] || buildHasNullKey) {
          builder.appendNull()
        } else {
          builder.append(false)
        }
      }
      return Chunk(columns: chunk.columns + [builder.finish()], count: n)
    case .single:
      var b = [UInt32](repeating: Gather.nullRow, count: n)
      for (k, p) in probeRows.enumerated() {
        if b[Int(p)] != Gather.nullRow {
          throw EngineError(.invalidInput("More than one row returned by a subquery used as an expression"),
            hint: "wrap the subquery in first() or add LIMIT 1")
        }
        b[Int(p)] = buildRows[k]
      }
      return pairChunk(chunk, (0..<n).map { UInt32($0) }, b)
    }
  }

  /// The output of matched pairs: the probe rows `p`, then the build rows `b`, of the output columns only.
  /// With a residual, every column (it may read any); the output columns are picked after.
  private func pairChunk(_ chunk: Chunk, _ p: [UInt32], _ b: [UInt32], allColumns: Bool = false) -> Chunk {
    let left = p.withUnsafeBufferPointer { chunk.taking($0, columns: allColumns ? nil : probeOutput) }
    let buildColumns = allColumns ? nil : buildOutput
    let right = b.withUnsafeBufferPointer { rows in
      (buildColumns ?? Array(buildChunk.columns.indices)).map { Gather.take(buildChunk.columns[$0], rows) }
    }
    return Chunk(columns: left.columns + right, count: p.count)
  }

  private func unmatchedBuildRows() -> Chunk? {
    let rows = buildMatched.indices.filter { !buildMatched[$0] }.map { UInt32($0) }
    guard !rows.isEmpty else { return nil }
    let right = rows.withUnsafeBufferPointer { r in
      (buildOutput ?? Array(buildChunk.columns.indices)).map { Gather.take(buildChunk.columns[$0], r) }
    }
    let left = (probeOutput ?? Array(probeTypes.indices)).map { VectorFactory.nulls(probeTypes[$0], count: rows.count) }
    return Chunk(columns: left + right, count: rows.count)
  }

  /// Set by the planner: the probe side's column types (for NULL padding in RIGHT/FULL joins).
  var probeTypes: [DataType] = []
  /// Set by the planner when some columns are used by nothing above: the probe and build columns output.
  var probeOutput: [Int]?
  var buildOutput: [Int]?
}
