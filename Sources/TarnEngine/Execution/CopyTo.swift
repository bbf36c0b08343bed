// COPY (query) TO 'path' (FORMAT parquet|csv|json, COMPRESSION, ROW_GROUP_SIZE, PARTITION_BY (cols), OVERWRITE).
import TarnCore
import TarnFormats
import TarnParquet
import TarnSQL

/// What a COPY statement's option list asks for.
struct CopyOptions {
  enum Format: String { case parquet, csv, json }
  var format: Format
  var delimiter: UInt8 = 44
  var header = true
  var compression: ParquetCompression = .snappy
  var compressionLevel: Int?
  var rowGroupSize: Int?
  var partitionBy: [String] = []
  var overwrite = false

  init(_ copy: CopyStatement) throws(EngineError) {
    let path = copy.path.lowercased()
    format = path.hasSuffix(".parquet") ? .parquet : (path.hasSuffix(".json") || path.hasSuffix(".ndjson") ? .json : .csv)
    for option in copy.options {
      let name = option.name.name.lowercased()
      switch name {
      case "format":
        guard let word = option.word?.lowercased(), let known = Format(rawValue: word == "ndjson" ? "json" : word) else {
          throw EngineError.unsupported("COPY format \(option.word ?? "?"); use parquet, csv or json")
        }
        format = known
      case "delimiter", "delim", "sep": delimiter = option.word?.utf8.first ?? delimiter
      case "header": header = option.word.map { $0.lowercased() != "false" && $0 != "0" } ?? true
      case "compression", "codec":
        guard let word = option.word else { throw EngineError.bind("COPY option COMPRESSION needs a value") }
        guard let codec = ParquetCompression(name: word) else {
          throw EngineError.bind("Unrecognized COMPRESSION \"\(word)\"; use zstd, snappy, gzip, lz4, brotli or uncompressed")
        }
        compression = codec
      case "compression_level": compressionLevel = try Self.integer(option, name)
      case "row_group_size": rowGroupSize = try Self.integer(option, name)
      case "overwrite", "overwrite_or_ignore":
        overwrite = option.word.map { $0.lowercased() != "false" && $0 != "0" } ?? true
      case "partition_by":
        switch option.value {
        case .list(let columns): partitionBy = try columns.map { e throws(EngineError) in try Self.columnName(e) }
        case .expression(let e): partitionBy = [try Self.columnName(e)]
        case .star, nil: throw EngineError.bind("PARTITION_BY needs a list of columns")
        }
      default:
        throw EngineError.bind("Unrecognized option for COPY: \(option.name.name)")
      }
    }
  }

  private static func integer(_ option: CopyOption, _ name: String) throws(EngineError) -> Int {
    guard case .expression(let e) = option.value, case .literal(.integer(let text)) = e.kind, let v = Int(text), v > 0 else {
      throw EngineError.bind("COPY option \(name.uppercased()) needs a positive integer")
    }
    return v
  }

  private static func columnName(_ e: Expression) throws(EngineError) -> String {
    guard case .column(let name) = e.kind, name.parts.count == 1 else {
      throw EngineError.bind("PARTITION_BY takes column names")
    }
    return name.parts[0].name
  }
}

enum CopyTo {
  static func run(_ copy: CopyStatement, engine: QueryEngine) throws(EngineError) {
    guard copy.direction == .to else { throw EngineError.unsupported("COPY … FROM") }
    let query: Query
    switch copy.source {
    case .query(let q): query = q
    case .table(let name, let columns):
      let items: [SelectItem] = columns.isEmpty
        ? [SelectItem(.star(Star()))]
        : columns.map { SelectItem.expression(Expression(.column(QualifiedName([$0])))) }
      query = Query(body: .select(Select(items: items, from: [TableReference(.table(name))])))
    }
    let options = try CopyOptions(copy)
    let result = try engine.execute(Statement(.query(query)))
    if options.partitionBy.isEmpty {
      try CopyTarget.open(path: copy.path, schema: result.schema, options: options).writeAll(result)
      return
    }
    try writePartitioned(result, to: copy.path, options: options)
  }

