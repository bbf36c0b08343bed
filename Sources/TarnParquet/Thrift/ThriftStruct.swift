// The two shapes hand-written Thrift types take: structs (and unions) and i32 enums.

/// A Thrift struct or union that reads and writes itself in the compact protocol.
///
/// Decoders skip fields they don't know, skip known ids that arrive with an unexpected wire
/// type (as Apache Thrift's generated code does), and throw `.corrupt` when a required field
/// is missing.
package protocol ThriftStruct: Sendable {
  /// Reads one struct, from its first field header through its stop byte.
  init(from reader: inout ThriftCompactReader) throws(ParquetError)
  /// Writes one struct, fields in id order, then the stop byte.
  func write(to writer: inout ThriftCompactWriter)
}

extension ThriftStruct {
  /// Decodes one value from the start of `bytes`; trailing bytes are ignored.
  package static func decode(
    _ bytes: UnsafeRawBufferPointer, limits: ThriftCompactReader.Limits = .init()
  ) throws(ParquetError) -> Self {
    try decode(from: bytes, at: 0, limits: limits).value
  }

  /// Decodes one value starting at `offset` in `buffer`, and how many bytes it took.
  ///
  /// An `offset` outside the buffer (say, a corrupt page offset from a footer) throws.
  package static func decode(
    from buffer: UnsafeRawBufferPointer, at offset: Int, limits: ThriftCompactReader.Limits = .init()
  ) throws(ParquetError) -> (value: Self, length: Int) {
    guard offset >= 0 && offset <= buffer.count else {
      throw ParquetError(.corrupt("\(Self.self) offset \(offset) outside a buffer of \(buffer.count) bytes"))
    }
    var reader = ThriftCompactReader(buffer, at: offset, limits: limits)
    let value = try Self(from: &reader)
    return (value, reader.position &- offset)
  }

  /// The value's compact-protocol bytes.
  package func encoded() -> [UInt8] {
    var writer = ThriftCompactWriter()
    write(to: &writer)
    return writer.bytes
  }
}

/// A Thrift enum: an i32 on the wire. Values this version doesn't name are kept, not rejected,
/// so a footer naming a future encoding or codec still parses; only using that column fails.
package protocol ThriftEnum: Hashable, Sendable {
  /// Never fails: a value without a name becomes the enum's `unknown` case.
  init(rawValue: Int32)
  var rawValue: Int32 { get }
}
