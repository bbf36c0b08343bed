// BlockPool: large freed buffer blocks kept for reuse, so decoding the next row group does not fault fresh pages in.
import Synchronization

/// Free blocks of at least `minimumBlock` bytes, by power-of-two size class, reused by the next `ByteBuffer`
/// of that class instead of being returned to the kernel.
///
/// Why: a fresh block costs one page fault and a kernel page clear per 4 KiB (or 2 MiB) on first touch;
/// on the benchmark VM that was a third of a join's time (`perf report`: clear_page_erms), and it recurs
/// for every row group. A reused block is already mapped. Blocks are sized by class, so any block of a
/// class fits any request of it. The pool holds at most `limit` bytes; beyond that blocks are freed, so
/// peak RSS stays what the live data needs plus that bound.
final class BlockPool: @unchecked Sendable {
  static let shared = BlockPool()
  static let minimumBlock = 1 << 20
  static let limit = 1 << 30

  /// A free block; the pool owns it while listed.
  private struct Block: @unchecked Sendable { let memory: UnsafeMutableRawPointer }
  private struct State: Sendable {
    var free: [[Block]] = Array(repeating: [], count: 64)
    var pooledBytes = 0
  }
  // Safe: the pointers are owned by the pool while listed; only `take` hands one out, under the lock.
  private let state = Mutex(State())

  /// Bytes a request of `size` gets: from `minimumBlock` up, the next power of two and at least one 2 MiB
  /// huge page (so the block can be one); below it, `size`.
  static func blockSize(for size: Int) -> Int {
    guard size >= minimumBlock else { return size }
    return max(1 << (Int.bitWidth - (size &- 1).leadingZeroBitCount), hugePage)
  }
  static let hugePage = 2 << 20

  private static func sizeClass(_ size: Int) -> Int { Int.bitWidth - (blockSize(for: size) &- 1).leadingZeroBitCount }

  /// A pooled block able to hold `size` bytes, or nil.
  func take(_ size: Int) -> UnsafeMutableRawPointer? {
    let c = Self.sizeClass(size)
    return state.withLock { (s: inout State) -> Block? in
      guard let block = s.free[c].popLast() else { return nil }
      s.pooledBytes &-= Self.blockSize(for: size)
      return Block(memory: block.memory)
    }?.memory
  }

  /// Keeps `memory` (a block allocated for `size` bytes) for reuse; false when the pool is full.
  func give(_ memory: UnsafeMutableRawPointer, size: Int) -> Bool {
    let c = Self.sizeClass(size)
    let bytes = Self.blockSize(for: size)
    return state.withLock { s in
      guard s.pooledBytes &+ bytes <= Self.limit else { return false }
      s.free[c].append(Block(memory: memory))
      s.pooledBytes &+= bytes
      return true
    }
  }
}
