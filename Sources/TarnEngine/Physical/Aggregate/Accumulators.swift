// Accumulators: per-group running states of the streaming aggregates, updated once per batch with group ids.
import TarnCore

/// One aggregate's states for every group of a hash aggregate.
///
/// `update` gets the batch's group id per row and the evaluated arguments; implementations switch on
/// the input type once per batch and then run a typed loop.
protocol Accumulator: AnyObject {
  func update(groups: [UInt32], arguments: [ColumnVector], count: Int) throws(EngineError)
  /// One value per group, groups `0..<groupCount`.
  func finish(groupCount: Int) throws(EngineError) -> ColumnVector
}

extension Accumulator {
  @inline(__always) func grow<T>(_ array: inout [T], _ groups: [UInt32], _ zero: T) {
    var top = array.count
    for g in groups where Int(g) >= top { top = Int(g) + 1 }
    if top > array.count { array.append(contentsOf: repeatElement(zero, count: top - array.count)) }
  }
}

final class CountAccumulator: Accumulator {
  var counts: [Int64] = []
  let isStar: Bool
  init(isStar: Bool) { self.isStar = isStar }
  func update(groups: [UInt32], arguments: [ColumnVector], count: Int) {
    grow(&counts, groups, 0)
    if isStar || arguments[0].validity == nil {
      counts.withUnsafeMutableBufferPointer { c in for i in 0..<count { c[Int(groups[i])] &+= 1 } }
    } else {
      let v = arguments[0]
      if v.type == .null { return }
      counts.withUnsafeMutableBufferPointer { c in for i in 0..<count where !v.isNull(i) { c[Int(groups[i])] &+= 1 } }
    }
  }
  func finish(groupCount: Int) -> ColumnVector {
    grow(&counts, [UInt32(max(groupCount, 1) - 1)], 0)
    return VectorFactory.int64s(Array(counts.prefix(groupCount)))
  }
}

/// count_if(cond): rows where cond is TRUE.
final class CountIfAccumulator: Accumulator {
  var counts: [Int64] = []
  func update(groups: [UInt32], arguments: [ColumnVector], count: Int) {
    grow(&counts, groups, 0)
    let v = arguments[0]
    for i in 0..<count where !v.isNull(i) && v.value(at: i, as: UInt8.self) == 1 { counts[Int(groups[i])] &+= 1 }
  }
  func finish(groupCount: Int) -> ColumnVector {
    grow(&counts, [UInt32(max(groupCount, 1) - 1)], 0)
    return VectorFactory.int64s(Array(counts.prefix(groupCount)))
  }
}

/// SUM and AVG over integers into 128-bit totals (DECIMAL(38,0): no realistic input overflows it), and over
/// doubles; AVG of other types and the variances share the double path.
final class NumericAccumulator: Accumulator {
  enum Mode { case sumInteger, sumDecimal, sumDouble, avg, avgInteger, stddevSamp, varSamp, stddevPop, varPop, product }
  let mode: Mode
  var intSums: [Int128] = []
  var counts: [Int64] = []
  // Welford: mean and M2 per group (numerically stable variance).
  var means: [Double] = []
  var m2: [Double] = []
  var sums: [Double] = []
  /// SUM(DECIMAL(p,s)): the scale of the inputs and of the DECIMAL(38,s) result.
  let scale: Int
  init(_ mode: Mode, scale: Int = 0) {
    self.mode = mode
    self.scale = scale
  }

