// How one field of Tarn's model is rebuilt from Parquet leaves: the LIST/MAP/legacy-repeated rules and level bounds.
import TarnCore

/// The shape of a field and the definition/repetition levels that delimit it.
///
/// Follows the backward-compatibility rules of parquet-format's LogicalTypes.md:
/// - a `repeated` field outside a LIST or MAP group is a non-null list of required elements;
/// - a LIST group's repeated child is the element itself when it is primitive, has several fields,
///   or is named `array` or `<list>_tuple` (2-level lists); otherwise its only child is the element;
/// - a MAP group's repeated child holds the key and value (a key alone reads as a list of keys).
package struct ReadNode: Sendable {
  package indirect enum Shape: Sendable {
    case leaf(column: Int)
    case structure([ReadNode])
    /// Elements start at entries with repetition level <= `repetitionLevel` and definition level >= `elementDefinition`.
    case list(element: ReadNode, repetitionLevel: Int, elementDefinition: Int)
  }

  package var field: Field
  package var shape: Shape
  /// The definition level at which this node holds a value (its parent's level when it is required).
  package var definitionLevel: Int
  /// Leaf columns under this node, in file order.
  package var leaves: Range<Int>

  static let maxDepth = 64

  static func make(
    _ node: ParquetSchemaNode, path: [String], definition: Int, repetition: Int,
    columns: inout [ParquetColumnDescriptor], depth: Int = 0
  ) throws(ParquetError) -> ReadNode {
    guard depth < maxDepth else { throw ParquetError(.unsupported("schema nested deeper than \(maxDepth) levels")) }
    let first = columns.count
    if node.repetition == .repeated {
      // A bare repeated field: a list that is never null, of required elements.
      let elementDefinition = definition + 1
      var element = try makeValue(
        node, path: path, definition: elementDefinition, repetition: repetition + 1, columns: &columns, depth: depth + 1)
      element.field.isNullable = false
      let type = DataType.list(element.field)
      return ReadNode(
        field: Field(node.name, type, isNullable: false),
        shape: .list(element: element, repetitionLevel: repetition + 1, elementDefinition: elementDefinition),
        definitionLevel: definition, leaves: first..<columns.count)
    }
    let own = node.repetition == .optional ? definition + 1 : definition
    return try makeValue(node, path: path, definition: own, repetition: repetition, columns: &columns, depth: depth + 1)
  }

  /// Builds the node as a value defined at `definition`, its repetition already accounted for.
  private static func makeValue(
    _ node: ParquetSchemaNode, path: [String], definition: Int, repetition: Int,
    columns: inout [ParquetColumnDescriptor], depth: Int
  ) throws(ParquetError) -> ReadNode {
    let first = columns.count
    let nullable = node.repetition == .optional
    let here = path + [node.name]
    guard depth < maxDepth else { throw ParquetError(.unsupported("schema nested deeper than \(maxDepth) levels")) }

    guard let physicalType = node.physicalType else {
      if node.logicalType == .list, node.children.count == 1, node.children[0].repetition == .repeated {
        return try makeList(node, path: here, definition: definition, repetition: repetition, columns: &columns, depth: depth)
      }
      if node.logicalType == .map, node.children.count == 1, node.children[0].repetition == .repeated,
        node.children[0].isGroup, (1...2).contains(node.children[0].children.count)
      {
        return try makeMap(node, path: here, definition: definition, repetition: repetition, columns: &columns, depth: depth)
      }
      var children: [ReadNode] = []
      for child in node.children {
        children.append(
          try make(child, path: here, definition: definition, repetition: repetition, columns: &columns, depth: depth + 1))
      }
      return ReadNode(
        field: Field(node.name, .structure(children.map(\.field)), isNullable: nullable),
        shape: .structure(children), definitionLevel: definition, leaves: first..<columns.count)
    }

    let valueType = tarnType(physicalType, typeLength: node.typeLength, logical: node.logicalType)
    columns.append(
      ParquetColumnDescriptor(
        path: here, physicalType: physicalType, typeLength: node.typeLength, logicalType: node.logicalType,
        maxDefinitionLevel: definition, maxRepetitionLevel: repetition, valueType: valueType))
    return ReadNode(
      field: Field(node.name, valueType, isNullable: nullable), shape: .leaf(column: first),
      definitionLevel: definition, leaves: first..<columns.count)
  }

  private static func makeList(
    _ node: ParquetSchemaNode, path: [String], definition: Int, repetition: Int,
    columns: inout [ParquetColumnDescriptor], depth: Int
  ) throws(ParquetError) -> ReadNode {
    let first = columns.count
    let repeated = node.children[0]
    let elementDefinition = definition + 1
    let elementRepetition = repetition + 1
    var element: ReadNode
    let repeatedIsElement =
      !repeated.isGroup || repeated.children.count != 1 || repeated.name == "array"
      || repeated.name == node.name + "_tuple"
    if repeatedIsElement {
      var required = repeated
      required.repetition = .required
      element = try makeValue(
        required, path: path, definition: elementDefinition, repetition: elementRepetition, columns: &columns,
        depth: depth + 1)
    } else {
      element = try make(
        repeated.children[0], path: path + [repeated.name], definition: elementDefinition,
        repetition: elementRepetition, columns: &columns, depth: depth + 1)
    }
    return ReadNode(
      field: Field(node.name, .list(element.field), isNullable: node.repetition == .optional),
      shape: .list(element: element, repetitionLevel: elementRepetition, elementDefinition: elementDefinition),
      definitionLevel: definition, leaves: first..<columns.count)
  }

  private static func makeMap(
    _ node: ParquetSchemaNode, path: [String], definition: Int, repetition: Int,
    columns: inout [ParquetColumnDescriptor], depth: Int
  ) throws(ParquetError) -> ReadNode {
    let first = columns.count
    let entries = node.children[0]
    let elementDefinition = definition + 1
    let elementRepetition = repetition + 1
    var parts: [ReadNode] = []
    for child in entries.children {
      parts.append(
        try make(
          child, path: path + [entries.name], definition: elementDefinition, repetition: elementRepetition,
          columns: &columns, depth: depth + 2))
    }
    let nullable = node.repetition == .optional
    if parts.count == 1 {
      // A map without values reads as the list of its keys, as pyarrow does.
      return ReadNode(
        field: Field(node.name, .list(parts[0].field), isNullable: nullable),
        shape: .list(element: parts[0], repetitionLevel: elementRepetition, elementDefinition: elementDefinition),
        definitionLevel: definition, leaves: first..<columns.count)
    }
    var key = parts[0].field
    key.isNullable = false
    let value = parts[1].field
    let entry = ReadNode(
      field: Field(entries.name, .structure([key, value]), isNullable: false), shape: .structure(parts),
      definitionLevel: elementDefinition, leaves: first..<columns.count)
    return ReadNode(
      field: Field(node.name, .map(key: key, value: value), isNullable: nullable),
      shape: .list(element: entry, repetitionLevel: elementRepetition, elementDefinition: elementDefinition),
      definitionLevel: definition, leaves: first..<columns.count)
  }
}

