// Writes the Thrift compact protocol into a growable byte array.

/// Writes Thrift compact protocol values; the inverse of `ThriftCompactReader`.
///
/// Fields must be written in increasing id order within a struct for the short (delta) header
/// form to apply; any order is legal and falls back to the long form. Bool list elements are
/// written as 1/2 with element type 1, as Apache Thrift's C++ and Java libraries do; readers of
/// all major implementations accept that and the spec's 1/0.
package struct ThriftCompactWriter {
  /// Everything written so far.
  package private(set) var bytes: [UInt8]
  /// Id of the previous field in the current struct, the base for delta-encoded ids.
  var lastFieldId: Int16 = 0

  package init(reservingCapacity capacity: Int = 256) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  // MARK: Primitives

  package mutating func writeByte(_ byte: UInt8) {
    bytes.append(byte)
  }

  /// An unsigned LEB128 varint.
  package mutating func writeVarint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(truncatingIfNeeded: rest))
  }

  package mutating func writeI8(_ value: Int8) {
    bytes.append(UInt8(bitPattern: value))
  }

  package mutating func writeI16(_ value: Int16) {
    writeI32(Int32(value))
  }

  package mutating func writeI32(_ value: Int32) {
    let zigzag = UInt32(bitPattern: (value << 1) ^ (value >> 31))
    writeVarint(UInt64(zigzag))
  }

  package mutating func writeI64(_ value: Int64) {
    writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
  }

  /// Little-endian IEEE 754.
  package mutating func writeDouble(_ value: Double) {
    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
  }

  /// A bool list or map element; bool fields use `writeBoolField`.
  package mutating func writeBool(_ value: Bool) {
    bytes.append(value ? 1 : 2)
  }

  package mutating func writeBinary(_ value: UnsafeRawBufferPointer) {
    writeVarint(UInt64(value.count))
    bytes.append(contentsOf: value)
  }

  package mutating func writeBinary(_ value: [UInt8]) {
    writeVarint(UInt64(value.count))
    bytes.append(contentsOf: value)
  }

  package mutating func writeString(_ value: String) {
    var value = value
    value.withUTF8 { writeBinary(UnsafeRawBufferPointer($0)) }
  }

  // MARK: Structs and fields

  /// Enters a struct; pass the mark to `writeStructEnd`.
  package mutating func writeStructBegin() -> ThriftStructMark {
    let mark = ThriftStructMark(savedLastFieldId: lastFieldId)
    lastFieldId = 0
    return mark
  }

  /// Writes the stop byte and returns to the enclosing struct.
  package mutating func writeStructEnd(_ mark: ThriftStructMark) {
    bytes.append(0)
    lastFieldId = mark.savedLastFieldId
  }

  /// A field header for any type but bool (whose value goes in the header: `writeBoolField`).
  package mutating func writeFieldBegin(_ id: Int16, _ type: ThriftCompactType) {
    precondition(type != .bool, "bool fields carry their value in the header; use writeBoolField")
    writeFieldHeader(id, typeCode: type.rawValue)
  }

  mutating func writeFieldHeader(_ id: Int16, typeCode: UInt8) {
    let delta = Int(id) - Int(lastFieldId)
    if delta > 0 && delta <= 15 {
      bytes.append(UInt8(delta) << 4 | typeCode)
    } else {
      bytes.append(typeCode)
      writeI16(id)
    }
    lastFieldId = id
  }

  // MARK: Containers

  /// A list header; `count` elements of `elementType` must follow.
  package mutating func writeListBegin(_ elementType: ThriftCompactType, count: Int) {
    precondition(count >= 0 && count <= Int(Int32.max), "list count out of range")
    if count < 15 {
      bytes.append(UInt8(count) << 4 | elementType.rawValue)
    } else {
      bytes.append(0xF0 | elementType.rawValue)
      writeVarint(UInt64(count))
    }
  }

  /// A set header; sets are encoded exactly like lists.
  package mutating func writeSetBegin(_ elementType: ThriftCompactType, count: Int) {
    writeListBegin(elementType, count: count)
  }

  /// A map header; `count` key/value pairs must follow.
  package mutating func writeMapBegin(keyType: ThriftCompactType, valueType: ThriftCompactType, count: Int) {
    precondition(count >= 0 && count <= Int(Int32.max), "map count out of range")
    writeVarint(UInt64(count))
    if count > 0 { bytes.append(keyType.rawValue << 4 | valueType.rawValue) }
  }
}