  func update(groups: [UInt32], arguments: [ColumnVector], count: Int) throws(EngineError) {
    let v = arguments[0]
    grow(&counts, groups, 0)
    if v.type == .null { return }
    if mode == .sumDecimal {
      grow(&intSums, groups, 0)
      try sumDecimals(groups, v, count)
      return
    }
    if mode == .sumInteger || mode == .avgInteger {
      grow(&intSums, groups, 0)
      switch v.type {
      case .int8: addIntegers(groups, v.values.pointer(Int8.self), v, count)
      case .int16: addIntegers(groups, v.values.pointer(Int16.self), v, count)
      case .int32: addIntegers(groups, v.values.pointer(Int32.self), v, count)
      case .int64: addIntegers(groups, v.values.pointer(Int64.self), v, count)
      case .uint8, .boolean: addIntegers(groups, v.values.pointer(UInt8.self), v, count)
      case .uint16: addIntegers(groups, v.values.pointer(UInt16.self), v, count)
      case .uint32: addIntegers(groups, v.values.pointer(UInt32.self), v, count)
      case .uint64: addIntegers(groups, v.values.pointer(UInt64.self), v, count)
      default: throw .bug("integer \(mode) over \(v.type)")
      }
      return
    }
    let d = NumericLanes.doubles(v)
    let p = d.values.pointer(Double.self)
    grow(&sums, groups, mode == .product ? 1 : 0)
    if mode == .stddevSamp || mode == .varSamp || mode == .stddevPop || mode == .varPop {
      grow(&means, groups, 0)
      grow(&m2, groups, 0)
      for i in 0..<count where !v.isNull(i) {
        let g = Int(groups[i])
        counts[g] &+= 1
        let x = p[i]
        let delta = x - means[g]
        means[g] += delta / Double(counts[g])
        m2[g] += delta * (x - means[g])
      }
      return
    }
    if v.validity == nil {
      sums.withUnsafeMutableBufferPointer { s in
        counts.withUnsafeMutableBufferPointer { c in
          if mode == .product {
            for i in 0..<count { let g = Int(groups[i]); s[g] *= p[i]; c[g] &+= 1 }
          } else {
            for i in 0..<count { let g = Int(groups[i]); s[g] += p[i]; c[g] &+= 1 }
          }
        }
      }
    } else {
      let isProduct = mode == .product
      sums.withUnsafeMutableBufferPointer { s in
        counts.withUnsafeMutableBufferPointer { c in
          for i in 0..<count where !v.isNull(i) {
            let g = Int(groups[i])
            if isProduct { s[g] *= p[i] } else { s[g] += p[i] }
            c[g] &+= 1
          }
        }
      }
    }
  }

  /// Adds integer lanes, read in place, to the 128-bit totals. Safe from overflow: 2^64 rows of 64-bit values would
  /// be needed to leave Int128's range.
  private func addIntegers<T: FixedWidthInteger>(
    _ groups: [UInt32], _ values: UnsafePointer<T>, _ v: ColumnVector, _ count: Int
  ) {
    intSums.withUnsafeMutableBufferPointer { s in
      counts.withUnsafeMutableBufferPointer { c in
        if v.validity == nil {
          for i in 0..<count {
            let g = Int(groups[i])
            s[g] &+= Int128(values[i])
            c[g] &+= 1
          }
        } else {
          for i in 0..<count where !v.isNull(i) {
            let g = Int(groups[i])
            s[g] &+= Int128(values[i])
            c[g] &+= 1
          }
        }
      }
    }
  }

  /// Exact totals of DECIMAL lanes in 128 bits. A total past 38 digits (or Int128) sets a flag, OR-ed
  /// branch-free per row; the error is built once per batch.
  private func sumDecimals(_ groups: [UInt32], _ v: ColumnVector, _ count: Int) throws(EngineError) {
    var limit: Int128 = 1
    for _ in 0..<38 { limit &*= 10 }
    var overflowed: UInt8 = 0
    let isWide = v.type.fixedWidth == 16
    let narrow = isWide ? nil : v.values.pointer(Int64.self)
    let wide = isWide ? v.values.pointer(Int128.self) : nil
    intSums.withUnsafeMutableBufferPointer { s in
      counts.withUnsafeMutableBufferPointer { c in
        for i in 0..<count where !v.isNull(i) {
          let g = Int(groups[i])
          let x = isWide ? wide![i] : Int128(narrow![i])
          let (r, o) = s[g].addingReportingOverflow(x)
          overflowed |= unsafeBitCast(o, to: UInt8.self) | unsafeBitCast(r >= limit, to: UInt8.self)
            | unsafeBitCast(r <= 0 &- limit, to: UInt8.self)
          s[g] = r
          c[g] &+= 1
        }
      }
    }
    if overflowed != 0 {
      throw EngineError(.outOfRange("Overflow in SUM of DECIMAL(38,\(scale)): the total needs more than 38 digits"))
    }
  }

