// Several files as one table (columns united by name, types widened) and the glob helper.
import TarnCore
import Testing

@testable import TarnFormats

@Suite struct MultiFileReaderTests {
  static func directory(_ name: String) -> String {
    let dir = FormatFixtures.scratchDirectory("multi-\(name)")
    return dir
  }

  @Test func unitesCSVColumnsByName() throws {
    let dir = Self.directory("csv")
    writeFile(dir + "/a.csv", "id,name\n1,ann\n2,bob\n")
    writeFile(dir + "/b.csv", "extra,id\n2024-01-02,2.5\n2024-01-03,3\n")
    let reader = try MultiFileReader(paths: [dir + "/*.csv"])
    #expect(reader.paths == [dir + "/a.csv", dir + "/b.csv"])
    #expect(typeNames(reader.schema) == ["id DOUBLE", "name VARCHAR", "extra DATE"])
    let all = rows(try reader.readAll())
    #expect(all == [["1.0", "ann", nil], ["2.0", "bob", nil], ["2.5", nil, "2024-01-02"], ["3.0", nil, "2024-01-03"]])
  }

  @Test func conflictingTypesWiden() {
    #expect(MultiFileReader.join(.bigint, .double) == .double)
    #expect(MultiFileReader.join(.bigint, .decimal(scale: 2)) == .decimal(scale: 2))
    #expect(MultiFileReader.join(.date, .timestamp(nanoseconds: false)) == .timestamp(nanoseconds: false))
    #expect(MultiFileReader.join(.timestamp(nanoseconds: false), .timestamp(nanoseconds: true)) == .timestamp(nanoseconds: true))
    #expect(MultiFileReader.join(.boolean, .bigint) == .varchar)
    #expect(MultiFileReader.join(.date, .bigint) == .varchar)
    #expect(MultiFileReader.join(.varchar, .bigint) == .varchar)
    #expect(MultiFileReader.join(.timestampTZ(nanoseconds: false), .timestamp(nanoseconds: false)) == .varchar)
  }

  /// A value in the second file that needs a wider type after the first file's batches were returned.
  @Test func widensAcrossFilesAndRestarts() throws {
    let dir = Self.directory("late")
    writeFile(dir + "/1.csv", "v\n1\n2\n")
    var text = "v\n"
    for i in 0..<25_000 { text += "\(i)\n" }
    text += "x\n"
    writeFile(dir + "/2.csv", text)
    var options = MultiFileOptions()
    options.csv.sampleSpread = false
    let reader = try MultiFileReader(paths: [dir + "/1.csv", dir + "/2.csv"], options: options)
    #expect(typeNames(reader.schema) == ["v BIGINT"])
    let all = rows(try reader.readAll())
    #expect(typeNames(reader.schema) == ["v VARCHAR"])
    #expect(all.count == 25_003)
    #expect(all.first == ["1"])
    #expect(all.last == ["x"])
    #expect(reader.rereadCount >= 1)
  }

  @Test func unitesJSONShapes() throws {
    let dir = Self.directory("json")
    writeFile(dir + "/a.ndjson", "{\"id\":1,\"s\":{\"x\":1}}\n")
    writeFile(dir + "/b.json", "[{\"id\":2.5,\"s\":{\"y\":\"z\"},\"t\":true}]")
    let reader = try MultiFileReader(paths: [dir + "/a.ndjson", dir + "/b.json"])
    #expect(reader.kind == .json)
    #expect(typeNames(reader.schema) == ["id DOUBLE", "s STRUCT(x BIGINT, y VARCHAR)", "t BOOLEAN"])
    #expect(rows(try reader.readAll()) == [["1.0", "{x: 1, y: null}", nil], ["2.5", "{x: null, y: z}", "true"]])
  }

  @Test func detectsKinds() throws {
    let dir = Self.directory("kinds")
    writeFile(dir + "/noext", "  {\"a\":1}\n")
    writeFile(dir + "/noext2", "a,b\n")
    #expect(try TextFileKind.detect(path: dir + "/noext") == .json)
    #expect(try TextFileKind.detect(path: dir + "/noext2") == .csv)
    #expect(try TextFileKind.detect(path: "x.ndjson.gz") == .json)
    #expect(try TextFileKind.detect(path: "x.TSV.zst") == .csv)
  }

  @Test func globs() throws {
    let dir = Self.directory("glob")
    for name in ["a1.csv", "a2.csv", "b.csv", ".hidden.csv", "sub/c.csv", "sub/deep/d.csv", "sub/e.txt"] {
      if name.contains("/") {
        let parent = "/" + (dir + "/" + name).split(separator: "/").dropLast().joined(separator: "/")
        parent.withCString { _ = mkdirAll($0) }
      }
      writeFile(dir + "/" + name, "x\n")
    }
    #expect(try FileGlob.expand(dir + "/a?.csv") == [dir + "/a1.csv", dir + "/a2.csv"])
    #expect(try FileGlob.expand(dir + "/*.csv") == [dir + "/a1.csv", dir + "/a2.csv", dir + "/b.csv"])
    #expect(try FileGlob.expand(dir + "/[ab]*.csv").count == 3)
    #expect(
      try FileGlob.expand(dir + "/**/*.csv") == [
        dir + "/a1.csv", dir + "/a2.csv", dir + "/b.csv", dir + "/sub/c.csv", dir + "/sub/deep/d.csv",
      ])
    #expect(try FileGlob.expand(dir + "/sub/*/d.csv") == [dir + "/sub/deep/d.csv"])
    #expect(try FileGlob.expand(dir + "/plain.csv") == [dir + "/plain.csv"])
    #expect(throws: FormatError.self) { try FileGlob.expand(dir + "/*.parquet") }
  }
}

@Suite struct MultiFileRejectsTests {
  /// Under the skip policy every file's dropped rows are counted, with their own file and line.
  @Test func rejectedRowsOfEveryFile() throws {
    let dir = FormatFixtures.scratchDirectory("multi-rejects")
    writeFile(dir + "/a.csv", "x,y\n1,2\n3\n4,5\n")
    writeFile(dir + "/b.csv", "x,y\n6,7,8\n9,10\n")
    var options = MultiFileOptions()
    options.csv.errorPolicy = .skip(keepingFirst: 10)
    let reader = try MultiFileReader(paths: [dir + "/a.csv", dir + "/b.csv"], options: options)
    #expect(reader.csvPlans.count == 2)
    #expect(reader.csvPlans.allSatisfy { $0.hasHeader })
    let all = rows(try reader.readAll())
    #expect(all == [["1", "2"], ["4", "5"], ["9", "10"]])
    #expect(reader.rejectedRowCount == 2)
    #expect(reader.rejectedRows.map { "\($0.file.split(separator: "/").last!):\($0.line)" } == ["a.csv:3", "b.csv:2"])
  }
}
