// MinMaxAccumulator: MIN and MAX of integer-like values (integers, dates, times, short decimals) in typed per-group arrays.
import TarnCore

/// The typed counterpart of `SelectAccumulator` for `min`/`max` over values that order as their
/// storage integers: one `T` and one seen-flag per group, updated in a loop without per-row lookups.
/// Floats stay on `SelectAccumulator` (NaN ordering); so do strings and nested values.
final class MinMaxAccumulator<T: FixedWidthInteger & BitwiseCopyable>: Accumulator {
  let isMin: Bool
  let type: DataType
  private var best: [T] = []
  private var seen: [UInt8] = []

  init(isMin: Bool, type: DataType) {
    self.isMin = isMin
    self.type = type
  }

  func update(groups: [UInt32], arguments: [ColumnVector], count n: Int) {
    let v = VectorFactory.flatten(arguments[0])
    grow(&best, groups, isMin ? T.max : T.min)
    grow(&seen, groups, 0)
    if v.type == .null { return }
    let p = v.values.pointer(T.self)
    best.withUnsafeMutableBufferPointer { b in
      seen.withUnsafeMutableBufferPointer { s in
        if let validity = v.validity {
          for i in 0..<n where validity.isValid(i) {
            let g = Int(groups[i])
            b[g] = isMin ? Swift.min(b[g], p[i]) : Swift.max(b[g], p[i])
            s[g] = 1
          }
        } else if isMin {
          for i in 0..<n {
            let g = Int(groups[i])
            b[g] = Swift.min(b[g], p[i])
            s[g] = 1
          }
        } else {
          for i in 0..<n {
            let g = Int(groups[i])
            b[g] = Swift.max(b[g], p[i])
            s[g] = 1
          }
        }
      }
    }
  }

  func finish(groupCount n: Int) -> ColumnVector {
    grow(&best, [UInt32(max(n, 1) - 1)], 0)
    grow(&seen, [UInt32(max(n, 1) - 1)], 0)
    let values = ByteBuffer(capacity: max(n, 1) * MemoryLayout<T>.stride)
    values.count = n * MemoryLayout<T>.stride
    let out = values.pointer(T.self)
    var missing = 0
    for g in 0..<n {
      out[g] = best[g]
      missing &+= Int(1 &- seen[g])
    }
    var validity: ValidityBitmap? = nil
    if missing > 0 {
      let bitmap = ValidityBitmap(allNull: n)
      for g in 0..<n where seen[g] == 1 { bitmap.set(g) }
      for g in 0..<n where seen[g] == 0 { out[g] = 0 }
      validity = bitmap
    }
    return ColumnVector(type: type, count: n, values: values, validity: validity)
  }

  /// The accumulator for `min`/`max` of `type`, or nil when `type` does not order as its storage integer.
  static func make(isMin: Bool, type: DataType) -> Accumulator? {
    switch type {
    case .int8: MinMaxAccumulator<Int8>(isMin: isMin, type: type)
    case .int16: MinMaxAccumulator<Int16>(isMin: isMin, type: type)
    case .int32, .date: MinMaxAccumulator<Int32>(isMin: isMin, type: type)
    case .int64, .time, .timestamp: MinMaxAccumulator<Int64>(isMin: isMin, type: type)
    case .uint8, .boolean: MinMaxAccumulator<UInt8>(isMin: isMin, type: type)
    case .uint16: MinMaxAccumulator<UInt16>(isMin: isMin, type: type)
    case .uint32: MinMaxAccumulator<UInt32>(isMin: isMin, type: type)
    case .uint64: MinMaxAccumulator<UInt64>(isMin: isMin, type: type)
    case .decimal(let p, _) where p <= 18: MinMaxAccumulator<Int64>(isMin: isMin, type: type)
    default: nil
    }
  }
}
