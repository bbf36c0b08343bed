// Benchmarks for TarnFormats: gzip inflate (zlib vs libdeflate vs ISA-L) and CSV/JSON parse throughput.
//
//   tarn-formats-bench inflate FILE.gz [--runs N]
//   tarn-formats-bench csv FILE [--runs N] [--threads N]
//   tarn-formats-bench json FILE [--runs N] [--threads N]
//
// Throughput is MB/s (10^6 bytes) of decompressed input; best of N runs, median too.
#if canImport(Glibc)
import Glibc
#endif
import CDeflate
import CISAL
import CZlib
import TarnCore
import TarnFormats

func now() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func readWholeFile(_ path: String) -> [UInt8] {
  guard let f = fopen(path, "rb") else { fatalError("cannot open \(path)") }
  defer { fclose(f) }
  var result: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 1 << 20)
  while true {
    let n = fread(&chunk, 1, chunk.count, f)
    if n == 0 { break }
    result.append(contentsOf: chunk[0..<n])
  }
  return result
}

struct Timing {
  var best = Double.infinity
  var all: [Double] = []
  mutating func add(_ t: Double) {
    best = min(best, t)
    all.append(t)
  }
  var median: Double { all.sorted()[all.count / 2] }
  func report(_ label: String, bytes: Int) {
    let mb = Double(bytes) / 1e6
    print(
      "\(label + String(repeating: " ", count: max(0, 34 - label.count))) best \(String(format3(best)))s "
        + "\(Int(mb / best)) MB/s   median \(String(format3(median)))s \(Int(mb / median)) MB/s")
  }
}

func format3(_ x: Double) -> String {
  let v = (x * 1000).rounded() / 1000
  return String(v)
}

// MARK: inflate

/// zlib streaming inflate into a reused 4 MiB buffer; multi-member. Returns bytes produced.
func inflateZlib(_ input: [UInt8]) -> Int {
  var stream = z_stream()
  precondition(czlib_inflateInit2(&stream, 15 + 16) == Z_OK)
  defer { inflateEnd(&stream) }
  let outSize = 4 << 20
  let out = UnsafeMutablePointer<UInt8>.allocate(capacity: outSize)
  defer { out.deallocate() }
  var total = 0
  input.withUnsafeBufferPointer { inBuf in
    stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress!)
    stream.avail_in = UInt32(inBuf.count)
    while true {
      stream.next_out = out
      stream.avail_out = UInt32(outSize)
      let code = inflate(&stream, Z_NO_FLUSH)
      total += outSize - Int(stream.avail_out)
      if code == Z_STREAM_END {
        if stream.avail_in == 0 { break }
        inflateReset(&stream)
        continue
      }
      precondition(code == Z_OK || code == Z_BUF_ERROR, "zlib error \(code)")
      if code == Z_BUF_ERROR, stream.avail_in == 0 { break }
    }
  }
  return total
}

/// libdeflate whole-member decompression, member by member, into one buffer of the full output size.
func inflateLibdeflate(_ input: [UInt8], output: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
  let d = libdeflate_alloc_decompressor()!
  defer { libdeflate_free_decompressor(d) }
  var inOffset = 0
  var outOffset = 0
  input.withUnsafeBufferPointer { inBuf in
    while inOffset < inBuf.count {
      var consumed = 0
      var produced = 0
      let r = libdeflate_gzip_decompress_ex(
        d, inBuf.baseAddress! + inOffset, inBuf.count - inOffset, output + outOffset, capacity - outOffset,
        &consumed, &produced)
      precondition(r == LIBDEFLATE_SUCCESS, "libdeflate error \(r)")
      inOffset += consumed
      outOffset += produced
    }
  }
  return outOffset
}

/// TarnFormats' ISA-L source into a reused 4 MiB buffer.
func inflateISAL(_ input: [UInt8]) throws -> Int {
  let source = try openByteSource(bytes: input)
  let out = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 64)
  defer { out.deallocate() }
  var total = 0
  while true {
    let n = try source.read(into: out)
    total += n
    if n < out.count { break }
  }
  return total
}

func benchInflate(_ path: String, runs: Int) throws {
  let input = readWholeFile(path)
  let size = try inflateISAL(input)
  print("\(path): \(input.count) bytes gzip, \(size) bytes decompressed")
  let output = UnsafeMutablePointer<UInt8>.allocate(capacity: size + 1024)
  defer { output.deallocate() }
  var zlib = Timing()
  var libdeflate = Timing()
  var isal = Timing()
  for _ in 0..<runs {
    var t = now()
    precondition(inflateZlib(input) == size)
    zlib.add(now() - t)
    t = now()
    precondition(inflateLibdeflate(input, output: output, capacity: size + 1024) == size)
    libdeflate.add(now() - t)
    t = now()
    let produced = try inflateISAL(input)
    precondition(produced == size)
    isal.add(now() - t)
  }
  zlib.report("zlib inflate (streaming)", bytes: size)
  libdeflate.report("libdeflate (whole member)", bytes: size)
  isal.report("ISA-L isal_inflate (streaming)", bytes: size)
}

