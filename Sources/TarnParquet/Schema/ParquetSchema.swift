// The public, hand-designed view of a Parquet file's schema: a tree of named nodes with resolved logical types.
import TarnCore

public enum ParquetPhysicalType: String, Sendable, Equatable {
  case boolean = "BOOLEAN", int32 = "INT32", int64 = "INT64", int96 = "INT96", float = "FLOAT", double = "DOUBLE"
  case byteArray = "BYTE_ARRAY", fixedLenByteArray = "FIXED_LEN_BYTE_ARRAY"
}

public enum ParquetRepetition: String, Sendable, Equatable {
  case required = "REQUIRED", optional = "OPTIONAL", repeated = "REPEATED"
}

/// A logical type, resolved from the file's LogicalType or, for older writers, its ConvertedType.
public enum ParquetLogicalType: Sendable, Equatable, CustomStringConvertible {
  case string, enumeration, json, bson, uuid, float16
  case map, list
  case decimal(precision: Int, scale: Int)
  case date
  case time(TimeUnit, isAdjustedToUTC: Bool)
  case timestamp(TimeUnit, isAdjustedToUTC: Bool)
  case integer(bitWidth: Int, isSigned: Bool)
  /// The legacy ConvertedType INTERVAL: 12 bytes of months, days and milliseconds.
  case interval
  case variant, geometry, geography
  /// LogicalType NULL (UNKNOWN in the spec): every value is null.
  case null
  /// A logical type this reader does not know; the column reads as its physical type.
  case unrecognized(String)

  public var description: String {
    switch self {
    case .string: "STRING"
    case .enumeration: "ENUM"
    case .json: "JSON"
    case .bson: "BSON"
    case .uuid: "UUID"
    case .float16: "FLOAT16"
    case .map: "MAP"
    case .list: "LIST"
    case .decimal(let p, let s): "DECIMAL(\(p),\(s))"
    case .date: "DATE"
    case .time(let unit, let utc): "TIME(\(unit.shortName),\(utc ? "UTC" : "local"))"
    case .timestamp(let unit, let utc): "TIMESTAMP(\(unit.shortName),\(utc ? "UTC" : "local"))"
    case .integer(let bits, let signed): "INTEGER(\(bits),\(signed ? "signed" : "unsigned"))"
    case .interval: "INTERVAL"
    case .variant: "VARIANT"
    case .geometry: "GEOMETRY"
    case .geography: "GEOGRAPHY"
    case .null: "NULL"
    case .unrecognized(let what): "UNKNOWN(\(what))"
    }
  }
}

extension TimeUnit {
  var shortName: String {
    switch self {
    case .second: "s"
    case .millisecond: "ms"
    case .microsecond: "us"
    case .nanosecond: "ns"
    }
  }
}

/// One node of the schema tree: a group (with children) or a primitive column.
public struct ParquetSchemaNode: Sendable, Equatable {
  public var name: String
  public var repetition: ParquetRepetition
  /// Nil for groups.
  public var physicalType: ParquetPhysicalType?
  /// Byte width of FIXED_LEN_BYTE_ARRAY values.
  public var typeLength: Int
  public var logicalType: ParquetLogicalType?
  public var fieldId: Int?
  public var children: [ParquetSchemaNode]

  public var isGroup: Bool { physicalType == nil }
}

/// A leaf column: where it sits in the tree and the level bounds its pages use.
public struct ParquetColumnDescriptor: Sendable, Equatable {
  public var path: [String]
  public var physicalType: ParquetPhysicalType
  public var typeLength: Int
  public var logicalType: ParquetLogicalType?
  public var maxDefinitionLevel: Int
  public var maxRepetitionLevel: Int
  /// The column's value type in Tarn's model (after logical conversion).
  public var valueType: DataType

  public var dottedPath: String { path.joined(separator: ".") }
}

/// The whole schema: the tree under the root, its leaves in file order, and the Arrow-style fields Tarn reads it as.
public struct ParquetSchema: Sendable {
  public let root: ParquetSchemaNode
  public let columns: [ParquetColumnDescriptor]
  /// One per top-level node.
  public let fields: [Field]
  /// How each top-level field is rebuilt from its leaves.
  package let readNodes: [ReadNode]

  package init(root: ParquetSchemaNode) throws(ParquetError) {
    self.root = root
    var columns: [ParquetColumnDescriptor] = []
    var readNodes: [ReadNode] = []
    for child in root.children {
      readNodes.append(try ReadNode.make(child, path: [], definition: 0, repetition: 0, columns: &columns))
    }
    self.columns = columns
    self.readNodes = readNodes
    fields = readNodes.map(\.field)
  }

  /// Leaf column indices under top-level field `index`, in file order.
  public func leafRange(ofField index: Int) -> Range<Int> { readNodes[index].leaves }
}
