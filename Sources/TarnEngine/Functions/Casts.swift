// Casts: conversions between types, CAST/TRY_CAST/:: and the binder's implicit casts, with DuckDB's error messages.
import TarnCore
import TarnFormats

enum CastKernels {
  /// `v` converted to `type`. With `isTry`, values that do not convert become NULL instead of an error.
  static func cast(_ input: ColumnVector, to type: DataType, isTry: Bool) throws(EngineError) -> ColumnVector {
    let v = VectorFactory.flatten(input)
    if v.type == type { return v }
    let n = v.count
    if v.type == .null { return VectorFactory.nulls(type, count: n) }
    switch (v.type, type) {
    case (_, .string):
      var w = StringColumnWriter(capacity: n, bytes: n * 8)
      var scratch: [UInt8] = []
      scratch.reserveCapacity(64)
      for i in 0..<n {
        scratch.removeAll(keepingCapacity: true)
        if !v.isNull(i) { ValueFormatter.appendText(of: v, row: i, to: &scratch) }
        scratch.withUnsafeBytes { w.append($0) }
      }
      return w.finish(validity: v.validity)
    case (.string, .binary):
      // The text's bytes (DuckDB also reads `\xHH` escapes here; Tarn does not yet).
      return ColumnVector(type: type, count: n, values: v.values, offsets: v.offsets, validity: v.validity)
    case (.string, _):
      return try fromString(v, to: type, isTry: isTry)
    default:
      break
    }
    if v.type.isNumeric && type.isNumeric { return try numeric(v, to: type, isTry: isTry) }
    if v.type == .boolean && type.isNumeric {
      return try numeric(ColumnVector(type: .uint8, count: n, values: v.values, validity: v.validity), to: type, isTry: isTry)
    }
    if v.type.isNumeric && type == .boolean {
      let d = try numeric(v, to: .float64, isTry: isTry)
      return Kernels.unary(d, .boolean) { (x: Double) in Kernels.bit(x != 0) }
    }
    switch (v.type, type) {
    case (.date, .timestamp(let unit, let utc)):
      let perDay = unit.ticksPerSecond * 86_400
      return Kernels.unary(v, .timestamp(unit, isAdjustedToUTC: utc)) { (d: Int32) in Int64(d) &* perDay }
    case (.timestamp(let unit, _), .date):
      let perDay = unit.ticksPerSecond * 86_400
      return Kernels.unary(v, .date) { (t: Int64) in Int32(truncatingIfNeeded: CivilCalendar.floorDivide(t, by: perDay).quotient) }
    case (.timestamp(let from, _), .timestamp(let to, let utc)):
      return Kernels.unary(v, .timestamp(to, isAdjustedToUTC: utc)) { (t: Int64) in rescale(t, from, to) }
    case (.timestamp(let unit, _), .time(let to)):
      let perDay = unit.ticksPerSecond * 86_400
      return Kernels.unary(v, .time(to)) { (t: Int64) in rescale(CivilCalendar.floorDivide(t, by: perDay).remainder, unit, to) }
    case (.time(let from), .time(let to)):
      return Kernels.unary(v, .time(to)) { (t: Int64) in rescale(t, from, to) }
    default:
      // Through text: covers the rest (e.g. UUID ↔ VARCHAR round trips).
      if v.type != .string {
        let text = try cast(v, to: .string, isTry: isTry)
        if type != .string, (try? fromString(text, to: type, isTry: true)) != nil {
          return try fromString(text, to: type, isTry: isTry)
        }
      }
      throw EngineError(.conversion("Unimplemented type for cast (\(v.type.sqlName) -> \(type.sqlName))"))
    }
  }

  static func rescale(_ t: Int64, _ from: TimeUnit, _ to: TimeUnit) -> Int64 {
    if from.ticksPerSecond == to.ticksPerSecond { return t }
    if from.ticksPerSecond < to.ticksPerSecond { return t &* (to.ticksPerSecond / from.ticksPerSecond) }
    return CivilCalendar.floorDivide(t, by: from.ticksPerSecond / to.ticksPerSecond).quotient
  }

