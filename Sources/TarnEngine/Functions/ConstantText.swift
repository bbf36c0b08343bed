// ConstantText: single values as text — SQL literals for EXPLAIN, raw text for messages and casts to VARCHAR.
import TarnCore
import TarnFormats

enum ConstantText {
  /// Row `i` as DuckDB prints it in a result (no quotes); "NULL" for NULL.
  static func text(_ v: ColumnVector, _ i: Int) -> String {
    var out: [UInt8] = []
    if !ValueFormatter.appendText(of: v, row: i, to: &out) { return "NULL" }
    return String(decoding: out, as: UTF8.self)
  }

  static func appendValue(_ v: ColumnVector, _ i: Int, _ out: inout [UInt8]) {
    if !ValueFormatter.appendText(of: v, row: i, to: &out) { out += Array("NULL".utf8) }
  }

  /// Row 0 as a SQL literal: quoted strings, typed date literals, bare numbers.
  static func sql(_ v: ColumnVector) -> String {
    if v.isNull(0) { return "NULL" }
    let t = text(v, 0)
    switch v.type {
    case .string: return "'" + t.replacingAll("'", with: "''") + "'"
    case .date, .timestamp, .time, .interval, .uuid, .binary: return "\(v.type.sqlName) '\(t)'"
    default: return t
    }
  }
}
