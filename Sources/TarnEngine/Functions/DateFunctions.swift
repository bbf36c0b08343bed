// Date functions: year/month/day, extract/date_part, date_trunc, strftime, strptime, current_date and interval arithmetic.
import TarnCore
import TarnFormats
#if canImport(Glibc)
import Glibc
#endif

enum DateFunctions {
  static let microsPerDay: Int64 = 86_400_000_000

  /// Days since the epoch and microseconds into the day for a DATE, TIMESTAMP or TIME (day 0) row.
  @inline(__always) static func split(_ v: ColumnVector, _ i: Int) -> (days: Int64, micros: Int64) {
    switch v.type {
    case .date: return (Int64(v.value(at: i, as: Int32.self)), 0)
    case .time(let unit): return (0, CastKernels.rescale(v.value(at: i, as: Int64.self), unit, .microsecond))
    case .timestamp(let unit, _):
      let micros = CastKernels.rescale(v.value(at: i, as: Int64.self), unit, .microsecond)
      let (q, r) = CivilCalendar.floorDivide(micros, by: microsPerDay)
      return (q, r)
    default: return (0, 0)
    }
  }

  /// A date part named in SQL, resolved once per query (not once per row).
  enum DatePart {
    case year, month, day, quarter, dayOfWeek, isoDayOfWeek, dayOfYear, week, decade, century, millennium
    case hour, minute, second, millisecond, microsecond, epoch

    init?(_ name: String) {
      switch name.lowercased() {
      case "year", "years", "y", "yr", "yrs": self = .year
      case "month", "months", "mon": self = .month
      case "day", "days", "d", "dayofmonth": self = .day
      case "quarter": self = .quarter
      case "dow", "dayofweek": self = .dayOfWeek
      case "isodow": self = .isoDayOfWeek
      case "doy", "dayofyear": self = .dayOfYear
      case "week", "weeks", "weekofyear", "w": self = .week
      case "decade": self = .decade
      case "century": self = .century
      case "millennium": self = .millennium
      case "hour", "hours", "h": self = .hour
      case "minute", "minutes", "m", "min": self = .minute
      case "second", "seconds", "s", "sec": self = .second
      case "millisecond", "milliseconds", "ms": self = .millisecond
      case "microsecond", "microseconds", "us": self = .microsecond
      case "epoch": self = .epoch
      default: return nil
      }
    }
  }

  @inline(__always)
  static func part(_ part: DatePart, days: Int64, micros: Int64) -> Int64 {
    switch part {
    case .hour: return micros / 3_600_000_000
    case .minute: return (micros / 60_000_000) % 60
    case .second: return (micros / 1_000_000) % 60
    case .millisecond: return (micros / 1000) % 60_000
    case .microsecond: return micros % 60_000_000
    case .epoch: return days * 86_400 + micros / 1_000_000
    case .dayOfWeek: return Int64(CivilCalendar.floorDivide(days + 4, by: 7).remainder)
    case .isoDayOfWeek: return Int64(CivilCalendar.floorDivide(days + 3, by: 7).remainder + 1)
    case .week: return isoWeek(days)
    default: break
    }
    let date = CivilCalendar.date(daysSinceEpoch: days)
    switch part {
    case .year: return date.year
    case .month: return Int64(date.month)
    case .day: return Int64(date.day)
    case .quarter: return Int64((date.month - 1) / 3 + 1)
    case .dayOfYear: return days - CivilCalendar.daysSinceEpoch(year: date.year, month: 1, day: 1) + 1
    case .decade: return CivilCalendar.floorDivide(date.year, by: 10).quotient
    case .century: return date.year > 0 ? (date.year - 1) / 100 + 1 : -((-date.year) / 100 + 1)
    default: return date.year > 0 ? (date.year - 1) / 1000 + 1 : -((-date.year) / 1000 + 1)
    }
  }

  static func isoWeek(_ days: Int64) -> Int64 {
    let isoDow = CivilCalendar.floorDivide(days + 3, by: 7).remainder  // 0 = Monday
    let thursday = days - isoDow + 3
    let year = CivilCalendar.date(daysSinceEpoch: thursday).year
    let jan1 = CivilCalendar.daysSinceEpoch(year: year, month: 1, day: 1)
    return (thursday - jan1) / 7 + 1
  }

