// AggregateFunction: the aggregate functions by name, their result types, and which accumulator runs each.
import TarnCore

public enum AggregateFunction: String, Sendable, CaseIterable {
  case countStar = "count_star", count, sum, avg, min, max, anyValue = "any_value", first, last, stringAgg = "string_agg"
  case list, stddevSamp = "stddev_samp", varSamp = "var_samp", stddevPop = "stddev_pop", varPop = "var_pop"
  case median, quantileCont = "quantile_cont", quantileDisc = "quantile_disc", boolAnd = "bool_and", boolOr = "bool_or"
  case product, mode, countIf = "count_if"

  static let aliases: [String: AggregateFunction] = [
    "mean": .avg, "arbitrary": .anyValue, "group_concat": .stringAgg, "listagg": .stringAgg, "array_agg": .list,
    "stddev": .stddevSamp, "variance": .varSamp, "quantile": .quantileDisc, "every": .boolAnd, "countif": .countIf,
  ]

  static func named(_ name: String) -> AggregateFunction? {
    let lower = name.lowercased()
    if lower == "count_star" { return nil }
    return AggregateFunction(rawValue: lower) ?? aliases[lower]
  }

  static var allNames: [String] { allCases.map(\.rawValue).filter { $0 != "count_star" } + aliases.keys }

  /// The result type for the argument types, or nil when they don't fit.
  func resultType(_ args: [DataType]) -> DataType? {
    let t = args.first ?? .null
    switch self {
    case .countStar, .count, .countIf: return .int64
    case .sum:
      // DuckDB sums integers into a HUGEINT; Tarn's 128-bit exact type is DECIMAL(38,0), so no total overflows.
      if t.isInteger || t == .boolean { return .integerSum }
      // DuckDB: SUM(DECIMAL(p,s)) is an exact DECIMAL(38,s).
      if case .decimal(_, let scale) = t { return .decimal(precision: 38, scale: scale) }
      if t.isNumeric || t == .null { return t == .null || t == .float32 ? .float64 : t }
      if t == .interval { return .interval }
      return nil
    case .product: return t.isNumeric ? .float64 : nil
    case .avg:
      return t.isNumeric || t == .null ? .float64 : nil
    case .stddevSamp, .varSamp, .stddevPop, .varPop:
      return t.isNumeric || t == .null ? .float64 : nil
    case .min, .max, .anyValue, .first, .last, .mode: return t
    case .stringAgg: return .string
    case .list: return .list(Field("element", t))
    case .median, .quantileCont:
      if t.isNumeric || t == .null { return .float64 }
      if t == .date || t.isTimestampType { return t }
      return nil
    case .quantileDisc: return t
    case .boolAnd, .boolOr: return t == .boolean || t == .null ? .boolean : nil
    }
  }

  /// Aggregates that need every value of a group at once (sorting), not a running state.
  var isHolistic: Bool {
    switch self {
    case .median, .quantileCont, .quantileDisc, .stringAgg, .list, .mode: true
    default: false
    }
  }
}

extension DataType {
  var isTimestampType: Bool {
    if case .timestamp = self { return true }
    return false
  }
}

extension DataType {
  /// The type of SUM over integers: 128-bit, exact.
  static let integerSum = DataType.decimal(precision: 38, scale: 0)
}
