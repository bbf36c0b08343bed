// Arithmetic: + - * / // % ^ and unary minus with DuckDB's typing — integer overflow is an error, / is DOUBLE division.
import TarnCore

enum ArithmeticFunctions {
  static func register(_ t: inout [String: FunctionBinder]) {
    t["+"] = binder { a throws(EngineError) in try bindAdditive(a, isAdd: true) }
    t["-"] = binder { a throws(EngineError) in
      if a.count == 1 { return negate(a.types[0]) }
      return try bindAdditive(a, isAdd: false)
    }
    t["*"] = binder { a throws(EngineError) in
      if a.count == 2, let scaled = scaleInterval(a.types[0], a.types[1]) { return scaled }
      if a.count == 2, let d = TypeRules.decimalArithmetic(a.types[0], a.types[1], isMultiply: true) {
        return DecimalArithmetic.choice(d, "multiplication", .multiply)
      }
      guard a.count == 2, let type = TypeRules.arithmeticType(a.types[0], a.types[1]) else { return nil }
      return integerOrFloat(type, "multiplication", .multiply)
    }
    t["/"] = binder { a in
      guard a.count == 2, TypeRules.numericLike(a.types[0]), TypeRules.numericLike(a.types[1]) else { return nil }
      // IEEE division, as DuckDB: x / 0 is ±inf, 0 / 0 is NaN.
      return FunctionChoice([.float64, .float64], .float64) { args, _ in
        Kernels.binary(args[0], args[1], .float64) { (x: Double, y: Double) in x / y }
      }
    }
    t["//"] = binder { a in
      guard a.count == 2, let type = TypeRules.arithmeticType(a.types[0], a.types[1]) else { return nil }
      // DuckDB: `//` of floating values is plain division; of integers it truncates. A zero divisor is an error.
      if type.isFloating {
        return FunctionChoice([.float64, .float64], .float64) { args, _ throws(EngineError) in
          try rejectZeroDivisor(args[0], args[1], "//")
          return Kernels.binary(args[0], args[1], .float64) { (x: Double, y: Double) in x / y }
        }
      }
      return integerOrFloat(type, "division", .divide)
    }
    t["%"] = binder { a in
      guard a.count == 2, let type = TypeRules.arithmeticType(a.types[0], a.types[1]) else { return nil }
      if let decimal = TypeRules.decimalRemainder(a.types[0], a.types[1]) {
        return DecimalArithmetic.remainder(decimal)
      }
      if type.isFloating {
        return FunctionChoice([.float64, .float64], .float64) { args, _ throws(EngineError) in
          try rejectZeroDivisor(args[0], args[1], "%")
          return Kernels.binary(args[0], args[1], .float64) { (x: Double, y: Double) in x.truncatingRemainder(dividingBy: y) }
        }
      }
      return integerOrFloat(type, "modulo", .modulo)
    }
    t["mod"] = t["%"]
    let power: FunctionBinder = { a in
      guard a.count == 2, TypeRules.numericLike(a.types[0]), TypeRules.numericLike(a.types[1]) else { return nil }
      return FunctionChoice([.float64, .float64], .float64) { args, _ in
        Kernels.binary(args[0], args[1], .float64) { (x: Double, y: Double) in MathFunctions.pow(x, y) }
      }
    }
    t["^"] = power
    t["pow"] = power
    t["power"] = power
  }

  enum Operation { case add, subtract, multiply, divide, modulo }

  /// DATE ± days. A result outside DATE's range (±5.8 million years) is an error, not a wrapped date.
  static func shiftDates(_ dates: ColumnVector, by days: ColumnVector, negate: Bool) throws(EngineError) -> ColumnVector {
    var outOfRange: UInt8 = 0
    let out = Kernels.binary(dates, days, .date) { (d: Int32, n: Int64) -> Int32 in
      let (r, o) = negate ? Int64(d).subtractingReportingOverflow(n) : Int64(d).addingReportingOverflow(n)
      outOfRange |= unsafeBitCast(o || r != Int64(Int32(truncatingIfNeeded: r)), to: UInt8.self)
      return Int32(truncatingIfNeeded: r)
    }
    if outOfRange != 0 {
      for i in 0..<out.count where !out.isNull(i) {
        let n = days.value(at: i, as: Int64.self), d = Int64(dates.value(at: i, as: Int32.self))
        let (r, o) = negate ? d.subtractingReportingOverflow(n) : d.addingReportingOverflow(n)
        if o || r != Int64(Int32(truncatingIfNeeded: r)) {
          throw EngineError(.outOfRange("Date out of range: \(ConstantText.text(dates, i)) \(negate ? "-" : "+") \(n) days"))
        }
      }
    }
    return out
  }

