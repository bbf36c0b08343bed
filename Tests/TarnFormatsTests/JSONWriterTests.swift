// JSONWriter: one valid JSON array across batches and flushes; `[]` for no rows.
import Foundation
import Testing
import TarnCore
@testable import TarnFormats

func json(_ batches: [RecordBatch], flushThreshold: Int = 1 << 20) throws -> String {
  try output(batches) { JSONWriter(schema: batches[0].schema, sink: $0, flushThreshold: flushThreshold) }
}

@Test func emptyResultIsAnEmptyArray() throws {
  let empty = batch(["a": fixed(.int32, [Int32?]())])
  #expect(try json([empty]) == "[]\n")
  #expect(try json([empty, empty]) == "[]\n")
  let parsed = try JSONSerialization.jsonObject(with: Data(try json([empty]).utf8))
  #expect((parsed as? [Any])?.isEmpty == true)
}

@Test func objectsAreSeparatedAcrossBatches() throws {
  let first = batch(["a": fixed(.int32, [Int32(1), nil]), "s": strings(["x", "y\"z"])])
  let empty = batch(["a": fixed(.int32, [Int32?]()), "s": strings([])])
  let second = batch(["a": fixed(.int32, [Int32(3)]), "s": strings([nil])])
  let text = try json([first, empty, second])
  #expect(text == #"""
    [{"a":1,"s":"x"},
    {"a":null,"s":"y\"z"},
    {"a":3,"s":null}]

    """#)
  let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
  #expect(parsed.count == 3)
  #expect(parsed[1]["s"] as? String == "y\"z")
}

@Test func staysValidWhenFlushedMidBatch() throws {
  let batches = [0..<1500, 1500..<1501, 1501..<4000].map { r in
    batch(["i": fixed(.int64, r.map { Int64($0) }), "f": fixed(.float64, r.map { Double($0) / 4 })])
  }
  let text = try json(batches, flushThreshold: 100)
  let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
  #expect(parsed.count == 4000)
  #expect((parsed[3999]["i"] as? NSNumber)?.intValue == 3999)
  #expect((parsed[3999]["f"] as? NSNumber)?.doubleValue == 999.75)
}

@Test func zeroColumnsWriteEmptyObjects() throws {
  let b = RecordBatch(schema: Schema([]), columns: [], count: 2)
  #expect(try json([b]) == "[{},\n{}]\n")
  #expect(try ndjson([b]) == "{}\n{}\n")
}