  // MARK: Numeric

  /// Numeric → numeric through Int64/Double lanes, range-checked, with DuckDB's rounding (half away from zero).
  static func numeric(_ v: ColumnVector, to type: DataType, isTry: Bool) throws(EngineError) -> ColumnVector {
    let n = v.count
    if type == .float64 || type == .float32 {
      let d = NumericLanes.doubles(v)
      if type == .float64 { return d }
      return Kernels.unary(d, .float32) { (x: Double) in Float(x) }
    }
    if case .decimal(let p, let s) = type {
      return try toDecimal(v, precision: p, scale: s, type: type, isTry: isTry)
    }
    let (lo, hi): (Int128, Int128) = type.integerRange!
    var values = [Int64](repeating: 0, count: n)
    var valid = [Bool](repeating: true, count: n)
    var failure: Int? = nil
    if case .decimal(_, let scale) = v.type {
      // Exact: the stored integer rounded half away from zero to scale 0 (DECIMAL(38,0) holds HUGEINT values).
      let isWide = v.type.fixedWidth == 16
      for i in 0..<n where !v.isNull(i) {
        let stored = isWide ? v.value(at: i, as: Int128.self) : Int128(v.value(at: i, as: Int64.self))
        if let x = rescaleDecimal(stored, from: scale, to: 0), x >= lo, x <= hi { values[i] = Int64(truncatingIfNeeded: x) } else {
          valid[i] = false
          failure = failure ?? i
        }
      }
    } else if v.type.isFloating {
      let d = NumericLanes.doubles(v)
      let p = d.values.pointer(Double.self)
      for i in 0..<n where !v.isNull(i) {
        let r = p[i].rounded(.toNearestOrAwayFromZero)
        if r.isFinite, r >= Double(lo), r < Double(hi) + 1, let x = Int128(exactly: r), x >= lo, x <= hi {
          values[i] = Int64(truncatingIfNeeded: x)
        } else {
          valid[i] = false
          failure = failure ?? i
        }
      }
    } else {
      for i in 0..<n where !v.isNull(i) {
        let x = NumericLanes.integer(v, i)
        if x >= lo && x <= hi { values[i] = Int64(truncatingIfNeeded: x) } else {
          valid[i] = false
          failure = failure ?? i
        }
      }
    }
    if let failure, !isTry {
      throw EngineError(.conversion(
        "Type \(v.type.sqlName) with value \(ConstantText.text(v, failure)) can't be cast because the value is out of range for the destination type \(type.sqlName)"))
    }
    var validity = v.validity
    if failure != nil {
      let b = ValidityBitmap(allValid: n)
      for i in 0..<n where !valid[i] || v.isNull(i) { b.clear(i) }
      validity = b
    }
    return NumericLanes.store(values, as: type, validity: validity)
  }

