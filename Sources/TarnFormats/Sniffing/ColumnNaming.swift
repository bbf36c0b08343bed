// Column names as DuckDB makes them: `column0…` (zero-padded), trimmed header names, `a`, `a_1` for duplicates.

enum ColumnNaming {
  /// `column0`, `column1`, … padded to the width of the largest index (`column00` … `column10` for 11 columns).
  static func generated(_ index: Int, of count: Int) -> String {
    let width = String(max(count - 1, 0)).count
    let digits = String(index)
    return "column" + String(repeating: "0", count: max(width - digits.count, 0)) + digits
  }

  static func generatedNames(_ count: Int) -> [String] { (0..<count).map { generated($0, of: count) } }

  /// Header fields made into unique names: spaces trimmed, empty ones generated, and a repeated name
  /// (compared case-insensitively) suffixed `_1`, `_2`, … until it is new.
  static func fromHeader(_ fields: [String?], count: Int) -> [String] {
    var names: [String] = []
    var taken: [String: Int] = [:]
    for index in 0..<count {
      var name = index < fields.count ? trimmed(fields[index] ?? "") : ""
      if name.isEmpty { name = generated(index, of: count) }
      while let used = taken[name.lowercased()] {
        taken[name.lowercased()] = used + 1
        name = name + "_" + String(used + 1)
      }
      taken[name.lowercased()] = 0
      names.append(name)
    }
    return names
  }

  static func trimmed(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(scalars[first...last])
  }
}
