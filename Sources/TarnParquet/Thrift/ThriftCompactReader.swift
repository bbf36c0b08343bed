// Reads the Thrift compact protocol from a byte buffer, checking every length before using it.

/// A field header: the field's id and the type of the value that follows.
package struct ThriftFieldHeader: Sendable, Equatable {
  package var id: Int16
  package var type: ThriftCompactType

  package init(id: Int16, type: ThriftCompactType) {
    self.id = id
    self.type = type
  }
}

/// A list or set header: the element type and how many elements follow.
package struct ThriftListHeader: Sendable, Equatable {
  /// Nil only for an empty list whose header named no valid type (some writers leave it 0).
  package var elementType: ThriftCompactType?
  package var count: Int
}

/// A map header: key and value types and how many pairs follow.
package struct ThriftMapHeader: Sendable, Equatable {
  /// Nil for an empty map, whose header carries no types.
  package var keyType: ThriftCompactType?
  package var valueType: ThriftCompactType?
  package var count: Int
}

/// What `readStructBegin` saved, to be handed back to `readStructEnd`.
///
/// Field ids are delta-encoded against the previous field of the same struct, so entering a
/// nested struct must save the outer struct's last id and leaving it must restore it.
package struct ThriftStructMark: Sendable {
  let savedLastFieldId: Int16
}

