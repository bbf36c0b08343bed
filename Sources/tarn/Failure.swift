// How every subcommand ends on an error: one line on stderr naming what failed and where, and exit code 1.
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body`, turning any thrown error into a one-line message and exit code 1.
func reportingFailures(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as ExitCode {
    throw error
  } catch {
    var line = "tarn: error: \(error)"
    line = line.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
    writeStandardError(line + "\n")
    throw ExitCode.failure
  }
}

func writeStandardError(_ text: String) { writeAll(to: 2, text) }

/// Writes all of `text` to descriptor `fd`, ignoring errors (a closed terminal).
func writeAll(to fd: Int32, _ text: String) {
  var copy = text
  copy.withUTF8 { bytes in
    var offset = 0
    while offset < bytes.count {
      let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
      if written <= 0 { break }
      offset += written
    }
  }
}
