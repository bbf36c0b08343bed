// BlockPool: large buffers reuse freed blocks of their size class and keep their contents' contract.
import Testing
@testable import TarnCore

@Suite struct BlockPoolTests {
  @Test func sizeClassesAreQuarterStepsFromTheMinimumAndHugePagesFromTwoMiB() {
    #expect(BlockPool.blockSize(for: 100) == 100)
    #expect(BlockPool.blockSize(for: BlockPool.minimumPooled - 1) == BlockPool.minimumPooled - 1)
    #expect(BlockPool.blockSize(for: BlockPool.minimumPooled) == BlockPool.minimumPooled)
    #expect(BlockPool.blockSize(for: BlockPool.minimumPooled + 1) == BlockPool.minimumPooled / 4 * 5)
    #expect(BlockPool.blockSize(for: 1 << 20) == 1 << 20)
    #expect(BlockPool.blockSize(for: (1 << 20) + 1) == 5 << 18)
    #expect(BlockPool.blockSize(for: (7 << 18) + 1) == 2 << 20)
    #expect(BlockPool.blockSize(for: (2 << 20) + 1) == 4 << 20)
    #expect(BlockPool.blockSize(for: 3 << 20) == 4 << 20)
    #expect(BlockPool.blockSize(for: (8 << 20) + 1) == 10 << 20)
    // Every size of a class fits its blocks, and classes grow with the size.
    var previous = BlockPool.sizeClass(BlockPool.minimumPooled)
    for size in stride(from: BlockPool.minimumPooled, through: 64 << 20, by: 4093) {
      let c = BlockPool.sizeClass(size)
      #expect(c.bytes >= size && c.index >= previous.index && c.bytes >= previous.bytes)
      if c.index == previous.index { #expect(c.bytes == previous.bytes) }
      previous = c
    }
  }

  @Test func loweringTheLimitUnmapsPooledBlocks() {
    let pool = BlockPool()
    let (block, _) = pool.allocate(3 << 20)
    block.storeBytes(of: 7, as: Int.self)
    pool.release(block, size: 3 << 20)
    #expect(pool.pooledBytes == 4 << 20)
    pool.limit = 1 << 20
    #expect(pool.pooledBytes == 0)
    #expect(pool.take(3 << 20) == nil)
    let (other, _) = pool.allocate(100 << 10)
    pool.limit = 0
    pool.release(other, size: 100 << 10)
    #expect(pool.pooledBytes == 0)
  }

  @Test func carvedBlocksShareSlabsAndComeBackZeroAfterTheirMemoryIsReturned() {
    let pool = BlockPool()
    let (a, aFresh) = pool.allocate(100 << 10)
    let (b, _) = pool.allocate(100 << 10)
    #expect(aFresh == BlockPool.mapsZeroed)
    #if canImport(Glibc)
    // Carved one after the other from the same slab.
    #expect(b - a == BlockPool.blockSize(for: 100 << 10))
    #endif
    a.initializeMemory(as: UInt8.self, repeating: 0xCD, count: 100 << 10)
    pool.limit = 0
    pool.release(a, size: 100 << 10)
    #expect(pool.pooledBytes == 0)
    // Its memory went back to the system; the range is carved again, zero, before any new slab.
    let (again, againFresh) = pool.allocate((100 << 10) - 5)
    #if canImport(Glibc)
    #expect(again == a && againFresh)
    #expect(!UnsafeRawBufferPointer(start: again, count: 100 << 10).contains { $0 != 0 })
    #endif
    pool.discard(again, size: (100 << 10) - 5)
    pool.discard(b, size: 100 << 10)
  }

  @Test func aDiscardedBlockIsNotPooled() {
    let pool = BlockPool()
    let (block, _) = pool.allocate(3 << 20)
    block.storeBytes(of: 7, as: Int.self)
    pool.discard(block, size: 3 << 20)
    #expect(pool.pooledBytes == 0)
    #expect(pool.take(3 << 20) == nil)
    // An unpooled buffer is usable like any other, and zeroed when asked.
    let unpooled = ByteBuffer(capacity: 5 << 20, zeroed: true, pooled: false)
    #expect(!unpooled.isPooled)
    #expect(!UnsafeRawBufferPointer(start: unpooled.base, count: 5 << 20).contains { $0 != 0 })
    unpooled.reserve(9 << 20)
    #expect(unpooled.capacity == 9 << 20)
  }

  /// A fresh mapping is zero already, so a zeroed buffer skips clearing it; a reused block is not, and says so.
  @Test func freshBlocksAreZeroAndReusedOnesAreNotCountedAsFresh() {
    let pool = BlockPool()
    let (block, isFresh) = pool.allocate(3 << 20)
    #expect(isFresh == BlockPool.mapsZeroed)
    if isFresh { #expect(!UnsafeRawBufferPointer(start: block, count: 3 << 20).contains { $0 != 0 }) }
    block.storeBytes(of: 7, as: Int.self)
    pool.release(block, size: 3 << 20)
    let (again, againFresh) = pool.allocate(3 << 20)
    #expect(again == block)
    #expect(!againFresh)
    pool.discard(again, size: 3 << 20)
  }

  @Test func aFreedBlockIsReusedAndZeroedBuffersStayZeroed() {
    let size = 3 << 20
    var first: ByteBuffer? = ByteBuffer(capacity: size)
    first!.base.initializeMemory(as: UInt8.self, repeating: 0xAB, count: size)
    let address = first!.base
    first = nil
    // Another thread's test may take the block first; only a zeroed request must never see old bytes.
    let zeroed = ByteBuffer(capacity: size - 5, zeroed: true)
    let bytes = UnsafeRawBufferPointer(start: zeroed.base, count: size - 5)
    #expect(!bytes.contains { $0 != 0 })
    if zeroed.base == address { #expect(zeroed.capacity == size - 5) }
    zeroed.reserve(size * 3)
    #expect(zeroed.capacity == size * 3)
    #expect(!UnsafeRawBufferPointer(start: zeroed.base, count: size * 3).contains { $0 != 0 })
  }
}