  /// INTERVAL × integer (either order): every part scaled, as DuckDB.
  static func scaleInterval(_ l: DataType, _ r: DataType) -> FunctionChoice? {
    guard (l == .interval && r.isInteger) || (l.isInteger && r == .interval) else { return nil }
    let intervalFirst = l == .interval
    return FunctionChoice(intervalFirst ? [.interval, .int64] : [.int64, .interval], .interval) { args, _ throws(EngineError) in
      let (i, k) = intervalFirst ? (args[0], args[1]) : (args[1], args[0])
      var overflowed = false
      let out = Kernels.binary(i, k, .interval) { (x: UInt128, n: Int64) -> UInt128 in
        let p = IntervalParts.unpack(x)
        let (months, o1) = Int64(p.months).multipliedReportingOverflow(by: n)
        let (days, o2) = Int64(p.days).multipliedReportingOverflow(by: n)
        let (micros, o3) = p.micros.multipliedReportingOverflow(by: n)
        let (packed, o4) = packInterval(months, days, micros)
        overflowed = overflowed || o1 || o2 || o3 || o4
        return packed
      }
      try rejectIntervalOverflow(overflowed, "multiplication", i, k)
      return out
    }
  }

  /// Months and days must fit their Int32 parts; the flag says they did not (the packed value is then unused).
  @inline(__always)
  static func packInterval(_ months: Int64, _ days: Int64, _ micros: Int64) -> (UInt128, Bool) {
    let fits = months == Int64(Int32(truncatingIfNeeded: months)) && days == Int64(Int32(truncatingIfNeeded: days))
    return (IntervalParts.pack(months: Int32(truncatingIfNeeded: months), days: Int32(truncatingIfNeeded: days), micros: micros), !fits)
  }

  /// An interval past its range is an error naming the operation, never a wrapped value. Null rows may have
  /// overflowed on their placeholder values, so the rows are checked again before failing.
  static func rejectIntervalOverflow(_ overflowed: Bool, _ operation: String, _ a: ColumnVector, _ b: ColumnVector?) throws(EngineError) {
    guard overflowed else { return }
    for row in 0..<max(a.count, b?.count ?? 0) where !a.isNull(row) && !(b?.isNull(row) ?? false) {
      let operands = [a, b].compactMap { $0 }.map { ConstantText.text($0, row) }.joined(separator: ", ")
      throw EngineError(.outOfRange("Overflow in \(operation) of INTERVAL (\(operands))"))
    }
  }

  static func bindAdditive(_ a: FunctionArguments, isAdd: Bool) throws(EngineError) -> FunctionChoice? {
    guard a.count == 2 else { return nil }
    let (l, r) = (a.types[0], a.types[1])
    // Dates and times.
    switch (l, r) {
    case (.date, let i) where i.isInteger:
      return FunctionChoice([.date, .int64], .date) { args, _ throws(EngineError) in
        try shiftDates(args[0], by: args[1], negate: !isAdd)
      }
    case (let i, .date) where i.isInteger && isAdd:
      return FunctionChoice([.int64, .date], .date) { args, _ throws(EngineError) in
        try shiftDates(args[1], by: args[0], negate: false)
      }
    case (.date, .date) where !isAdd:
      return FunctionChoice([.date, .date], .int64) { args, _ in
        Kernels.binary(args[0], args[1], .int64) { (x: Int32, y: Int32) in Int64(x) &- Int64(y) }
      }
    case (.date, .interval), (.timestamp, .interval):
      let ts = DataType.timestamp(.microsecond, isAdjustedToUTC: false)
      let lt = l == .date ? ts : l
      return FunctionChoice([lt, .interval], lt) { args, _ throws(EngineError) in
        try DateFunctions.addInterval(args[0], args[1], negate: !isAdd)
      }
    case (.interval, .date), (.interval, .timestamp):
      guard isAdd else { return nil }
      let ts = DataType.timestamp(.microsecond, isAdjustedToUTC: false)
      let rt = r == .date ? ts : r
      return FunctionChoice([.interval, rt], rt) { args, _ throws(EngineError) in
        try DateFunctions.addInterval(args[1], args[0], negate: false)
      }
    case (.timestamp(let u1, let z1), .timestamp) where !isAdd:
      return FunctionChoice([l, .timestamp(u1, isAdjustedToUTC: z1)], .interval) { args, _ in
        let perMicro = u1.ticksPerSecond
        return Kernels.binary(args[0], args[1], .interval) { (x: Int64, y: Int64) -> UInt128 in
          let micros = CastKernels.rescale(x &- y, u1, .microsecond)
          _ = perMicro
          let days = micros / 86_400_000_000
          return IntervalParts.pack(months: 0, days: Int32(truncatingIfNeeded: days), micros: micros - days * 86_400_000_000)
        }
      }
    case (.time(let unit), .interval), (.interval, .time(let unit)):
      // TIME ± INTERVAL wraps around midnight; the interval's days and months do not move a time of day.
      guard isAdd || l != .interval else { return nil }
      let timeFirst = l != .interval
      return FunctionChoice(timeFirst ? [l, .interval] : [.interval, r], .time(unit)) { args, _ in
        let (t, i) = timeFirst ? (args[0], args[1]) : (args[1], args[0])
        let perDay = 86_400 * unit.ticksPerSecond
        return Kernels.binary(t, i, .time(unit)) { (x: Int64, v: UInt128) -> Int64 in
          let delta = CastKernels.rescale(IntervalParts.unpack(v).micros, .microsecond, unit)
          return CivilCalendar.floorDivide(isAdd ? x &+ delta : x &- delta, by: perDay).remainder
        }
      }
    case (.interval, .interval):
      return FunctionChoice([.interval, .interval], .interval) { args, _ throws(EngineError) in
        var overflowed = false
        let out = Kernels.binary(args[0], args[1], .interval) { (x: UInt128, y: UInt128) -> UInt128 in
          let p = IntervalParts.unpack(x), q = IntervalParts.unpack(y)
          let s: Int64 = isAdd ? 1 : -1
          let (micros, o) = p.micros.addingReportingOverflow(s * q.micros)
          let (packed, o2) = packInterval(Int64(p.months) + s * Int64(q.months), Int64(p.days) + s * Int64(q.days), micros)
          overflowed = overflowed || o || o2
          return packed
        }
        try rejectIntervalOverflow(overflowed, isAdd ? "addition" : "subtraction", args[0], args[1])
        return out
      }
    default: break
    }
    if let d = TypeRules.decimalArithmetic(l, r, isMultiply: false) {
      return DecimalArithmetic.choice(d, isAdd ? "addition" : "subtraction", isAdd ? .add : .subtract)
    }
    guard let type = TypeRules.arithmeticType(l, r) else { return nil }
    return integerOrFloat(type, isAdd ? "addition" : "subtraction", isAdd ? .add : .subtract)
  }

