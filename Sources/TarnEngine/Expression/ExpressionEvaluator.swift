// ExpressionEvaluator: runs a bound expression over a chunk, one kernel call per node per batch.
import TarnCore

/// Evaluates expressions whose column references are positions in the chunk (`ColumnBinding(-1, i)`).
///
/// Dispatch happens once per node per batch. A deterministic function whose only non-constant
/// argument is dictionary-encoded runs on the dictionary instead of the rows, so a LIKE over a
/// low-cardinality string column costs one match per distinct value.
enum ExpressionEvaluator {
  static func evaluate(_ e: BoundExpression, _ chunk: Chunk) throws(EngineError) -> ColumnVector {
    do {
      return try evaluateUnlocated(e, chunk)
    } catch {
      throw error.at(e.span)
    }
  }

  private static func evaluateUnlocated(_ e: BoundExpression, _ chunk: Chunk) throws(EngineError) -> ColumnVector {
    let n = chunk.count
    switch e.kind {
    case .column(let b, _):
      return chunk.columns[b.column]
    case .constant(let v):
      return VectorFactory.broadcast(v, count: n)
    case .function(let f, let args):
      var values: [ColumnVector] = []
      values.reserveCapacity(args.count)
      for a in args { values.append(try evaluate(a, chunk)) }
      return try call(f, values, constants: args.map(\.isConstant), count: n, type: e.type)
    case .cast(let inner, let isTry):
      let v = try evaluate(inner, chunk)
      if v.type == e.type { return v }
      if let dictionary = v.dictionary, dictionary.count < v.count {
        return remap(try CastKernels.cast(dictionary, to: e.type, isTry: isTry), through: v)
      }
      return try CastKernels.cast(VectorFactory.flatten(v), to: e.type, isTry: isTry)
    case .comparison(let op, let l, let r):
      return try CompareKernels.compare(op, try evaluate(l, chunk), try evaluate(r, chunk))
    case .and(let es):
      var result = try evaluate(es[0], chunk)
      for other in es.dropFirst() { result = BooleanKernels.and(result, try evaluate(other, chunk)) }
      return result
    case .or(let es):
      var result = try evaluate(es[0], chunk)
      for other in es.dropFirst() { result = BooleanKernels.or(result, try evaluate(other, chunk)) }
      return result
    case .not(let inner):
      return BooleanKernels.not(VectorFactory.flatten(try evaluate(inner, chunk)))
    case .isNull(let inner, let negated):
      return BooleanKernels.isNull(try evaluate(inner, chunk), negated: negated)
    case .isDistinctFrom(let l, let r, let negated):
      return try CompareKernels.isDistinct(try evaluate(l, chunk), try evaluate(r, chunk), negated: negated)
    case .inList(let inner, let list, let negated):
      let v = try evaluate(inner, chunk)
      var result: ColumnVector? = nil
      for item in list {
        let eq = try CompareKernels.compare(.equal, v, try evaluate(item, chunk))
        result = result.map { BooleanKernels.or($0, eq) } ?? eq
      }
      return negated ? BooleanKernels.not(result!) : result!
    case .caseWhen(let branches, let elseResult):
      return try evaluateCase(branches, elseResult, type: e.type, chunk)
    case .coalesce(let es):
      // COALESCE(a, b, …) is CASE WHEN a IS NOT NULL THEN a WHEN b IS NOT NULL THEN b … END.
      let branches = es.dropLast().map {
        (condition: BoundExpression(.isNull($0, negated: true), type: .boolean), result: $0)
      }
      return try evaluateCase(Array(branches), es.last, type: e.type, chunk)
    }
  }

  /// Calls a function, on the dictionary when that is cheaper.
  static func call(
    _ f: BoundFunction, _ values: [ColumnVector], constants: [Bool], count n: Int, type: DataType
  ) throws(EngineError) -> ColumnVector {
    if f.isDeterministic, values.count >= 1 {
      // Dictionary path: exactly one dictionary argument, the others constants.
      var dictionaryArgument: Int? = nil
      var eligible = true
      for (i, v) in values.enumerated() {
        if constants[i] { continue }
        guard v.dictionary != nil, dictionaryArgument == nil else { eligible = false; break }
        dictionaryArgument = i
      }
      if eligible, let k = dictionaryArgument, let dictionary = values[k].dictionary, dictionary.count <= n {
        let m = dictionary.count
        var args: [ColumnVector] = []
        for (i, v) in values.enumerated() {
          args.append(i == k ? VectorFactory.flatten(dictionary) : VectorFactory.flatten(VectorFactory.broadcast(VectorFactory.flatten(VectorSlice.slice(v, 0, 1)), count: m)))
        }
        let onDictionary = try f.kernel.evaluate(args, count: m)
        return remap(onDictionary, through: values[k])
      }
    }
    let flat = values.map(VectorFactory.flatten)
    let result = try f.kernel.evaluate(flat, count: n)
    guard result.type == type else {
      throw .bug("function \(f.name) returned \(result.type.sqlName), its binding promised \(type.sqlName)")
    }
    return result
  }

  /// A per-dictionary-entry result spread back over the rows of `indexed` (whose NULL rows stay NULL).
  static func remap(_ perEntry: ColumnVector, through indexed: ColumnVector) -> ColumnVector {
    let indices = UnsafeBufferPointer(start: indexed.values.pointer(UInt32.self), count: indexed.count)
    var out: ColumnVector
    if perEntry.type.isVariableLength {
      out = ColumnVector(
        type: perEntry.type, count: indexed.count, values: indexed.values, validity: nil, dictionary: perEntry)
      if let dv = perEntry.validity {
        let validity = ValidityBitmap(allValid: indexed.count)
        for i in 0..<indexed.count where !dv.isValid(Int(indices[i])) { validity.clear(i) }
        out.validity = validity
      }
    } else {
      out = Gather.take(perEntry, indices)
    }
    out.validity = VectorFactory.mergeValidity(out.validity, indexed.validity, count: indexed.count)
    return out
  }

