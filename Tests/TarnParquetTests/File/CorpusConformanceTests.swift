// Every parquet-testing file in Fixtures/ reads to the rows pyarrow or DuckDB read (FILE.expected.json), in file order.
import Foundation
import TarnCore
import TarnFormats
import TarnParquet
import Testing

/// Reads a file with Tarn and prints it as NDJSON, as `tarn query --format ndjson` does.
func tarnRowsAsJSON(_ path: String) throws -> [[String: Any]] {
  let reader = try ParquetFileReader(path: path)
  let sink = MemoryOutputSink()
  var writer = NDJSONWriter(schema: Schema(reader.schema.fields), sink: sink)
  for group in 0..<reader.rowGroupCount { try writer.write(try reader.readRowGroup(group)) }
  try writer.finish()
  return try sink.text.split(separator: "\n").map {
    try JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed]) as! [String: Any]
  }
}

/// Compares a value Tarn printed with a tagged expected value (the tags of Tests/conformance/pqcompare.py).
func sameValue(_ expected: Any, _ actual: Any) -> Bool {
  if expected is NSNull { return actual is NSNull }
  if let tagged = expected as? [String: Any], tagged.count == 1, let tag = tagged.keys.first, tag.hasPrefix("$") {
    let payload = tagged[tag]!
    switch tag {
    case "$f":
      let e = Double(payload as! String == "nan" ? "nan" : (payload as! String).replacingOccurrences(of: "inf", with: "infinity"))!
      if let text = actual as? String { return text == (e.isNaN ? "NaN" : (e > 0 ? "Infinity" : "-Infinity")) }
      return false
    case "$dec":
      return Decimal(string: payload as! String) == Decimal(string: "\(actual)")
    case "$ts", "$date", "$time":
      return normalizedTime(payload as! String) == normalizedTime(actual as? String ?? "")
    case "$us":
      guard let text = actual as? String else { return false }
      return microseconds(text) == (payload as! NSNumber).int64Value
    case "$bytes":
      return (actual as? String) == (payload as! String)
    case "$map":
      guard let object = actual as? [String: Any], let pairs = payload as? [[Any]], object.count == pairs.count else { return false }
      return pairs.allSatisfy { pair in
        guard let value = object["\(pair[0])"] else { return false }
        return sameValue(pair[1], value)
      }
    case "$struct":
      guard let object = actual as? [String: Any], let fields = payload as? [String: Any], object.count == fields.count else { return false }
      return fields.allSatisfy { key, value in object[key].map { sameValue(value, $0) } ?? false }
    case "$td":
      return !(actual is NSNull)
    default:
      return false
    }
  }
  if let list = expected as? [Any] {
    // An empty map prints as {}; the expected side may spell it as an empty list.
    if list.isEmpty, let object = actual as? [String: Any] { return object.isEmpty }
    guard let other = actual as? [Any], other.count == list.count else { return false }
    return zip(list, other).allSatisfy { sameValue($0, $1) }
  }
  if let number = expected as? NSNumber {
    if isJSONBoolean(number) { return (actual as? NSNumber).map { isJSONBoolean($0) && $0 == number } ?? false }
    guard let other = actual as? NSNumber else { return false }
    if String(cString: number.objCType) == "d" || String(cString: other.objCType) == "d" {
      let e = number.doubleValue
      return abs(e - other.doubleValue) <= 1e-6 * max(1, abs(e))
    }
    return number.int64Value == other.int64Value
  }
  if let text = expected as? String { return (actual as? String) == text }
  return false
}

/// Foundation parses JSON true/false into a boolean NSNumber subclass; numbers 0 and 1 are plain NSNumbers.
func isJSONBoolean(_ number: NSNumber) -> Bool { String(describing: type(of: number)).contains("Boolean") }

func normalizedTime(_ text: String) -> String {
  var s = text.replacingOccurrences(of: "T", with: " ")
  for suffix in ["Z", "+00:00", "+00"] where s.hasSuffix(suffix) { s.removeLast(suffix.count) }
  if let dot = s.firstIndex(of: ".") {
    let fraction = s[s.index(after: dot)...].reversed().drop(while: { $0 == "0" })
    s = String(s[..<dot]) + (fraction.isEmpty ? "" : "." + String(fraction.reversed()))
  }
  return s
}

/// Microseconds since 1970 of `YYYY…-MM-DD HH:MM:SS[.ffffff]`, for years outside Foundation's range.
func microseconds(_ text: String) -> Int64? {
  let parts = normalizedTime(text).split(separator: " ")
  guard parts.count == 2 else { return nil }
  let date = parts[0].split(separator: "-").compactMap { Int64($0) }
  let clock = parts[1].split(separator: ":")
  guard date.count == 3, clock.count == 3, let h = Int64(clock[0]), let m = Int64(clock[1]) else { return nil }
  let secondParts = clock[2].split(separator: ".")
  guard let s = Int64(secondParts[0]) else { return nil }
  let fraction = secondParts.count > 1 ? Int64(String(secondParts[1]).padding(toLength: 6, withPad: "0", startingAt: 0).prefix(6))! : 0
  let days = CivilCalendar.daysSinceEpoch(year: date[0], month: Int(date[1]), day: Int(date[2]))
  return ((days * 86400 + h * 3600 + m * 60 + s) * 1_000_000) + fraction
}

let corpusFiles: [String] = {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: FixturePaths.parquetData)) ?? []
  return names.filter { $0.hasSuffix(".parquet") && names.contains($0 + ".expected.json") }.sorted()
}()

@Test func corpusIsPresent() { #expect(corpusFiles.count >= 55) }

@Test(arguments: corpusFiles)
func corpusFileMatchesExpectedRows(_ name: String) throws {
  let path = FixturePaths.parquet(name)
  let expectedDocument = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + ".expected.json"))) as! [String: Any]
  let expected = expectedDocument["rows"] as! [[String: Any]]
  let actual = try tarnRowsAsJSON(path)
  try #require(actual.count == expected.count, "\(name): \(actual.count) rows, expected \(expected.count)")
  for (index, (e, a)) in zip(expected, actual).enumerated() {
    #expect(Set(e.keys) == Set(a.keys), "\(name) row \(index): columns differ")
    for (key, value) in e where !sameValue(value, a[key] ?? NSNull()) {
      Issue.record("\(name) row \(index) column \(key): got \(a[key] ?? "missing"), expected \(value)")
      return
    }
  }
}
