// Output sinks: files written with write(2), errors carry the destination, writers by format name.
import Foundation
import Testing
import TarnCore
@testable import TarnFormats

@Test func fileSinkWritesAndCloses() throws {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("tarn-sink-\(getpid()).ndjson").path
  defer { try? FileManager.default.removeItem(atPath: path) }
  let sink = try FileOutputSink(path: path)
  let b = batch(["a": fixed(.int64, (0..<100_000).map { Int64($0) })])
  var writer = NDJSONWriter(schema: b.schema, sink: sink, flushThreshold: 4096)
  try writer.write(b)
  try writer.finish()
  try sink.close()
  let written = try String(contentsOfFile: path, encoding: .utf8)
  #expect(written == (0..<100_000).map { "{\"a\":\($0)}\n" }.joined())
  // Writing after close fails with EBADF and names the file.
  #expect(throws: OutputError(.system(call: "write", errno: EBADF), destination: path)) {
    try sink.write(contentsOf: [0x41])
  }
}

@Test func openFailureNamesThePath() {
  #expect(throws: OutputError(.system(call: "open", errno: ENOENT), destination: "/nonexistent-dir/x.csv")) {
    _ = try FileOutputSink(path: "/nonexistent-dir/x.csv")
  }
}

@Test func writersByFormatName() throws {
  let b = batch(["a": fixed(.int32, [Int32(1)]), "b": strings(["x"])])
  var texts: [OutputFormat: String] = [:]
  for format in OutputFormat.allCases {
    let sink = MemoryOutputSink()
    var writer = format.makeWriter(schema: b.schema, sink: sink)
    try writer.write(b)
    try writer.finish()
    texts[format] = sink.text
  }
  #expect(texts[.ndjson] == "{\"a\":1,\"b\":\"x\"}\n")
  #expect(texts[.json] == "[{\"a\":1,\"b\":\"x\"}]\n")
  #expect(texts[.csv] == "a,b\n1,x\n")
  #expect(texts[.tsv] == "a\tb\n1\tx\n")
  #expect(texts[.markdown] == "| a | b |\n| --- | --- |\n| 1 | x |\n")
  #expect(texts[.box]?.hasPrefix("┌───────┬─────────┐\n") == true)
  #expect(OutputFormat(rawValue: "ndjson") == .ndjson)
}
