// Encodes, compresses and writes one row group at a time, and the page indexes at the end, for ParquetFileWriter.
import Dispatch
import TarnCore

/// The part of a Parquet writer that turns filled leaves into a row group in the file.
///
/// It owns everything a flush touches besides the leaves it is given (the output, the row-group metadata, the
/// buffer pool), so a flush can run in the background while the writer fills the next row group.
/// - Precondition: one flush at a time, and nothing else uses `output` while one runs.
final class RowGroupFlusher {
  let output: AtomicFileOutput
  let options: ParquetWriterOptions
  let codec: CompressionCodec
  private(set) var rowGroups: [RowGroup] = []
  private var columnIndexes: [[ColumnIndex?]] = []
  private var offsetIndexes: [[OffsetIndex]] = []
  private let bufferPool = BufferPool()

  init(output: AtomicFileOutput, options: ParquetWriterOptions, codec: CompressionCodec) {
    self.output = output
    self.options = options
    self.codec = codec
  }

  /// Encodes, compresses and writes the row group of `rows` rows buffered in `writers`, then empties them.
  func flush(_ writers: [LeafWriter], rows: Int) throws(ParquetError) {
    let ordinal = rowGroups.count
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
        columns: chunks, totalByteSize: uncompressed, numRows: Int64(rows), fileOffset: groupStart,
        totalCompressedSize: groupBytes, ordinal: Int16(truncatingIfNeeded: ordinal)))
    columnIndexes.append(indexes)
    offsetIndexes.append(offsets)
  }

  /// Column indexes of every chunk, then offset indexes, as Arrow and parquet-mr lay them out.
  func writePageIndexes() throws(ParquetError) {
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
