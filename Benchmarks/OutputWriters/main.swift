// Throughput of the result writers: 1M rows x 8 columns (int64, int32 with nulls, double, string, bool, date,
// timestamp, decimal) through every format into a counting sink; best of 5, wall time.
//
// Not wired into Package.swift. To run, make a scratch package whose Sources/TarnCore and Sources/TarnFormats
// are symlinks to this repository's, with this file as an executable target `bench` (flags: -target-cpu haswell),
// then `swift build -c release && .build/release/bench [all|ndjson|csv|…|columns|devnull]`.
// Measured 2026-11 on the shared 2-core dev VM: NDJSON 0.21 s (26 ns/value), CSV 0.21 s, Markdown 0.25 s;
// per column (NDJSON, ns/row): double 61, timestamp 45, string 32, date 26, int64 22, decimal 22, bool 14.
import TarnCore
import TarnFormats
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double { var ts = timespec(); clock_gettime(CLOCK_MONOTONIC, &ts); return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9 }

final class CountingSink: OutputSink {
  var total = 0
  func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) { total += bytes.count }
}

let rows = 1_000_000
let batchSize = 65_536
var batches: [RecordBatch] = []
nonisolated(unsafe) var state: UInt64 = 1
nonisolated func next() -> UInt64 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return state }
let words = ["alpha", "beta", "gamma", "delta \"quoted\"", "épsilon", "zeta", "eta", "theta"]
var start = 0
while start < rows {
  let n = min(batchSize, rows - start)
  var i64 = VectorBuilder(type: .int64, capacity: n)
  var i32 = VectorBuilder(type: .int32, capacity: n)
  var f64 = VectorBuilder(type: .float64, capacity: n)
  var s = VectorBuilder(type: .string, capacity: n)
  var b = VectorBuilder(type: .boolean, capacity: n)
  var d = VectorBuilder(type: .date, capacity: n)
  var ts = VectorBuilder(type: .timestamp(.microsecond, isAdjustedToUTC: false), capacity: n)
  var dec = VectorBuilder(type: .decimal(precision: 12, scale: 2), capacity: n)
  for r in 0..<n {
    let x = next()
    i64.append(Int64(bitPattern: x) >> 20)
    if r % 10 == 0 { i32.appendNull() } else { i32.append(Int32(truncatingIfNeeded: x >> 40)) }
    f64.append(Double(x >> 11) / Double(1 << 53) * 1000)
    s.append(string: words[Int(x >> 60) & 7])
    b.append((x & 1) == 1)
    d.append(Int32(truncatingIfNeeded: (x >> 30) % 30000))
    ts.append(Int64((x >> 8) % 2_000_000_000_000_000))
    dec.append(Int64(bitPattern: x) >> 28)
  }
  let cols = [i64.finish(), i32.finish(), f64.finish(), s.finish(), b.finish(), d.finish(), ts.finish(), dec.finish()]
  let schema = Schema(zip(["id", "n", "x", "word", "flag", "day", "at", "amount"], cols).map { Field($0.0, $0.1.type) })
  batches.append(RecordBatch(schema: schema, columns: cols, count: n))
  start += n
}
let schema = batches[0].schema
let which = CommandLine.arguments.dropFirst().first ?? "all"
for format in OutputFormat.allCases where which == "all" || which == format.rawValue {
  if format == .box { continue }
  var best = Double.infinity
  var bytes = 0
  for _ in 0..<5 {
    let sink = CountingSink()
    var writer = format.makeWriter(schema: schema, sink: sink)
    let t0 = now()
    for batch in batches { try writer.write(batch) }
    try writer.finish()
    best = min(best, now() - t0)
    bytes = sink.total
  }
  print("\(format.rawValue): \(best) s, \(bytes / 1_000_000) MB, \(best * 1e9 / Double(rows * 8)) ns/value")
}
if which == "columns" {
  for c in 0..<schema.count {
    let sub = batches.map { RecordBatch(schema: Schema([$0.schema.fields[c]]), columns: [$0.columns[c]], count: $0.count) }
    var best = Double.infinity
    for _ in 0..<5 {
      let sink = CountingSink()
      var writer = NDJSONWriter(schema: sub[0].schema, sink: sink)
      let t0 = now()
      for batch in sub { try writer.write(batch) }
      try writer.finish()
      best = min(best, now() - t0)
    }
    print("\(schema.fields[c].name) \(schema.fields[c].type): \(best * 1e9 / Double(rows)) ns/row")
  }
}
if which == "one" {
  let c = Int(CommandLine.arguments[2])!
  let sub = batches.map { RecordBatch(schema: Schema([$0.schema.fields[c]]), columns: [$0.columns[c]], count: $0.count) }
  let t0 = now()
  for _ in 0..<20 {
    let sink = CountingSink()
    var writer = NDJSONWriter(schema: sub[0].schema, sink: sink)
    for batch in sub { try writer.write(batch) }
    try writer.finish()
  }
  print("\(schema.fields[c].name): \((now() - t0) / 20 * 1e9 / Double(rows)) ns/row")
}
if which == "devnull" {
  var best = Double.infinity
  for _ in 0..<5 {
    let sink = try FileOutputSink(path: "/dev/null")
    var writer = NDJSONWriter(schema: schema, sink: sink)
    let t0 = now()
    for batch in batches { try writer.write(batch) }
    try writer.finish()
    best = min(best, now() - t0)
  }
  print("ndjson to /dev/null: \(best) s")
}
