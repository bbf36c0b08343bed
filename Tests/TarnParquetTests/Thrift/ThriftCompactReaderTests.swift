// Hand-assembled compact-protocol bytes, read back value by value, including corrupt and cut-off input.

import Testing
@testable import TarnParquet

@Suite struct ThriftCompactReaderTests {
  // MARK: Varints and integers

  @Test(arguments: [
    ([0x00], 0), ([0x01], 1), ([0x7F], 127), ([0x80, 0x01], 128), ([0xAC, 0x02], 300),
    ([0xDF, 0x89, 0x03], 50399),
    ([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], UInt64(UInt32.max)),
    ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], UInt64.max),
    // Non-minimal but within 10 bytes: accepted, as other implementations do.
    ([0x81, 0x80, 0x00], 1),
  ] as [([UInt8], UInt64)])
  func varint(bytes: [UInt8], expected: UInt64) throws {
    let (value, consumed) = try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readVarint() }
    #expect(value == expected)
    #expect(consumed == bytes.count)
  }

  @Test func varintOverlongOrOverflowingIsCorrupt() {
    let elevenBytes: [UInt8] = Array(repeating: 0xFF, count: 10) + [0x01]
    let overflow: [UInt8] = Array(repeating: 0xFF, count: 9) + [0x02]
    let tenContinuations: [UInt8] = Array(repeating: 0x80, count: 10) + [0x00]
    for bytes in [elevenBytes, overflow, tenContinuations] {
      let error = #expect(throws: ParquetError.self) {
        try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readVarint() }
      }
      #expect(isCorrupt(error), "\(bytes)")
    }
  }

  @Test func varintCutOffIsTruncated() {
    for bytes: [UInt8] in [[], [0x80], [0xFF, 0xFF, 0xFF]] {
      let error = #expect(throws: ParquetError.self) {
        try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readVarint() }
      }
      #expect(isTruncated(error))
    }
  }

  @Test(arguments: [
    ([0x00], 0), ([0x01], -1), ([0x02], 1), ([0x03], -2), ([0x04], 2),
    ([0xFE, 0xFF, 0xFF, 0xFF, 0x0F], Int32.max), ([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], Int32.min),
  ] as [([UInt8], Int32)])
  func zigzagI32(bytes: [UInt8], expected: Int32) throws {
    let value = try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readI32() }.value
    #expect(value == expected)
  }

  @Test func zigzagI64Extremes() throws {
    let maxBytes: [UInt8] = Array(repeating: 0xFF, count: 9) + [0x01]  // zigzag(Int64.min) = UInt64.max
    let value = try withReader(maxBytes) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readI64() }.value
    #expect(value == Int64.min)
    let maxPositive: [UInt8] = [0xFE] + Array(repeating: 0xFF, count: 8) + [0x01]
    let positive = try withReader(maxPositive) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readI64() }.value
    #expect(positive == Int64.max)
  }

  @Test func i32AndI16RejectOutOfRangeVarints() {
    let past32: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x10]  // 2^32
    let error32 = #expect(throws: ParquetError.self) {
      try withReader(past32) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readI32() }
    }
    #expect(isCorrupt(error32))
    let past16: [UInt8] = [0x80, 0x80, 0x04]  // 2^16
    let error16 = #expect(throws: ParquetError.self) {
      try withReader(past16) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readI16() }
    }
    #expect(isCorrupt(error16))
  }

  @Test func i8IsOneRawByte() throws {
    let (value, consumed) = try withReader([0xFF, 0x00]) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readI8() }
    #expect(value == -1)
    #expect(consumed == 1)
  }

  @Test func doubleIsLittleEndian() throws {
    let one: [UInt8] = [0, 0, 0, 0, 0, 0, 0xF0, 0x3F]
    #expect(try withReader(one) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readDouble() }.value == 1.0)
    let minusTwo: [UInt8] = [0, 0, 0, 0, 0, 0, 0x00, 0xC0]
    #expect(try withReader(minusTwo) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readDouble() }.value == -2.0)
    let error = #expect(throws: ParquetError.self) {
      try withReader([0, 0, 0]) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readDouble() }
    }
    #expect(error?.reason == .truncated(needed: 8, available: 3))
  }

  // MARK: Binary and strings

  @Test func binaryAndString() throws {
    let bytes: [UInt8] = [0x03, 0x61, 0x62, 0x63, 0x02, 0xFF, 0x41]
    let (pair, consumed) = try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in
      (try r.readString(), try r.readBinary())
    }
    #expect(pair.0 == "abc")
    #expect(pair.1 == [0xFF, 0x41])
    #expect(consumed == bytes.count)
  }

  @Test func invalidUTF8IsReplacedNotRejected() throws {
    let value = try withReader([0x02, 0xC3, 0x28]) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readString() }.value
    #expect(value == "\u{FFFD}(")
  }

  @Test func binaryLongerThanBufferIsTruncated() {
    let error = #expect(throws: ParquetError.self) {
      try withReader([0x05, 0x61, 0x62]) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readBinary() }
    }
    #expect(error?.reason == .truncated(needed: 5, available: 2))
  }

  @Test func binaryOverLimitThrowsBeforeReading() {
    // Claims 2^62 bytes: must fail on the length alone.
    let bytes: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]
    let error = #expect(throws: ParquetError.self) {
      try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readBinary() }
    }
    #expect(isOverLimit(error))
    let small = ThriftCompactReader.Limits(maxBinaryLength: 2)
    let limited = #expect(throws: ParquetError.self) {
      try withReader([0x03, 1, 2, 3], limits: small) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readBinary() }
    }
    #expect(limited?.reason == .lengthOverLimit(field: "Thrift binary length", value: 3, limit: 2))
  }

  // MARK: Fields and structs

  @Test func shortAndLongFieldHeaders() throws {
    // struct { 1: i32 = 5, 3: i64 = -1, 100: binary "x", 101: bool true, 50: bool false (long form, backwards) }
    let bytes: [UInt8] = [
      0x15, 0x0A,  // delta 1, i32, zigzag(5) = 10
      0x26, 0x01,  // delta 2, i64, zigzag(-1) = 1
      0x08, 0xC8, 0x01, 0x01, 0x78,  // long form: binary, id zigzag(100) = 200, "x"
      0x11,  // delta 1 → 101, bool true
      0x02, 0x64,  // long form: bool false, id zigzag(50) = 100
      0x00,
    ]
    let (fields, consumed) = try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in
      var seen: [String] = []
      let mark = try r.readStructBegin()
      while let field = try r.readFieldBegin() {
        switch field.type {
        case .i32: seen.append("\(field.id):\(try r.readI32())")
        case .i64: seen.append("\(field.id):\(try r.readI64())")
        case .binary: seen.append("\(field.id):\(try r.readString())")
        case .bool: seen.append("\(field.id):\(try r.readBool())")
        default: Issue.record("unexpected type \(field.type)")
        }
      }
      r.readStructEnd(mark)
      return seen
    }
    #expect(fields == ["1:5", "3:-1", "100:x", "101:true", "50:false"])
    #expect(consumed == bytes.count)
  }

  @Test func nestedStructRestoresFieldIdBase() throws {
    // { 1: struct { 1: i32 = 1 }, 2: i32 = 2 }: the delta after the nested struct is from 1.
    let bytes: [UInt8] = [0x1C, 0x15, 0x02, 0x00, 0x15, 0x04, 0x00]
    let ids = try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in
      var ids: [Int16] = []
      let outer = try r.readStructBegin()
      while let field = try r.readFieldBegin() {
        ids.append(field.id)
        if field.type == .struct {
          let inner = try r.readStructBegin()
          while let f = try r.readFieldBegin() {
            ids.append(f.id)
            try r.skip(f.type)
          }
          r.readStructEnd(inner)
        } else {
          try r.skip(field.type)
        }
      }
      r.readStructEnd(outer)
      return ids
    }.value
    #expect(ids == [1, 1, 2])
  }

  @Test func invalidFieldTypeIsCorrupt() {
    for byte: UInt8 in [0x1E, 0x1F] {
      let error = #expect(throws: ParquetError.self) {
        try withReader([byte]) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readFieldBegin() }
      }
      #expect(isCorrupt(error))
    }
  }

  @Test func fieldIdDeltaOverflowIsCorrupt() {
    // Long form id 32767, then a delta of 1.
    let bytes: [UInt8] = [0x05, 0xFE, 0xFF, 0x03, 0x00, 0x15, 0x00]
    let error = #expect(throws: ParquetError.self) {
      try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in
        let mark = try r.readStructBegin()
        while let field = try r.readFieldBegin() { try r.skip(field.type) }
        r.readStructEnd(mark)
      }
    }
    #expect(isCorrupt(error))
  }

  // MARK: Lists, sets and maps

  @Test func shortAndLongListHeaders() throws {
    let short: [UInt8] = [0x35, 0x02, 0x04, 0x06]
    #expect(try withReader(short) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readI32List() }.value == [1, 2, 3])
    let long: [UInt8] = [0xF6, 0x10] + Array(repeating: 0x01, count: 16)
    #expect(try withReader(long) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readI64List() }.value
      == Array(repeating: -1, count: 16))
  }

  @Test func boolListAcceptsBothElementTypesAndFalseEncodings() throws {
    // Element type 1 (Java and C++ writers) and 2 (the spec); false as 0 (spec) or 2 (Java, C++).
    for header: UInt8 in [0x31, 0x32] {
      let values = try withReader([header, 0x01, 0x00, 0x02]) { (r: inout ThriftCompactReader) throws(ParquetError) in
        try r.readBoolList()
      }.value
      #expect(values == [true, false, false])
    }
    let error = #expect(throws: ParquetError.self) {
      try withReader([0x11, 0x07]) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readBoolList() }
    }
    #expect(isCorrupt(error))
  }

  @Test func listOfUnexpectedElementTypeIsCorrupt() {
    let error = #expect(throws: ParquetError.self) {
      try withReader([0x18, 0x00]) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readI32List() }
    }
    #expect(isCorrupt(error))
  }

  @Test func emptyListWithStopElementTypeIsAccepted() throws {
    #expect(try withReader([0x00]) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readI32List() }.value == [])
  }

  @Test func hugeListCountThrowsBeforeAllocating() {
    // Claims 2^31 - 1 i64 elements with 10 bytes left.
    let bytes: [UInt8] = [0xF6, 0xFF, 0xFF, 0xFF, 0xFF, 0x07] + Array(repeating: 0, count: 10)
    let overLimit = #expect(throws: ParquetError.self) {
      try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readI64List() }
    }
    #expect(isOverLimit(overLimit))
    // With no count limit, the remaining-bytes check still refuses it.
    let unlimited = ThriftCompactReader.Limits(maxContainerCount: .max)
    let truncated = #expect(throws: ParquetError.self) {
      try withReader(bytes, limits: unlimited) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readI64List() }
    }
    #expect(truncated?.reason == .truncated(needed: Int(Int32.max), available: 10))
    // Doubles take 8 bytes each: 2 doubles don't fit in 10 bytes after the header.
    let doubles: [UInt8] = [0x27] + Array(repeating: 0, count: 10)
    let tooFew = #expect(throws: ParquetError.self) {
      try withReader(doubles) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.skip(.list) }
    }
    #expect(tooFew?.reason == .truncated(needed: 16, available: 10))
  }

  @Test func mapHeaders() throws {
    let empty = try withReader([0x00]) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readMapBegin() }.value
    #expect(empty == ThriftMapHeader(keyType: nil, valueType: nil, count: 0))
    // map<binary, i32> { "a": 1, "b": -1 }
    let bytes: [UInt8] = [0x02, 0x85, 0x01, 0x61, 0x02, 0x01, 0x62, 0x01]
    let (pairs, consumed) = try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in
      let header = try r.readMapBegin()
      #expect(header.keyType == .binary && header.valueType == .i32)
      var pairs: [String: Int32] = [:]
      for _ in 0..<header.count { pairs[try r.readString()] = try r.readI32() }
      return pairs
    }
    #expect(pairs == ["a": 1, "b": -1])
    #expect(consumed == bytes.count)
    let huge: [UInt8] = [0xFF, 0xFF, 0x03, 0x88, 0x00]
    let error = #expect(throws: ParquetError.self) {
      try withReader(huge) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.readMapBegin() }
    }
    #expect(isTruncated(error))
  }

  // MARK: Skipping

  @Test func skipsEveryTypeAndStopsAtTheRightByte() throws {
    let value: [UInt8] = written { w in
      let mark = w.writeStructBegin()
      w.writeBoolField(1, true)
      w.writeI8Field(2, -3)
      w.writeI16Field(3, -300)
      w.writeI32Field(4, 1 << 30)
      w.writeI64Field(5, .min)
      w.writeDoubleField(6, 2.5)
      w.writeStringField(7, "skipped")
      w.writeFieldBegin(8, .list)
      w.writeListBegin(.list, count: 2)
      w.writeListBegin(.bool, count: 3)
      for b in [true, false, true] { w.writeBool(b) }
      w.writeListBegin(.double, count: 0)
      w.writeFieldBegin(9, .set)
      w.writeSetBegin(.binary, count: 1)
      w.writeBinary([1, 2, 3])
      w.writeFieldBegin(10, .map)
      w.writeMapBegin(keyType: .i32, valueType: .struct, count: 2)
      for key: Int32 in [1, 2] {
        w.writeI32(key)
        let inner = w.writeStructBegin()
        w.writeBoolField(1, false)
        w.writeFieldBegin(2, .map)
        w.writeMapBegin(keyType: .bool, valueType: .bool, count: 1)
        w.writeBool(true)
        w.writeBool(false)
        w.writeStructEnd(inner)
      }
      w.writeFieldBegin(11, .map)
      w.writeMapBegin(keyType: .i64, valueType: .i64, count: 0)
      w.writeFieldBegin(12, .uuid)
      w.writeByte(0)  // 16 raw bytes
      for _ in 0..<15 { w.writeByte(0xAB) }
      w.writeStructEnd(mark)
    }
    let trailer: [UInt8] = [0x99]
    let consumed = try withReader(value + trailer) { (r: inout ThriftCompactReader) throws(ParquetError) in
      try r.skip(.struct)
    }.consumed
    #expect(consumed == value.count)
  }

  @Test func skipDepthIsBounded() {
    // 100 nested structs: { 1: { 1: { ... } } }, cut off at the innermost.
    let nestedStructs: [UInt8] = Array(repeating: 0x1C, count: 100) + Array(repeating: 0x00, count: 101)
    let structError = #expect(throws: ParquetError.self) {
      try withReader(nestedStructs) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.skip(.struct) }
    }
    #expect(isCorrupt(structError))
    // 100 nested single-element lists.
    let nestedLists: [UInt8] = Array(repeating: 0x19, count: 100) + [0x00]
    let listError = #expect(throws: ParquetError.self) {
      try withReader(nestedLists) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.skip(.list) }
    }
    #expect(isCorrupt(listError))
    // 100 nested maps, each { i8 0: map ... }.
    let nestedMaps: [UInt8] = Array(repeating: [0x01, 0x3B, 0x00] as [UInt8], count: 100).flatMap { $0 } + [0x00]
    let mapError = #expect(throws: ParquetError.self) {
      try withReader(nestedMaps) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.skip(.map) }
    }
    #expect(isCorrupt(mapError))
  }

  @Test func skipWithinDepthLimitSucceeds() throws {
    let depth = 60
    let nested: [UInt8] = Array(repeating: 0x1C, count: depth) + Array(repeating: 0x00, count: depth + 1)
    let consumed = try withReader(nested) { (r: inout ThriftCompactReader) throws(ParquetError) in try r.skip(.struct) }.consumed
    #expect(consumed == nested.count)
  }

  @Test func emptyStructUnion() throws {
    // { 2: {} } → 2; {} → 0; { 1: i32 = 1, 3: { 1: i32 = 7 } } → 3, with the inner field skipped.
    #expect(try withReader([0x2C, 0x00, 0x00]) { (r: inout ThriftCompactReader) throws(ParquetError) in
      try r.readEmptyStructUnion()
    }.value == 2)
    #expect(try withReader([0x00]) { (r: inout ThriftCompactReader) throws(ParquetError) in
      try r.readEmptyStructUnion()
    }.value == 0)
    let bytes: [UInt8] = [0x15, 0x02, 0x2C, 0x15, 0x0E, 0x00, 0x00]
    let (id, consumed) = try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in
      try r.readEmptyStructUnion()
    }
    #expect(id == 3)
    #expect(consumed == bytes.count)
  }
}
