// Column-chunk statistics as one-row vectors of the column's own type, for pruning and for `tarn meta`.
import TarnCore

/// A column chunk's statistics. Bounds are one-row vectors of the column's value type (nil when absent or unusable).
public struct ColumnStatistics: Sendable {
  public var min: ColumnVector?
  public var max: ColumnVector?
  public var nullCount: Int?
  public var distinctCount: Int?
  /// False when the writer truncated a bound (long strings): it is then only a bound, not a value.
  public var isMinExact: Bool
  public var isMaxExact: Bool
}

extension ParquetFileReader {
  /// The statistics of leaf `column` in row group `rowGroup`, or nil when the writer stored none.
  ///
  /// Legacy `min`/`max` fields are used only for types whose legacy (signed) order is correct:
  /// booleans, signed integers and floating point; byte arrays and unsigned types need `min_value`/`max_value`.
  public func statistics(rowGroup: Int, column: Int) -> ColumnStatistics? {
    guard rowGroup >= 0, rowGroup < rowGroupCount, column >= 0, column < schema.columns.count,
      let stats = metadata.rowGroups[rowGroup].columns[column].metaData?.statistics
    else { return nil }
    let descriptor = schema.columns[column]
    let legacyOrderIsCorrect: Bool
    switch descriptor.valueType {
    case .boolean, .int8, .int16, .int32, .int64, .float32, .float64, .date, .timestamp, .time:
      legacyOrderIsCorrect = descriptor.physicalType != .int96
    default:
      legacyOrderIsCorrect = false
    }
    let minBytes = stats.minValue ?? (legacyOrderIsCorrect ? stats.min : nil)
    let maxBytes = stats.maxValue ?? (legacyOrderIsCorrect ? stats.max : nil)
    return ColumnStatistics(
      min: minBytes.flatMap { statisticVector($0, descriptor) }, max: maxBytes.flatMap { statisticVector($0, descriptor) },
      nullCount: stats.nullCount.map { Int($0) }, distinctCount: stats.distinctCount.map { Int($0) },
      isMinExact: stats.isMinValueExact ?? true, isMaxExact: stats.isMaxValueExact ?? true)
  }
}

/// Decodes one statistics value: PLAIN without a length prefix for byte arrays.
func statisticVector(_ bytes: [UInt8], _ descriptor: ParquetColumnDescriptor) -> ColumnVector? {
  var physical = PhysicalValues(physicalType: descriptor.physicalType, typeLength: descriptor.typeLength, capacity: 1)
  switch descriptor.physicalType {
  case .byteArray:
    bytes.withUnsafeBytes { physical.values.append($0) }
    physical.offsets!.append(Int64(bytes.count))
  case .boolean:
    guard bytes.count >= 1 else { return nil }
    physical.values.append(UInt8(bytes[0] & 1))
  default:
    guard bytes.count == physical.width else { return nil }
    bytes.withUnsafeBytes { physical.values.append($0) }
  }
  physical.count = 1
  return try? convertPhysical(physical, to: descriptor.valueType, dictionary: nil)
}
