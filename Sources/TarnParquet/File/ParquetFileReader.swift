// Opens a Parquet file, validates its footer, and reads chosen columns of chosen row groups into record batches.
import Dispatch
import TarnCore

/// A Parquet file opened for reading.
///
/// Only the column chunks a caller asks for are touched: their pages are decompressed and decoded, in parallel
/// across columns, and assembled into vectors of Tarn's model. The reader is immutable and safe to share.
public final class ParquetFileReader: @unchecked Sendable {
  public let path: String
  public let file: MappedFile
  package let metadata: FileMetaData
  public let schema: ParquetSchema
  public let options: ParquetReadOptions

  public static let magic: [UInt8] = Array("PAR1".utf8)
  /// The largest footer accepted: bounds the allocation made from the length before the magic.
  static let maxFooterBytes = 1 << 30

  public convenience init(path: String, options: ParquetReadOptions = .init()) throws(ParquetError) {
    try self.init(file: try MappedFile(path: path), options: options)
  }

  public init(file: MappedFile, options: ParquetReadOptions = .init()) throws(ParquetError) {
    self.path = file.path
    self.file = file
    self.options = options
    do throws(ParquetError) {
      let bytes = file.bytes
      guard bytes.count >= 12 else {
        throw ParquetError(.truncated(needed: 12, available: bytes.count))
      }
      let tail = Array(bytes[(bytes.count - 4)...])
      if tail == Array("PARE".utf8) { throw ParquetError(.unsupported("encrypted footer (PARE)")) }
      guard Array(bytes[0..<4]) == Self.magic else {
        throw ParquetError(.corrupt("not a Parquet file: it does not start with the magic number PAR1"))
      }
      guard tail == Self.magic else {
        throw ParquetError(.corrupt("the file is truncated or damaged: it does not end with the magic number PAR1"))
      }
      let footerLength = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt32.self)))
      guard footerLength <= bytes.count - 12 else {
        throw ParquetError(.corrupt("footer length \(footerLength) is larger than the file (\(bytes.count) bytes)"))
      }
      let footerStart = bytes.count - 8 - footerLength
      let footer = UnsafeRawBufferPointer(rebasing: bytes[footerStart..<(bytes.count - 8)])
      do throws(ParquetError) {
        metadata = try FileMetaData.decode(footer)
      } catch {
        var described = error
        described.reason = .corrupt("the footer (\(footerLength) bytes) does not decode: \(error.message)")
        throw described
      }
      schema = try ParquetSchema(root: try schemaTree(metadata.schema))
      try validateRowGroups()
    } catch {
      throw error.at(file: file.path)
    }
  }

  public var rowCount: Int { Int(metadata.numRows) }
  public var rowGroupCount: Int { metadata.rowGroups.count }
  public var createdBy: String? { metadata.createdBy }
  public var keyValueMetadata: [(key: String, value: String?)] {
    (metadata.keyValueMetadata ?? []).map { ($0.key, $0.value) }
  }

  public func rowCount(ofRowGroup index: Int) -> Int { Int(metadata.rowGroups[index].numRows) }

  /// Checks what every later read relies on: one chunk per leaf, of the leaf's physical type.
  private func validateRowGroups() throws(ParquetError) {
    for (index, rowGroup) in metadata.rowGroups.enumerated() {
      guard rowGroup.columns.count == schema.columns.count else {
        throw ParquetError(
          .corrupt("row group has \(rowGroup.columns.count) column chunks, the schema has \(schema.columns.count) columns"))
          .at(rowGroup: index)
      }
      guard rowGroup.numRows >= 0 else { throw ParquetError(.corrupt("negative row count")).at(rowGroup: index) }
    }
  }

  /// Whether top-level field `field` is one leaf without repetition: what `readRowGroup(_:fields:rows:)` can select rows of.
  public func isFlat(field: Int) -> Bool {
    let leaves = schema.leafRange(ofField: field)
    return leaves.count == 1 && schema.columns[leaves.lowerBound].maxRepetitionLevel == 0
  }

  /// Reads top-level fields `fields` (all when nil) of row group `index` into one batch.
  ///
  /// With `rows` (ascending row positions in the row group; every field flat, see `isFlat`), the batch holds only
  /// those rows, and decoding keeps only them page by page (late materialization).
  public func readRowGroup(
    _ index: Int, fields: [Int]? = nil, rows: UnsafeBufferPointer<UInt32>? = nil
  ) throws(ParquetError) -> RecordBatch {
    let selected = fields ?? Array(schema.fields.indices)
    guard index >= 0, index < rowGroupCount else {
      throw ParquetError(.internalBug("row group \(index) of \(rowGroupCount) requested")).at(file: path)
    }
    if rows != nil, let nested = selected.first(where: { !isFlat(field: $0) }) {
      throw ParquetError(.internalBug("row selection on the nested field \(schema.fields[nested].name)")).at(file: path)
    }
    let leaves = selected.flatMap { Array(schema.leafRange(ofField: $0)) }
    let decoded: [LeafData]
    do {
      decoded = try decodeLeaves(rowGroup: index, columns: leaves, rows: rows)
    } catch {
      throw error.at(file: path, rowGroup: index)
    }
    var firstLeaf: [Int] = []
    var position = 0
    for field in selected {
      firstLeaf.append(position)
      position += schema.leafRange(ofField: field).count
    }
    let rowCount = rows?.count ?? rowCount(ofRowGroup: index)
    let columns = try parallelMap(selected.count) { (i: Int) throws(ParquetError) -> ColumnVector in
      let field = selected[i]
      let range = schema.leafRange(ofField: field)
      let assembler = LevelAssembler(
        leaves: Array(decoded[firstLeaf[i]..<(firstLeaf[i] + range.count)]), firstColumn: range.lowerBound)
      do throws(ParquetError) {
        let vector = try assembler.assemble(schema.readNodes[field])
        guard vector.count == rowCount else {
          throw ParquetError(.corrupt("column holds \(vector.count) rows, the row group \(rowCount)"))
            .at(column: schema.fields[field].name)
        }
        return vector
      } catch {
        throw error.at(file: path, rowGroup: index)
      }
    }
    return RecordBatch(schema: Schema(selected.map { schema.fields[$0] }), columns: columns, count: rowCount)
  }

  /// Columns from which a row group is decoded one pipeline per column rather than page by page.
  static let minimumColumnsForColumnPipelines = 4

  /// Decodes the given leaf columns of one row group on all cores.
  ///
  /// Many columns: one inflate-then-decode pipeline per column, in parallel. Few columns: three phases, find
  /// every page (cheap), inflate all pages of all columns in parallel (the codec work, which balances across
  /// cores far better than one or two whole columns do), then decode each column in parallel.
  package func decodeLeaves(
    rowGroup index: Int, columns: [Int], rows: UnsafeBufferPointer<UInt32>? = nil
  ) throws(ParquetError) -> [LeafData] {
    var decoders: [ColumnChunkDecoder] = []
    var pages: [[ColumnChunkDecoder.Page]] = []
    for column in columns {
      do throws(ParquetError) {
        let decoder = try columnChunkDecoder(rowGroup: index, column: column)
        pages.append(try decoder.scanPages())
        decoders.append(decoder)
      } catch {
        throw error.at(file: path, rowGroup: index)
      }
    }

    if columns.count >= Self.minimumColumnsForColumnPipelines {
      // One pipeline per column (inflate, then decode), largest first: enough columns keep both cores busy, and
      // each finished column's inflated pages are freed before the next starts, so their memory is reused
      // instead of faulting in fresh pages for every column at once.
      let order = decoders.indices.sorted { decoders[$0].uncompressedSizeHint > decoders[$1].uncompressedSizeHint }
      let decoded = try parallelMap(order.count) { (k: Int) throws(ParquetError) -> LeafData in
        try decoders[order[k]].decode(pages: pages[order[k]], rows: rows)
      }
      var byColumn = [LeafData?](repeating: nil, count: columns.count)
      for (k, c) in order.enumerated() { byColumn[c] = decoded[k] }
      for decoder in decoders { file.release(decoder.bytes) }
      return byColumn.map { $0! }
    }
    let arenas = decoders.indices.map { InflateArena(pages: pages[$0], decoder: decoders[$0]) }
    var tasks: [(column: Int, page: Int)] = []
    for (c, list) in pages.enumerated() { for p in list.indices { tasks.append((c, p)) } }
    let inflated = try parallelMap(tasks.count) { (t: Int) throws(ParquetError) -> UnsafeRawBufferPointer? in
      let (c, p) = tasks[t]
      return try decoders[c].inflate(pages[c][p], into: arenas[c].target(p))
    }
    var inflatedByColumn: [[UnsafeRawBufferPointer?]] = pages.map { _ in [] }
    for (t, task) in tasks.enumerated() { inflatedByColumn[task.column].append(inflated[t]) }

    let decoded = try withExtendedLifetime(arenas) { () throws(ParquetError) -> [LeafData] in
      try parallelMap(columns.count) { (c: Int) throws(ParquetError) -> LeafData in
        try decoders[c].decode(pages: pages[c], inflated: inflatedByColumn[c], rows: rows)
      }
    }
    // The chunks' file pages are decoded; unmapping them keeps RSS from growing with each row group.
    for decoder in decoders { file.release(decoder.bytes) }
    return decoded
  }

  /// Runs `body` for 0..<count on all cores; the first error by index wins, with the file and row group filled in.
  private func parallelMap<T>(_ count: Int, _ body: (Int) throws(ParquetError) -> T) throws(ParquetError) -> [T] {
    let results = UnsafeMutableBufferPointer<Result<T, ParquetError>?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer { results.deinitialize().deallocate() }
    let shared = UncheckedSendable(results)
    withoutActuallyEscaping(body) { body in
      let work = UncheckedSendable(body)
      DispatchQueue.concurrentPerform(iterations: count) { i in
        do throws(ParquetError) {
          shared.value[i] = .success(try work.value(i))
        } catch {
          shared.value[i] = .failure(error.at(file: self.path))
        }
      }
    }
    var output: [T] = []
    output.reserveCapacity(count)
    for result in results { output.append(try result!.get()) }
    return output
  }

  /// A decoder over one column chunk's bytes, after checking the chunk against the schema and the file.
  package func columnChunkDecoder(rowGroup index: Int, column: Int) throws(ParquetError) -> ColumnChunkDecoder {
    let descriptor = schema.columns[column]
    let chunk = metadata.rowGroups[index].columns[column]
    do throws(ParquetError) {
      guard chunk.filePath == nil else { throw ParquetError(.unsupported("column chunk stored in another file")) }
      guard let meta = chunk.metaData else { throw ParquetError(.corrupt("column chunk without metadata")) }
      guard (try? ParquetPhysicalType(thrift: meta.type)) == descriptor.physicalType else {
        throw ParquetError(.corrupt("column chunk type \(meta.type) differs from the schema's \(descriptor.physicalType)"))
      }
      var start = meta.dataPageOffset
      if let dictionaryOffset = meta.dictionaryPageOffset, dictionaryOffset > 0, dictionaryOffset < start {
        start = dictionaryOffset
      }
      let bytes = try file.slice(offset: start, length: meta.totalCompressedSize, what: "column chunk")
      var decoder = ColumnChunkDecoder(
        descriptor: descriptor, codec: try CompressionCodec(thrift: meta.codec.rawValue), bytes: bytes,
        expectedEntries: Int(meta.numValues), options: options)
      decoder.uncompressedSizeHint = Int(meta.totalUncompressedSize)
      return decoder
    } catch {
      throw error.at(column: descriptor.dottedPath)
    }
  }

  /// Decodes one column chunk on the calling thread.
  package func decodeColumnChunk(rowGroup index: Int, column: Int) throws(ParquetError) -> LeafData {
    do throws(ParquetError) {
      return try columnChunkDecoder(rowGroup: index, column: column).decode()
    } catch {
      throw error.at(file: path, rowGroup: index)
    }
  }
}