/// Reads Thrift compact protocol values from memory the caller keeps alive.
///
/// Layout of the protocol (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md):
/// ```
/// varint     ULEB128, at most 10 bytes; i16/i32/i64 are zigzag varints, i8 is one raw byte
/// double     8 bytes little-endian
/// binary     varint length, then the bytes
/// field      ddddtttt            delta 1...15 from the previous field id, type t
///            0000tttt zigzag-id  long form; a 0 byte ends the struct
/// list/set   sssstttt            size 0...14, element type t
///            1111tttt varint     long form size
/// map        0x00                empty
///            varint kkkkvvvv     size, key and value types
/// ```
/// Every read checks the remaining bytes first and throws `ParquetError` (`.truncated`,
/// `.corrupt` or `.lengthOverLimit`) rather than trapping, and no count read from the input
/// reaches an allocation before it is checked against the remaining bytes and `limits`.
/// Struct nesting, including nesting skipped with `skip(_:)`, is bounded by `limits.maxDepth`.
///
/// - Precondition: `buffer` stays valid for the reader's whole life. Create the reader inside
///   the `withUnsafeBytes` scope that owns the memory and don't let it escape.
package struct ThriftCompactReader: ~Copyable {
  /// Caps on lengths and nesting, on top of the check against the remaining bytes.
  package struct Limits: Sendable {
    /// Longest binary or string value.
    package var maxBinaryLength: Int
    /// Most elements in one list, set or map.
    package var maxContainerCount: Int
    /// Deepest nesting of structs, lists and maps.
    package var maxDepth: Int

    package init(maxBinaryLength: Int = 256 << 20, maxContainerCount: Int = 16 << 20, maxDepth: Int = 64) {
      self.maxBinaryLength = maxBinaryLength
      self.maxContainerCount = maxContainerCount
      self.maxDepth = maxDepth
    }
  }

  // Safe: valid for the reader's life (see the precondition); every access below first checks
  // `position + n <= buffer.count`.
  package let buffer: UnsafeRawBufferPointer
  /// Offset of the next byte to read.
  package private(set) var position: Int
  package let limits: Limits
  /// Id of the previous field in the current struct, the base for delta-encoded ids.
  var lastFieldId: Int16 = 0
  /// Current nesting of structs and containers.
  var depth = 0
  /// The value of the bool field whose header was just read; field bools live in the header.
  var pendingBool: Bool?

  /// A reader starting at `position` in `buffer`.
  package init(_ buffer: UnsafeRawBufferPointer, at position: Int = 0, limits: Limits = Limits()) {
    precondition(position >= 0 && position <= buffer.count, "reader start outside its buffer")
    self.buffer = buffer
    self.position = position
    self.limits = limits
  }

  /// Bytes left after `position`.
  package var remaining: Int { buffer.count &- position }

  // MARK: Primitives

  /// Throws unless `count` more bytes are available.
  func require(_ count: Int) throws(ParquetError) {
    guard count <= remaining else { throw Self.truncated(needed: count, available: remaining) }
  }

  @inline(never)
  static func truncated(needed: Int, available: Int) -> ParquetError {
    ParquetError(.truncated(needed: needed, available: available))
  }

  @inline(never)
  static func corrupt(_ what: String) -> ParquetError {
    ParquetError(.corrupt(what))
  }

  /// Moves past `count` bytes without reading them.
  package mutating func advance(by count: Int) throws(ParquetError) {
    guard count >= 0 else { throw Self.corrupt("negative length \(count)") }
    try require(count)
    position &+= count
  }

  /// One raw byte.
  package mutating func readByte() throws(ParquetError) -> UInt8 {
    try require(1)
    // Safe: require(1) proved position < buffer.count.
    let byte = buffer.load(fromByteOffset: position, as: UInt8.self)
    position &+= 1
    return byte
  }

  /// An unsigned LEB128 varint of at most 10 bytes.
  ///
  /// The tenth byte may only carry bit 63, so a varint that overflows 64 bits or runs longer
  /// than 10 bytes is `.corrupt`; non-minimal encodings within 10 bytes are accepted.
  package mutating func readVarint() throws(ParquetError) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    var offset = position
    let end = buffer.count
    while true {
      guard offset < end else {
        throw Self.truncated(needed: offset &- position &+ 1, available: end &- position)
      }
      // Safe: offset < buffer.count was checked just above.
      let byte = buffer.load(fromByteOffset: offset, as: UInt8.self)
      offset &+= 1
      if shift == 63 && byte > 1 {
        throw Self.corrupt("varint longer than 10 bytes or over 64 bits")
      }
      result |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 {
        position = offset
        return result
      }
      shift &+= 7
    }
  }

  /// A varint that must fit in 32 bits: sizes, lengths and zigzag i32 values.
  package mutating func readVarint32() throws(ParquetError) -> UInt32 {
    let value = try readVarint()
    guard value <= UInt64(UInt32.max) else { throw Self.corrupt("varint \(value) does not fit in 32 bits") }
    return UInt32(truncatingIfNeeded: value)
  }

  /// A one-byte signed integer (not a varint).
  package mutating func readI8() throws(ParquetError) -> Int8 {
    Int8(bitPattern: try readByte())
  }

  /// A zigzag varint that must fit in 16 bits.
  package mutating func readI16() throws(ParquetError) -> Int16 {
    let value = try readVarint()
    guard value <= UInt64(UInt16.max) else { throw Self.corrupt("i16 varint \(value) out of range") }
    let bits = UInt16(truncatingIfNeeded: value)
    return Int16(bitPattern: (bits >> 1) ^ (0 &- (bits & 1)))
  }

  /// A zigzag varint that must fit in 32 bits.
  package mutating func readI32() throws(ParquetError) -> Int32 {
    let bits = try readVarint32()
    return Int32(bitPattern: (bits >> 1) ^ (0 &- (bits & 1)))
  }

  /// A zigzag varint.
  package mutating func readI64() throws(ParquetError) -> Int64 {
    let bits = try readVarint()
    return Int64(bitPattern: (bits >> 1) ^ (0 &- (bits & 1)))
  }

  /// An IEEE 754 double, little-endian (the compact protocol differs from the binary one here).
  package mutating func readDouble() throws(ParquetError) -> Double {
    try require(8)
    // Safe: require(8) proved 8 bytes are readable from position.
    let bits = buffer.loadUnaligned(fromByteOffset: position, as: UInt64.self)
    position &+= 8
    return Double(bitPattern: UInt64(littleEndian: bits))
  }

  /// A bool: a field's value from its header if one is pending, otherwise one element byte.
  ///
  /// Element bytes follow the spec (1 = true, 0 = false) and also accept 2 for false, which
  /// Apache Thrift's Java and C++ libraries write.
  package mutating func readBool() throws(ParquetError) -> Bool {
    if let value = pendingBool {
      pendingBool = nil
      return value
    }
    switch try readByte() {
    case 1: return true
    case 0, 2: return false
    case let other: throw Self.corrupt("bool element byte \(other)")
    }
  }

  /// Reads a binary length and checks it against the limit and the remaining bytes.
  package mutating func readBinaryLength() throws(ParquetError) -> Int {
    let length = try readVarint()
    guard length <= UInt64(limits.maxBinaryLength) else {
      throw ParquetError(.lengthOverLimit(
        field: "Thrift binary length", value: Int64(clamping: length), limit: Int64(limits.maxBinaryLength)))
    }
    let count = Int(length)
    try require(count)
    return count
  }

  /// A binary value, borrowed from the buffer: valid only as long as the buffer.
  package mutating func readBinaryUnsafeBytes() throws(ParquetError) -> UnsafeRawBufferPointer {
    let count = try readBinaryLength()
    // Safe: readBinaryLength proved count bytes are readable from position.
    let bytes = UnsafeRawBufferPointer(rebasing: buffer[position..<(position &+ count)])
    position &+= count
    return bytes
  }

  /// A binary value, copied.
  package mutating func readBinary() throws(ParquetError) -> [UInt8] {
    [UInt8](try readBinaryUnsafeBytes())
  }

  /// A string; invalid UTF-8 is replaced with U+FFFD rather than rejected.
  package mutating func readString() throws(ParquetError) -> String {
    String(decoding: try readBinaryUnsafeBytes(), as: UTF8.self)
  }

  // MARK: Structs and fields

  /// Enters a struct: the next field id is delta-encoded from 0.
  package mutating func readStructBegin() throws(ParquetError) -> ThriftStructMark {
    try enterNesting()
    let mark = ThriftStructMark(savedLastFieldId: lastFieldId)
    lastFieldId = 0
    return mark
  }

  /// Leaves a struct after its stop byte was read (`readFieldBegin` returned nil).
  package mutating func readStructEnd(_ mark: ThriftStructMark) {
    lastFieldId = mark.savedLastFieldId
    depth &-= 1
  }

  mutating func enterNesting() throws(ParquetError) {
    guard depth < limits.maxDepth else { throw Self.corrupt("Thrift nesting deeper than \(limits.maxDepth)") }
    depth &+= 1
  }

  /// The next field's header, or nil at the struct's stop byte.
  ///
  /// For a bool field the value is in the header; `readBool()` (or `skip`) takes it.
  package mutating func readFieldBegin() throws(ParquetError) -> ThriftFieldHeader? {
    pendingBool = nil
    let byte = try readByte()
    if byte == 0 { return nil }
    let code = byte & 0x0F
    guard let type = ThriftCompactType(wireCode: code) else {
      throw Self.corrupt("field type code \(code)")
    }
    let delta = byte >> 4
    let id: Int16
    if delta == 0 {
      id = try readI16()
    } else {
      let (sum, overflow) = lastFieldId.addingReportingOverflow(Int16(delta))
      guard !overflow else { throw Self.corrupt("field id overflows i16") }
      id = sum
    }
    lastFieldId = id
    if type == .bool { pendingBool = code == 1 }
    return ThriftFieldHeader(id: id, type: type)
  }

  // MARK: Containers

  /// A list header, with its count checked against the limit and the remaining bytes.
  package mutating func readListBegin() throws(ParquetError) -> ThriftListHeader {
    pendingBool = nil
    let byte = try readByte()
    let shortCount = Int(byte >> 4)
    let count = shortCount == 15 ? Int(try readVarint32()) : shortCount
    let code = byte & 0x0F
    guard let elementType = ThriftCompactType(wireCode: code) else {
      guard count == 0 else { throw Self.corrupt("list element type code \(code)") }
      return ThriftListHeader(elementType: nil, count: 0)
    }
    try checkContainer(count: count, elementSize: elementType.minimumEncodedSize)
    return ThriftListHeader(elementType: elementType, count: count)
  }

  /// A set header; sets are encoded exactly like lists.
  package mutating func readSetBegin() throws(ParquetError) -> ThriftListHeader {
    try readListBegin()
  }

  /// A map header, with its count checked against the limit and the remaining bytes.
  package mutating func readMapBegin() throws(ParquetError) -> ThriftMapHeader {
    pendingBool = nil
    let count = Int(try readVarint32())
    if count == 0 { return ThriftMapHeader(keyType: nil, valueType: nil, count: 0) }
    let types = try readByte()
    guard let keyType = ThriftCompactType(wireCode: types >> 4),
      let valueType = ThriftCompactType(wireCode: types & 0x0F)
    else { throw Self.corrupt("map key/value type byte \(types)") }
    try checkContainer(count: count, elementSize: keyType.minimumEncodedSize &+ valueType.minimumEncodedSize)
    return ThriftMapHeader(keyType: keyType, valueType: valueType, count: count)
  }

  /// Rejects a container count over the limit or too big for the bytes left.
  func checkContainer(count: Int, elementSize: Int) throws(ParquetError) {
    guard count <= limits.maxContainerCount else {
      throw ParquetError(.lengthOverLimit(
        field: "Thrift container size", value: Int64(count), limit: Int64(limits.maxContainerCount)))
    }
    // count < 2^32 and elementSize <= 32, so the product cannot overflow Int.
    let needed = count &* elementSize
    guard needed <= remaining else { throw Self.truncated(needed: needed, available: remaining) }
  }

  // MARK: Skipping

  /// Reads past one value of `type` that the caller doesn't know, however deeply nested.
  ///
  /// - Complexity: O(bytes skipped); every element takes at least one byte, and nesting
  ///   deeper than `limits.maxDepth` throws.
  package mutating func skip(_ type: ThriftCompactType) throws(ParquetError) {
    switch type {
    case .bool: _ = try readBool()
    case .i8: try advance(by: 1)
    case .i16, .i32, .i64: _ = try readVarint()
    case .double: try advance(by: 8)
    case .uuid: try advance(by: 16)
    case .binary: try advance(by: try readBinaryLength())
    case .list, .set:
      let header = try readListBegin()
      guard let elementType = header.elementType else { return }
      try enterNesting()
      for _ in 0..<header.count { try skip(elementType) }
      depth &-= 1
    case .map:
      let header = try readMapBegin()
      guard let keyType = header.keyType, let valueType = header.valueType else { return }
      try enterNesting()
      for _ in 0..<header.count {
        try skip(keyType)
        try skip(valueType)
      }
      depth &-= 1
    case .struct:
      let mark = try readStructBegin()
      while let field = try readFieldBegin() { try skip(field.type) }
      readStructEnd(mark)
    }
  }
}