  static func register(_ t: inout [String: FunctionBinder]) {
    for name in ["year", "month", "day", "quarter", "dayofweek", "dayofyear", "week", "weekofyear", "hour", "minute", "second",
      "isodow", "decade", "century", "dayofmonth", "millisecond", "microsecond", "epoch"] {
      let isTimeOfDay = ["hour", "minute", "second", "millisecond", "microsecond", "epoch"].contains(name)
      t[name] = binder { a in
        guard a.count == 1, a.types[0] == .date || isTimestamp(a.types[0]) || (isTimeOfDay && isTime(a.types[0])) else { return nil }
        return FunctionChoice([a.types[0]], .int64) { args, n in extract(name, args[0], n) }
      }
    }
    t["dayname"] = binder { a in
      guard a.count == 1, a.types[0] == .date || isTimestamp(a.types[0]) else { return nil }
      let names = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
      return FunctionChoice([a.types[0]], .string) { args, n throws(EngineError) in
        try Kernels.rows(args, count: n, type: .string) { i, b throws(EngineError) in
          b.append(string: names[Int(CivilCalendar.floorDivide(split(args[0], i).days + 4, by: 7).remainder)])
          return true
        }
      }
    }
    t["monthname"] = binder { a in
      guard a.count == 1, a.types[0] == .date || isTimestamp(a.types[0]) else { return nil }
      return FunctionChoice([a.types[0]], .string) { args, n throws(EngineError) in
        try Kernels.rows(args, count: n, type: .string) { i, b throws(EngineError) in
          b.append(string: monthNames[CivilCalendar.date(daysSinceEpoch: split(args[0], i).days).month - 1])
          return true
        }
      }
    }
    for name in ["date_part", "datepart", "extract"] {
      t[name] = binder { a throws(EngineError) in
        guard a.count == 2, a.types[0] == .string,
          a.types[1] == .date || isTimestamp(a.types[1]) || isTime(a.types[1]) || a.types[1] == .interval
        else { return nil }
        guard let unit = a.constantString(0) else { throw EngineError.unsupported("date_part with a non-constant part") }
        guard DatePart(unit) != nil else {
          throw EngineError(.invalidInput("Unsupported date part \"\(unit)\""))
        }
        if a.types[1] == .interval {
          return FunctionChoice([.string, .interval], .int64) { args, n throws(EngineError) in
            try Kernels.rows([args[1]], count: n, type: .int64) { i, b throws(EngineError) in
              let p = IntervalParts.unpack(args[1].value(at: i, as: UInt128.self))
              switch unit.lowercased() {
              case "year", "years": b.append(Int64(p.months / 12))
              case "month", "months": b.append(Int64(p.months % 12))
              case "day", "days": b.append(Int64(p.days))
              case "hour", "hours": b.append(p.micros / 3_600_000_000)
              case "minute", "minutes": b.append((p.micros / 60_000_000) % 60)
              case "second", "seconds": b.append((p.micros / 1_000_000) % 60)
              default: return false
              }
              return true
            }
          }
        }
        return FunctionChoice([.string, a.types[1]], .int64) { args, n in extract(unit, args[1], n) }
      }
    }
    t["date_trunc"] = binder { a throws(EngineError) in
      guard a.count == 2, a.types[0] == .string, a.types[1] == .date || isTimestamp(a.types[1]) else { return nil }
      guard let unit = a.constantString(0)?.lowercased() else { throw EngineError.unsupported("date_trunc with a non-constant part") }
      let ts = DataType.timestamp(.microsecond, isAdjustedToUTC: false)
      // DuckDB returns TIMESTAMP for DATE input too.
      let resultType: DataType = a.types[1] == .date ? ts : a.types[1]
      return FunctionChoice([.string, a.types[1]], resultType) { args, n throws(EngineError) in
        try Kernels.rows([args[1]], count: n, type: resultType) { i, b throws(EngineError) in
          var (days, micros) = split(args[1], i)
          let date = CivilCalendar.date(daysSinceEpoch: days)
          switch unit {
          case "millennium": days = CivilCalendar.daysSinceEpoch(year: (date.year - 1) / 1000 * 1000 + 1, month: 1, day: 1); micros = 0
          case "century": days = CivilCalendar.daysSinceEpoch(year: (date.year - 1) / 100 * 100 + 1, month: 1, day: 1); micros = 0
          case "decade": days = CivilCalendar.daysSinceEpoch(year: date.year / 10 * 10, month: 1, day: 1); micros = 0
          case "year", "years", "y": days = CivilCalendar.daysSinceEpoch(year: date.year, month: 1, day: 1); micros = 0
          case "quarter": days = CivilCalendar.daysSinceEpoch(year: date.year, month: (date.month - 1) / 3 * 3 + 1, day: 1); micros = 0
          case "month", "months": days = CivilCalendar.daysSinceEpoch(year: date.year, month: date.month, day: 1); micros = 0
          case "week", "weeks": days -= CivilCalendar.floorDivide(days + 3, by: 7).remainder; micros = 0
          case "day", "days", "d": micros = 0
          case "hour", "hours": micros -= micros % 3_600_000_000
          case "minute", "minutes": micros -= micros % 60_000_000
          case "second", "seconds": micros -= micros % 1_000_000
          case "millisecond", "milliseconds": micros -= micros % 1000
          case "microsecond", "microseconds": break
          default: throw EngineError(.invalidInput("Unsupported date_trunc part \"\(unit)\""))
          }
          if resultType == .date { b.append(Int32(truncatingIfNeeded: days)) } else {
            guard case .timestamp(let u, _) = resultType else { return false }
            b.append(CastKernels.rescale(days * microsPerDay + micros, .microsecond, u))
          }
          return true
        }
      }
    }
    t["strftime"] = binder { a throws(EngineError) in
      guard a.count == 2, a.types[0] == .date || isTimestamp(a.types[0]), a.types[1] == .string else { return nil }
      if let format = a.constantString(1), let bad = unknownSpecifier(format) {
        throw EngineError(.invalidInput("Failed to parse format specifier \(format): Unrecognized format for strftime/strptime: %\(bad)"))
      }
      return FunctionChoice([a.types[0], .string], .string) { args, n throws(EngineError) in
        let formats = VectorFactory.flatten(args[1])
        let validity = Kernels.validity(args, count: n)
        var w = StringColumnWriter(capacity: n, bytes: n * 16)
        var scratch: [UInt8] = []
        scratch.reserveCapacity(64)
        for i in 0..<n {
          if let validity, !validity.isValid(i) { w.closeRow(); continue }
          scratch.removeAll(keepingCapacity: true)
          let (days, micros) = split(args[0], i)
          appendFormatted(days: days, micros: micros, formats.stringBytes(i), to: &scratch)
          scratch.withUnsafeBytes { w.append($0) }
        }
        return w.finish(validity: validity)
      }
    }
    t["strptime"] = binder { a in
      guard a.count == 2, a.types.allSatisfy({ $0 == .string }) else { return nil }
      let ts = DataType.timestamp(.microsecond, isAdjustedToUTC: false)
      return FunctionChoice([.string, .string], ts) { args, n throws(EngineError) in
        try Kernels.rows(args, count: n, type: ts) { i, b throws(EngineError) in
          let text = args[0].string(at: i), fmt = args[1].string(at: i)
          guard let micros = parse(text, fmt) else {
            throw EngineError(.invalidInput("Could not parse string \"\(text)\" according to format specifier \"\(fmt)\""))
          }
          b.append(micros)
          return true
        }
      }
    }
    for name in ["current_date", "today"] {
      t[name] = binder { a in
        guard a.count == 0 else { return nil }
        return FunctionChoice([], .date) { _, n in
          let days = Int32(Int64(time(nil)) / 86_400)
          return VectorFactory.broadcast(ColumnVector(type: .date, count: 1, values: ByteBuffer(copying: [days])), count: n)
        }
      }
    }
    t["make_date"] = binder { a in
      guard a.count == 3, a.types.allSatisfy(\.isInteger) else { return nil }
      return FunctionChoice([.int64, .int64, .int64], .date) { args, n throws(EngineError) in
        try Kernels.rows(args, count: n, type: .date) { i, b throws(EngineError) in
          let year = args[0].value(at: i, as: Int64.self), month = args[1].value(at: i, as: Int64.self)
          let day = args[2].value(at: i, as: Int64.self)
          guard year > -5_000_000, year < 5_000_000, month >= 1, month <= 12, day >= 1,
            day <= Int64(CivilCalendar.daysInMonth(Int(month), year: year))
          else { throw EngineError(.outOfRange("Date out of range: make_date(\(year), \(month), \(day))")) }
          b.append(Int32(truncatingIfNeeded: CivilCalendar.daysSinceEpoch(year: year, month: Int(month), day: Int(day))))
          return true
        }
      }
    }
    t["date_diff"] = binder { a throws(EngineError) in
      guard a.count == 3, a.types[0] == .string, let unit = a.constantString(0)?.lowercased() else { return nil }
      let ts = DataType.timestamp(.microsecond, isAdjustedToUTC: false)
      let type: DataType = a.types[1] == .date && a.types[2] == .date ? .date : ts
      return FunctionChoice([.string, type, type], .int64) { args, n throws(EngineError) in
        try Kernels.rows(args, count: n, type: .int64) { i, b throws(EngineError) in
          let (d1, m1) = split(args[1], i), (d2, m2) = split(args[2], i)
          let x = CivilCalendar.date(daysSinceEpoch: d1), y = CivilCalendar.date(daysSinceEpoch: d2)
          switch unit {
          case "year", "years": b.append(y.year - x.year)
          case "month", "months": b.append((y.year - x.year) * 12 + Int64(y.month - x.month))
          case "day", "days": b.append(d2 - d1)
          case "hour", "hours": b.append(((d2 - d1) * microsPerDay + m2 - m1) / 3_600_000_000)
          default: b.append(d2 - d1)
          }
          return true
        }
      }
    }
    t["datediff"] = t["date_diff"]
  }

