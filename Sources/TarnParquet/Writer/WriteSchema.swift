// Tarn schema → Parquet schema: the inverse of ReadNode, with the levels each leaf is written at.
import TarnCore

/// How a leaf's min/max statistics compare values (parquet-format's sort orders).
enum StatisticsOrder: Sendable, Equatable {
  case boolean
  case signedInt32, unsignedInt32, signedInt64, unsignedInt64
  case float, double
  /// Unsigned byte-wise: strings, binary, UUID, fixed binary.
  case bytes
  /// Big-endian two's complement of a fixed width: decimals stored as FIXED_LEN_BYTE_ARRAY.
  case signedBigEndian
  /// No defined order (INTERVAL): no min/max.
  case none

  /// Whether the deprecated `min`/`max` fields (signed, physical order) agree with this order.
  var legacyOrderMatches: Bool {
    switch self {
    case .boolean, .signedInt32, .signedInt64, .float, .double: true
    default: false
    }
  }
}

/// One leaf column as the writer produces it.
struct WriteLeaf: Sendable {
  var path: [String]
  var physicalType: ParquetPhysicalType
  /// FIXED_LEN_BYTE_ARRAY width, else 0.
  var typeLength: Int
  var maxDefinitionLevel: Int
  var maxRepetitionLevel: Int
  /// The Tarn type of the values under the leaf.
  var valueType: DataType
  var order: StatisticsOrder
  /// Explicit encoding from the options (dictionary then off), or nil.
  var encoding: ParquetColumnEncoding?
  var isDictionaryAllowed: Bool
  var bloomFilterFPP: Double?

  var thriftPhysicalType: PhysicalType {
    switch physicalType {
    case .boolean: .boolean
    case .int32: .int32
    case .int64: .int64
    case .int96: .int96
    case .float: .float
    case .double: .double
    case .byteArray: .byteArray
    case .fixedLenByteArray: .fixedLenByteArray
    }
  }

  /// Bytes per value of fixed-width physical types; 0 for BYTE_ARRAY, 1 for booleans (one byte each in memory).
  var physicalWidth: Int {
    switch physicalType {
    case .boolean: 1
    case .int32, .float: 4
    case .int64, .double: 8
    case .int96: 12
    case .fixedLenByteArray: typeLength
    case .byteArray: 0
    }
  }
}

/// How one top-level field is taken apart into leaves.
struct WriteNode: Sendable {
  indirect enum Shape: Sendable {
    case leaf(column: Int)
    case structure([WriteNode])
    /// `element` sits at repetition level `repetitionLevel`.
    case list(element: WriteNode, repetitionLevel: Int)
  }

  var isNullable: Bool
  /// The definition level at which this node holds a value.
  var definitionLevel: Int
  var shape: Shape
  /// Leaf columns under this node.
  var leaves: Range<Int>
  /// No list under this node: every leaf entry is one row.
  var isFlat: Bool
}

/// The Parquet schema of a Tarn schema: footer elements, leaves and shredding plans.
struct WriteSchema: Sendable {
  var elements: [SchemaElement]
  var leaves: [WriteLeaf]
  var nodes: [WriteNode]

  init(_ schema: Schema, options: ParquetWriterOptions) throws(ParquetError) {
    elements = [SchemaElement(name: "schema", numChildren: Int32(schema.count))]
    leaves = []
    nodes = []
    for field in schema.fields {
      nodes.append(try add(field, path: [], definition: 0, repetition: 0, options: options, depth: 0))
    }
  }