// MARK: - Typed helpers for generated-style decoders

extension ThriftCompactReader {
  /// A list whose elements must be `elementType`, each read by `readElement`.
  ///
  /// A list of another element type is `.corrupt`. Capacity is reserved only up to a small
  /// bound: a count is checked against bytes left, but one byte can decode to a large struct.
  package mutating func readList<Element>(
    of elementType: ThriftCompactType,
    _ readElement: (inout ThriftCompactReader) throws(ParquetError) -> Element
  ) throws(ParquetError) -> [Element] {
    let header = try readListBegin()
    guard header.count > 0 else { return [] }
    guard header.elementType == elementType else {
      throw Self.corrupt("list of \(header.elementType.map { "\($0)" } ?? "?") where \(elementType) was expected")
    }
    try enterNesting()
    var elements: [Element] = []
    elements.reserveCapacity(Swift.min(header.count, 1024))
    for _ in 0..<header.count { elements.append(try readElement(&self)) }
    depth &-= 1
    return elements
  }

  /// A nested struct value.
  package mutating func read<T: ThriftStruct>(_: T.Type) throws(ParquetError) -> T {
    try T(from: &self)
  }

  /// A list of structs.
  package mutating func readStructList<T: ThriftStruct>(_: T.Type) throws(ParquetError) -> [T] {
    try readList(of: .struct) { (reader: inout ThriftCompactReader) throws(ParquetError) in try T(from: &reader) }
  }

