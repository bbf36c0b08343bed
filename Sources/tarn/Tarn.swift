// The `tarn` command: query, convert and inspect data files.
import ArgumentParser

@main
struct Tarn: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "tarn",
    abstract: "A columnar query engine for data-lake manifests: SQL over Parquet, CSV and JSON.",
    version: version,
    subcommands: [QueryCommand.self, ConvertCommand.self, SchemaCommand.self, MetaCommand.self, DecodeCommand.self])
}
