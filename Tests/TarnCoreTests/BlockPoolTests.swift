// BlockPool: large buffers reuse freed blocks of their size class and keep their contents' contract.
import Testing
@testable import TarnCore

@Suite struct BlockPoolTests {
  @Test func sizeClassesArePowersOfTwoFromTheMinimum() {
    #expect(BlockPool.blockSize(for: 100) == 100)
    #expect(BlockPool.blockSize(for: BlockPool.minimumBlock - 1) == BlockPool.minimumBlock - 1)
    #expect(BlockPool.blockSize(for: BlockPool.minimumBlock) == 2 << 20)
    #expect(BlockPool.blockSize(for: (2 << 20) + 1) == 4 << 20)
    #expect(BlockPool.blockSize(for: 3 << 20) == 4 << 20)
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
