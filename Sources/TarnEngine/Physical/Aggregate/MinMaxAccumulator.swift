// MinMaxAccumulator: MIN and MAX of integer-like values (integers, dates, times, short decimals) in per-group Int64 lanes.
import TarnCore

/// The typed counterpart of `SelectAccumulator` for `min`/`max` over values that order as their storage
/// integers: every value is widened to `Int64` (signed types sign-extended, unsigned zero-extended, so the
/// order is kept), with one best value and one seen-flag per group, updated in a loop without per-row lookups.
/// Not generic, so the loop is compiled for `Int64` once instead of running through protocol witnesses.
/// Floats (NaN ordering), `UINT64` (does not fit), strings and nested values stay on `SelectAccumulator`.
final class MinMaxAccumulator: Accumulator {
  let isMin: Bool
  let type: DataType
  private let width: Int
  private let isSigned: Bool
  @exclusivity(unchecked) private var best: [Int64] = []
  @exclusivity(unchecked) private var seen: [UInt8] = []
  @exclusivity(unchecked) private var lanes: [Int64] = []
  /// Per row, its group, or `UInt32.max` for a NULL (for `updateFewGroups`).
  @exclusivity(unchecked) private var rowGroups: [UInt32] = []
  /// Groups up to which a batch is passed once per group instead of once per row.
  static let maxFewGroups = 4

  private init(isMin: Bool, type: DataType, width: Int, isSigned: Bool) {
    self.isMin = isMin
    self.type = type
    self.width = width
    self.isSigned = isSigned
  }

  /// The accumulator for `min`/`max` of `type`, or nil when `type` does not order as its storage integer.
  static func make(isMin: Bool, type: DataType) -> Accumulator? {
    switch type {
    case .int8, .int16, .int32, .int64, .date, .time, .timestamp:
      MinMaxAccumulator(isMin: isMin, type: type, width: type.fixedWidth!, isSigned: true)
    case .decimal(let p, _) where p <= 18: MinMaxAccumulator(isMin: isMin, type: type, width: 8, isSigned: true)
    case .boolean, .uint8, .uint16, .uint32:
      MinMaxAccumulator(isMin: isMin, type: type, width: type.fixedWidth!, isSigned: false)
    default: nil
    }
  }

  private func widen(_ v: ColumnVector, count n: Int, into out: UnsafeMutablePointer<Int64>) {
    func load<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type) {
      let p = v.values.pointer(T.self)
      for i in 0..<n { out[i] = Int64(p[i]) }
    }
    switch (width, isSigned) {
    case (1, true): load(Int8.self)
    case (1, false): load(UInt8.self)
    case (2, true): load(Int16.self)
    case (2, false): load(UInt16.self)
    case (4, true): load(Int32.self)
    case (4, false): load(UInt32.self)
    default: load(Int64.self)
    }
  }

  func update(groups: [UInt32], arguments: [ColumnVector], count n: Int) {
    let v = VectorFactory.flatten(arguments[0])
    grow(&best, groups, isMin ? Int64.max : Int64.min)
    grow(&seen, groups, 0)
    if v.type == .null || n == 0 { return }
    if lanes.count < n { lanes = [Int64](repeating: 0, count: n) }
    let isMin = self.isMin
    if best.count <= Self.maxFewGroups {
      updateFewGroups(groups: groups, values: v, count: n)
      return
    }
    lanes.withUnsafeMutableBufferPointer { x in
      widen(v, count: n, into: x.baseAddress!)
      best.withUnsafeMutableBufferPointer { b in
        seen.withUnsafeMutableBufferPointer { s in
          if let validity = v.validity {
            for i in 0..<n where validity.isValid(i) {
              let g = Int(groups[i])
              b[g] = isMin ? Swift.min(b[g], x[i]) : Swift.max(b[g], x[i])
              s[g] = 1
            }
          } else if isMin {
            for i in 0..<n {
              let g = Int(groups[i])
              b[g] = Swift.min(b[g], x[i])
              s[g] = 1
            }
          } else {
            for i in 0..<n {
              let g = Int(groups[i])
              b[g] = Swift.max(b[g], x[i])
              s[g] = 1
            }
          }
        }
      }
    }
  }

  /// For a handful of groups (quality grades, flags): a pass over the batch per group, keeping that group's best in a
  /// register. The passes compare and select without branches and vectorize; the row-by-row loop reads and writes
  /// the group's best through memory for every row.
  private func updateFewGroups(groups: [UInt32], values v: ColumnVector, count n: Int) {
    if rowGroups.count < n { rowGroups = [UInt32](repeating: 0, count: n) }
    let identity = isMin ? Int64.max : Int64.min
    lanes.withUnsafeMutableBufferPointer { x in
      rowGroups.withUnsafeMutableBufferPointer { keys in
        widen(v, count: n, into: x.baseAddress!)
        for i in 0..<n { keys[i] = groups[i] }
        if let validity = v.validity {
          // NULLs are few, and found a word of the bitmap at a time.
          for w in 0..<ValidityBitmap.wordCount(n) {
            var nulls = ~validity.words[w]
            while nulls != 0 {
              let i = w << 6 | nulls.trailingZeroBitCount
              if i < n { keys[i] = UInt32.max }
              nulls &= nulls &- 1
            }
          }
        }
        for g in 0..<best.count {
          let key = UInt32(truncatingIfNeeded: g)
          var value = best[g]
          var rows = 0
          // `other` is -1 for a row of another group (or NULL), else 0: masks, since a branch on the group
          // would be mispredicted on every change of group.
          if isMin {
            for i in 0..<n {
              let d = Int64(keys[i] ^ key)
              let other = (d | (0 &- d)) >> 63
              value = Swift.min(value, x[i] & ~other | identity & other)
              rows &+= Int(1 &+ other)
            }
          } else {
            for i in 0..<n {
              let d = Int64(keys[i] ^ key)
              let other = (d | (0 &- d)) >> 63
              value = Swift.max(value, x[i] & ~other | identity & other)
              rows &+= Int(1 &+ other)
            }
          }
          best[g] = value
          if rows > 0 { seen[g] = 1 }
        }
      }
    }
  }

  func finish(groupCount n: Int) -> ColumnVector {
    grow(&best, [UInt32(max(n, 1) - 1)], 0)
    grow(&seen, [UInt32(max(n, 1) - 1)], 0)
    let values = ByteBuffer(capacity: max(n, 1) * width)
    values.count = n * width
    var missing = 0
    for g in 0..<n {
      let value = seen[g] == 1 ? best[g] : 0
      // Narrowing keeps the value: it came from this width.
      switch width {
      case 1: values.base.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: g, as: UInt8.self)
      case 2: values.base.storeBytes(of: UInt16(truncatingIfNeeded: value), toByteOffset: g &* 2, as: UInt16.self)
      case 4: values.base.storeBytes(of: UInt32(truncatingIfNeeded: value), toByteOffset: g &* 4, as: UInt32.self)
      default: values.base.storeBytes(of: value, toByteOffset: g &* 8, as: Int64.self)
      }
      missing &+= Int(1 &- seen[g])
    }
    var validity: ValidityBitmap? = nil
    if missing > 0 {
      let bitmap = ValidityBitmap(allNull: n)
      for g in 0..<n where seen[g] == 1 { bitmap.set(g) }
      validity = bitmap
    }
    return ColumnVector(type: type, count: n, values: values, validity: validity)
  }
}