  /// CASE: each branch's result is computed only on the rows that take it, so a THEN that would
  /// fail on other rows (a cast, a division) never sees them.
  static func evaluateCase(
    _ branches: [(condition: BoundExpression, result: BoundExpression)], _ elseResult: BoundExpression?, type: DataType,
    _ chunk: Chunk
  ) throws(EngineError) -> ColumnVector {
    let n = chunk.count
    var remaining = [UInt32]((0..<n).map { UInt32($0) })
    var pieces: [ColumnVector] = []
    var target = [UInt32](repeating: Gather.nullRow, count: n)
    var base: UInt32 = 0
    for branch in branches where !remaining.isEmpty {
      let sub = remaining.count == n ? chunk : remaining.withUnsafeBufferPointer { chunk.taking($0) }
      let cond = VectorFactory.flatten(try evaluate(branch.condition, sub))
      let taken = Selection.trueRows(cond)
      if taken.isEmpty { continue }
      let rows = taken.map { remaining[Int($0)] }
      let resultChunk = taken.withUnsafeBufferPointer { sub.taking($0) }
      pieces.append(VectorFactory.flatten(try evaluate(branch.result, resultChunk)))
      for (k, r) in rows.enumerated() { target[Int(r)] = base + UInt32(k) }
      base += UInt32(rows.count)
      var keep = [Bool](repeating: true, count: remaining.count)
      for t in taken { keep[Int(t)] = false }
      remaining = remaining.indices.filter { keep[$0] }.map { remaining[$0] }
    }
    if let elseResult, !remaining.isEmpty {
      let sub = remaining.withUnsafeBufferPointer { chunk.taking($0) }
      pieces.append(VectorFactory.flatten(try evaluate(elseResult, sub)))
      for (k, r) in remaining.enumerated() { target[Int(r)] = base + UInt32(k) }
    }
    if pieces.isEmpty { return VectorFactory.nulls(type, count: n) }
    let all = VectorFactory.concat(pieces, type: type)
    return target.withUnsafeBufferPointer { Gather.take(all, $0) }
  }
}

/// Turning boolean vectors into selections.
enum Selection {
  /// Clears `passing[i]` (0 or 1) where `mask` is not TRUE, branch-free.
  static func narrow(_ passing: UnsafeMutablePointer<UInt8>, by mask: ColumnVector) {
    let v = mask.flattened
    let values = v.values.pointer(UInt8.self)
    if let validity = v.validity {
      let words = validity.words
      for i in 0..<v.count {
        let valid = UInt8(truncatingIfNeeded: words[i >> 6] >> UInt64(i & 63)) & 1
        passing[i] &= values[i] & valid
      }
    } else {
      for i in 0..<v.count { passing[i] &= values[i] & 1 }
    }
  }

  /// Clears `passing[i]` where dictionary-encoded `coded`'s row `i` is NULL or its entry's result in `entryMask` (one
  /// BOOLEAN per dictionary entry) is not TRUE, branch-free.
  static func narrow(_ passing: UnsafeMutablePointer<UInt8>, codes coded: ColumnVector, entryMask: ColumnVector) {
    let entries = entryMask.flattened
    var truth = [UInt8](repeating: 0, count: entries.count)
    let values = entries.values.pointer(UInt8.self)
    for e in 0..<entries.count { truth[e] = values[e] & UInt8(entries.isNull(e) ? 0 : 1) }
    let codes = coded.values.pointer(UInt32.self)
    truth.withUnsafeBufferPointer { t in
      if let validity = coded.validity {
        let words = validity.words
        for i in 0..<coded.count {
          let valid = UInt8(truncatingIfNeeded: words[i >> 6] >> UInt64(i & 63)) & 1
          passing[i] &= t[Int(codes[i])] & valid
        }
      } else {
        for i in 0..<coded.count { passing[i] &= t[Int(codes[i])] }
      }
    }
  }

  /// Positions where `bytes` is 1, branch-free.
  static func trueRows(_ bytes: [UInt8]) -> [UInt32] {
    let n = bytes.count
    var sel = [UInt32](repeating: 0, count: n)
    var k = 0
    bytes.withUnsafeBufferPointer { b in
      sel.withUnsafeMutableBufferPointer { s in
        for i in 0..<n {
          s[k] = UInt32(truncatingIfNeeded: i)
          k &+= Int(b[i])
        }
      }
    }
    sel.removeLast(n - k)
    return sel
  }

  /// Positions where `v` is TRUE (not NULL, not FALSE), branch-free.
  static func trueRows(_ v: ColumnVector) -> [UInt32] {
    let n = v.count
    var sel = [UInt32](repeating: 0, count: n)
    var k = 0
    let values = v.values.pointer(UInt8.self)
    sel.withUnsafeMutableBufferPointer { s in
      if let validity = v.validity {
        let words = validity.words
        for i in 0..<n {
          s[k] = UInt32(truncatingIfNeeded: i)
          let valid = UInt8(truncatingIfNeeded: words[i >> 6] >> UInt64(i & 63)) & 1
          k &+= Int(values[i] & valid)
        }
      } else {
        for i in 0..<n {
          s[k] = UInt32(truncatingIfNeeded: i)
          k &+= Int(values[i] & 1)
        }
      }
    }
    sel.removeLast(n - k)
    return sel
  }
}