  static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December"]

  static func isTime(_ t: DataType) -> Bool {
    if case .time = t { return true }
    return false
  }

  static func isTimestamp(_ t: DataType) -> Bool {
    if case .timestamp = t { return true }
    return false
  }

  /// One date part of every row: the part is resolved once, then one typed loop per batch.
  static func extract(_ unit: String, _ v: ColumnVector, _ n: Int) -> ColumnVector {
    guard let p = DatePart(unit) else { return VectorFactory.nulls(.int64, count: n) }
    let flat = VectorFactory.flatten(v)
    switch flat.type {
    case .date:
      // One closure per common part: not even an enum switch per row for the usual three.
      switch p {
      case .year:
        // A batch kernel: the calendar math for years without a closure per row.
        let out = ByteBuffer(capacity: max(flat.count, 1) * 8)
        out.count = flat.count * 8
        CivilCalendar.years(flat.values.pointer(Int32.self), count: flat.count, into: out.pointer(Int64.self))
        return ColumnVector(type: .int64, count: flat.count, values: out, validity: flat.validity)
      case .month:
        return Kernels.unary(flat, .int64) { (d: Int32) -> Int64 in Int64(CivilCalendar.date(daysSinceEpoch: Int64(d)).month) }
      case .day: return Kernels.unary(flat, .int64) { (d: Int32) -> Int64 in Int64(CivilCalendar.date(daysSinceEpoch: Int64(d)).day) }
      default: return Kernels.unary(flat, .int64) { (d: Int32) -> Int64 in part(p, days: Int64(d), micros: 0) }
      }
    case .timestamp(let unit, _), .time(let unit):
      let isTimeOfDay = isTime(flat.type)
      return Kernels.unary(flat, .int64) { (t: Int64) -> Int64 in
        let micros = CastKernels.rescale(t, unit, .microsecond)
        if isTimeOfDay { return part(p, days: 0, micros: micros) }
        let (days, inDay) = CivilCalendar.floorDivide(micros, by: microsPerDay)
        return part(p, days: days, micros: inDay)
      }
    default:
      return VectorFactory.nulls(.int64, count: n)
    }
  }