  /// A list of zigzag i32s.
  package mutating func readI32List() throws(ParquetError) -> [Int32] {
    try readList(of: .i32) { (reader: inout ThriftCompactReader) throws(ParquetError) in try reader.readI32() }
  }

  /// A list of zigzag i64s.
  package mutating func readI64List() throws(ParquetError) -> [Int64] {
    try readList(of: .i64) { (reader: inout ThriftCompactReader) throws(ParquetError) in try reader.readI64() }
  }

  /// A list of one-byte bools.
  package mutating func readBoolList() throws(ParquetError) -> [Bool] {
    try readList(of: .bool) { (reader: inout ThriftCompactReader) throws(ParquetError) in try reader.readBool() }
  }

  /// A list of binaries, copied.
  package mutating func readBinaryList() throws(ParquetError) -> [[UInt8]] {
    try readList(of: .binary) { (reader: inout ThriftCompactReader) throws(ParquetError) in try reader.readBinary() }
  }

  /// A list of strings, decoded leniently.
  package mutating func readStringList() throws(ParquetError) -> [String] {
    try readList(of: .binary) { (reader: inout ThriftCompactReader) throws(ParquetError) in try reader.readString() }
  }

  /// A list of enum values; unknown values are kept.
  package mutating func readEnumList<E: ThriftEnum>(_: E.Type) throws(ParquetError) -> [E] {
    try readList(of: .i32) { (reader: inout ThriftCompactReader) throws(ParquetError) in E(rawValue: try reader.readI32()) }
  }

  /// An enum value (an i32 on the wire); unknown values are kept, not rejected.
  package mutating func readEnum<E: ThriftEnum>(_: E.Type) throws(ParquetError) -> E {
    E(rawValue: try readI32())
  }

  /// A union whose variants are all empty structs: the id of the variant that is set.
  ///
  /// Returns 0 for a union with no field set, which Thrift allows. Non-struct fields and any
  /// fields inside the variant's struct are skipped; if several variants are set, the first wins.
  package mutating func readEmptyStructUnion() throws(ParquetError) -> Int16 {
    let mark = try readStructBegin()
    var variant: Int16?
    while let field = try readFieldBegin() {
      if field.type == .struct && variant == nil { variant = field.id }
      try skip(field.type)
    }
    readStructEnd(mark)
    return variant ?? 0
  }

  /// The error for a required field that never appeared.
  @inline(never)
  package static func missing(_ field: String, in structName: String) -> ParquetError {
    ParquetError(.corrupt("\(structName) missing required field \(field)"))
  }
}
