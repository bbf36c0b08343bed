// Blocks of decompressed input that end at record boundaries, and the pool that recycles them.

/// A run of whole records (CSV rows, JSON values): the unit of parallel parsing.
final class InputBlock: @unchecked Sendable {
  // Safe: `bytes` holds `capacity` bytes (+ 8 zero padding) until the pool frees it, or points into
  // `region`, which this block keeps mapped (and never writes). A block is written by the producer only,
  // then read by one worker only.
  let bytes: UnsafeMutablePointer<UInt8>
  let capacity: Int
  /// The mapping an external block points into; nil for owned memory.
  let region: MappedRegion?
  /// Bytes readable from `bytes` (past `count` too): for word-sized loads near the end of a field.
  let readable: Int
  var count = 0
  /// 1-based line number of the first byte.
  var firstLine = 1
  /// True for the block at the start of the file (its first row may be the header).
  var isFirst = false
  /// True for the block that ends the file.
  var isLast = false
  /// False when the producer found no quote byte in the block (CSV): quote handling can be skipped.
  var mayHaveQuotes = true

  init(capacity: Int) {
    self.capacity = capacity
    bytes = .allocate(capacity: capacity + 8)
    (bytes + capacity).initialize(repeating: 0, count: 8)
    region = nil
    readable = capacity + 8
  }

  /// A block of `count` bytes at `offset` in a mapped file, without copying.
  init(region: MappedRegion, offset: Int, count: Int) {
    self.region = region
    bytes = UnsafeMutablePointer(mutating: region.base.assumingMemoryBound(to: UInt8.self) + offset)
    capacity = count
    readable = region.count - offset
    self.count = count
  }

  deinit { if region == nil { bytes.deallocate() } }
}

/// Blocks of one size, recycled so steady-state reading allocates nothing.
final class InputBlockPool: @unchecked Sendable {
  private let lock = ConditionLock()
  private var free: [InputBlock] = []
  let blockSize: Int

  init(blockSize: Int) { self.blockSize = blockSize }

  func take(minimumCapacity: Int) -> InputBlock {
    if minimumCapacity <= blockSize, let block = lock.withLock({ free.popLast() }) {
      block.count = 0
      block.isFirst = false
      block.isLast = false
      block.mayHaveQuotes = true
      return block
    }
    return InputBlock(capacity: max(minimumCapacity, blockSize))
  }

  /// Returns a block once its worker is done with it; oversized blocks are dropped.
  func give(_ block: InputBlock) {
    guard block.region == nil, block.capacity == blockSize else { return }
    lock.withLock { free.append(block) }
  }
}
