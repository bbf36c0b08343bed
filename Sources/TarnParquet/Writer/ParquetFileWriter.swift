// Writes record batches to a Parquet file, one row group at a time, encoding column chunks in parallel.
import Dispatch
import TarnCore

/// A streaming Parquet writer.
///
/// Batches are shredded into per-leaf levels and values as they arrive (in parallel across top-level fields)
/// and buffered until a row group is full by rows or bytes; the row group's column chunks are then encoded and
/// compressed in parallel across leaves and written. At most one row group is held in memory.
///
/// The file appears at `path` only when `close` succeeds: it is written under a temporary name in the same
/// folder and renamed. Any error from `write` or `close`, and `abort` or dropping an unclosed writer, remove the
/// temporary file and leave `path` as it was.
public final class ParquetFileWriter {
  public let path: String
  public let schema: Schema
  public let options: ParquetWriterOptions
  let writeSchema: WriteSchema
  private let codec: CompressionCodec
  private let output: AtomicFileOutput
  private let leafWriters: [LeafWriter]
  private let bufferPool = BufferPool()
  private var bufferedRows = 0
  private var rowGroups: [RowGroup] = []
  private var columnIndexes: [[ColumnIndex?]] = []
  private var offsetIndexes: [[OffsetIndex]] = []
  private var isClosed = false
  public private(set) var rowCount = 0

  public init(path: String, schema: Schema, options: ParquetWriterOptions = .init()) throws(ParquetError) {
    self.path = path
    self.schema = schema
    self.options = options
    codec = options.compression.codec
    do throws(ParquetError) {
      guard options.rowGroupRows > 0, options.rowGroupBytes > 0, options.pageSize > 0 else {
        throw ParquetError(.unsupported("row-group and page limits must be positive"))
      }
      if let level = options.compressionLevel {
        guard let levels = codec.levels else {
          throw ParquetError(.unsupported("a compression level for \(codec.name), which has none"))
        }
        guard levels.contains(level) else {
          throw ParquetError(.unsupported("\(codec.name) level \(level); levels run \(levels.lowerBound)...\(levels.upperBound)"))
        }
      }
      writeSchema = try WriteSchema(schema, options: options)
      leafWriters = writeSchema.leaves.map { LeafWriter(leaf: $0, options: options) }
      output = try AtomicFileOutput(path: path)
      try output.write(ParquetFileReader.magic)
    } catch {
      throw error.at(file: path)
    }
  }

  deinit { if !isClosed { output.abort() } }

  /// Appends the rows of `batch`, whose columns must have the writer's schema's types.
  public func write(_ batch: RecordBatch) throws(ParquetError) {
    guard !isClosed else { throw ParquetError(.internalBug("write after close")).at(file: path) }
    do throws(ParquetError) {
      guard batch.columns.count == schema.count,
        zip(batch.columns, schema.fields).allSatisfy({ $0.type == $1.type && $0.count == batch.count })
      else {
        throw ParquetError(
          .internalBug("batch of \(batch.schema.fields.map(\.type.sqlName)) written to a file of \(schema.fields.map(\.type.sqlName))"))
      }
      var start = 0
      while start < batch.count {
        let take = min(batch.count - start, options.rowGroupRows - bufferedRows)
        shred(batch, start..<(start + take))
        bufferedRows += take
        start += take
        if bufferedRows >= options.rowGroupRows || bufferedBytes >= options.rowGroupBytes { try flushRowGroup() }
      }
    } catch {
      fail()
      throw error.at(file: path)
    }
  }

  /// Writes the last row group, the page indexes and the footer, and moves the file into place.
  public func close() throws(ParquetError) {
    guard !isClosed else { return }
    do throws(ParquetError) {
      if bufferedRows > 0 { try flushRowGroup() }
      try writePageIndexes()
      let footer = FileMetaData(
        version: 2, schema: writeSchema.elements, numRows: Int64(rowCount), rowGroups: rowGroups,
        keyValueMetadata: options.keyValueMetadata.isEmpty
          ? nil : options.keyValueMetadata.map { KeyValue(key: $0.key, value: $0.value) },
        createdBy: options.createdBy,
        columnOrders: Array(repeating: .typeDefinedOrder, count: writeSchema.leaves.count))
      let bytes = footer.encoded()
      try output.write(bytes)
      var tail: [UInt8] = withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { Array($0) }
      tail += ParquetFileReader.magic
      try output.write(tail)
      try output.commit()
      isClosed = true
    } catch {
      fail()
      throw error.at(file: path)
    }
  }

  /// Gives up: removes the temporary file, leaves `path` untouched.
  public func abort() { fail() }

  private func fail() {
    isClosed = true
    output.abort()
  }

  private var bufferedBytes: Int { leafWriters.reduce(0) { $0 + $1.byteCount } }

  private func shred(_ batch: RecordBatch, _ range: Range<Int>) {
    let shredder = LevelShredder(writers: leafWriters)
    let nodes = writeSchema.nodes
    let columns = batch.columns
    if nodes.count == 1 {
      shredder.shred(columns[0], node: nodes[0], range: range)
      return
    }
    DispatchQueue.concurrentPerform(iterations: nodes.count) { i in
      shredder.shred(columns[i], node: nodes[i], range: range)
    }
  }