  private mutating func add(
    _ field: Field, path: [String], definition: Int, repetition: Int, options: ParquetWriterOptions, depth: Int
  ) throws(ParquetError) -> WriteNode {
    guard depth < ReadNode.maxDepth else {
      throw ParquetError(.unsupported("schema nested deeper than \(ReadNode.maxDepth) levels"))
    }
    let own = definition + (field.isNullable ? 1 : 0)
    let repetitionType: FieldRepetitionType = field.isNullable ? .optional : .required
    let here = path + [field.name]
    let first = leaves.count
    switch field.type {
    case .structure(let fields):
      guard !fields.isEmpty else {
        throw ParquetError(.unsupported("struct '\(field.name)' without fields (Parquet has no empty groups)"))
      }
      elements.append(SchemaElement(repetitionType: repetitionType, name: field.name, numChildren: Int32(fields.count)))
      var children: [WriteNode] = []
      for child in fields {
        children.append(try add(child, path: here, definition: own, repetition: repetition, options: options, depth: depth + 1))
      }
      return WriteNode(
        isNullable: field.isNullable, definitionLevel: own, shape: .structure(children), leaves: first..<leaves.count,
        isFlat: children.allSatisfy(\.isFlat))

    case .list(let element):
      elements.append(
        SchemaElement(
          repetitionType: repetitionType, name: field.name, numChildren: 1, convertedType: .list, logicalType: .list))
      elements.append(SchemaElement(repetitionType: .repeated, name: "list", numChildren: 1))
      var named = element
      named.name = "element"
      let child = try add(
        named, path: here + ["list"], definition: own + 1, repetition: repetition + 1, options: options, depth: depth + 2)
      return WriteNode(
        isNullable: field.isNullable, definitionLevel: own, shape: .list(element: child, repetitionLevel: repetition + 1),
        leaves: first..<leaves.count, isFlat: false)

    case .map(let key, let value):
      elements.append(
        SchemaElement(
          repetitionType: repetitionType, name: field.name, numChildren: 1, convertedType: .map, logicalType: .map))
      elements.append(SchemaElement(repetitionType: .repeated, name: "key_value", numChildren: 2))
      let entryPath = here + ["key_value"]
      var keyField = key
      keyField.name = "key"
      keyField.isNullable = false
      var valueField = value
      valueField.name = "value"
      let keyNode = try add(
        keyField, path: entryPath, definition: own + 1, repetition: repetition + 1, options: options, depth: depth + 2)
      let valueNode = try add(
        valueField, path: entryPath, definition: own + 1, repetition: repetition + 1, options: options, depth: depth + 2)
      let entry = WriteNode(
        isNullable: false, definitionLevel: own + 1, shape: .structure([keyNode, valueNode]),
        leaves: first..<leaves.count, isFlat: keyNode.isFlat && valueNode.isFlat)
      return WriteNode(
        isNullable: field.isNullable, definitionLevel: own, shape: .list(element: entry, repetitionLevel: repetition + 1),
        leaves: first..<leaves.count, isFlat: false)

    default:
      var element = SchemaElement(repetitionType: repetitionType, name: field.name)
      let (physical, order) = try annotate(&element, field.type, name: field.name)
      elements.append(element)
      let typeLength = Int(element.typeLength ?? 0)
      let encoding = options.encoding(for: here)
      if let encoding { try check(encoding, physical: physical, column: here) }
      let dictionaryAllowed = options.dictionaryEnabled && encoding == nil && physical != .boolean
        && !options.isDictionaryDisabled(for: here) && field.type != .null
      let fpp = options.bloomFilterFPP(for: here)
      if let fpp, !(fpp > 0 && fpp < 1) {
        throw ParquetError(.unsupported("Bloom filter false-positive probability \(fpp) outside (0, 1)"))
      }
      leaves.append(
        WriteLeaf(
          path: here, physicalType: physical, typeLength: typeLength, maxDefinitionLevel: own,
          maxRepetitionLevel: repetition, valueType: field.type, order: order, encoding: encoding,
          isDictionaryAllowed: dictionaryAllowed, bloomFilterFPP: physical == .boolean ? nil : fpp))
      return WriteNode(
        isNullable: field.isNullable, definitionLevel: own, shape: .leaf(column: first), leaves: first..<leaves.count,
        isFlat: true)
    }
  }

  private func check(_ encoding: ParquetColumnEncoding, physical: ParquetPhysicalType, column: [String])
    throws(ParquetError)
  {
    let fits: Bool
    switch encoding {
    case .plain: fits = true
    case .deltaBinaryPacked: fits = physical == .int32 || physical == .int64
    case .deltaLengthByteArray: fits = physical == .byteArray
    case .deltaByteArray: fits = physical == .byteArray || physical == .fixedLenByteArray
    case .byteStreamSplit:
      fits = [.float, .double, .int32, .int64, .fixedLenByteArray].contains(physical)
    }
    guard fits else {
      throw ParquetError(.unsupported("encoding \(encoding) for \(physical.rawValue) column '\(column.joined(separator: "."))'"))
    }
  }
}

