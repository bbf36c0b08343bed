// DecodeDemand: whether a scan's consumer is waiting for rows, so decoding should spread over more threads.
import Synchronization

/// Set by whoever consumes a scan's morsels, read by the scan's column cursors: while the consumer waits for
/// decoded rows, cursors decode pages ahead on other threads; while it is busy with rows already decoded, they
/// do not.
///
/// Why: decoding ahead puts the idle core to work when decoding is the bottleneck (a filter and count over one
/// row group: 6% faster), but when the operators above keep a core busy (grouping, distinct counts) the extra
/// threads only compete with them (3–12% slower, measured on the benchmark's queries 2, 4 and 6).
public final class DecodeDemand: Sendable {
  private let waiting = Atomic<Bool>(false)

  public init(consumerWaits: Bool = false) {
    waiting.store(consumerWaits, ordering: .relaxed)
  }

  /// Whether the consumer last had to wait for a morsel.
  public var consumerWaits: Bool {
    get { waiting.load(ordering: .relaxed) }
    set { waiting.store(newValue, ordering: .relaxed) }
  }
}
