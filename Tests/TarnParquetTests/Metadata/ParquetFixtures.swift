// Loads the parquet-testing files copied into Fixtures/, and cuts out their footers.

import Foundation
@testable import TarnParquet

enum ParquetFixtures {
  /// `Fixtures/parquet-testing` at the package root, found from this file's path; set
  /// `TARN_PARQUET_TESTING_DIR` to a full parquet-testing checkout to run over all its files.
  static let root: URL = ProcessInfo.processInfo.environment["TARN_PARQUET_TESTING_DIR"].map {
    URL(fileURLWithPath: $0)
  } ?? URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Metadata
    .deletingLastPathComponent()  // TarnParquetTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root
    .appendingPathComponent("Fixtures/parquet-testing")

  /// Names of every `.parquet` file in `data/`, sorted.
  static let dataFileNames: [String] = {
    let directory = root.appendingPathComponent("data").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".parquet") }.sorted()
  }()

  struct MissingFixture: Error, CustomStringConvertible {
    var description: String
  }

  /// The whole file `data/<name>` (or `<subdirectory>/<name>`).
  static func bytes(_ name: String, in subdirectory: String = "data") throws -> [UInt8] {
    let path = root.appendingPathComponent(subdirectory).appendingPathComponent(name).path
    guard let data = FileManager.default.contents(atPath: path) else {
      throw MissingFixture(description: "missing fixture \(path)")
    }
    return [UInt8](data)
  }

  /// The footer bytes of a Parquet file: `<footer> <4-byte LE footer length> PAR1` at the end.
  static func footer(of file: [UInt8]) throws -> [UInt8] {
    guard file.count >= 12, file.suffix(4) == Array("PAR1".utf8) else {
      throw MissingFixture(description: "not a Parquet file")
    }
    let lengthBytes = file[(file.count - 8)..<(file.count - 4)]
    let length = lengthBytes.reversed().reduce(0) { $0 << 8 | Int($1) }
    guard length <= file.count - 12 else { throw MissingFixture(description: "footer length \(length) too big") }
    return Array(file[(file.count - 8 - length)..<(file.count - 8)])
  }

  /// The footer of `data/<name>`.
  static func footer(_ name: String) throws -> [UInt8] {
    try footer(of: bytes(name))
  }

  /// Decodes the footer of `data/<name>`.
  static func metadata(_ name: String) throws -> FileMetaData {
    try footer(name).withUnsafeBytes { buffer in try FileMetaData.decode(buffer) }
  }
}
