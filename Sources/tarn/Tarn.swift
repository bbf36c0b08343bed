// The `tarn` command: query, convert and inspect data files.
import ArgumentParser
import TarnCore

struct Tarn: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "tarn",
    abstract: "A columnar query engine for data-lake manifests: SQL over Parquet, CSV and JSON.",
    version: version,
    subcommands: [QueryCommand.self, ConvertCommand.self, SchemaCommand.self, MetaCommand.self, DecodeCommand.self])
}

@main
enum Main {
  /// `tarn query …` in its common forms skips ArgumentParser: it builds every command's arguments by reflection
  /// first, a third of a small query's time (`perf`). Help, completion and anything unusual take the full path.
  static func main() {
    TemporaryFiles.removeOnTermination()
    let arguments = Array(CommandLine.arguments.dropFirst())
    let wantsHelp = arguments.contains { $0 == "-h" || $0 == "--help" || $0 == "help" || $0.hasPrefix("--generate-completion") }
    guard arguments.first == "query", !wantsHelp, let invocation = QueryInvocation.parseCommon(Array(arguments.dropFirst()))
    else { return Tarn.main() }
    do {
      try invocation.run()
    } catch {
      QueryCommand.exit(withError: error)
    }
  }
}
