// HivePartitionPath: a partition value as a `key=value` folder name and back, as DuckDB and Hive spell them.
import TarnCore

/// The value part of a Hive partition folder (`year=2024/license=cc%2Dby`).
///
/// Every byte but the URL-unreserved ones (letters, digits, `-`, `_`, `.`, `~`) is percent-encoded, so a value
/// holding `/`, `=` or `%` stays one folder and reads back as it was; NULL is `__HIVE_DEFAULT_PARTITION__`, which
/// keeps it apart from the text `NULL`. Reading undoes both; a `%` not followed by two hex digits stays as it is.
public enum HivePartitionPath {
  public static let nullFolderValue = "__HIVE_DEFAULT_PARTITION__"

  /// The folder text of row `row` of `vector`.
  public static func folderValue(of vector: ColumnVector, row: Int) -> String {
    var text: [UInt8] = []
    guard ValueFormatter.appendText(of: vector, row: row, to: &text) else { return nullFolderValue }
    return encode(text)
  }

  /// `text` with every byte but the unreserved ones percent-encoded.
  static func encode(_ text: [UInt8]) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(text.count)
    for byte in text {
      if isUnreserved(byte) {
        out.append(byte)
      } else {
        out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The value a folder names: nil for NULL, else the text with its percent-encoded bytes decoded.
  public static func decode(_ folderValue: Substring) -> String? {
    if folderValue == nullFolderValue { return nil }
    let bytes = Array(folderValue.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let high = hexValue(bytes[i + 1]),
        let low = hexValue(bytes[i + 2])
      {
        out.append(high << 4 | low)
        i += 3
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func isUnreserved(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
      UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
      true
    default: false
    }
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