// MARK: CSV / JSON

func decompressedSize(_ path: String) throws -> Int {
  let source = try openByteSource(path: path)
  let out = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 64)
  defer { out.deallocate() }
  var total = 0
  while true {
    let n = try source.read(into: out)
    total += n
    if n < out.count { break }
  }
  return total
}

func benchCSV(_ path: String, runs: Int, threads: Int?) throws {
  let size = try decompressedSize(path)
  var options = CSVReadOptions()
  options.threads = threads
  var timing = Timing()
  var rowCount = 0
  var schema = Schema([])
  for _ in 0..<runs {
    let t = now()
    let reader = try CSVReader(path: path, options: options)
    var count = 0
    while let batch = try reader.next() { count += batch.count }
    timing.add(now() - t)
    rowCount = count
    schema = reader.schema
  }
  print("\(path): \(size) bytes, \(rowCount) rows, threads \(threads.map(String.init) ?? "all")")
  print(schema.fields.map { "\($0.name) \($0.type.sqlName)" }.joined(separator: ", "))
  timing.report("csv read (sniff + parse)", bytes: size)
}

func benchJSON(_ path: String, runs: Int, threads: Int?) throws {
  let size = try decompressedSize(path)
  var options = JSONReadOptions()
  options.threads = threads
  var timing = Timing()
  var rowCount = 0
  for _ in 0..<runs {
    let t = now()
    let reader = try JSONReader(path: path, options: options)
    var count = 0
    while let batch = try reader.next() { count += batch.count }
    timing.add(now() - t)
    rowCount = count
  }
  print("\(path): \(size) bytes, \(rowCount) rows, threads \(threads.map(String.init) ?? "all")")
  timing.report("json read (infer + parse)", bytes: size)
}

/// Prints a file's schema and rows as Tarn reads it (for eyeballing fixtures).
func dump(_ path: String) throws {
  let isJSON = path.contains(".json") || path.contains(".ndjson")
  let batches: [RecordBatch]
  let schema: Schema
  if isJSON {
    let reader = try JSONReader(path: path)
    batches = try reader.readAll()
    schema = reader.schema
    print(reader.plan.format)
  } else {
    let reader = try CSVReader(path: path)
    batches = try reader.readAll()
    schema = reader.schema
    print(reader.plan.dialect, "header:", reader.plan.hasHeader)
    if reader.rejectedRowCount > 0 { print("rejected:", reader.rejectedRowCount, reader.rejectedRows) }
  }
  print(schema.fields.map { "\($0.name) \($0.type.sqlName)" }.joined(separator: ", "))
  for batch in batches {
    for r in 0..<batch.count {
      print(batch.columns.map { c -> String in
        if c.isNull(r) { return "NULL" }
        switch c.type {
        case .string: return "'" + c.string(at: r) + "'"
        case .int64: return String(c.value(at: r, as: Int64.self))
        case .float64: return String(c.value(at: r, as: Double.self))
        case .boolean: return c.value(at: r, as: UInt8.self) == 1 ? "true" : "false"
        case .date: return "d" + String(c.value(at: r, as: Int32.self))
        case .decimal: return "dec" + String(c.value(at: r, as: Int128.self))
        case .list, .structure: return nested(c, r)
        default: return String(c.value(at: r, as: Int64.self))
        }
      }.joined(separator: " | "))
    }
  }
}

func nested(_ c: ColumnVector, _ r: Int) -> String {
  if c.isNull(r) { return "NULL" }
  switch c.type {
  case .list: return "[" + c.range(at: r).map { nested(c.children[0], $0) }.joined(separator: ", ") + "]"
  case .structure(let fields): return "{" + fields.indices.map { fields[$0].name + ": " + nested(c.children[$0], r) }.joined(separator: ", ") + "}"
  case .string: return "'" + c.string(at: r) + "'"
  case .int64: return String(c.value(at: r, as: Int64.self))
  case .float64: return String(c.value(at: r, as: Double.self))
  case .boolean: return c.value(at: r, as: UInt8.self) == 1 ? "true" : "false"
  default: return "?"
  }
}

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 5
var threads: Int? = nil
if let i = arguments.firstIndex(of: "--runs") {
  runs = Int(arguments[i + 1])!
  arguments.removeSubrange(i...(i + 1))
}
if let i = arguments.firstIndex(of: "--threads") {
  threads = Int(arguments[i + 1])!
  arguments.removeSubrange(i...(i + 1))
}
guard arguments.count == 2 else {
  print("usage: tarn-formats-bench inflate|csv|json FILE [--runs N] [--threads N]")
  exit(2)
}
do {
  switch arguments[0] {
  case "dump": try dump(arguments[1])
  case "inflate": try benchInflate(arguments[1], runs: runs)
  case "csv": try benchCSV(arguments[1], runs: runs, threads: threads)
  case "json": try benchJSON(arguments[1], runs: runs, threads: threads)
  default:
    print("unknown benchmark \(arguments[0])")
    exit(2)
  }
} catch {
  print("error: \(error)")
  exit(1)
}
