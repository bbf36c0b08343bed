// Writes a row group's pages to the file in file order while they are encoded out of order on several threads.
import Synchronization
import TarnCore

/// Collects encoded pages numbered in file order (each leaf's dictionary page, then its data pages, leaf after leaf)
/// and writes each as soon as every page before it is written.
///
/// Why: holding a whole row group of compressed pages until the end meant a fresh buffer per page, and faulting in
/// that memory cost more than writing it (`Benchmarks/write_bench.py`). Here a page's body goes back to the pool as
/// soon as it is written, so with jobs taken in order only a few bodies are ever in flight.
/// The thread that hands in the next page due writes it, and any finished pages after it, under the lock.
final class OrderedPageWriter: @unchecked Sendable {
  private struct State: ~Copyable {
    var next = 0
    var waiting: [(page: EncodedPage, body: ByteBuffer)?]
    var written: [EncodedPage?]
    var failure: (job: Int, error: ParquetError)?
  }

  private let state: Mutex<State>
  private let pool: BufferPool
  // Safe: used only inside `state`'s lock, so by one thread at a time.
  private let output: AtomicFileOutput

  /// - Precondition: nothing else writes to `output` until `finish` returns.
  init(output: AtomicFileOutput, pageCount: Int, pool: BufferPool) {
    self.pool = pool
    self.output = output
    state = Mutex(
      State(
        waiting: Array(repeating: nil, count: pageCount),
        written: Array(repeating: nil, count: pageCount)))
  }

  /// A body buffer for a page job, from the pool.
  func takeBody() -> ByteBuffer { pool.take() }

  /// Hands in page `job` (or its failure); writes it, and the pages waiting behind it, once it is due.
  func submit(_ job: Int, _ result: Result<(EncodedPage, ByteBuffer), ParquetError>) {
    let pool = self.pool
    let output = self.output
    state.withLock { state in
      guard state.failure == nil else { return }
      switch result {
      case .failure(let error):
        state.failure = (job, error)
        return
      case .success(let encoded):
        state.waiting[job] = encoded
      }
      while state.next < state.waiting.count, let (page, body) = state.waiting[state.next] {
        let job = state.next
        state.waiting[job] = nil
        do throws(ParquetError) {
          try output.write(page.header)
          try output.write(body.bytes)
        } catch {
          state.failure = (job, error)
          return
        }
        pool.give(body)
        state.written[job] = page
        state.next &+= 1
      }
    }
  }

  /// The written pages in file order, once every job has been handed in.
  /// - Throws: the failure of a failed job, passed through `locate` with its job number.
  func finish(
    locating locate: (_ job: Int, ParquetError) -> ParquetError
  ) throws(ParquetError) -> [EncodedPage] {
    let outcome: [EncodedPage]? = state.withLock { state in
      guard state.failure == nil, state.next == state.written.count else { return nil }
      return state.written.map { $0! }
    }
    if let outcome { return outcome }
    let failure = state.withLock { state in
      state.failure ?? (state.next, ParquetError(.internalBug("page \(state.next) of the row group was never handed in")))
    }
    throw locate(failure.job, failure.error)
  }
}