  /// Number → DECIMAL(p,s): integers exactly (value × 10^s), others through Double with DuckDB's rounding.
  /// Storage is Int64 lanes up to 18 digits and Int128 lanes beyond.
  static func toDecimal(_ v: ColumnVector, precision p: Int, scale s: Int, type: DataType, isTry: Bool) throws(EngineError) -> ColumnVector {
    let n = v.count
    var factor: Int128 = 1
    for _ in 0..<s { factor &*= 10 }
    var limit: Int128 = 1
    for _ in 0..<p { limit &*= 10 }
    var values = [Int128](repeating: 0, count: n)
    var failed: [Int] = []
    let exact = v.type.isInteger || v.type == .boolean
    // DECIMAL → DECIMAL rescales the stored integers exactly, rounding half away from zero when narrowing.
    var sourceScale: Int? = nil
    if case .decimal(let sp, let ss) = v.type { sourceScale = ss; _ = sp }
    let d = exact || sourceScale != nil ? v : NumericLanes.doubles(v)
    for i in 0..<n where !v.isNull(i) {
      let x: Int128?
      if let ss = sourceScale {
        let stored = v.type.fixedWidth == 16 ? v.value(at: i, as: Int128.self) : Int128(v.value(at: i, as: Int64.self))
        x = rescaleDecimal(stored, from: ss, to: s)
      } else if exact {
        let (r, o) = NumericLanes.integer(v, i).multipliedReportingOverflow(by: factor)
        x = o ? nil : r
      } else {
        let r = (d.value(at: i, as: Double.self) * Double(factor)).rounded(.toNearestOrAwayFromZero)
        x = r.isFinite && abs(r) < 1.7e38 ? Int128(r) : nil
      }
      if let x, x > -limit, x < limit { values[i] = x } else { failed.append(i) }
    }
    var validity = v.validity
    if let failure = failed.first {
      if !isTry {
        throw EngineError(.conversion(
          "Type \(v.type.sqlName) with value \(ConstantText.text(v, failure)) can't be cast because the value is out of range for the destination type \(type.sqlName)"))
      }
      let b = ValidityBitmap(allValid: n)
      for i in 0..<n where v.isNull(i) { b.clear(i) }
      for i in failed { b.clear(i) }
      validity = b
    }
    if p > 18 {
      return try VectorFactory.fixed(type, count: n, validity: validity) { (out: UnsafeMutablePointer<Int128>) in
        for i in 0..<n { out[i] = values[i] }
      }
    }
    return try VectorFactory.fixed(type, count: n, validity: validity) { (out: UnsafeMutablePointer<Int64>) in
      for i in 0..<n { out[i] = Int64(truncatingIfNeeded: values[i]) }
    }
  }

  /// A DECIMAL's stored integer moved from scale `from` to scale `to`; nil on overflow.
  static func rescaleDecimal(_ value: Int128, from: Int, to: Int) -> Int128? {
    if from == to { return value }
    var factor: Int128 = 1
    for _ in 0..<abs(to - from) { factor &*= 10 }
    if to > from {
      let (r, o) = value.multipliedReportingOverflow(by: factor)
      return o ? nil : r
    }
    let (q, r) = value.quotientAndRemainder(dividingBy: factor)
    if abs(r) * 2 >= factor { return value < 0 ? q - 1 : q + 1 }
    return q
  }

  private static func rowwiseNumeric(_ v: ColumnVector, to type: DataType) throws(EngineError) -> ColumnVector {
    var builder = VectorBuilder(type: type, capacity: v.count)
    for i in 0..<v.count {
      let one = VectorSlice.slice(v, i, 1)
      if v.isNull(i) { builder.appendNull(); continue }
      if let r = try? numeric(one, to: type, isTry: false) { builder.append(from: r, row: 0) } else { builder.appendNull() }
    }
    return builder.finish()
  }

  static func pow10(_ p: Int) -> Double {
    var x = 1.0
    for _ in 0..<p { x *= 10 }
    return x
  }

  // MARK: From text

  static func fromString(_ v: ColumnVector, to type: DataType, isTry: Bool) throws(EngineError) -> ColumnVector {
    let n = v.count
    var builder = VectorBuilder(type: type, capacity: n)
    for i in 0..<n {
      if v.isNull(i) { builder.appendNull(); continue }
      let bytes = v.stringBytes(i)
      if !TextParsing.append(bytes, as: type, to: &builder) {
        if isTry { builder.appendNull(); continue }
        let text = String(decoding: bytes, as: UTF8.self)
        throw EngineError(.conversion(TextParsing.failureMessage(text, type)))
      }
    }
    return builder.finish()
  }
}

extension DataType {
  var isInteger: Bool {
    switch self {
    case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: true
    default: false
    }
  }
  var isFloating: Bool { self == .float32 || self == .float64 }
  var isDecimal: Bool {
    if case .decimal = self { return true }
    return false
  }
  var isNumeric: Bool { isInteger || isFloating || isDecimal }
  var isTemporal: Bool {
    switch self {
    case .date, .time, .timestamp, .interval: true
    default: false
    }
  }

