// The writer's exact bytes for known values, and writer-to-reader round trips of every primitive.

import Testing
@testable import TarnParquet

@Suite struct ThriftCompactWriterTests {
  @Test func knownEncodings() {
    #expect(written { $0.writeVarint(300) } == [0xAC, 0x02])
    #expect(written { $0.writeVarint(.max) } == Array(repeating: 0xFF, count: 9) + [0x01])
    #expect(written { $0.writeI32(-1) } == [0x01])
    #expect(written { $0.writeI32(Int32.min) } == [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
    #expect(written { $0.writeI16(-300) } == [0xD7, 0x04])
    #expect(written { $0.writeI64(Int64.min) } == Array(repeating: 0xFF, count: 9) + [0x01])
    #expect(written { $0.writeDouble(1.0) } == [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
    #expect(written { $0.writeString("abc") } == [0x03, 0x61, 0x62, 0x63])
    #expect(written { $0.writeListBegin(.i32, count: 3) } == [0x35])
    #expect(written { $0.writeListBegin(.i32, count: 15) } == [0xF5, 0x0F])
    #expect(written { $0.writeListBegin(.bool, count: 2) } == [0x21])
    #expect(written { $0.writeMapBegin(keyType: .binary, valueType: .i32, count: 0) } == [0x00])
    #expect(written { $0.writeMapBegin(keyType: .binary, valueType: .i32, count: 2) } == [0x02, 0x85])
  }

  @Test func fieldHeadersUseDeltasWhenTheyFit() {
    let bytes = written { w in
      let mark = w.writeStructBegin()
      w.writeI32Field(1, 5)  // delta 1
      w.writeI32Field(16, 5)  // delta 15: still short
      w.writeI32Field(32, 5)  // delta 16: long form
      w.writeBoolField(33, true)  // short, value in the type nibble
      w.writeBoolField(20, false)  // backwards: long form
      w.writeI32Field(-5, 0)  // negative id: long form
      w.writeStructEnd(mark)
    }
    #expect(bytes == [
      0x15, 0x0A,
      0xF5, 0x0A,
      0x05, 0x40, 0x0A,
      0x11,
      0x02, 0x28,
      0x05, 0x09, 0x00,
      0x00,
    ])
  }

  @Test func nilFieldsWriteNothing() {
    let bytes = written { w in
      let mark = w.writeStructBegin()
      w.writeI32Field(1, nil)
      w.writeStringField(2, nil)
      w.writeBoolField(3, nil)
      w.writeI64ListField(4, nil)
      w.writeStructField(5, Optional<Statistics>.none)
      w.writeI64Field(6, 1)
      w.writeStructEnd(mark)
    }
    #expect(bytes == [0x66, 0x02, 0x00])
  }

  @Test func primitivesRoundTrip() throws {
    var generator = SeededGenerator(seed: 0x7A12)
    var i64s: [Int64] = [0, 1, -1, .max, .min, 1 << 40, -(1 << 40)]
    var i32s: [Int32] = [0, 1, -1, .max, .min]
    var i16s: [Int16] = [0, 1, -1, .max, .min]
    var doubles: [Double] = [0, -0.0, 1.5, -1e300, .infinity, -.infinity, .leastNonzeroMagnitude]
    for _ in 0..<200 {
      i64s.append(Int64.random(in: .min ... .max, using: &generator))
      i32s.append(Int32.random(in: .min ... .max, using: &generator))
      i16s.append(Int16.random(in: .min ... .max, using: &generator))
      doubles.append(Double(bitPattern: generator.next()))
    }
    let strings = ["", "a", "héllo wörld", String(repeating: "x", count: 300)]
    let bytes = written { w in
      for v in i64s { w.writeI64(v) }
      for v in i32s { w.writeI32(v) }
      for v in i16s { w.writeI16(v) }
      for v in doubles { w.writeDouble(v) }
      for v in strings { w.writeString(v) }
      for v: Int8 in [.min, -1, 0, .max] { w.writeI8(v) }
      for v in [true, false] { w.writeBool(v) }
    }
    let (decoded, consumed) = try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in
      var a: [Int64] = [], b: [Int32] = [], c: [Int16] = [], d: [Double] = [], e: [String] = [], f: [Int8] = []
      var g: [Bool] = []
      for _ in i64s { a.append(try r.readI64()) }
      for _ in i32s { b.append(try r.readI32()) }
      for _ in i16s { c.append(try r.readI16()) }
      for _ in doubles { d.append(try r.readDouble()) }
      for _ in strings { e.append(try r.readString()) }
      for _ in 0..<4 { f.append(try r.readI8()) }
      for _ in 0..<2 { g.append(try r.readBool()) }
      return (a, b, c, d.map(\.bitPattern), e, f, g)
    }
    #expect(decoded.0 == i64s)
    #expect(decoded.1 == i32s)
    #expect(decoded.2 == i16s)
    #expect(decoded.3 == doubles.map(\.bitPattern))
    #expect(decoded.4 == strings)
    #expect(decoded.5 == [.min, -1, 0, .max])
    #expect(decoded.6 == [true, false])
    #expect(consumed == bytes.count)
  }

  @Test func containersRoundTrip() throws {
    let longList = (0..<1000).map { Int64($0) * -7919 }
    let bytes = written { w in
      let mark = w.writeStructBegin()
      w.writeI64ListField(1, longList)
      w.writeBoolListField(2, [true, false, true, true])
      w.writeBinaryListField(3, [[], [0], [1, 2, 3]])
      w.writeStringListField(300, ["a", "bc"])
      w.writeI32ListField(301, [])
      w.writeStructEnd(mark)
    }
    let (fields, consumed) = try withReader(bytes) { (r: inout ThriftCompactReader) throws(ParquetError) in
      var result: [Int16: String] = [:]
      let mark = try r.readStructBegin()
      while let field = try r.readFieldBegin() {
        switch field.id {
        case 1: result[1] = "\(try r.readI64List() == longList)"
        case 2: result[2] = "\(try r.readBoolList())"
        case 3: result[3] = "\(try r.readBinaryList())"
        case 300: result[300] = "\(try r.readStringList())"
        case 301: result[301] = "\(try r.readI32List())"
        default: try r.skip(field.type)
        }
      }
      r.readStructEnd(mark)
      return result
    }
    #expect(fields == [
      1: "true", 2: "[true, false, true, true]", 3: "[[], [0], [1, 2, 3]]", 300: "[\"a\", \"bc\"]", 301: "[]",
    ])
    #expect(consumed == bytes.count)
  }
}
