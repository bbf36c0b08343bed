// TableSource: what every FROM item that reads data implements — a schema and a scan of chosen columns.
import TarnCore

/// A simple predicate a source may use to skip data without reading it (row groups by statistics).
///
/// Only a hint: the scan operator still evaluates every pushed-down filter on the rows it gets.
public struct ScanHint: @unchecked Sendable {
  /// Position in the source schema.
  var column: Int
  var op: ComparisonOperator
  /// One row, of the column's type.
  var value: ColumnVector
  /// For `column IN (value, …)` (op `.equal`): the other values, each one row; the row passes if any is equal.
  var alternatives: [ColumnVector] = []
}

/// Produces the batches of one scan, in order. Pull-based: `nil` when done.
public protocol ChunkStream: AnyObject {
  func next() throws(EngineError) -> Chunk?
}

/// A table, file set or in-memory result that queries can read.
///
/// Adding a format (CSV, JSON) means one type conforming to this protocol and a case in
/// `TableFunctions`; nothing in the binder, optimizer or executor changes.
public protocol TableSource: AnyObject, Sendable {
  /// For EXPLAIN: a path, glob or table name.
  var displayName: String { get }
  var schema: Schema { get }
  /// Rows, exact when cheap to know, else a guess; used to pick join build sides.
  var estimatedRowCount: Int { get }
  /// The number of rows when known without reading them (a Parquet footer), else nil.
  var exactRowCount: Int? { get }
  /// Streams `columns` (positions in `schema`), skipping data the hints rule out.
  func scan(columns: [Int], hints: [ScanHint]) throws(EngineError) -> any ChunkStream
  /// `scan(columns:hints:)`, where the integer columns in `integerDictionaries` (positions in `schema`) may come out
  /// dictionary-encoded, for consumers that group by their codes. Sources without dictionaries ignore it.
  func scan(columns: [Int], hints: [ScanHint], integerDictionaries: Set<Int>) throws(EngineError) -> any ChunkStream
}

extension TableSource {
  public var exactRowCount: Int? { nil }

  public func scan(columns: [Int], hints: [ScanHint], integerDictionaries: Set<Int>) throws(EngineError)
    -> any ChunkStream
  {
    try scan(columns: columns, hints: hints)
  }
}

/// A stream over chunks already in memory.
final class ArrayChunkStream: ChunkStream {
  private var chunks: [Chunk]
  private var position = 0
  init(_ chunks: [Chunk]) { self.chunks = chunks }
  func next() throws(EngineError) -> Chunk? {
    guard position < chunks.count else { return nil }
    defer { position += 1 }
    return chunks[position]
  }
}

/// A materialized result: CREATE TABLE AS, and any intermediate table held in memory.
public final class MemoryTable: TableSource, @unchecked Sendable {
  public let displayName: String
  public let schema: Schema
  let chunks: [Chunk]

  init(name: String, schema: Schema, chunks: [Chunk]) {
    displayName = name
    self.schema = schema
    self.chunks = chunks
  }

  public var estimatedRowCount: Int { chunks.reduce(0) { $0 + $1.count } }
  public var exactRowCount: Int? { estimatedRowCount }

  public func scan(columns: [Int], hints: [ScanHint]) throws(EngineError) -> any ChunkStream {
    ArrayChunkStream(chunks.map { chunk in Chunk(columns: columns.map { chunk.columns[$0] }, count: chunk.count) })
  }
}
