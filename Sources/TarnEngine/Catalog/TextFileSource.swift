// TextFileSource: CSV/TSV or JSON files (a path, a glob or a list) as a table, sniffed once when the query is bound.
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import TarnCore
import TarnFormats

/// Text files read as one table through `MultiFileReader`: columns united by name, types sniffed from a sample.
///
/// The schema is fixed when the query is bound. If a value past the sample needs a wider type than the
/// sniffed one, the scan stops with an error naming the file, line, column and both types (the bound plan
/// cannot change type mid-query); it never returns a truncated or rounded value. `sample_size = -1` or
/// explicit `types` avoid that. `tarn convert` widens and reads again instead.
public class TextFileSource: TableSource, @unchecked Sendable {
  public let displayName: String
  public let schema: Schema
  let patterns: [String]
  let options: MultiFileOptions
  /// The reader made while sniffing; the first scan uses it, later scans sniff again.
  // Safe: read only by the scan that wins `sniffedIsTaken`.
  private nonisolated(unsafe) let sniffed: MultiFileReader
  private let sniffedIsTaken = Atomic<Bool>(false)
  private let byteSize: Int

  init(displayName: String, patterns: [String], options: MultiFileOptions) throws(EngineError) {
    self.displayName = displayName
    self.patterns = patterns
    self.options = options
    let reader: MultiFileReader
    do { reader = try MultiFileReader(paths: patterns, options: options) } catch { throw EngineError(.format(error)) }
    schema = reader.schema
    sniffed = reader
    byteSize = reader.paths.reduce(0) { total, path in
      var info = stat()
      return total + (stat(path, &info) == 0 ? Int(info.st_size) : 0)
    }
  }

  /// A guess from the file sizes: about 100 bytes a row.
  public var estimatedRowCount: Int { max(byteSize / 100, 1) }

  public func scan(columns: [Int], hints: [ScanHint]) throws(EngineError) -> any ChunkStream {
    let reader: MultiFileReader
    if !sniffedIsTaken.exchange(true, ordering: .acquiringAndReleasing) {
      reader = sniffed
    } else {
      do { reader = try MultiFileReader(paths: patterns, options: options) } catch { throw EngineError(.format(error)) }
    }
    return TextScanStream(reader: reader, columns: columns, expected: schema)
  }
}

/// Hands out a text reader's batches in chunks of `Chunk.capacity` rows, checking they keep the bound schema.
final class TextScanStream: ChunkStream {
  let reader: MultiFileReader
  let columns: [Int]
  let expected: Schema
  private var current: RecordBatch?
  private var position = 0

  init(reader: MultiFileReader, columns: [Int], expected: Schema) {
    self.reader = reader
    self.columns = columns
    self.expected = expected
  }

  func next() throws(EngineError) -> Chunk? {
    while true {
      if let current, position < current.count {
        let length = min(Chunk.capacity, current.count - position)
        defer { position += length }
        if position == 0 && length == current.count {
          return Chunk(columns: columns.map { current.columns[$0] }, count: length)
        }
        return Chunk(columns: columns.map { current.columns[$0].slice(position, length) }, count: length)
      }
      current = nil
      let batch: RecordBatch?
      do {
        batch = try reader.next()
      } catch {
        throw widened(error) ?? EngineError(.format(error))
      }
      guard let batch else { return nil }
      if let mismatch = zip(expected.fields, batch.schema.fields).first(where: { $0.0.type != $0.1.type }) {
        throw EngineError(.format(Self.lateTypeError(column: mismatch.0.name, from: mismatch.0.type, to: mismatch.1.type)
          .at(file: reader.paths.count == 1 ? reader.paths[0] : nil)))
      }
      current = batch
      position = 0
    }
  }

  /// The error for a value past the sample that needs a wider type than the bound one.
  private func widened(_ error: FormatError) -> EngineError? {
    guard case .schemaWidened(let column, let from, let to) = error.reason else { return nil }
    return EngineError(.format(Self.lateTypeError(column: column, fromName: from, toName: to, location: error.location)))
  }

  static func lateTypeError(column: String, from: DataType, to: DataType) -> FormatError {
    lateTypeError(column: column, fromName: from.sqlName, toName: to.sqlName, location: FormatLocation())
  }

  static func lateTypeError(column: String, fromName: String, toName: String, location: FormatLocation) -> FormatError {
    var error = FormatError(.typeChangedAfterSample(column: column, sniffed: fromName, needed: toName))
    error.location = location
    return error
  }

}
