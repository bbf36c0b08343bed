// ConvertProgress: the progress bar of `tarn convert` on stderr — bytes done of the total, rows/s, ETA — only on a terminal.
#if canImport(Glibc)
import Glibc
#endif
import TarnFormats

/// Draws one status line on stderr, at most five times a second. `nil` when stderr is not a terminal,
/// so pipes and logs get no bar at all.
final class ConvertProgress {
  let totalBytes: Int
  let start: Double
  private var lastDraw = 0.0

  init?(totalBytes: Int) {
    guard isatty(2) == 1, totalBytes > 0 else { return nil }
    self.totalBytes = totalBytes
    start = Self.now()
  }

  static func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }

  func update(rows: Int) {
    let t = Self.now()
    guard t - lastDraw >= 0.2 else { return }
    lastDraw = t
    let done = min(InputProgress.bytesConsumed, totalBytes)
    let fraction = Double(done) / Double(totalBytes)
    let elapsed = max(t - start, 1e-3)
    let width = 30
    let filled = Int(fraction * Double(width))
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let eta = fraction > 0.01 ? Self.duration(elapsed / fraction - elapsed) : "--:--"
    let line = "\r\u{1B}[K\(bar) \(Self.size(done))/\(Self.size(totalBytes)) \(Self.count(Double(rows) / elapsed)) rows/s ETA \(eta)"
    writeStandardError(line)
  }

  func clear() { writeStandardError("\r\u{1B}[K") }

  static func size(_ bytes: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1000, unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    return unit == 0 ? "\(bytes) B" : "\(Int(value * 10) / 10).\(Int(value * 10) % 10) \(units[unit])"
  }

  static func count(_ perSecond: Double) -> String {
    if perSecond >= 1e6 { return "\(Int(perSecond / 1e5) / 10).\(Int(perSecond / 1e5) % 10)M" }
    if perSecond >= 1e3 { return "\(Int(perSecond / 1e3))k" }
    return "\(Int(perSecond))"
  }

  static func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    let mm = s / 60, ss = s % 60
    return (mm < 10 ? "0" : "") + "\(mm):" + (ss < 10 ? "0" : "") + "\(ss)"
  }
}
