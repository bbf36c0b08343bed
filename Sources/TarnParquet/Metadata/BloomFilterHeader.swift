// The header in front of a column chunk's split-block Bloom filter bitset.

/// Describes the Bloom filter bitset that follows it.
///
/// Each of algorithm, hash and compression is a union with one known variant today; an
/// unknown variant is kept so the footer still parses, and only using the filter fails.
package struct BloomFilterHeader: Equatable, Sendable {
  /// Bytes of the bitset after this header.
  package var numBytes: Int32
  package var algorithm: Algorithm = .block
  package var hash: Hash = .xxHash
  package var compression: Compression = .uncompressed

  package enum Algorithm: Hashable, Sendable {
    /// Split-block Bloom filter.
    case block
    case unknown(fieldId: Int16)
  }

  package enum Hash: Hashable, Sendable {
    /// 64-bit xxHash of the PLAIN-encoded value, seed 0.
    case xxHash
    case unknown(fieldId: Int16)
  }

  package enum Compression: Hashable, Sendable {
    case uncompressed
    case unknown(fieldId: Int16)
  }
}

extension BloomFilterHeader: ThriftStruct {
  package init(from reader: inout ThriftCompactReader) throws(ParquetError) {
    var numBytes: Int32?, algorithm: Algorithm?, hash: Hash?, compression: Compression?
    let mark = try reader.readStructBegin()
    while let field = try reader.readFieldBegin() {
      switch (field.id, field.type) {
      case (1, .i32): numBytes = try reader.readI32()
      case (2, .struct):
        let id = try reader.readEmptyStructUnion()
        algorithm = id == 1 ? .block : .unknown(fieldId: id)
      case (3, .struct):
        let id = try reader.readEmptyStructUnion()
        hash = id == 1 ? .xxHash : .unknown(fieldId: id)
      case (4, .struct):
        let id = try reader.readEmptyStructUnion()
        compression = id == 1 ? .uncompressed : .unknown(fieldId: id)
      default: try reader.skip(field.type)
      }
    }
    reader.readStructEnd(mark)
    guard let numBytes else { throw ThriftCompactReader.missing("numBytes", in: "BloomFilterHeader") }
    guard let algorithm else { throw ThriftCompactReader.missing("algorithm", in: "BloomFilterHeader") }
    guard let hash else { throw ThriftCompactReader.missing("hash", in: "BloomFilterHeader") }
    guard let compression else { throw ThriftCompactReader.missing("compression", in: "BloomFilterHeader") }
    self.init(numBytes: numBytes, algorithm: algorithm, hash: hash, compression: compression)
  }

  package func write(to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    writer.writeI32Field(1, numBytes)
    writer.writeFieldBegin(2, .struct)
    Self.writeUnion(Self.fieldId(of: algorithm), to: &writer)
    writer.writeFieldBegin(3, .struct)
    Self.writeUnion(Self.fieldId(of: hash), to: &writer)
    writer.writeFieldBegin(4, .struct)
    Self.writeUnion(Self.fieldId(of: compression), to: &writer)
    writer.writeStructEnd(mark)
  }

  private static func fieldId(of algorithm: Algorithm) -> Int16 {
    if case .unknown(let id) = algorithm { id } else { 1 }
  }

  private static func fieldId(of hash: Hash) -> Int16 {
    if case .unknown(let id) = hash { id } else { 1 }
  }

  private static func fieldId(of compression: Compression) -> Int16 {
    if case .unknown(let id) = compression { id } else { 1 }
  }

  /// A union of empty structs with variant `fieldId` set; 0 writes an empty union.
  private static func writeUnion(_ fieldId: Int16, to writer: inout ThriftCompactWriter) {
    let mark = writer.writeStructBegin()
    if fieldId != 0 { writer.writeEmptyStructField(fieldId) }
    writer.writeStructEnd(mark)
  }
}