  static func negate(_ t: DataType) -> FunctionChoice? {
    if t == .interval {
      return FunctionChoice([t], t) { args, _ throws(EngineError) in
        var overflowed = false
        let out = Kernels.unary(args[0], .interval) { (x: UInt128) -> UInt128 in
          let p = IntervalParts.unpack(x)
          let (micros, o) = Int64(0).subtractingReportingOverflow(p.micros)
          let (packed, o2) = packInterval(-Int64(p.months), -Int64(p.days), micros)
          overflowed = overflowed || o || o2
          return packed
        }
        try rejectIntervalOverflow(overflowed, "negation", args[0], nil)
        return out
      }
    }
    guard t.isNumeric else { return nil }
    if t.isDecimal { return DecimalArithmetic.negation(t) }
    let type = t
    return FunctionChoice([type], type) { args, _ throws(EngineError) in
      let v = args[0]
      switch type {
      case .float64: return Kernels.unary(v, type) { (x: Double) in -x }
      case .float32: return Kernels.unary(v, type) { (x: Float) in -x }
      default:
        let zero = VectorFactory.broadcast(try CastKernels.cast(VectorFactory.int64s([0]), to: type, isTry: false), count: v.count)
        return try integerKernel(.subtract, "subtraction", zero.flattened, v, type)
      }
    }
  }

  static func integerOrFloat(_ type: DataType, _ name: String, _ op: Operation) -> FunctionChoice {
    FunctionChoice([type, type], type) { args, _ throws(EngineError) in
      if op == .divide || op == .modulo { try rejectZeroDivisor(args[0], args[1], op == .divide ? "//" : "%") }
      switch type {
      case .float64: return floatKernel(op, args[0], args[1], Double.self, type)
      case .float32: return floatKernel(op, args[0], args[1], Float.self, type)
      default: return try integerKernel(op, name, args[0], args[1], type)
      }
    }
  }

  static func floatKernel<T: BinaryFloatingPoint & BitwiseCopyable>(
    _ op: Operation, _ a: ColumnVector, _ b: ColumnVector, _: T.Type, _ type: DataType
  ) -> ColumnVector {
    switch op {
    case .add: Kernels.binary(a, b, type) { (x: T, y: T) in x + y }
    case .subtract: Kernels.binary(a, b, type) { (x: T, y: T) in x - y }
    case .multiply: Kernels.binary(a, b, type) { (x: T, y: T) in x * y }
    case .divide: Kernels.binary(a, b, type) { (x: T, y: T) in x / y }
    case .modulo: Kernels.binary(a, b, type) { (x: T, y: T) in x.truncatingRemainder(dividingBy: y) }
    }
  }