  /// DATE/TIMESTAMP ± INTERVAL: months move the calendar date (clamped to the month's end), then days and microseconds.
  static func addInterval(_ v: ColumnVector, _ interval: ColumnVector, negate: Bool) throws(EngineError) -> ColumnVector {
    let ts = DataType.timestamp(.microsecond, isAdjustedToUTC: false)
    let type = v.type == .date ? ts : v.type
    guard case .timestamp(let unit, _) = type else { throw .bug("interval on \(v.type)") }
    return try Kernels.rows([v, interval], count: v.count, type: type) { i, b throws(EngineError) in
      var (days, micros) = split(v, i)
      let p = IntervalParts.unpack(interval.value(at: i, as: UInt128.self))
      let s: Int64 = negate ? -1 : 1
      if p.months != 0 {
        guard abs(days) < 110_000_000 else { throw EngineError(.outOfRange("Timestamp out of range: \(ConstantText.text(v, i))")) }
        let date = CivilCalendar.date(daysSinceEpoch: days)
        let total = date.year * 12 + Int64(date.month - 1) + s * Int64(p.months)
        let (year, m) = CivilCalendar.floorDivide(total, by: 12)
        let day = min(date.day, CivilCalendar.daysInMonth(Int(m) + 1, year: year))
        days = CivilCalendar.daysSinceEpoch(year: year, month: Int(m) + 1, day: day)
      }
      // Checked: a result past TIMESTAMP's range is an error, not a wrapped value.
      let (shiftedDays, o1) = days.addingReportingOverflow(s &* Int64(p.days))
      let (dayMicros, o2) = shiftedDays.multipliedReportingOverflow(by: microsPerDay)
      let (total, o3) = dayMicros.addingReportingOverflow(micros &+ s &* p.micros)
      guard !(o1 || o2 || o3), abs(days) < 110_000_000 else {
        throw EngineError(.outOfRange("Timestamp out of range: \(ConstantText.text(v, i)) \(negate ? "-" : "+") \(ConstantText.text(interval, i))"))
      }
      b.append(CastKernels.rescale(total, .microsecond, unit))
      return true
    }
  }

