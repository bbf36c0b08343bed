// `tarn convert IN… OUT`: reads CSV/TSV/JSON or Parquet batch by batch and writes Parquet, CSV, TSV or JSON, atomically.
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import TarnCore
import TarnFormats
import TarnParquet

struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert CSV/TSV/JSON (plain, gzip, zstd, lz4) or Parquet files to Parquet, CSV, TSV, NDJSON or JSON.",
    discussion: """
      The last path is the output; its extension picks the format (.parquet, .csv, .tsv, .ndjson/.jsonl, .json).
      Several inputs or globs ('raw/*.csv.gz') are united by column name. With --print-schema every path is an input.
      """)

  @Argument(help: "Input files or globs, then the output file.") var paths: [String]
  @Option(help: "Parquet compression: zstd, snappy, gzip, lz4, brotli or none.") var compression = "zstd"
  @Option(help: "Compression level (zstd, gzip, brotli).") var compressionLevel: Int?
  @Option(help: "Rows per row group.") var rowGroupSize: Int?
  @Option(help: "Data page version: 1 or 2.") var pageVersion = 1
  @Option(help: "Comma-separated columns to give a Bloom filter.") var bloomFilter: String?
  @Option(help: "Comma-separated columns: write a hive layout OUT/col=value/part-0.parquet.") var partitionBy: String?
  @Option(help: "CSV field delimiter (one character; \\t for tab). Default: detected.") var delimiter: String?
  @Flag(inversion: .prefixedNo, help: "Whether the CSV's first row is a header. Default: detected.") var header: Bool?
  @Option(help: "Fixed column types, e.g. id=BIGINT,day=DATE. Values that do not fit are errors.") var types: String?
  @Option(help: "A CSV field equal to this is NULL (default: the empty field).") var nullstr: [String] = []
  @Option(parsing: .unconditional, help: "Rows sampled to sniff types (-1: the whole file).") var sampleSize: Int?
  @Flag(help: "Print the detected dialect and schema, and convert nothing.") var printSchema = false
  @Option(help: "On a row that cannot be read: fail (default; no output) or skip (drop it and report).") var onError = "fail"
  @Option(help: "With --on-error skip: write the dropped rows' file, line and reason to this CSV.") var rejects: String?
  @Option(help: "Worker threads for reading (default: every core).") var threads: Int?

  func run() throws {
    try reportingFailures {
      boundPooledMemory()
      let readOptions = try makeReadOptions()
      if printSchema {
        guard !paths.isEmpty else { throw ValidationError("give at least one input") }
        var input = try openConvertInput(paths, options: readOptions)
        writeStandardOutput(try describeSchema(&input))
        return
      }
      guard paths.count >= 2 else { throw ValidationError("give one or more inputs and an output") }
      let inputs = Array(paths.dropLast())
      let output = paths.last!
      var writerOptions = try makeWriterOptions()
      let keys = (partitionBy ?? "").split(separator: ",").map { String($0).trimmingSpaces }
      InputProgress.reset()
      var input = try openConvertInput(inputs, options: readOptions)
      writerOptions.keyValueMetadata = input.keyValueMetadata
      let progress = ConvertProgress(totalBytes: totalSize(inputs))
      var rows = 0
      // Widen and read again: when a value past the sample needs a wider type after batches were written,
      // the partial output is dropped and the conversion starts over with the wider schema.
      var restarts = 0
      reading: while true {
        var schema = input.schema
        var sink = try openConvertOutput(output, schema: schema, options: writerOptions, partitionBy: keys)
        do {
          rows = 0
          while let batch = try input.next() {
            if batch.schema != schema {
              // The reader widened a type before or after returning rows: start the output again.
              sink.abort()
              schema = batch.schema
              if rows > 0 {
                restarts += 1
                guard restarts <= 64 else { throw ConvertFailure("internal error (a bug in Tarn): the input schema kept changing") }
                InputProgress.reset()
                try input.restart()
                continue reading
              }
              sink = try openConvertOutput(output, schema: schema, options: writerOptions, partitionBy: keys)
            }
            try sink.write(batch)
            rows += batch.count
            progress?.update(rows: rows)
          }
          try sink.finish()
          break
        } catch let error as FormatError where CSVReaderRestart.isWidening(error) {
          sink.abort()
          restarts += 1
          guard restarts <= 64 else { throw error }
          InputProgress.reset()
          try input.restart()
        } catch {
          sink.abort()
          progress?.clear()
          throw error
        }
      }
      progress?.clear()
      try reportRejects(input)
    }
  }

  private func makeReadOptions() throws -> ConvertReadOptions {
    var options = ConvertReadOptions()
    // Batches of 16K rows: blocks of about 1.6 MB, so the blocks and batches in flight between the reader's
    // threads and the writer stay small, and string buffers stay in small pooled block classes
    // (Benchmarks/convert_bench.py, peak RSS).
    options.csv.batchSize = 16_384
    options.json.batchSize = 16_384
    if let delimiter {
      let bytes = delimiter == "\\t" || delimiter == "tab" ? [UInt8(9)] : Array(delimiter.utf8)
      guard bytes.count == 1 else { throw ValidationError("--delimiter must be one character (or \\t)") }
      options.csv.delimiter = bytes[0]
    }
    options.csv.header = header
    for assignment in (types ?? "").split(separator: ",") {
      guard let (name, type) = DataTypeOverride.parseAssignment(String(assignment).trimmingSpaces) else {
        throw ValidationError("--types: '\(assignment)' is not col=TYPE with a type of BOOLEAN, BIGINT, DOUBLE, DECIMAL(p,s), DATE, TIME, TIMESTAMP, TIMESTAMPTZ or VARCHAR")
      }
      options.csv.columnTypes[name] = type
    }
    if !nullstr.isEmpty { options.csv.nullStrings = nullstr }
    if let sampleSize {
      guard sampleSize != 0 else { throw ValidationError("--sample-size must be positive, or -1 for the whole file") }
      options.csv.sampleRows = sampleSize < 0 ? nil : sampleSize
      options.json.sampleRows = options.csv.sampleRows
    }
    switch onError {
    case "fail": guard rejects == nil else { throw ValidationError("--rejects needs --on-error skip") }
    case "skip": options.csv.errorPolicy = .skip(keepingFirst: rejects == nil ? 20 : Int.max)
    default: throw ValidationError("--on-error must be fail or skip")
    }
    if let threads {
      guard threads > 0 else { throw ValidationError("--threads must be positive") }
      options.csv.threads = threads
      options.json.threads = threads
    }
    return options
  }

  private func makeWriterOptions() throws -> ParquetWriterOptions {
    guard let codec = ParquetCompression(name: compression) else {
      throw ValidationError("unknown compression '\(compression)'; use zstd, snappy, gzip, lz4, brotli or none")
    }
    var options = ParquetWriterOptions()
    options.compression = codec
    options.compressionLevel = compressionLevel
    // Row groups of at most 16 MiB of encoded data bound the writer's share of a conversion's peak memory
    // whatever the input size (Benchmarks/convert_bench.py, Benchmarks/README.md); --row-group-size still
    // caps the rows.
    options.rowGroupBytes = 16 << 20
    if let rowGroupSize {
      guard rowGroupSize > 0 else { throw ValidationError("--row-group-size must be positive") }
      options.rowGroupRows = rowGroupSize
    }
    guard pageVersion == 1 || pageVersion == 2 else { throw ValidationError("--page-version must be 1 or 2") }
    options.dataPageVersion = pageVersion == 1 ? .v1 : .v2
    for column in (bloomFilter ?? "").split(separator: ",") {
      options.bloomFilterColumns[String(column)] = ParquetWriterOptions.defaultBloomFilterFPP
    }
    options.createdBy = "tarn version \(Tarn.version)"
    return options
  }

  /// Reports rows dropped under `--on-error skip` on stderr, and writes them to `--rejects`.
  private func reportRejects(_ input: any ConvertInput) throws {
    guard onError == "skip" else { return }
    let count = input.rejectedRowCount
    // Ragged rows and misfit values are collected separately per block: report them in file order.
    var fileOrder: [String: Int] = [:]
    for row in input.rejectedRows where fileOrder[row.file] == nil { fileOrder[row.file] = fileOrder.count }
    let rejectedRows = input.rejectedRows.sorted { (fileOrder[$0.file]!, $0.line) < (fileOrder[$1.file]!, $1.line) }
    if count > 0 {
      writeStandardError("tarn: skipped \(count) row\(count == 1 ? "" : "s") that could not be read\n")
      for row in rejectedRows.prefix(rejects == nil ? 5 : 0) {
        writeStandardError("  \(row.file):\(row.line): \(row.reason)\n")
      }
    }
    guard let rejects else { return }
    var out = TextConvertOutput.rejectsHeader
    for row in rejectedRows {
      out += [row.file, String(row.line), row.reason].map(csvQuoted).joined(separator: ",") + "\n"
    }
    try writeFileAtomically(rejects, out)
  }

  private func totalSize(_ patterns: [String]) -> Int {
    ((try? FileGlob.expand(patterns)) ?? []).reduce(0) { total, path in
      var info = stat()
      return total + (stat(path, &info) == 0 ? Int(info.st_size) : 0)
    }
  }
}

