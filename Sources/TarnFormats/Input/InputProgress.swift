// InputProgress: how many bytes of input files this process has consumed so far, for progress bars.
import Synchronization

/// A process-wide count of input bytes consumed: compressed bytes read from files, and bytes of
/// memory-mapped files cut into blocks. Progress bars compare it with the files' total size.
///
/// Updated once per read or block (about 1 MiB), never per row. Sniffing reads count too, so a
/// plain file's head may be counted twice; a display clamps to the total.
public enum InputProgress {
  private static let consumed = Atomic<Int>(0)

  public static var bytesConsumed: Int { consumed.load(ordering: .relaxed) }

  /// Starts counting again from zero (a re-read after a type widened).
  public static func reset() { consumed.store(0, ordering: .relaxed) }

  static func add(_ bytes: Int) { consumed.add(bytes, ordering: .relaxed) }
}
