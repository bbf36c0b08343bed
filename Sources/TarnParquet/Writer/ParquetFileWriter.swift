// Writes record batches to a Parquet file, one row group at a time, encoding column chunks in parallel.
import Dispatch
import TarnCore

/// A streaming Parquet writer.
///
/// Batches are shredded into per-leaf levels and values as they arrive (in parallel across top-level fields)
/// and buffered until a row group is full by rows or bytes. The full row group is then encoded, compressed and
/// written in the background (its pages in parallel across all its columns) while the next one fills, so reading
/// the next input overlaps writing the last. At most two row groups are held in memory: one filling, one flushing.
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
  /// Encodes and writes row groups; the background flush touches only it and the leaves it is given.
  private let flusher: RowGroupFlusher
  /// The leaves of the row group being filled.
  private var leafWriters: [LeafWriter]
  /// The other set: the row group being flushed in the background, or idle (empty) when none is.
  private var flushingWriters: [LeafWriter]
  /// Runs one row group's flush at a time; `flushes` tracks the one in flight.
  private let flushQueue = DispatchQueue(label: "tarn.parquet.writer.flush")
  private let flushes = DispatchGroup()
  /// A background flush's error, reported by the next `write` or `close`.
  private let flushFailureBox = FlushFailure()
  private var bufferedRows = 0
  private var isClosed = false
  /// Rows handed to row groups so far (flushed or flushing).
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
      flushingWriters = writeSchema.leaves.map { LeafWriter(leaf: $0, options: options) }
      output = try AtomicFileOutput(path: path)
      flusher = RowGroupFlusher(output: output, options: options, codec: codec)
      try output.write(ParquetFileReader.magic)
    } catch {
      throw error.at(file: path)
    }
  }

  deinit {
    guard !isClosed else { return }
    flushes.wait()
    output.abort()
  }

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
        if bufferedRows >= options.rowGroupRows || bufferedBytes >= options.rowGroupBytes { try startFlush() }
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
      try finishFlush()
      if bufferedRows > 0 {
        rowCount += bufferedRows
        try flusher.flush(leafWriters, rows: bufferedRows)
        bufferedRows = 0
      }
      try flusher.writePageIndexes()
      let footer = FileMetaData(
        version: 2, schema: writeSchema.elements, numRows: Int64(rowCount), rowGroups: flusher.rowGroups,
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
    flushes.wait()
    output.abort()
  }

  /// Hands the filled row group to the background flush, once the previous one is done, and starts filling the
  /// other set of leaves.
  private func startFlush() throws(ParquetError) {
    try finishFlush()
    let writers = leafWriters
    let rows = bufferedRows
    swap(&leafWriters, &flushingWriters)
    rowCount += rows
    bufferedRows = 0
    // Safe to send: until `flushes` is left, only the flush touches the flusher (output, row-group metadata) and
    // `writers`; this thread fills the other set of leaves and waits on `flushes` before touching anything else.
    // The flush holds the flusher, not the writer, so dropping the writer waits for it in `deinit`.
    let flusher = UncheckedSendable(self.flusher)
    let leaves = UncheckedSendable(writers)
    let failure = UncheckedSendable(flushFailureBox)
    let flushes = self.flushes
    flushes.enter()
    flushQueue.async {
      do throws(ParquetError) {
        try flusher.value.flush(leaves.value, rows: rows)
      } catch {
        failure.value.error = error
      }
      flushes.leave()
    }
  }

  /// Waits for the background flush, if any, and throws its error.
  private func finishFlush() throws(ParquetError) {
    flushes.wait()
    if let failure = flushFailureBox.error {
      flushFailureBox.error = nil
      throw failure
    }
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
}

/// Where a background flush leaves its error for the writer's thread (read only after waiting on the flush).
private final class FlushFailure {
  var error: ParquetError?
}