  static func pad(_ x: Int64, _ width: Int) -> String {
    let s = String(x)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  /// strftime's specifiers (%Y %m %d %H %M %S %f %y %j %b %B %a %A %p %I %w %%, and `%-x` for
  /// a number without leading zeros) appended to `out` as bytes: no String per row.
  static func appendFormatted(days: Int64, micros: Int64, _ fmt: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    let date = CivilCalendar.date(daysSinceEpoch: days)
    let dow = Int(CivilCalendar.floorDivide(days + 4, by: 7).remainder)
    let hour = micros / 3_600_000_000
    var i = 0
    while i < fmt.count {
      let c = fmt[i]
      i += 1
      guard c == UInt8(ascii: "%"), i < fmt.count else { out.append(c); continue }
      var f = fmt[i]
      i += 1
      let unpadded = f == UInt8(ascii: "-") && i < fmt.count
      if unpadded { f = fmt[i]; i += 1 }
      if unpadded, let value = unpaddedField(Character(Unicode.Scalar(f)), date: date, hour: hour, micros: micros, days: days) {
        appendNumber(value, width: 1, to: &out)
        continue
      }
      switch f {
      case UInt8(ascii: "Y"): appendNumber(date.year, width: 1, to: &out)
      case UInt8(ascii: "y"): appendNumber(date.year % 100, width: 2, to: &out)
      case UInt8(ascii: "m"): appendNumber(Int64(date.month), width: 2, to: &out)
      case UInt8(ascii: "d"): appendNumber(Int64(date.day), width: 2, to: &out)
      case UInt8(ascii: "H"): appendNumber(hour, width: 2, to: &out)
      case UInt8(ascii: "I"): appendNumber(hour % 12 == 0 ? 12 : hour % 12, width: 2, to: &out)
      case UInt8(ascii: "p"): out += hour < 12 ? Array("AM".utf8) : Array("PM".utf8)
      case UInt8(ascii: "M"): appendNumber((micros / 60_000_000) % 60, width: 2, to: &out)
      case UInt8(ascii: "S"): appendNumber((micros / 1_000_000) % 60, width: 2, to: &out)
      case UInt8(ascii: "f"): appendNumber(micros % 1_000_000, width: 6, to: &out)
      case UInt8(ascii: "j"):
        appendNumber(days - CivilCalendar.daysSinceEpoch(year: date.year, month: 1, day: 1) + 1, width: 3, to: &out)
      case UInt8(ascii: "b"): out += monthNames[date.month - 1].utf8.prefix(3)
      case UInt8(ascii: "B"): out += monthNames[date.month - 1].utf8
      case UInt8(ascii: "a"): out += dayNames[dow].utf8.prefix(3)
      case UInt8(ascii: "A"): out += dayNames[dow].utf8
      case UInt8(ascii: "w"): appendNumber(Int64(dow), width: 1, to: &out)
      case UInt8(ascii: "u"): appendNumber(Int64(dow == 0 ? 7 : dow), width: 1, to: &out)
      case UInt8(ascii: "z"): out += "+00".utf8
      case UInt8(ascii: "Z"): break
      case UInt8(ascii: "g"): appendNumber((micros / 1000) % 1000, width: 3, to: &out)  // DuckDB: milliseconds
      case UInt8(ascii: "n"): appendNumber((micros % 1_000_000) * 1000, width: 9, to: &out)  // DuckDB: nanoseconds
      case UInt8(ascii: "U"), UInt8(ascii: "W"):
        // Week of the year counting from its first Sunday (U) or Monday (W); days before it are week 0.
        let dayOfYear = days - CivilCalendar.daysSinceEpoch(year: date.year, month: 1, day: 1)
        let weekday = f == UInt8(ascii: "U") ? Int64(dow) : Int64((dow + 6) % 7)
        appendNumber((dayOfYear + 7 - weekday) / 7, width: 2, to: &out)
      case UInt8(ascii: "V"): appendNumber(isoWeek(days), width: 2, to: &out)
      case UInt8(ascii: "G"):  // the ISO 8601 year (of the week's Thursday)
        appendNumber(CivilCalendar.date(daysSinceEpoch: days - Int64((dow + 6) % 7) + 3).year, width: 1, to: &out)
      case UInt8(ascii: "c"), UInt8(ascii: "x"), UInt8(ascii: "X"):
        // DuckDB's C-locale forms: %c = %Y-%m-%d %H:%M:%S, %x = %Y-%m-%d, %X = %H:%M:%S.
        if f != UInt8(ascii: "X") {
          appendNumber(date.year, width: 1, to: &out)
          out.append(UInt8(ascii: "-"))
          appendNumber(Int64(date.month), width: 2, to: &out)
          out.append(UInt8(ascii: "-"))
          appendNumber(Int64(date.day), width: 2, to: &out)
        }
        if f == UInt8(ascii: "c") { out.append(UInt8(ascii: " ")) }
        if f != UInt8(ascii: "x") {
          appendNumber(hour, width: 2, to: &out)
          out.append(UInt8(ascii: ":"))
          appendNumber((micros / 60_000_000) % 60, width: 2, to: &out)
          out.append(UInt8(ascii: ":"))
          appendNumber((micros / 1_000_000) % 60, width: 2, to: &out)
        }
      case UInt8(ascii: "%"): out.append(f)
      default:
        out.append(UInt8(ascii: "%"))
        if unpadded { out.append(UInt8(ascii: "-")) }
        out.append(f)
      }
    }
  }

  /// The first specifier of `format` that strftime does not know, as DuckDB refuses the whole format.
  static func unknownSpecifier(_ format: String) -> String? {
    let known = Set("YymdHIpMSfjbBaAwuzZUWVGgncxX%")
    var it = format.makeIterator()
    while let c = it.next() {
      guard c == "%" else { continue }
      guard var f = it.next() else { return "" }
      if f == "-", let g = it.next() { f = g }
      if !known.contains(f) { return String(f) }
    }
    return nil
  }

  static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

  /// Decimal digits of `x`, zero-padded to `width`.
  @inline(__always)
  static func appendNumber(_ x: Int64, width: Int, to out: inout [UInt8]) {
    var v = x
    if v < 0 { out.append(UInt8(ascii: "-")); v = 0 &- v }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var k = 0
    withUnsafeMutableBytes(of: &digits) { d in
      repeat {
        d[k] = UInt8(truncatingIfNeeded: v % 10) &+ 48
        v /= 10
        k += 1
      } while v > 0 && k < 20
      for _ in k..<max(k, width) { out.append(48) }
      for j in stride(from: k - 1, through: 0, by: -1) { out.append(d[j]) }
    }
  }

  /// The value behind a numeric specifier, for its `%-` form.
  static func unpaddedField(_ f: Character, date: CivilDate, hour: Int64, micros: Int64, days: Int64) -> Int64? {
    switch f {
    case "m": Int64(date.month)
    case "d": Int64(date.day)
    case "y": date.year % 100
    case "H": hour
    case "I": hour % 12 == 0 ? 12 : hour % 12
    case "M": (micros / 60_000_000) % 60
    case "S": (micros / 1_000_000) % 60
    case "j": days - CivilCalendar.daysSinceEpoch(year: date.year, month: 1, day: 1) + 1
    default: nil
    }
  }

  /// strptime for %Y %m %d %H %M %S %f %y %j %b %B and literals; microseconds since the epoch.
  static func parse(_ text: String, _ fmt: String) -> Int64? {
    let s = Array(text.utf8)
    var i = 0
    var year: Int64 = 1900, month = 1, day = 1, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, micro: Int64 = 0
    var pm: Bool? = nil
    func number(_ maxDigits: Int) -> Int64? {
      var v: Int64 = 0, k = 0
      var negative = false
      if i < s.count && s[i] == UInt8(ascii: "-") && maxDigits > 4 { negative = true; i += 1 }
      while i < s.count, k < maxDigits, s[i] >= 48, s[i] <= 57 { v = v * 10 + Int64(s[i] - 48); i += 1; k += 1 }
      return k == 0 ? nil : (negative ? -v : v)
    }
    var f = Array(fmt)
    var k = 0
    while k < f.count {
      let c = f[k]
      if c == "%" && k + 1 < f.count {
        let spec = f[k + 1]
        k += 2
        switch spec {
        case "Y": guard let v = number(9) else { return nil }; year = v
        case "y": guard let v = number(2) else { return nil }; year = v < 69 ? 2000 + v : 1900 + v
        case "m": guard let v = number(2) else { return nil }; month = Int(v)
        case "d", "e": guard let v = number(2) else { return nil }; day = Int(v)
        case "H", "I": guard let v = number(2) else { return nil }; hour = v
        case "M": guard let v = number(2) else { return nil }; minute = v
        case "S": guard let v = number(2) else { return nil }; second = v
        case "f":
          let start = i
          guard var v = number(9) else { return nil }
          var digits = i - start
          while digits < 6 { v *= 10; digits += 1 }
          while digits > 6 { v /= 10; digits -= 1 }
          micro = v
        case "p":
          guard i + 1 < s.count else { return nil }
          pm = s[i] == UInt8(ascii: "P") || s[i] == UInt8(ascii: "p")
          i += 2
        case "b", "B":
          var matched = false
          for (m, name) in monthNames.enumerated() {
            for candidate in [name, String(name.prefix(3))] {
              let bytes = Array(candidate.lowercased().utf8)
              if i + bytes.count <= s.count, Array(s[i..<(i + bytes.count)]).map({ $0 | 0x20 }) == bytes {
                month = m + 1
                i += bytes.count
                matched = true
                break
              }
            }
            if matched { break }
          }
          if !matched { return nil }
        case "%":
          guard i < s.count, s[i] == UInt8(ascii: "%") else { return nil }
          i += 1
        default: return nil
        }
      } else {
        if c == " " {
          while i < s.count && s[i] == 32 { i += 1 }
        } else {
          guard i < s.count, Character(UnicodeScalar(s[i])) == c else { return nil }
          i += 1
        }
        k += 1
      }
    }
    f = []
    // Years past TIMESTAMP's range (about ±290,000) would overflow the microsecond count: not a timestamp.
    guard i == s.count, year > -290_000, year < 290_000, month >= 1, month <= 12, day >= 1,
      day <= CivilCalendar.daysInMonth(month, year: year), hour <= 24, minute < 60, second < 61
    else { return nil }
    if let pm { hour = hour % 12 + (pm ? 12 : 0) }
    let days = CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
    return days * microsPerDay + ((hour * 60 + minute) * 60 + second) * 1_000_000 + micro
  }
}
