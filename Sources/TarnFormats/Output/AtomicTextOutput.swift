// AtomicTextOutput: a text file written under a temporary name and renamed into place only when complete.
import TarnCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A CSV, TSV, JSON or report file that appears at `path` whole or not at all.
///
/// Bytes go through `sink` to a hidden sibling (`TemporaryFiles.siblingPath`), noted in `TemporaryFiles` so a signal
/// or memory running out removes it too. `commit` closes it and renames it over `path`; `abort`, or letting go
/// without a commit, closes and removes it, leaving `path` as it was. (The Parquet writer's `AtomicFileOutput` does
/// the same with its own buffering and fsyncs.)
public final class AtomicTextOutput {
  public let path: String
  public let temporaryPath: String
  public let sink: FileOutputSink
  private var isSettled = false

  public init(path: String) throws(OutputError) {
    self.path = path
    temporaryPath = TemporaryFiles.siblingPath(of: path)
    sink = try FileOutputSink(path: temporaryPath, temporary: true)
  }

  deinit { abort() }

  /// Closes the file and renames it into place; on failure removes it and throws.
  public func commit() throws(OutputError) {
    guard !isSettled else { return }
    isSettled = true
    do throws(OutputError) {
      try sink.close()
      guard rename(temporaryPath, path) == 0 else {
        throw OutputError(.system(call: "rename", errno: errno), destination: path)
      }
    } catch {
      unlink(temporaryPath)
      throw error
    }
  }

  /// Closes and removes the temporary file; nothing appears at `path`. Does nothing after `commit`.
  public func abort() {
    guard !isSettled else { return }
    isSettled = true
    try? sink.close()
    unlink(temporaryPath)
  }
}