/// The type a leaf reads as in Tarn's model. Logical types that do not fit the physical type are ignored.
package func tarnType(_ physical: ParquetPhysicalType, typeLength: Int, logical: ParquetLogicalType?) -> DataType {
  switch (logical, physical) {
  case (.string?, .byteArray), (.enumeration?, .byteArray), (.json?, .byteArray): return .string
  case (.uuid?, .fixedLenByteArray) where typeLength == 16: return .uuid
  case (.float16?, .fixedLenByteArray) where typeLength == 2: return .float32
  case (.decimal(let p, let s)?, .int32), (.decimal(let p, let s)?, .int64),
    (.decimal(let p, let s)?, .fixedLenByteArray), (.decimal(let p, let s)?, .byteArray):
    if p >= 1, s >= 0, s <= p { return .decimal(precision: p, scale: s) }
  case (.date?, .int32): return .date
  case (.time(let unit, _)?, .int32) where unit == .millisecond: return .time(unit)
  case (.time(let unit, _)?, .int64) where unit != .millisecond: return .time(unit)
  case (.timestamp(let unit, let utc)?, .int64): return .timestamp(unit, isAdjustedToUTC: utc)
  case (.integer(let bits, let signed)?, .int32) where bits <= 32, (.integer(let bits, let signed)?, .int64):
    switch (bits, signed) {
    case (8, true): return .int8
    case (16, true): return .int16
    case (32, true): return .int32
    case (64, true): return .int64
    case (8, false): return .uint8
    case (16, false): return .uint16
    case (32, false): return .uint32
    case (64, false): return .uint64
    default: break
    }
  case (.interval?, .fixedLenByteArray) where typeLength == 12: return .interval
  default: break
  }
  switch physical {
  case .boolean: return .boolean
  case .int32: return .int32
  case .int64: return .int64
  // Spark's INT96 timestamps: microseconds keep every value Spark can write, years far past 2262 included.
  case .int96: return .timestamp(.microsecond, isAdjustedToUTC: false)
  case .float: return .float32
  case .double: return .float64
  case .byteArray: return .binary
  case .fixedLenByteArray: return .fixedBinary(typeLength)
  }
}