  func finish(groupCount n: Int) -> ColumnVector {
    grow(&counts, [UInt32(max(n, 1) - 1)], 0)
    grow(&sums, [UInt32(max(n, 1) - 1)], 0)
    grow(&intSums, [UInt32(max(n, 1) - 1)], 0)
    grow(&means, [UInt32(max(n, 1) - 1)], 0)
    grow(&m2, [UInt32(max(n, 1) - 1)], 0)
    let validity = ValidityBitmap(allValid: n)
    var out = [Double](repeating: 0, count: n)
    for g in 0..<n {
      let c = Double(counts[g])
      switch mode {
      case .sumInteger, .sumDecimal: break
      case .sumDouble, .product: out[g] = sums[g]
      case .avg: out[g] = sums[g] / c
      case .avgInteger: out[g] = Double(intSums[g]) / c
      case .varSamp: out[g] = m2[g] / (c - 1)
      case .stddevSamp: out[g] = (m2[g] / (c - 1)).squareRoot()
      case .varPop: out[g] = m2[g] / c
      case .stddevPop: out[g] = (m2[g] / c).squareRoot()
      }
      let minimum: Int64 = (mode == .varSamp || mode == .stddevSamp) ? 2 : 1
      if counts[g] < minimum { validity.clear(g) }
    }
    let hasNull = validity.nullCount > 0
    if mode == .sumInteger || mode == .sumDecimal {
      let buffer = ByteBuffer(capacity: max(n, 1) * MemoryLayout<Int128>.stride)
      buffer.count = n * MemoryLayout<Int128>.stride
      let out = buffer.pointer(Int128.self)
      for g in 0..<n { out[g] = intSums[g] }
      let type: DataType = mode == .sumDecimal ? .decimal(precision: 38, scale: scale) : .integerSum
      return ColumnVector(type: type, count: n, values: buffer, validity: hasNull ? validity : nil)
    }
    return VectorFactory.doubles(out, validity: hasNull ? validity : nil)
  }
}

/// MIN, MAX, ANY_VALUE, FIRST, LAST, BOOL_AND, BOOL_OR: keep one source row per group (the best so far),
/// held in a retained copy of that row.
final class SelectAccumulator: Accumulator {
  enum Mode { case min, max, first, last, anyValue }
  let mode: Mode
  let type: DataType
  /// Per group: the chosen value as a one-row vector (nil until a non-NULL value arrives, or any row for FIRST).
  var best: [ColumnVector?] = []
  let keepsNulls: Bool
  init(_ mode: Mode, type: DataType) {
    self.mode = mode
    self.type = type
    keepsNulls = mode == .first || mode == .last
  }

  func update(groups: [UInt32], arguments: [ColumnVector], count: Int) {
    let v = VectorFactory.flatten(arguments[0])
    grow(&best, groups, nil)
    // Pick the winning row per group within the batch first, then compare with the state: one copy per group per batch.
    var winners: [Int: Int] = [:]
    var order: [Int] = []
    for i in 0..<count {
      if v.isNull(i) && !keepsNulls { continue }
      let g = Int(groups[i])
      guard let w = winners[g] else {
        winners[g] = i
        order.append(g)
        continue
      }
      switch mode {
      case .first, .anyValue: break
      case .last: winners[g] = i
      case .min: if let c = ScalarOrdering.compare(v, i, v, w), c < 0 { winners[g] = i }
      case .max: if let c = ScalarOrdering.compare(v, i, v, w), c > 0 { winners[g] = i }
      }
    }
    for g in order {
      let i = winners[g]!
      guard let current = best[g] else { best[g] = VectorSlice.slice(v, i, 1); continue }
      switch mode {
      case .first, .anyValue: break
      case .last: best[g] = VectorSlice.slice(v, i, 1)
      case .min: if let c = ScalarOrdering.compare(v, i, current, 0), c < 0 { best[g] = VectorSlice.slice(v, i, 1) }
      case .max: if let c = ScalarOrdering.compare(v, i, current, 0), c > 0 { best[g] = VectorSlice.slice(v, i, 1) }
      }
    }
  }

  func finish(groupCount n: Int) -> ColumnVector {
    grow(&best, [UInt32(max(n, 1) - 1)], nil)
    var builder = VectorBuilder(type: type, capacity: n)
    for g in 0..<n {
      if let b = best[g] { builder.append(from: b, row: 0) } else { builder.appendNull() }
    }
    return builder.finish()
  }
}