// MARK: - Field helpers; a nil value writes nothing, so optional fields pass straight through

extension ThriftCompactWriter {
  package mutating func writeBoolField(_ id: Int16, _ value: Bool?) {
    guard let value else { return }
    // Field bools: type code 1 is true, 2 is false, and no value bytes follow.
    writeFieldHeader(id, typeCode: value ? 1 : 2)
  }

  package mutating func writeI8Field(_ id: Int16, _ value: Int8?) {
    guard let value else { return }
    writeFieldBegin(id, .i8)
    writeI8(value)
  }

  package mutating func writeI16Field(_ id: Int16, _ value: Int16?) {
    guard let value else { return }
    writeFieldBegin(id, .i16)
    writeI16(value)
  }

  package mutating func writeI32Field(_ id: Int16, _ value: Int32?) {
    guard let value else { return }
    writeFieldBegin(id, .i32)
    writeI32(value)
  }

  package mutating func writeI64Field(_ id: Int16, _ value: Int64?) {
    guard let value else { return }
    writeFieldBegin(id, .i64)
    writeI64(value)
  }

  package mutating func writeDoubleField(_ id: Int16, _ value: Double?) {
    guard let value else { return }
    writeFieldBegin(id, .double)
    writeDouble(value)
  }

  package mutating func writeBinaryField(_ id: Int16, _ value: [UInt8]?) {
    guard let value else { return }
    writeFieldBegin(id, .binary)
    writeBinary(value)
  }

  package mutating func writeStringField(_ id: Int16, _ value: String?) {
    guard let value else { return }
    writeFieldBegin(id, .binary)
    writeString(value)
  }

  package mutating func writeEnumField<E: ThriftEnum>(_ id: Int16, _ value: E?) {
    guard let value else { return }
    writeI32Field(id, value.rawValue)
  }

  package mutating func writeStructField<T: ThriftStruct>(_ id: Int16, _ value: T?) {
    guard let value else { return }
    writeFieldBegin(id, .struct)
    value.write(to: &self)
  }

  /// A union variant that is an empty struct: the field header and a bare stop byte.
  package mutating func writeEmptyStructField(_ id: Int16) {
    writeFieldBegin(id, .struct)
    bytes.append(0)
  }

  /// A list field whose elements `writeElement` writes one by one.
  package mutating func writeListField<Element>(
    _ id: Int16, _ elementType: ThriftCompactType, _ values: [Element]?,
    _ writeElement: (inout ThriftCompactWriter, Element) -> Void
  ) {
    guard let values else { return }
    writeFieldBegin(id, .list)
    writeListBegin(elementType, count: values.count)
    for value in values { writeElement(&self, value) }
  }

  package mutating func writeStructListField<T: ThriftStruct>(_ id: Int16, _ values: [T]?) {
    writeListField(id, .struct, values) { writer, value in value.write(to: &writer) }
  }

  package mutating func writeI64ListField(_ id: Int16, _ values: [Int64]?) {
    writeListField(id, .i64, values) { writer, value in writer.writeI64(value) }
  }

  package mutating func writeI32ListField(_ id: Int16, _ values: [Int32]?) {
    writeListField(id, .i32, values) { writer, value in writer.writeI32(value) }
  }

  package mutating func writeEnumListField<E: ThriftEnum>(_ id: Int16, _ values: [E]?) {
    writeListField(id, .i32, values) { writer, value in writer.writeI32(value.rawValue) }
  }

  package mutating func writeBinaryListField(_ id: Int16, _ values: [[UInt8]]?) {
    writeListField(id, .binary, values) { writer, value in writer.writeBinary(value) }
  }

  package mutating func writeStringListField(_ id: Int16, _ values: [String]?) {
    writeListField(id, .binary, values) { writer, value in writer.writeString(value) }
  }

  package mutating func writeBoolListField(_ id: Int16, _ values: [Bool]?) {
    writeListField(id, .bool, values) { writer, value in writer.writeBool(value) }
  }
}
