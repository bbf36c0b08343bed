// Where the test fixtures live: Fixtures/ at the package root, found from this file's path.

enum FixturePaths {
  static let root: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/TarnParquetTests/FixturePaths.swift
    return parts.joined(separator: "/") + "/Fixtures"
  }()

  static let parquetData = root + "/parquet-testing/data"
  static let parquetBadData = root + "/parquet-testing/bad_data"

  static func parquet(_ name: String) -> String { parquetData + "/" + name }
}
