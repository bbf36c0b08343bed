// Byte buffers lent to jobs running in parallel and given back, so no two jobs share one and few are ever allocated.
import Synchronization
import TarnCore

/// A free list of byte buffers, kept for the writer's lifetime.
///
/// Why: the kernel zero-fills every page of fresh memory on first touch, and on the write benchmark that was the
/// largest single cost once page jobs each compressed into a buffer of their own (`Benchmarks/write_bench.py`).
/// Buffers taken from the pool are warm. It holds about as many as there are jobs in flight.
final class BufferPool: Sendable {
  private let free = Mutex<[ByteBuffer]>([])
  /// Buffers that grew past this are dropped rather than kept (one huge page shouldn't pin its memory).
  static let largestKept = 16 << 20

  /// A buffer no one else holds; its contents are garbage and its `count` is 0.
  func take() -> ByteBuffer {
    let buffer = free.withLock { $0.popLast() } ?? ByteBuffer(capacity: 1 << 16)
    buffer.count = 0
    return buffer
  }

  /// Returns a buffer taken from this pool; the caller must not use it afterwards.
  func give(_ buffer: ByteBuffer) {
    guard buffer.capacity <= Self.largestKept else { return }
    free.withLock { $0.append(buffer) }
  }

  /// Runs `body` with a buffer from the pool and gives it back.
  func withBuffer<R>(_ body: (ByteBuffer) throws(ParquetError) -> R) throws(ParquetError) -> R {
    let buffer = take()
    defer { give(buffer) }
    return try body(buffer)
  }
}
