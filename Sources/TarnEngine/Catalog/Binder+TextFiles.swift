// Binder+TextFiles: which FROM paths are CSV or JSON, and the read_csv/read_json table functions.
#if canImport(Glibc)
import Glibc
#endif
import TarnFormats
import TarnSQL

extension Binder {
  /// A CSV or JSON source for a path in FROM, when the path names text files; nil for Parquet.
  ///
  /// As DuckDB's replacement scan: the extension decides (`.csv`, `.tsv`, `.txt`, `.json`, `.ndjson`,
  /// `.jsonl`, each optionally `.gz`/`.zst`/`.lz4`). A path with another extension that is not Parquet
  /// (no `PAR1` magic) is sniffed by content.
  func textSourceForPath(_ path: String, span: SourceSpan?) throws(EngineError) -> TableSource? {
    guard let kind = try Self.textKind(path) else { return nil }
    do {
      switch kind {
      case .csv: return try CSVSource(displayName: path, patterns: [path])
      case .json: return try JSONSource(displayName: path, patterns: [path])
      }
    } catch {
      throw error.at(span)
    }
  }

  static func textKind(_ path: String) throws(EngineError) -> TextFileKind? {
    var name = path.lowercased()
    if name.hasSuffix(".parquet") || name.hasSuffix(".parq") { return nil }
    for suffix in [".gz", ".gzip", ".zst", ".zstd", ".lz4"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
    for ext in [".csv", ".tsv", ".txt", ".tab"] where name.hasSuffix(ext) { return .csv }
    for ext in [".json", ".ndjson", ".jsonl"] where name.hasSuffix(ext) { return .json }
    // Another name: Parquet if the first file starts with PAR1, else sniffed text.
    let files = try FileGlob.expand(path)
    guard let first = files.first, !Self.startsWithParquetMagic(first) else { return nil }
    do { return try TextFileKind.detect(path: first) } catch { throw EngineError(.format(error)) }
  }

  /// True also when `path` cannot be read or is shorter than the magic: the Parquet reader then gives the error.
  static func startsWithParquetMagic(_ path: String) -> Bool {
    guard let magic = try? leadingBytes(of: path, count: 4) else { return true }
    return magic.count != 4 || magic == Array("PAR1".utf8)
  }

  /// `read_csv`, `read_json` and their aliases.
  func textTableFunction(_ call: TableFunctionCall, span: SourceSpan) throws(EngineError) -> TableSource {
    switch call.name.last.name.lowercased() {
    case "read_csv", "read_csv_auto": try CSVSource.readCSV(call, span: span)
    default: try JSONSource.readJSON(call, span: span)
    }
  }
}
