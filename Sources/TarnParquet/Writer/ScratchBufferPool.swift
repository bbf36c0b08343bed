// Scratch buffers lent to page-encoding jobs running in parallel, so no two jobs share one and no job allocates one.
import Synchronization
import TarnCore

/// A free list of byte buffers, kept for the writer's lifetime.
///
/// Why: a page is encoded uncompressed into scratch and then compressed into its own body. Fresh scratch for each
/// page would fault in new memory every time (zeroed by the kernel, the largest single cost on the write benchmark
/// before pooling); a pooled buffer is warm. The pool holds about one buffer per worker thread.
final class ScratchBufferPool: Sendable {
  private let free = Mutex<[ByteBuffer]>([])

  /// Runs `body` with a buffer no other caller holds; its contents on entry are garbage.
  func withBuffer<R>(_ body: (ByteBuffer) throws(ParquetError) -> R) throws(ParquetError) -> R {
    let buffer = free.withLock { $0.popLast() } ?? ByteBuffer(capacity: 1 << 16)
    defer { free.withLock { $0.append(buffer) } }
    return try body(buffer)
  }
}
