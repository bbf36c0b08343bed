// Row positions that survived a filter: operators pass these instead of copying rows.

/// Up to `capacity` row indices, ascending, as `UInt32`.
public struct SelectionVector: @unchecked Sendable {
  public let buffer: ByteBuffer
  public var count: Int

  public init(capacity: Int) {
    buffer = ByteBuffer(capacity: max(capacity, 1) * 4)
    count = 0
  }

  /// The identity selection 0..<count.
  public init(identity count: Int) {
    self.init(capacity: count)
    let rows = buffer.pointer(UInt32.self)
    for i in 0..<count { rows[i] = UInt32(truncatingIfNeeded: i) }
    self.count = count
  }

  @inlinable public var rows: UnsafeMutablePointer<UInt32> { buffer.pointer(UInt32.self) }
  @inlinable public subscript(i: Int) -> Int { Int(rows[i]) }
}
