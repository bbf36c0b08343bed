// Chunk: the unit of work between physical operators — equally long columns, about 2,048 rows.
import TarnCore

/// Columns of `count` rows each, positional (the physical planner maps bindings to positions).
///
/// Cheaper than `RecordBatch`: no schema per batch; the operator that needs names has them.
public struct Chunk: @unchecked Sendable {
  public var columns: [ColumnVector]
  public var count: Int

  public init(columns: [ColumnVector], count: Int) {
    self.columns = columns
    self.count = count
  }

  /// The rows at `rows`, in that order.
  func taking(_ rows: UnsafeBufferPointer<UInt32>) -> Chunk {
    Chunk(columns: columns.map { Gather.take($0, rows) }, count: rows.count)
  }

  /// Rows `rows` of the columns at `positions` (all when nil), in that order.
  func taking(_ rows: UnsafeBufferPointer<UInt32>, columns positions: [Int]?) -> Chunk {
    guard let positions else { return taking(rows) }
    return Chunk(columns: positions.map { Gather.take(columns[$0], rows) }, count: rows.count)
  }

  /// Rows `start..<start+length`, sharing the columns' value memory (`ColumnVector.slice`).
  func slice(_ start: Int, _ length: Int) -> Chunk {
    Chunk(columns: columns.map { $0.slice(start, length) }, count: length)
  }

  /// The standard batch size: small enough that a batch's columns stay in L2, large enough to amortize dispatch.
  public static let capacity = 2048
}