  /// The representable range of an integer type.
  var integerRange: (Int128, Int128)? {
    switch self {
    case .int8: (Int128(Int8.min), Int128(Int8.max))
    case .int16: (Int128(Int16.min), Int128(Int16.max))
    case .int32: (Int128(Int32.min), Int128(Int32.max))
    case .int64: (Int128(Int64.min), Int128(Int64.max))
    case .uint8: (0, Int128(UInt8.max))
    case .uint16: (0, Int128(UInt16.max))
    case .uint32: (0, Int128(UInt32.max))
    case .uint64: (0, Int128(UInt64.max))
    default: nil
    }
  }
}

/// Reading numeric vectors of any width as Int128 or Double lanes.
enum NumericLanes {
  @inline(__always) static func integer(_ v: ColumnVector, _ i: Int) -> Int128 {
    switch v.type {
    case .int8: Int128(v.value(at: i, as: Int8.self))
    case .int16: Int128(v.value(at: i, as: Int16.self))
    case .int32: Int128(v.value(at: i, as: Int32.self))
    case .int64: Int128(v.value(at: i, as: Int64.self))
    case .uint8, .boolean: Int128(v.value(at: i, as: UInt8.self))
    case .uint16: Int128(v.value(at: i, as: UInt16.self))
    case .uint32: Int128(v.value(at: i, as: UInt32.self))
    case .uint64: Int128(v.value(at: i, as: UInt64.self))
    default: 0
    }
  }

  /// Any numeric vector as DOUBLE.
  static func doubles(_ v: ColumnVector) -> ColumnVector {
    switch v.type {
    case .float64: return v
    case .float32: return Kernels.unary(v, .float64) { (x: Float) in Double(x) }
    case .int8: return Kernels.unary(v, .float64) { (x: Int8) in Double(x) }
    case .int16: return Kernels.unary(v, .float64) { (x: Int16) in Double(x) }
    case .int32: return Kernels.unary(v, .float64) { (x: Int32) in Double(x) }
    case .int64: return Kernels.unary(v, .float64) { (x: Int64) in Double(x) }
    case .uint8, .boolean: return Kernels.unary(v, .float64) { (x: UInt8) in Double(x) }
    case .uint16: return Kernels.unary(v, .float64) { (x: UInt16) in Double(x) }
    case .uint32: return Kernels.unary(v, .float64) { (x: UInt32) in Double(x) }
    case .uint64: return Kernels.unary(v, .float64) { (x: UInt64) in Double(x) }
    case .decimal(let p, let s):
      let scale = CastKernels.pow10(s)
      if p <= 18 { return Kernels.unary(v, .float64) { (x: Int64) in Double(x) / scale } }
      return Kernels.unary(v, .float64) { (x: Int128) in Double(x) / scale }
    default: return VectorFactory.nulls(.float64, count: v.count)
    }
  }

  /// Int64 lanes stored as an integer type (values already range-checked).
  static func store(_ values: [Int64], as type: DataType, validity: ValidityBitmap?) -> ColumnVector {
    var v = VectorFactory.int64s(values, validity: validity)
    switch type {
    case .int64: return v
    case .int8: v = Kernels.unary(v, type) { (x: Int64) in Int8(truncatingIfNeeded: x) }
    case .int16: v = Kernels.unary(v, type) { (x: Int64) in Int16(truncatingIfNeeded: x) }
    case .int32: v = Kernels.unary(v, type) { (x: Int64) in Int32(truncatingIfNeeded: x) }
    case .uint8: v = Kernels.unary(v, type) { (x: Int64) in UInt8(truncatingIfNeeded: x) }
    case .uint16: v = Kernels.unary(v, type) { (x: Int64) in UInt16(truncatingIfNeeded: x) }
    case .uint32: v = Kernels.unary(v, type) { (x: Int64) in UInt32(truncatingIfNeeded: x) }
    case .uint64: v = Kernels.unary(v, type) { (x: Int64) in UInt64(truncatingIfNeeded: x) }
    default: break
    }
    return v
  }
}