  /// Hive layout: `path/a=1/b=x/data_0.<ext>`, one file per distinct key, key columns left out of the files.
  static func writePartitioned(_ result: StatementResult, to directory: String, options: CopyOptions) throws(EngineError) {
    let fields = result.schema.fields
    var keyIndexes: [Int] = []
    for name in options.partitionBy {
      guard let i = fields.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
        throw EngineError.bind("PARTITION_BY column \"\(name)\" is not in the COPY query's columns",
          hint: Suggest.closest(name, fields.map(\.name)).map { "Did you mean \"\($0)\"?" })
      }
      keyIndexes.append(i)
    }
    let dataIndexes = fields.indices.filter { !keyIndexes.contains($0) }
    guard !dataIndexes.isEmpty else { throw EngineError.bind("PARTITION_BY would leave no columns to write") }
    let dataSchema = Schema(dataIndexes.map { fields[$0] })
    try FileSystem.prepareDirectory(directory, overwrite: options.overwrite)
    var targets: [String: CopyTarget] = [:]
    var order: [String] = []
    do {
      while let batch = try result.next() {
        // Rows of each partition key, in arrival order. One key text per row: COPY is bound by writing, not this.
        var rowsByKey: [String: [UInt32]] = [:]
        var batchKeys: [String] = []
        for row in 0..<batch.count {
          var key = ""
          for (k, i) in keyIndexes.enumerated() {
            if k > 0 { key += "/" }
            key += fields[i].name + "=" + HivePartitionPath.folderValue(of: batch.columns[i], row: row)
          }
          if rowsByKey[key] == nil { batchKeys.append(key) }
          rowsByKey[key, default: []].append(UInt32(row))
        }
        for key in batchKeys {
          let rows = rowsByKey[key]!
          if targets[key] == nil {
            try FileSystem.makeDirectories(directory + "/" + key)
            let path = "\(directory)/\(key)/data_0.\(options.format == .parquet ? "parquet" : options.format.rawValue)"
            targets[key] = try CopyTarget.open(path: path, schema: dataSchema, options: options)
            order.append(key)
          }
          let columns = rows.withUnsafeBufferPointer { r in dataIndexes.map { Gather.take(batch.columns[$0], r) } }
          try targets[key]!.write(RecordBatch(schema: dataSchema, columns: columns, count: rows.count))
        }
      }
      for key in order { try targets[key]!.finish() }
    } catch {
      for key in order { targets[key]!.abort() }
      throw error
    }
  }
}

/// One output file of a COPY, written under a temporary name and renamed when finished.
final class CopyTarget {
  private let parquet: ParquetFileWriter?
  private var text: (any ResultWriter)?
  private let output: AtomicTextOutput?

  private init(parquet: ParquetFileWriter?, text: (any ResultWriter)?, output: AtomicTextOutput?) {
    self.parquet = parquet
    self.text = text
    self.output = output
  }

  static func open(path: String, schema: Schema, options: CopyOptions) throws(EngineError) -> CopyTarget {
    if options.format == .parquet {
      var writerOptions = ParquetWriterOptions()
      writerOptions.compression = options.compression
      writerOptions.compressionLevel = options.compressionLevel
      if let rows = options.rowGroupSize { writerOptions.rowGroupRows = rows }
      do {
        let writer = try ParquetFileWriter(path: path, schema: schema, options: writerOptions)
        return CopyTarget(parquet: writer, text: nil, output: nil)
      } catch {
        throw EngineError(.parquet(error))
      }
    }
    let output: AtomicTextOutput
    do { output = try AtomicTextOutput(path: path) } catch { throw EngineError(.output(error)) }
    let sink = output.sink
    let writer: any ResultWriter
    if options.format == .csv {
      var csv = CSVWriter.Options(delimiter: options.delimiter)
      csv.includesHeader = options.header
      writer = CSVWriter(schema: schema, sink: sink, options: csv)
    } else {
      writer = NDJSONWriter(schema: schema, sink: sink)
    }
    return CopyTarget(parquet: nil, text: writer, output: output)
  }

  /// Writes every batch of `result` and finishes the file; on any error nothing appears at the path.
  func writeAll(_ result: StatementResult) throws(EngineError) {
    do {
      while let batch = try result.next() { try write(batch) }
      try finish()
    } catch {
      abort()
      throw error
    }
  }

  func write(_ batch: RecordBatch) throws(EngineError) {
    do {
      if let parquet { try parquet.write(batch) } else { try text!.write(batch) }
    } catch let e as ParquetError {
      throw EngineError(.parquet(e))
    } catch let e as OutputError {
      throw EngineError(.output(e))
    } catch {
      throw .bug("\(error)")
    }
  }

  func finish() throws(EngineError) {
    if let parquet {
      do { try parquet.close() } catch { throw EngineError(.parquet(error)) }
      return
    }
    do throws(OutputError) {
      try text!.finish()
      try output!.commit()
    } catch {
      throw EngineError(.output(error))
    }
  }

  func abort() {
    if let parquet { parquet.abort(); return }
    output?.abort()
  }
}
