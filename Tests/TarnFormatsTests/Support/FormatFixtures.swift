// Fixture paths and helpers shared by the TarnFormats tests: reading whole files into rows of strings.
import TarnCore
import Testing

@testable import TarnFormats

enum FormatFixtures {
  static let root: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)  // Tests/TarnFormatsTests/Support/FormatFixtures.swift
    return parts.joined(separator: "/") + "/Fixtures"
  }()

  static func csv(_ name: String) -> String { root + "/csv/" + name }
  static func json(_ name: String) -> String { root + "/json/" + name }

  /// A unique scratch directory for files made at test time.
  static func scratchDirectory(_ name: String) -> String {
    let path = "/tmp/tarn-formats-tests-\(getpid())/\(name)"
    _ = path.withCString { mkdirAll($0) }
    return path
  }
}

#if canImport(Glibc)
import Glibc
#endif

@discardableResult
func mkdirAll(_ path: UnsafePointer<CChar>) -> Int32 {
  let text = String(cString: path)
  var current = ""
  for part in text.split(separator: "/") {
    current += "/" + part
    mkdir(current, 0o755)
  }
  return 0
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
  let file = fopen(path, "wb")!
  _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
  fclose(file)
}

func writeFile(_ path: String, _ text: String) { writeFile(path, Array(text.utf8)) }

/// Runs a shell command; returns its exit status.
@discardableResult
func shell(_ command: String) -> Int32 {
  let status = system(command)
  return (status >> 8) & 0xff
}

/// A cell rendered as text for comparisons: nil for null.
func cellText(_ vector: ColumnVector, _ row: Int) -> String? {
  if vector.isNull(row) { return nil }
  switch vector.type {
  case .string: return vector.string(at: row)
  case .int64: return String(vector.value(at: row, as: Int64.self))
  case .float64: return String(vector.value(at: row, as: Double.self))
  case .boolean: return vector.value(at: row, as: UInt8.self) != 0 ? "true" : "false"
  case .date: return isoDate(Int64(vector.value(at: row, as: Int32.self)))
  case .time(let unit): return isoTime(vector.value(at: row, as: Int64.self), unit: unit)
  case .timestamp(let unit, let utc):
    let ticks = vector.value(at: row, as: Int64.self)
    let perDay = 86_400 * unit.ticksPerSecond
    var days = ticks / perDay
    var rest = ticks % perDay
    if rest < 0 {
      days -= 1
      rest += perDay
    }
    return isoDate(days) + " " + isoTime(rest, unit: unit) + (utc ? "Z" : "")
  case .decimal(_, let scale):
    let v = vector.value(at: row, as: Int128.self)
    if scale == 0 { return String(v) }
    let negative = v < 0
    let digits = String(negative ? 0 - v : v)
    let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
    let cut = padded.index(padded.endIndex, offsetBy: -scale)
    return (negative ? "-" : "") + padded[..<cut] + "." + padded[cut...]
  case .list, .structure: return describeNested(vector, row)
  default: return "?"
  }
}

func describeNested(_ vector: ColumnVector, _ row: Int) -> String {
  if vector.isNull(row) { return "null" }
  switch vector.type {
  case .list:
    let r = vector.range(at: row)
    return "[" + r.map { describeNested(vector.children[0], $0) }.joined(separator: ", ") + "]"
  case .structure(let fields):
    return "{" + fields.indices.map { "\(fields[$0].name): \(describeNested(vector.children[$0], row))" }.joined(separator: ", ") + "}"
  default:
    return cellText(vector, row) ?? "null"
  }
}

/// All rows of all batches, as text cells.
func rows(_ batches: [RecordBatch]) -> [[String?]] {
  var result: [[String?]] = []
  for batch in batches {
    for r in 0..<batch.count { result.append(batch.columns.map { cellText($0, r) }) }
  }
  return result
}

/// Reads a CSV file whole with `options`; returns schema, rows and the reader.
func readCSV(_ path: String, _ options: CSVReadOptions = CSVReadOptions()) throws -> (schema: Schema, rows: [[String?]], reader: CSVReader) {
  let reader = try CSVReader(path: path, options: options)
  let batches = try reader.readAll()
  return (reader.schema, rows(batches), reader)
}

func typeNames(_ schema: Schema) -> [String] { schema.fields.map { "\($0.name) \($0.type.sqlName)" } }

/// `YYYY-MM-DD` for days since the epoch (Howard Hinnant's civil_from_days).
func isoDate(_ days: Int64) -> String {
  let z = days + 719_468
  let era = (z >= 0 ? z : z - 146_096) / 146_097
  let doe = z - era * 146_097
  let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
  let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
  let mp = (5 * doy + 2) / 153
  let d = doy - (153 * mp + 2) / 5 + 1
  let m = mp < 10 ? mp + 3 : mp - 9
  let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
  return "\(y)-\(two(m))-\(two(d))"
}

/// `HH:MM:SS[.fraction]` for ticks since midnight, with the fraction trimmed of trailing zeros.
func isoTime(_ ticks: Int64, unit: TimeUnit) -> String {
  let perSecond = unit.ticksPerSecond
  let seconds = ticks / perSecond
  let fraction = ticks % perSecond
  func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
  var text = "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
  if fraction != 0 {
    let width = String(perSecond).count - 1
    var digits = String(fraction)
    digits = String(repeating: "0", count: width - digits.count) + digits
    while digits.hasSuffix("0") { digits.removeLast() }
    text += "." + digits
  }
  return text
}