  private func flushRowGroup() throws(ParquetError) {
    let ordinal = rowGroups.count
    let writers = leafWriters
    let encoders = writers.map { ColumnChunkEncoder(leaf: $0.leaf, options: options, codec: codec) }
    let pageEncoders = writers.map { PageEncoder(leaf: $0.leaf, options: options, codec: codec) }
    let pool = bufferPool
    // 1. Each leaf's values are finished (dictionary built or given up) and cut into pages, leaves in parallel.
    let plans = concurrentMap(writers.count) { i in encoders[i].plan(writers[i]) }
    // 2. Every page of every leaf is encoded and compressed, all pages in parallel, and written in file order.
    var pageJobs: [(leaf: Int, job: Int)] = []
    for (i, plan) in plans.enumerated() {
      for job in 0..<plan.pageJobCount { pageJobs.append((i, job)) }
    }
    let jobs = pageJobs
    let groupStart = output.position
    let sink = OrderedPageWriter(output: output, pageCount: jobs.count, pool: pool)
    DispatchQueue.concurrentPerform(iterations: jobs.count) { j in
      let (i, job) = jobs[j]
      let body = sink.takeBody()
      do throws(ParquetError) {
        let page = try pool.withBuffer { (scratch) throws(ParquetError) in
          try pageEncoders[i].encode(plans[i], job: job, scratch: scratch, body: body)
        }
        sink.submit(j, .success((page, body)))
      } catch {
        sink.submit(j, .failure(error))
      }
    }
    let written = try sink.finish { job, error in
      error.at(rowGroup: ordinal, column: writers[jobs[job].leaf].leaf.path.joined(separator: "."))
    }
    var pagesByLeaf = Array(repeating: [EncodedPage](), count: writers.count)
    for (j, page) in written.enumerated() { pagesByLeaf[jobs[j].leaf].append(page) }
    // 3. Each leaf's statistics, page index and Bloom filter, leaves in parallel; then the leaves are emptied.
    let pages = pagesByLeaf
    let finished = concurrentMap(writers.count) { i in encoders[i].finish(plans[i], pages: pages[i]) }
    for writer in writers { writer.reset() }

    var chunks: [ColumnChunk] = []
    var indexes: [ColumnIndex?] = []
    var offsets: [OffsetIndex] = []
    var filters: [(Int, SplitBlockBloomFilter)] = []
    var uncompressed: Int64 = 0
    // The pages went out leaf after leaf, back to back: each chunk starts where the one before it ends.
    var start = groupStart
    for (i, chunk) in finished.enumerated() {
      defer { start += chunk.metaData.totalCompressedSize }
      var meta = chunk.metaData
      meta.dataPageOffset += start
      meta.dictionaryPageOffset = meta.dictionaryPageOffset.map { $0 + start }
      uncompressed += meta.totalUncompressedSize
      chunks.append(ColumnChunk(fileOffset: start, metaData: meta))
      indexes.append(chunk.columnIndex)
      offsets.append(
        OffsetIndex(pageLocations: chunk.pageLocations.map {
          PageLocation(offset: $0.offset + start, compressedPageSize: $0.compressedPageSize, firstRowIndex: $0.firstRowIndex)
        }))
      if let filter = chunk.bloomFilter { filters.append((i, filter)) }
    }
    let groupBytes = output.position - groupStart
    for (i, filter) in filters {
      let start = output.position
      let header = BloomFilterHeader(numBytes: Int32(filter.byteCount)).encoded()
      try output.write(header)
      try output.write(filter.bitset())
      chunks[i].metaData!.bloomFilterOffset = start
      chunks[i].metaData!.bloomFilterLength = Int32(output.position - start)
    }
    rowGroups.append(
      RowGroup(
        columns: chunks, totalByteSize: uncompressed, numRows: Int64(bufferedRows), fileOffset: groupStart,
        totalCompressedSize: groupBytes, ordinal: Int16(truncatingIfNeeded: ordinal)))
    columnIndexes.append(indexes)
    offsetIndexes.append(offsets)
    rowCount += bufferedRows
    bufferedRows = 0
  }

  /// Column indexes of every chunk, then offset indexes, as Arrow and parquet-mr lay them out.
  private func writePageIndexes() throws(ParquetError) {
    guard options.pageIndexEnabled else { return }
    for g in rowGroups.indices {
      for c in rowGroups[g].columns.indices {
        guard let index = columnIndexes[g][c] else { continue }
        let start = output.position
        try output.write(index.encoded())
        rowGroups[g].columns[c].columnIndexOffset = start
        rowGroups[g].columns[c].columnIndexLength = Int32(output.position - start)
      }
    }
    for g in rowGroups.indices {
      for c in rowGroups[g].columns.indices {
        let start = output.position
        try output.write(offsetIndexes[g][c].encoded())
        rowGroups[g].columns[c].offsetIndexOffset = start
        rowGroups[g].columns[c].offsetIndexLength = Int32(output.position - start)
      }
    }
  }
}
