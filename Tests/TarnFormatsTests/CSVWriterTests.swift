// CSVWriter: RFC 4180 quoting only when needed, NULL vs empty string, TSV, nested values as DuckDB prints them.
import Testing
import TarnCore
@testable import TarnFormats

func csv(_ batches: [RecordBatch], options: CSVWriter.Options = .init(), flushThreshold: Int = 1 << 20) throws -> String {
  try output(batches) { CSVWriter(schema: batches[0].schema, sink: $0, options: options, flushThreshold: flushThreshold) }
}

@Test func quotesOnlyWhenNeeded() throws {
  let b = batch([
    "s": strings(["", " a", "q\"q", "b ", "tab\tx", "x,y", "a\nb", "cr\rx", "plain", "é日本", nil]),
    "i": fixed(.int32, [Int32(1), 2, nil, 4, 5, 6, 7, 8, 9, -10, nil]),
  ])
  #expect(try csv([b]) == """
    s,i
    "",1
    " a",2
    "q""q",
    "b ",4
    tab\tx,5
    "x,y",6
    "a
    b",7
    "cr\rx",8
    plain,9
    é日本,-10
    ,

    """)
}

@Test func tabSeparated() throws {
  let list = vector(.list(Field("element", .int32))) { b in
    for v: Int32 in [1, 2, 3] { b.children[0].append(v) }
    b.closeListRow()
    b.appendNull()
  }
  let b = batch(["s": strings(["tab\tx", "x,y"]), "l": list])
  #expect(try csv([b], options: .init(delimiter: 0x09)) == "s\tl\n\"tab\tx\"\t[1, 2, 3]\nx,y\t\n")
}

@Test func headerNamesAreQuotedToo() throws {
  let b = batch(["a,b": fixed(.int32, [Int32(1)]), "say \"hi\"": fixed(.int32, [Int32(2)])])
  #expect(try csv([b]) == "\"a,b\",\"say \"\"hi\"\"\"\n1,2\n")
  #expect(try csv([b], options: .init(includesHeader: false)) == "1,2\n")
}

@Test func nullTextAndCRLF() throws {
  let b = batch(["s": strings(["", nil, "x"]), "d": fixed(.float64, [Double.nan, .infinity, -.infinity])])
  #expect(try csv([b], options: .init(nullText: "NULL", usesCRLF: true)) == "s,d\r\n,nan\r\nNULL,inf\r\nx,-inf\r\n")
}

@Test func everyScalarType() throws {
  let uuid: [UInt8] = Array(0..<16)
  let b = batch([
    "b": vector(.boolean) { $0.append(true); $0.append(false) },
    "u64": fixed(.uint64, [UInt64.max, 0]),
    "dec": fixed(.decimal(precision: 38, scale: 2), [Int128(-5), Int128(12345)]),
    "f": fixed(.float32, [Float(0.1), -2.5]),
    "bin": binary([[0x00, 0x41, 0x2C], [0x5C]]),
    "d": fixed(.date, [Int32(-719_529), 19_782]),
    "t": fixed(.time(.nanosecond), [Int64(1), 0]),
    "ts": fixed(.timestamp(.millisecond, isAdjustedToUTC: true), [Int64(-1), 0]),
    "u": fixedBytes(.uuid, [uuid, nil]),
    "iv": fixedBytes(.interval, [intervalBytes(months: 1, days: 1, micros: 1), intervalBytes(months: 0, days: 0, micros: 0)]),
  ])
  #expect(try csv([b]) == #"""
    b,u64,dec,f,bin,d,t,ts,u,iv
    true,18446744073709551615,-0.05,0.1,"\x00A,",-0001-12-31,00:00:00.000000001,1969-12-31 23:59:59.999+00,00010203-0405-0607-0809-0a0b0c0d0e0f,1 month 1 day 00:00:00.000001
    false,0,123.45,-2.5,\x5C,2024-02-29,00:00:00,1970-01-01 00:00:00+00,,00:00:00

    """#)
}

@Test func nestedValuesLikeDuckDB() throws {
  // DuckDB 1.1: [1, 2] / {'a': 1, 'b': x y} / {1=a, 2=NULL} / [{'k': v}] / [a, b c, NULL, ]
  let list = vector(.list(Field("element", .string))) { b in
    for s in ["a", "b c"] { b.children[0].append(string: s) }
    b.children[0].appendNull()
    b.children[0].append(string: "")
    b.closeListRow()
  }
  let structure = vector(.structure([Field("a", .int32), Field("b", .string)])) { b in
    b.children[0].append(Int32(1)); b.children[1].append(string: "x y"); b.closeStructRow()
  }
  let map = vector(.map(key: Field("key", .int32), value: Field("value", .string))) { b in
    b.children[0].children[0].append(Int32(1)); b.children[0].children[1].append(string: "a"); b.children[0].closeStructRow()
    b.children[0].children[0].append(Int32(2)); b.children[0].children[1].appendNull(); b.children[0].closeStructRow()
    b.closeListRow()
  }
  let listOfStructs = vector(.list(Field("element", .structure([Field("k", .string)])))) { b in
    b.children[0].children[0].append(string: "v"); b.children[0].closeStructRow()
    b.closeListRow()
  }
  let b = batch(["l": list, "s": structure, "m": map, "ls": listOfStructs])
  #expect(try csv([b], options: .init(delimiter: 0x09)) == "l\ts\tm\tls\n[a, b c, NULL, ]\t{'a': 1, 'b': x y}\t{1=a, 2=NULL}\t[{'k': v}]\n")
  #expect(try csv([b]) == "l,s,m,ls\n\"[a, b c, NULL, ]\",\"{'a': 1, 'b': x y}\",\"{1=a, 2=NULL}\",[{'k': v}]\n")
}

@Test func dictionaryColumnsAndFlushing() throws {
  let words = strings(["a,b", "c"])
  let batches = (0..<3).map { _ in batch(["w": dictionaryEncoded(words, (0..<1000).map { UInt32($0 % 2) })]) }
  let text = try csv(batches, flushThreshold: 10)
  #expect(text == "w\n" + String(repeating: "\"a,b\"\nc\n", count: 1500))
}

@Test func aBigBatchFormattedInPartsEqualsTheSameRowsInSmallBatches() throws {
  // 40,000 rows go through the parallel path (parts on all cores); 400-row batches through the serial one.
  let n = 40_000
  let texts = (0..<n).map { $0 % 11 == 0 ? nil : ($0 % 7 == 0 ? "x,\($0)" : "r\($0)") }
  let numbers = (0..<n).map { $0 % 13 == 0 ? nil : Double($0) / 8 }
  let big = batch(["s": strings(texts), "d": fixed(.float64, numbers)])
  var small: [RecordBatch] = []
  for start in stride(from: 0, to: n, by: 400) {
    small.append(batch(["s": strings(Array(texts[start..<(start + 400)])), "d": fixed(.float64, Array(numbers[start..<(start + 400)]))]))
  }
  let whole = try csv([big])
  #expect(whole == (try csv(small)))
  #expect(whole.split(separator: "\n", omittingEmptySubsequences: false).count == n + 2)
  // JSON arrays separate rows with ",\n": the first row of a later part needs its separator too.
  let json = try output([big]) { JSONWriter(schema: big.schema, sink: $0) }
  #expect(json == (try output(small) { JSONWriter(schema: big.schema, sink: $0) }))
}

/// Long fields are scanned eight bytes at a time: a byte that forces quoting is found at every position of fields
/// of 1 to 40 bytes, under either delimiter, and a field without one is left alone.
@Test func aByteThatForcesQuotingIsFoundAnywhereInALongField() throws {
  for delimiter: UInt8 in [0x2C, 0x09] {
    let cells = CSVCells(nullBytes: [], delimiter: delimiter, quote: 0x22, needsScan: [true])
    for length in 1...40 {
      let plain = [UInt8](repeating: 0x61, count: length)
      #expect(!plain.withUnsafeBufferPointer { cells.holdsSpecialByte($0) }, "\(length)")
      for special: UInt8 in [delimiter, 0x22, 0x0A, 0x0D] {
        for position in 0..<length {
          var field = plain
          field[position] = special
          #expect(field.withUnsafeBufferPointer { cells.holdsSpecialByte($0) }, "\(special) at \(position) of \(length)")
        }
      }
      // Bytes one away from a special one (borrows in the word test) are not special.
      var near = plain
      let neighbours = [delimiter &- 1, delimiter &+ 1, 0x21, 0x23, 0x09 ^ delimiter ^ 0x2C, 0x0B, 0x0C, 0x0E]
        .filter { ![delimiter, 0x22, 0x0A, 0x0D].contains($0) }
      for (i, byte) in neighbours.enumerated() where i < length {
        near[i] = byte
      }
      #expect(!near.withUnsafeBufferPointer { cells.holdsSpecialByte($0) }, "\(near)")
    }
  }
  let long = String(repeating: "x", count: 30)
  let b = batch(["s": strings([long, long + ",", "\"" + long, long + "\n" + long, long + "y"])])
  #expect(try csv([b]) == "s\n\(long)\n\"\(long),\"\n\"\"\"\(long)\"\n\"\(long)\n\(long)\"\n\(long)y\n")
}
