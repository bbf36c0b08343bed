// `tarn meta FILE`: the footer — writer, key-value metadata, row groups, and per column chunk its encodings, codec, sizes and statistics.
import ArgumentParser
import TarnCore
import TarnFormats
import TarnParquet

struct MetaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "meta", abstract: "Print a Parquet file's footer metadata.")

  @Argument(help: "The Parquet file.") var file: String
  @Option(help: "json or text.") var format: String = "text"

  func run() throws {
    try reportingFailures {
      let reader = try ParquetFileReader(path: file)
      switch format {
      case "json": print(try FooterDocument(reader: reader).json())
      case "text": print(try FooterDocument(reader: reader).text(), terminator: "")
      default: throw ValidationError("unknown format '\(format)'; use json or text")
      }
    }
  }
}

/// The footer as plain values, rendered as JSON or text.
struct FooterDocument {
  let reader: ParquetFileReader

  func json() throws -> String {
    let metadata = reader.metadata
    var out = "{"
    out += "\"file\":\(JSONText.quote(reader.path)),"
    out += "\"version\":\(metadata.version),"
    out += "\"created_by\":\(metadata.createdBy.map(JSONText.quote) ?? "null"),"
    out += "\"num_rows\":\(metadata.numRows),"
    out += "\"num_row_groups\":\(metadata.rowGroups.count),"
    out += "\"key_value_metadata\":{"
    out += (metadata.keyValueMetadata ?? []).map { "\(JSONText.quote($0.key)):\($0.value.map(JSONText.quote) ?? "null")" }
      .joined(separator: ",")
    out += "},\"row_groups\":["
    var groups: [String] = []
    for (g, group) in metadata.rowGroups.enumerated() {
      var columns: [String] = []
      for (c, chunk) in group.columns.enumerated() {
        columns.append(try columnJSON(rowGroup: g, column: c, chunk: chunk))
      }
      var fields = [
        "\"num_rows\":\(group.numRows)", "\"total_byte_size\":\(group.totalByteSize)",
      ]
      if let compressed = group.totalCompressedSize { fields.append("\"total_compressed_size\":\(compressed)") }
      fields.append("\"columns\":[" + columns.joined(separator: ",") + "]")
      groups.append("{" + fields.joined(separator: ",") + "}")
    }
    out += groups.joined(separator: ",") + "]}"
    return out
  }

  private func columnJSON(rowGroup: Int, column: Int, chunk: ColumnChunk) throws -> String {
    let descriptor = reader.schema.columns[column]
    var fields = ["\"path\":" + JSONText.quote(descriptor.dottedPath)]
    fields.append("\"physical_type\":\(JSONText.quote(descriptor.physicalType.rawValue))")
    if let logical = descriptor.logicalType { fields.append("\"logical_type\":\(JSONText.quote(logical.description))") }
    if let meta = chunk.metaData {
      fields.append("\"encodings\":[" + meta.encodings.map { JSONText.quote(encodingName($0)) }.joined(separator: ",") + "]")
      fields.append("\"codec\":\(JSONText.quote(codecName(meta.codec.rawValue)))")
      fields.append("\"num_values\":\(meta.numValues)")
      fields.append("\"total_compressed_size\":\(meta.totalCompressedSize)")
      fields.append("\"total_uncompressed_size\":\(meta.totalUncompressedSize)")
      fields.append("\"data_page_offset\":\(meta.dataPageOffset)")
      if let offset = meta.dictionaryPageOffset { fields.append("\"dictionary_page_offset\":\(offset)") }
      if let offset = meta.bloomFilterOffset { fields.append("\"bloom_filter_offset\":\(offset)") }
    }
    if let offset = chunk.columnIndexOffset { fields.append("\"column_index_offset\":\(offset)") }
    if let offset = chunk.offsetIndexOffset { fields.append("\"offset_index_offset\":\(offset)") }
    if let stats = reader.statistics(rowGroup: rowGroup, column: column) {
      var parts: [String] = []
      if let min = stats.min { parts.append("\"min\":" + (try jsonValue(min))) }
      if let max = stats.max { parts.append("\"max\":" + (try jsonValue(max))) }
      if let nulls = stats.nullCount { parts.append("\"null_count\":\(nulls)") }
      if let distinct = stats.distinctCount { parts.append("\"distinct_count\":\(distinct)") }
      if !stats.isMinExact { parts.append("\"is_min_exact\":false") }
      if !stats.isMaxExact { parts.append("\"is_max_exact\":false") }
      fields.append("\"statistics\":{" + parts.joined(separator: ",") + "}")
    }
    return "{" + fields.joined(separator: ",") + "}"
  }

  /// A one-row vector's value as the NDJSON writer prints it.
  private func jsonValue(_ vector: ColumnVector) throws -> String {
    let sink = MemoryOutputSink()
    var writer = NDJSONWriter(schema: Schema([Field("v", vector.type)]), sink: sink)
    try writer.write(RecordBatch(schema: Schema([Field("v", vector.type)]), columns: [vector], count: 1))
    try writer.finish()
    let text = sink.text
    return String(text.dropFirst(5).dropLast(2))  // {"v":…}\n
  }

  func text() throws -> String {
    let metadata = reader.metadata
    var out = "file: \(reader.path)\ncreated_by: \(metadata.createdBy ?? "-")\nversion: \(metadata.version)\n"
    out += "rows: \(metadata.numRows)\nrow_groups: \(metadata.rowGroups.count)\n"
    for kv in metadata.keyValueMetadata ?? [] {
      let value = kv.value ?? "null"
      out += "metadata \(kv.key): \(value.count > 120 ? String(value.prefix(117)) + "..." : value)\n"
    }
    for (g, group) in metadata.rowGroups.enumerated() {
      out += "\nrow group \(g): \(group.numRows) rows, \(group.totalByteSize) bytes\n"
      for (c, chunk) in group.columns.enumerated() {
        let descriptor = reader.schema.columns[c]
        guard let meta = chunk.metaData else { continue }
        out += "  \(descriptor.dottedPath): \(descriptor.physicalType.rawValue) \(codecName(meta.codec.rawValue))"
        out += " [\(meta.encodings.map(encodingName).joined(separator: ","))]"
        out += " \(meta.totalCompressedSize)/\(meta.totalUncompressedSize) bytes, \(meta.numValues) values"
        if let stats = reader.statistics(rowGroup: g, column: c) {
          if let min = stats.min, let max = stats.max { out += ", min \(try jsonValue(min)) max \(try jsonValue(max))" }
          if let nulls = stats.nullCount { out += ", \(nulls) nulls" }
        }
        out += "\n"
      }
    }
    return out
  }
}

private func encodingName(_ encoding: Encoding) -> String {
  switch encoding {
  case .plain: "PLAIN"
  case .plainDictionary: "PLAIN_DICTIONARY"
  case .rle: "RLE"
  case .bitPacked: "BIT_PACKED"
  case .deltaBinaryPacked: "DELTA_BINARY_PACKED"
  case .deltaLengthByteArray: "DELTA_LENGTH_BYTE_ARRAY"
  case .deltaByteArray: "DELTA_BYTE_ARRAY"
  case .rleDictionary: "RLE_DICTIONARY"
  case .byteStreamSplit: "BYTE_STREAM_SPLIT"
  case .unknown(let code): "UNKNOWN(\(code))"
  }
}

private func codecName(_ code: Int32) -> String {
  (try? CompressionCodec(thrift: code))?.description ?? "UNKNOWN(\(code))"
}
