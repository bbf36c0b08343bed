// `tarn schema FILE`: the Parquet schema tree (physical and logical types, repetition, nesting) and the SQL types Tarn reads.
import ArgumentParser
import TarnCore
import TarnParquet

struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema", abstract: "Print a Parquet file's schema: types, nullability and nesting.")

  @Argument(help: "The Parquet file.") var file: String
  @Option(help: "text or json.") var format: String = "text"

  func run() throws {
    try reportingFailures {
      let reader = try ParquetFileReader(path: file)
      switch format {
      case "text": print(SchemaText.render(reader.schema), terminator: "")
      case "json": print(SchemaText.json(reader.schema))
      default: throw ValidationError("unknown format '\(format)'; use text or json")
      }
    }
  }
}

/// Renders a schema as Parquet's message syntax followed by the columns' SQL types, or as JSON.
enum SchemaText {
  static func render(_ schema: ParquetSchema) -> String {
    var out = "message \(schema.root.name) {\n"
    for child in schema.root.children { node(child, indent: 1, into: &out) }
    out += "}\n\n"
    let width = schema.fields.map(\.name.count).max() ?? 0
    for field in schema.fields {
      let pad = String(repeating: " ", count: max(0, width - field.name.count))
      out += "\(field.name)\(pad)  \(field.type.sqlName)\(field.isNullable ? "" : " NOT NULL")\n"
    }
    return out
  }

  private static func node(_ node: ParquetSchemaNode, indent: Int, into out: inout String) {
    let pad = String(repeating: "  ", count: indent)
    let repetition = node.repetition.rawValue.lowercased()
    let annotation = node.logicalType.map { " (\($0))" } ?? ""
    let id = node.fieldId.map { " = \($0)" } ?? ""
    if let physical = node.physicalType {
      let type = physical == .fixedLenByteArray ? "fixed_len_byte_array(\(node.typeLength))" : physical.rawValue.lowercased()
      out += "\(pad)\(repetition) \(type) \(node.name)\(id)\(annotation);\n"
    } else {
      out += "\(pad)\(repetition) group \(node.name)\(id)\(annotation) {\n"
      for child in node.children { self.node(child, indent: indent + 1, into: &out) }
      out += "\(pad)}\n"
    }
  }

  static func json(_ schema: ParquetSchema) -> String {
    func encode(_ node: ParquetSchemaNode) -> String {
      var parts = ["\"name\":\(JSONText.quote(node.name))", "\"repetition\":\(JSONText.quote(node.repetition.rawValue))"]
      if let physical = node.physicalType { parts.append("\"physical_type\":\(JSONText.quote(physical.rawValue))") }
      if node.physicalType == .fixedLenByteArray { parts.append("\"type_length\":\(node.typeLength)") }
      if let logical = node.logicalType { parts.append("\"logical_type\":\(JSONText.quote(logical.description))") }
      if let id = node.fieldId { parts.append("\"field_id\":\(id)") }
      if node.isGroup { parts.append("\"children\":[" + node.children.map(encode).joined(separator: ",") + "]") }
      return "{" + parts.joined(separator: ",") + "}"
    }
    let columns = schema.fields.map {
      "{\"name\":\(JSONText.quote($0.name)),\"type\":\(JSONText.quote($0.type.sqlName)),\"nullable\":\($0.isNullable)}"
    }
    let leaves = schema.columns.map {
      "{\"path\":[" + $0.path.map(JSONText.quote).joined(separator: ",") + "],\"physical_type\":\(JSONText.quote($0.physicalType.rawValue)),"
        + "\"max_definition_level\":\($0.maxDefinitionLevel),\"max_repetition_level\":\($0.maxRepetitionLevel)}"
    }
    return "{\"schema\":\(encode(schema.root)),\"columns\":[\(columns.joined(separator: ","))],\"leaves\":[\(leaves.joined(separator: ","))]}"
  }
}

/// JSON string quoting for the CLI's small metadata documents.
enum JSONText {
  static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
