// NDJSONWriter: exact bytes for every type, NULL at every level, dictionaries, escapes; output parses back as JSON.
import Foundation
import Testing
import TarnCore
@testable import TarnFormats

func ndjson(_ batches: [RecordBatch], flushThreshold: Int = 1 << 20) throws -> String {
  try output(batches) { NDJSONWriter(schema: batches[0].schema, sink: $0, flushThreshold: flushThreshold) }
}

/// Parses every line with JSONSerialization; returns the objects.
func parseLines(_ text: String) throws -> [[String: Any]] {
  try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
    return try #require(object as? [String: Any])
  }
}

@Test func integersAndBooleans() throws {
  let b = batch([
    "i8": fixed(.int8, [Int8.min, nil, 7]),
    "i16": fixed(.int16, [Int16.min, 0, nil]),
    "i32": fixed(.int32, [Int32.max, -1, 0]),
    "i64": fixed(.int64, [Int64.min, Int64.max, nil]),
    "u8": fixed(.uint8, [UInt8.max, 0, 1]),
    "u16": fixed(.uint16, [UInt16.max, nil, 1]),
    "u32": fixed(.uint32, [UInt32.max, 0, 1]),
    "u64": fixed(.uint64, [UInt64.max, 0, nil]),
    "b": vector(.boolean) { $0.append(true); $0.append(false); $0.appendNull() },
  ])
  let text = try ndjson([b])
  #expect(text == """
    {"i8":-128,"i16":-32768,"i32":2147483647,"i64":-9223372036854775808,"u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615,"b":true}
    {"i8":null,"i16":0,"i32":-1,"i64":9223372036854775807,"u8":0,"u16":null,"u32":0,"u64":0,"b":false}
    {"i8":7,"i16":null,"i32":0,"i64":null,"u8":1,"u16":1,"u32":1,"u64":null,"b":null}

    """)
  let rows = try parseLines(text)
  #expect(rows.count == 3)
  #expect((rows[0]["u64"] as? NSNumber)?.uint64Value == UInt64.max)
  #expect(rows[2]["b"] is NSNull)
}

@Test func floatsWithNaNAndInfinities() throws {
  let b = batch([
    "f": fixed(.float32, [Float(0.1), .nan, .infinity, nil]),
    "d": fixed(.float64, [0.30000000000000004, -.infinity, 1e-7, -0.0]),
  ])
  let text = try ndjson([b])
  #expect(text == """
    {"f":0.1,"d":0.30000000000000004}
    {"f":"NaN","d":"-Infinity"}
    {"f":"Infinity","d":1e-07}
    {"f":null,"d":-0.0}

    """)
  let rows = try parseLines(text)
  #expect(rows[1]["f"] as? String == "NaN")
  #expect((rows[2]["d"] as? NSNumber)?.doubleValue == 1e-7)
}

@Test func decimalsAsExactNumbers() throws {
  let big = Int128("-12345678901234567890123456789012345678")!
  let b = batch([
    "d2": fixed(.decimal(precision: 10, scale: 2), [Int64(100), -5, 0, nil]),
    "d0": fixed(.decimal(precision: 18, scale: 0), [Int64(42), -42, 0, 999_999_999_999_999_999]),
    "d38": fixed(.decimal(precision: 38, scale: 10), [big, Int128(1), Int128(0), nil]),
    "d3": fixed(.decimal(precision: 5, scale: 3), [Int64(-5), 5, 12345, -12345]),
  ])
  let text = try ndjson([b])
  #expect(text == """
    {"d2":1.00,"d0":42,"d38":-1234567890123456789012345678.9012345678,"d3":-0.005}
    {"d2":-0.05,"d0":-42,"d38":0.0000000001,"d3":0.005}
    {"d2":0.00,"d0":0,"d38":0.0000000000,"d3":12.345}
    {"d2":null,"d0":999999999999999999,"d38":null,"d3":-12.345}

    """)
  #expect(try parseLines(text).count == 4)
}

@Test func stringsAreEscapedAndRepaired() throws {
  let values: [String?] = ["plain", "quote \" backslash \\ slash /", "tab\tnew\nline\rcr", "\u{01}\u{1F}\u{7F}", "héllo wörld 日本 🎉", "", nil]
  var column = strings(values)
  // Append ill-formed UTF-8 rows by hand.
  var builder = VectorBuilder(type: .string)
  for value in values { if let value { builder.append(string: value) } else { builder.appendNull() } }
  let illFormed: [[UInt8]] = [[0x61, 0xFF, 0x62], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x8E], [0xC0, 0xAF]]
  for bytes in illFormed { bytes.withUnsafeBytes { builder.append(bytes: $0) } }
  column = builder.finish()
  let text = try ndjson([batch(["s": column])])
  #expect(text == #"""
    {"s":"plain"}
    {"s":"quote \" backslash \\ slash /"}
    {"s":"tab\tnew\nline\rcr"}
    {"s":"\u0001\u001f\#u{7F}"}
    {"s":"héllo wörld 日本 🎉"}
    {"s":""}
    {"s":null}
    {"s":"a�b"}
    {"s":"�"}
    {"s":"���"}
    {"s":"�"}
    {"s":"��"}

    """#)
  let rows = try parseLines(text)
  for (index, value) in values.enumerated() {
    #expect((rows[index]["s"] as? String) == value)
  }
  for (index, bytes) in illFormed.enumerated() {
    #expect((rows[values.count + index]["s"] as? String) == String(decoding: bytes, as: UTF8.self))
  }
}

@Test func randomBytesMatchStandardLibraryRepair() throws {
  var state: UInt64 = 2024
  var samples: [[UInt8]] = []
  for _ in 0..<500 {
    var bytes: [UInt8] = []
    for _ in 0..<Int(state % 24) {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      // Bias toward interesting bytes: ASCII, control, continuation, lead bytes.
      let pick = UInt8(truncatingIfNeeded: state >> 56)
      bytes.append(pick)
    }
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    samples.append(bytes)
  }
  let text = try ndjson([batch(["s": binaryAsString(samples)])])
  let rows = try parseLines(text)
  for (index, bytes) in samples.enumerated() {
    #expect((rows[index]["s"] as? String) == String(decoding: bytes, as: UTF8.self), "seed 2024, sample \(index): \(bytes)")
  }
}

/// A string vector holding arbitrary (possibly ill-formed) bytes.
func binaryAsString(_ values: [[UInt8]]) -> ColumnVector {
  vector(.string) { b in for value in values { value.withUnsafeBytes { b.append(bytes: $0) } } }
}

@Test func binaryTemporalUUIDAndInterval() throws {
  let uuid: [UInt8] = [0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78]
  let b = batch([
    "bin": binary([[0x00, 0xFF, 0x10], [], nil]),
    "fixed": fixedBytes(.fixedBinary(2), [[0x61, 0x62], nil, [0xFF, 0xFF]]),
    "u": fixedBytes(.uuid, [uuid, nil, [UInt8](repeating: 0, count: 16)]),
    "d": fixed(.date, [Int32(-1), 0, nil]),
    "t": fixed(.time(.millisecond), [Int64(3_723_500), nil, 0]),
    "ts": fixed(.timestamp(.microsecond, isAdjustedToUTC: true), [Int64(-1), 0, nil]),
    "iv": fixedBytes(.interval, [intervalBytes(months: 14, days: 3, micros: 14_706_700_000), nil, intervalBytes(months: 0, days: 0, micros: 0)]),
    "n": vector(.null) { for _ in 0..<3 { $0.appendNull() } },
  ])
  let text = try ndjson([b])
  #expect(text == """
    {"bin":"AP8Q","fixed":"YWI=","u":"12345678-1234-5678-1234-567812345678","d":"1969-12-31","t":"01:02:03.500","ts":"1969-12-31 23:59:59.999999+00","iv":"1 year 2 months 3 days 04:05:06.7","n":null}
    {"bin":"","fixed":null,"u":null,"d":"1970-01-01","t":null,"ts":"1970-01-01 00:00:00+00","iv":null,"n":null}
    {"bin":null,"fixed":"//8=","u":"00000000-0000-0000-0000-000000000000","d":null,"t":"00:00:00","ts":null,"iv":"00:00:00","n":null}

    """)
  #expect(try parseLines(text).count == 3)
}

@Test func timestampsInEachUnit() throws {
  let b = batch([
    "s": fixed(.timestamp(.second, isAdjustedToUTC: false), [Int64(-86_401), Int64.max]),
    "ms": fixed(.timestamp(.millisecond, isAdjustedToUTC: false), [Int64(-1), 1_577_934_245_123]),
    "us": fixed(.timestamp(.microsecond, isAdjustedToUTC: false), [Int64.min, 9_089_348_860_800_000_000]),
    "ns": fixed(.timestamp(.nanosecond, isAdjustedToUTC: true), [Int64.min, 1]),
  ])
  let text = try ndjson([b])
  #expect(text == """
    {"s":"1969-12-30 23:59:59","ms":"1969-12-31 23:59:59.999","us":"-290308-12-21 19:59:05.224192","ns":"1677-09-21 00:12:43.145224192+00"}
    {"s":"292277026596-12-04 15:30:07","ms":"2020-01-02 03:04:05.123","us":"290000-01-01 00:00:00","ns":"1970-01-01 00:00:00.000000001+00"}

    """)
}

@Test func nestedValuesWithNullsAtEveryLevel() throws {
  // list<int32>: [1, NULL, 3], NULL, []
  let list = vector(.list(Field("element", .int32))) { b in
    b.children[0].append(Int32(1)); b.children[0].appendNull(); b.children[0].append(Int32(3)); b.closeListRow()
    b.appendNull()
    b.closeListRow()
  }
  // struct<a: int32, b: string>: {1, "x"}, {NULL, NULL}, NULL
  let structType = DataType.structure([Field("a", .int32), Field("b\"q", .string)])
  let structure = vector(structType) { b in
    b.children[0].append(Int32(1)); b.children[1].append(string: "x"); b.closeStructRow()
    b.children[0].appendNull(); b.children[1].appendNull(); b.closeStructRow()
    b.appendNull()
  }
  // map<int32, string>: {1: "a", 2: NULL}, {}, NULL
  let map = vector(.map(key: Field("key", .int32, isNullable: false), value: Field("value", .string))) { b in
    b.children[0].children[0].append(Int32(1)); b.children[0].children[1].append(string: "a"); b.children[0].closeStructRow()
    b.children[0].children[0].append(Int32(2)); b.children[0].children[1].appendNull(); b.children[0].closeStructRow()
    b.closeListRow()
    b.closeListRow()
    b.appendNull()
  }
  // list<struct<k: string, v: list<int64>>>
  let inner = DataType.structure([Field("k", .string), Field("v", .list(Field("element", .int64)))])
  let deep = vector(.list(Field("element", inner))) { b in
    b.children[0].children[0].append(string: "p")
    b.children[0].children[1].children[0].append(Int64(5)); b.children[0].children[1].closeListRow()
    b.children[0].closeStructRow()
    b.children[0].appendNull()
    b.closeListRow()
    b.closeListRow()
    b.appendNull()
  }
  let text = try ndjson([batch(["l": list, "s": structure, "m": map, "deep": deep])])
  #expect(text == #"""
    {"l":[1,null,3],"s":{"a":1,"b\"q":"x"},"m":{"1":"a","2":null},"deep":[{"k":"p","v":[5]},null]}
    {"l":null,"s":{"a":null,"b\"q":null},"m":{},"deep":[]}
    {"l":[],"s":null,"m":null,"deep":null}

    """#)
  let rows = try parseLines(text)
  #expect((rows[0]["m"] as? [String: Any])?["1"] as? String == "a")
}

@Test func mapsWithStringAndNestedKeys() throws {
  let stringKeys = vector(.map(key: Field("key", .string), value: Field("value", .float64))) { b in
    b.children[0].children[0].append(string: "a\"b"); b.children[0].children[1].append(1.5); b.children[0].closeStructRow()
    b.closeListRow()
  }
  let listKeys = vector(.map(key: Field("key", .list(Field("element", .string))), value: Field("value", .boolean))) { b in
    b.children[0].children[0].children[0].append(string: "x\"y"); b.children[0].children[0].closeListRow()
    b.children[0].children[1].append(true); b.children[0].closeStructRow()
    b.closeListRow()
  }
  let text = try ndjson([batch(["s": stringKeys, "l": listKeys])])
  #expect(text == #"""
    {"s":{"a\"b":1.5},"l":{"[x\"y]":true}}

    """#)
  #expect(try parseLines(text).count == 1)
}

@Test func dictionaryEncodedColumnsAtAnyLevel() throws {
  let words = strings(["research", "casual", nil])
  let top = dictionaryEncoded(words, [1, nil, 0, 2])
  // A list whose elements are dictionary-encoded: [casual, research], [], [NULL], [research]
  let elements = dictionaryEncoded(words, [1, 0, 2, nil])
  let list = ColumnVector(
    type: .list(Field("element", .string)), count: 4, values: ByteBuffer(capacity: 0),
    offsets: ByteBuffer(copying: [Int64(0), 2, 2, 3, 4]), children: [elements])
  let ints = dictionaryEncoded(fixed(.int64, [Int64(10), 20]), [0, 1, 1, 0])
  let text = try ndjson([batch(["w": top, "l": list, "i": ints])])
  #expect(text == """
    {"w":"casual","l":["casual","research"],"i":10}
    {"w":null,"l":[],"i":20}
    {"w":"research","l":[null],"i":20}
    {"w":null,"l":[null],"i":10}

    """)
  #expect(try parseLines(text).count == 4)
}

@Test func emptyBatchesWriteNothing() throws {
  let empty = batch(["a": fixed(.int32, [Int32?]()), "b": strings([])])
  #expect(try ndjson([empty]) == "")
  #expect(try ndjson([empty, batch(["a": fixed(.int32, [Int32(1)]), "b": strings(["x"])]), empty]) == "{\"a\":1,\"b\":\"x\"}\n")
}

@Test func flushesInPiecesAcrossBatches() throws {
  let first = batch(["a": fixed(.int64, (0..<1000).map { Int64($0) })])
  let second = batch(["a": fixed(.int64, (1000..<1500).map { Int64($0) })])
  let text = try ndjson([first, second], flushThreshold: 64)
  let expected = (0..<1500).map { "{\"a\":\($0)}\n" }.joined()
  #expect(text == expected)
}

@Test func columnNamesAreEscaped() throws {
  let text = try ndjson([batch(["a\"b\\c\n": fixed(.int32, [Int32(1)]), "日本": fixed(.int32, [Int32(2)])])])
  #expect(text == #"{"a\"b\\c\n":1,"日本":2}"# + "\n")
  #expect(try parseLines(text)[0]["a\"b\\c\n"] as? Int == 1)
}

@Test func longStringsGrowTheBuffers() throws {
  let long = String(repeating: "ab\"c\u{1}é", count: 20_000)
  let text = try ndjson([batch(["s": strings([long, "x", long])])], flushThreshold: 1000)
  let rows = try parseLines(text)
  #expect(rows.count == 3)
  #expect(rows[0]["s"] as? String == long)
  #expect(rows[2]["s"] as? String == long)
  let csvText = try csv([batch(["s": strings([long])])])
  #expect(csvText == "s\n\"" + long.replacingOccurrences(of: "\"", with: "\"\"") + "\"\n")
}
