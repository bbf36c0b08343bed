// Runs independent jobs on every core and collects their results in order.
import Dispatch
import TarnCore

/// `body(0)`, …, `body(count - 1)` run with `DispatchQueue.concurrentPerform`, results in index order.
///
/// Why: the writer's phases (plan each leaf, encode each page, finish each leaf) are each a set of independent
/// jobs. `concurrentPerform` hands indices to worker threads as they free up, so uneven jobs still balance.
/// - Precondition: `body` is safe to call from several threads at once.
func concurrentMap<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
  guard count > 1 else { return (0..<count).map(body) }
  let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
  results.initialize(repeating: nil)
  defer { results.deinitialize().deallocate() }
  let shared = UncheckedSendable(results)
  DispatchQueue.concurrentPerform(iterations: count) { i in shared.value[i] = body(i) }
  return results.map { $0! }
}