extension TextConvertOutput {
  static let rejectsHeader = "file,line,reason\n"
}

/// Bounds the buffer blocks kept for reuse to about two row groups' worth: convert streams, so blocks beyond
/// what the batches and row groups in flight need would only raise peak RSS (10M rows, measured with power-of-two
/// classes: 291 MB with the 1 GiB default, 257 MB with 64 MiB; Benchmarks/convert_bench.py).
func boundPooledMemory() {
  BlockPool.shared.limit = 64 << 20
}

/// Recognizes the error that asks for a re-read with wider types.
enum CSVReaderRestart {
  static func isWidening(_ error: FormatError) -> Bool {
    if case .schemaWidened = error.reason { return true }
    return false
  }
}

/// `text` as one CSV field, quoted when it needs to be.
func csvQuoted(_ text: String) -> String {
  guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
  return "\"" + text.replacingAll("\"", "\"\"") + "\""
}

/// Writes `text` to `path` through a temporary file and a rename.
func writeFileAtomically(_ path: String, _ text: String) throws {
  let output = try AtomicTextOutput(path: path)
  try output.sink.write(contentsOf: Array(text.utf8))
  try output.commit()
}

func writeStandardOutput(_ text: String) { writeAll(to: 1, text) }

extension String {
  var trimmingSpaces: String {
    String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }

  func replacingAll(_ target: Character, _ replacement: String) -> String {
    var out = ""
    for c in self { if c == target { out += replacement } else { out.append(c) } }
    return out
  }
}