/// Sets the physical and logical type of a leaf element for `type`; returns the physical type and statistics order.
private func annotate(_ element: inout SchemaElement, _ type: DataType, name: String) throws(ParquetError)
  -> (ParquetPhysicalType, StatisticsOrder)
{
  func integer(_ bits: Int8, signed: Bool, _ converted: ConvertedType) {
    element.logicalType = .integer(bitWidth: bits, isSigned: signed)
    element.convertedType = converted
  }
  switch type {
  case .null:
    element.type = .int32
    element.logicalType = .null
    return (.int32, .none)
  case .boolean:
    element.type = .boolean
    return (.boolean, .boolean)
  case .int8:
    element.type = .int32
    integer(8, signed: true, .int8)
    return (.int32, .signedInt32)
  case .int16:
    element.type = .int32
    integer(16, signed: true, .int16)
    return (.int32, .signedInt32)
  case .int32:
    element.type = .int32
    return (.int32, .signedInt32)
  case .int64:
    element.type = .int64
    return (.int64, .signedInt64)
  case .uint8:
    element.type = .int32
    integer(8, signed: false, .uint8)
    return (.int32, .unsignedInt32)
  case .uint16:
    element.type = .int32
    integer(16, signed: false, .uint16)
    return (.int32, .unsignedInt32)
  case .uint32:
    element.type = .int32
    integer(32, signed: false, .uint32)
    return (.int32, .unsignedInt32)
  case .uint64:
    element.type = .int64
    integer(64, signed: false, .uint64)
    return (.int64, .unsignedInt64)
  case .float32:
    element.type = .float
    return (.float, .float)
  case .float64:
    element.type = .double
    return (.double, .double)
  case .decimal(let precision, let scale):
    guard precision >= 1, precision <= 38, scale >= 0, scale <= precision else {
      throw ParquetError(.unsupported("DECIMAL(\(precision),\(scale)) in column '\(name)'"))
    }
    element.logicalType = .decimal(scale: Int32(scale), precision: Int32(precision))
    element.convertedType = .decimal
    element.scale = Int32(scale)
    element.precision = Int32(precision)
    if precision <= 9 {
      element.type = .int32
      return (.int32, .signedInt32)
    }
    if precision <= 18 {
      element.type = .int64
      return (.int64, .signedInt64)
    }
    element.type = .fixedLenByteArray
    element.typeLength = Int32(decimalByteWidth(precision: precision))
    return (.fixedLenByteArray, .signedBigEndian)
  case .string:
    element.type = .byteArray
    element.logicalType = .string
    element.convertedType = .utf8
    return (.byteArray, .bytes)
  case .binary:
    element.type = .byteArray
    return (.byteArray, .bytes)
  case .fixedBinary(let width):
    guard width > 0 else { throw ParquetError(.unsupported("fixed binary of width \(width) in column '\(name)'")) }
    element.type = .fixedLenByteArray
    element.typeLength = Int32(width)
    return (.fixedLenByteArray, .bytes)
  case .uuid:
    element.type = .fixedLenByteArray
    element.typeLength = 16
    element.logicalType = .uuid
    return (.fixedLenByteArray, .bytes)
  case .date:
    element.type = .int32
    element.logicalType = .date
    element.convertedType = .date
    return (.int32, .signedInt32)
  case .time(let unit):
    // Seconds have no Parquet unit: they are written as milliseconds, as Arrow does.
    switch unit {
    case .second, .millisecond:
      element.type = .int32
      element.logicalType = .time(isAdjustedToUTC: false, unit: .millis)
      return (.int32, .signedInt32)
    case .microsecond:
      element.type = .int64
      element.logicalType = .time(isAdjustedToUTC: false, unit: .micros)
      return (.int64, .signedInt64)
    case .nanosecond:
      element.type = .int64
      element.logicalType = .time(isAdjustedToUTC: false, unit: .nanos)
      return (.int64, .signedInt64)
    }
  case .timestamp(let unit, let utc):
    element.type = .int64
    let parquetUnit: LogicalType.TimeUnit
    switch unit {
    case .second, .millisecond: parquetUnit = .millis
    case .microsecond: parquetUnit = .micros
    case .nanosecond: parquetUnit = .nanos
    }
    element.logicalType = .timestamp(isAdjustedToUTC: utc, unit: parquetUnit)
    // Arrow's rule: the legacy annotation only for UTC-adjusted millis and micros, which is what it means.
    if utc, parquetUnit == .millis { element.convertedType = .timestampMillis }
    if utc, parquetUnit == .micros { element.convertedType = .timestampMicros }
    return (.int64, .signedInt64)
  case .interval:
    element.type = .fixedLenByteArray
    element.typeLength = 12
    element.convertedType = .interval
    return (.fixedLenByteArray, .none)
  case .list, .structure, .map:
    throw ParquetError(.internalBug("nested type \(type) reached the leaf mapping"))
  }
}

/// Bytes of the smallest two's complement integer holding every `precision`-digit decimal, as Arrow sizes them.
func decimalByteWidth(precision: Int) -> Int {
  var limit: UInt128 = 1
  for _ in 0..<precision { limit &*= 10 }
  for bytes in 1...16 where (UInt128(1) << UInt128(bytes * 8 - 1)) >= limit { return bytes }
  return 16
}
