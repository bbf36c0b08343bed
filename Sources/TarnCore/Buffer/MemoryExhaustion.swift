// MemoryExhaustion: how the process ends when the system refuses memory — one line and exit code 1, not a trap.
#if canImport(Glibc)
import Glibc
#endif

/// Buffers are made by non-throwing code in every layer (kernels, decoders, builders), so a refused allocation
/// cannot travel up as an error. It ends the process the way any other error ends the `tarn` command: one line on
/// stderr, the temporary outputs removed (`TemporaryFiles`), exit code 1. A trap would dump core and leave them.
public enum MemoryExhaustion {
  /// Ends the process after `bytes` could not be had, even with every pooled block given back.
  public static func stop(requesting bytes: Int) -> Never {
    TemporaryFiles.removeAll()
    var line = "Out of Memory Error: could not allocate \(describe(bytes)) (the system refused more memory)\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    _exit(1)
  }

  /// `bytes` as DuckDB words sizes: "256.0 MiB".
  static func describe(_ bytes: Int) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    if unit == 0 { return "\(bytes) bytes" }
    let tenths = (value * 10).rounded()
    return "\(Int(tenths) / 10).\(Int(tenths) % 10) \(units[unit])"
  }
}