  static func integerKernel(
    _ op: Operation, _ name: String, _ a: ColumnVector, _ b: ColumnVector, _ type: DataType
  ) throws(EngineError) -> ColumnVector {
    switch type {
    case .int8: try integers(op, name, a, b, Int8.self, type)
    case .int16: try integers(op, name, a, b, Int16.self, type)
    case .int32: try integers(op, name, a, b, Int32.self, type)
    case .int64: try integers(op, name, a, b, Int64.self, type)
    case .uint8: try integers(op, name, a, b, UInt8.self, type)
    case .uint16: try integers(op, name, a, b, UInt16.self, type)
    case .uint32: try integers(op, name, a, b, UInt32.self, type)
    case .uint64: try integers(op, name, a, b, UInt64.self, type)
    default: throw .bug("integer kernel for \(type.sqlName)")
    }
  }

  /// Overflow is tracked in one flag per batch, OR-ed branch-free (a `||` per row would stop vectorization);
  /// the offending row is looked up only when it is set.
  static func integers<T: FixedWidthInteger & BitwiseCopyable>(
    _ op: Operation, _ name: String, _ a: ColumnVector, _ b: ColumnVector, _: T.Type, _ type: DataType
  ) throws(EngineError) -> ColumnVector {
    var overflowed: UInt8 = 0
    let out: ColumnVector
    switch op {
    case .add:
      out = Kernels.binary(a, b, type) { (x: T, y: T) -> T in
        let (r, o) = x.addingReportingOverflow(y)
        overflowed |= unsafeBitCast(o, to: UInt8.self)
        return r
      }
    case .subtract:
      out = Kernels.binary(a, b, type) { (x: T, y: T) -> T in
        let (r, o) = x.subtractingReportingOverflow(y)
        overflowed |= unsafeBitCast(o, to: UInt8.self)
        return r
      }
    case .multiply:
      out = Kernels.binary(a, b, type) { (x: T, y: T) -> T in
        let (r, o) = x.multipliedReportingOverflow(by: y)
        overflowed |= unsafeBitCast(o, to: UInt8.self)
        return r
      }
    case .divide:
      // Zero divisors were rejected by the caller (a NULL row's lane may still hold 0: it stays 0).
      // The one overflow is MIN // -1.
      out = Kernels.binary(a, b, type) { (x: T, y: T) -> T in
        if y == 0 { return 0 }
        let (r, o) = x.dividedReportingOverflow(by: y)
        overflowed |= unsafeBitCast(o, to: UInt8.self)
        return r
      }
    case .modulo:
      return Kernels.binary(a, b, type) { (x: T, y: T) -> T in
        y == 0 ? 0 : x.remainderReportingOverflow(dividingBy: y).partialValue
      }
    }
    if overflowed != 0 {
      let x = a.values.pointer(T.self), y = b.values.pointer(T.self)
      for i in 0..<a.count where !out.isNull(i) {
        let o: Bool
        switch op {
        case .add: o = x[i].addingReportingOverflow(y[i]).overflow
        case .subtract: o = x[i].subtractingReportingOverflow(y[i]).overflow
        case .divide: o = y[i] != 0 && x[i].dividedReportingOverflow(by: y[i]).overflow
        default: o = x[i].multipliedReportingOverflow(by: y[i]).overflow
        }
        if o {
          let symbol = op == .add ? "+" : (op == .subtract ? "-" : (op == .divide ? "//" : "*"))
          throw EngineError(.outOfRange(
            "Overflow in \(name) of \(TextParsing.internalName(type)) (\(x[i]) \(symbol) \(y[i]))!"))
        }
      }
    }
    return out
  }

  /// `//` and `%` by a zero divisor are errors, as in DuckDB ("Division by zero"); NULL divisors are skipped.
  /// One scan of the divisor per batch; the offending row is looked up only when a zero is present.
  static func rejectZeroDivisor(_ dividend: ColumnVector, _ divisor: ColumnVector, _ symbol: String) throws(EngineError) {
    let d = NumericLanes.doubles(divisor)
    let p = d.values.pointer(Double.self)
    var zeros = 0
    for i in 0..<d.count { zeros &+= Int(unsafeBitCast(p[i] == 0, to: UInt8.self)) }
    guard zeros > 0 else { return }
    for i in 0..<d.count where p[i] == 0 && !divisor.isNull(i) && !dividend.isNull(i) {
      throw zeroDivisorError(dividend, row: i, symbol)
    }
  }

  @inline(never)
  static func zeroDivisorError(_ dividend: ColumnVector, row: Int, _ symbol: String) -> EngineError {
    let shown = ConstantText.text(dividend, row)
    return EngineError(.invalidInput("Division by zero in expression (\(shown) \(symbol) 0)"))
  }
}

extension ValidityBitmap {
  init(copying other: ValidityBitmap) {
    self.init(allNull: other.count)
    words.update(from: other.words, count: ValidityBitmap.wordCount(other.count))
  }
}
