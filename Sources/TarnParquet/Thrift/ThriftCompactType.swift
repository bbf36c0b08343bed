// The type codes of the Thrift compact protocol, as they appear in field, list and map headers.

/// A value type on the wire in the Thrift compact protocol.
///
/// Field headers carry a bool's value in the type itself (1 = true, 2 = false); in list and map
/// headers both codes mean "bool" and each element is one byte. Both codes map to `.bool` here,
/// so decoders match one case; the reader keeps a field's value until `readBool()` takes it.
/// See https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md
package enum ThriftCompactType: UInt8, Sendable, Equatable {
  case bool = 1
  case i8 = 3
  case i16 = 4
  case i32 = 5
  case i64 = 6
  case double = 7
  /// Binary and string values: a varint length, then the bytes.
  case binary = 8
  case list = 9
  case set = 10
  case map = 11
  /// Structs and unions.
  case `struct` = 12
  /// 16 raw bytes; no Parquet struct uses it, but the reader can skip it.
  case uuid = 13

  /// Maps a 4-bit wire code to a type; 1 and 2 both mean bool. Nil for 0 (stop) and 14...15.
  package init?(wireCode: UInt8) {
    switch wireCode {
    case 1, 2: self = .bool
    case 3...13: self.init(rawValue: wireCode)
    default: return nil
    }
  }

  /// The fewest bytes one element of this type can take; list and map headers are checked
  /// against it so a corrupt count fails before anything is allocated.
  package var minimumEncodedSize: Int {
    switch self {
    case .double: 8
    case .uuid: 16
    // A bool element, an i8, a one-byte varint, an empty binary, an empty list or map, or a
    // struct that is just its stop byte.
    case .bool, .i8, .i16, .i32, .i64, .binary, .list, .set, .map, .struct: 1
    }
  }
}
