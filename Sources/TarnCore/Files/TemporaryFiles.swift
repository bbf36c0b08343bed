// TemporaryFiles: the temporary outputs alive now, removed when the process is stopped or runs out of memory.
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Outputs are written under temporary names and renamed into place when whole. An error removes its temporary
/// file where it is caught; this registry covers the ends that are not errors: Ctrl-C, `kill` or a closed terminal
/// (`removeOnTermination`), and memory running out (`MemoryExhaustion`).
///
/// The paths sit in a fixed table of atomic slots (C strings from `strdup`), not behind a lock, because a signal
/// handler reads them and may interrupt a thread holding any lock. Each path is taken out of its slot by one atomic
/// exchange or compare-exchange, so the handler and the owner never both own it, and the handler frees nothing (the
/// process is ending). Nobody reads another owner's string except the handler.
public enum TemporaryFiles {
  /// Temporary files noted at once; beyond this (a `COPY … PARTITION_BY` into thousands of folders) the rest go
  /// unnoted and are removed only by the error paths.
  static let capacity = 4096

  /// A registered path: its slot and the address of its C string there.
  public struct Entry: Sendable {
    let slot: Int
    let address: Int
  }

  // Safe: every slot is an atomic, never deallocated.
  private nonisolated(unsafe) static let slots: UnsafeMutablePointer<Atomic<Int>> = {
    let table = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: capacity)
    for i in 0..<capacity { (table + i).initialize(to: Atomic(0)) }
    return table
  }()

  /// A name beside `path` for writing it before renaming it into place: `dir/.name.tmp-<random hex>`, hidden, in the
  /// same folder (so the rename stays on one file system), and unused by other processes and earlier outputs.
  public static func siblingPath(of path: String) -> String {
    let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    let slash = trimmed.lastIndex(of: "/")
    let folder = slash.map { String(trimmed[...$0]) } ?? ""
    let name = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
    return folder + "." + name + ".tmp-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
  }

  /// Notes `path` before the file is created, so no moment exists when it is on disk and unnoted; nil when the table
  /// is full.
  public static func register(_ path: String) -> Entry? {
    guard let copy = strdup(path) else { return nil }
    let address = Int(bitPattern: copy)
    for i in 0..<capacity
    where slots[i].compareExchange(expected: 0, desired: address, ordering: .acquiringAndReleasing).exchanged {
      return Entry(slot: i, address: address)
    }
    free(copy)
    return nil
  }

  /// Forgets `entry` once its file is renamed into place or removed.
  public static func unregister(_ entry: Entry?) {
    guard let entry else { return }
    let slot = slots + entry.slot
    if slot.pointee.compareExchange(expected: entry.address, desired: 0, ordering: .acquiringAndReleasing).exchanged {
      free(UnsafeMutableRawPointer(bitPattern: entry.address))
    }
  }

  /// Removes every noted file. Async-signal-safe: atomic exchanges and `unlink` only.
  public static func removeAll() {
    for i in 0..<capacity {
      let address = slots[i].exchange(0, ordering: .acquiringAndReleasing)
      if let path = UnsafePointer<CChar>(bitPattern: address) { _ = unlink(path) }
    }
  }

  /// Makes SIGINT, SIGTERM and SIGHUP remove the noted files, then end the process by the same signal (so a shell
  /// still sees it, exit status 128 + n). A signal the process was started ignoring (`nohup`) stays ignored.
  public static func removeOnTermination() {
    _ = slots  // made now, not first in the handler
    for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
      var previous = sigaction()
      guard sigaction(signalNumber, nil, &previous) == 0,
        unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self) != unsafeBitCast(SIG_IGN, to: Int.self)
      else { continue }
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { received in
        TemporaryFiles.removeAll()
        signal(received, SIG_DFL)
        raise(received)
      }
      sigemptyset(&action.sa_mask)
      _ = sigaction(signalNumber, &action, nil)
    }
  }
}
