// `tarn decode FILE`: decodes every column of every row group into memory; the reader benchmark's unit of work.
import ArgumentParser
import TarnCore
import TarnParquet

struct DecodeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "decode",
    abstract: "Decode every column of a Parquet file into memory and print a summary (for benchmarks).",
    shouldDisplay: false)

  @Argument(help: "The Parquet file.") var file: String
  @Flag(help: "Verify page checksums.") var verifyChecksums = false

  func run() throws {
    try reportingFailures {
      let reader = try ParquetFileReader(path: file, options: ParquetReadOptions(verifyChecksums: verifyChecksums))
      var rows = 0
      var nulls = 0
      for group in 0..<reader.rowGroupCount {
        let batch = try reader.readRowGroup(group)
        rows += batch.count
        for column in batch.columns { nulls += column.nullCount }
      }
      print("rows=\(rows) columns=\(reader.schema.fields.count) row_groups=\(reader.rowGroupCount) nulls=\(nulls)")
    }
  }
}
