// Atomic text outputs: the file appears at its path whole on commit, and nothing appears (or changes) otherwise.
import Foundation
import Testing
import TarnCore
@testable import TarnFormats

@Suite struct AtomicTextOutputTests {
  private func folder(_ name: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tarn-atomic-\(getpid())-\(name)").path
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func commitRenamesTheHiddenSiblingIntoPlace() throws {
    let dir = try folder("commit")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/out.csv"
    let output = try AtomicTextOutput(path: path)
    #expect(output.temporaryPath.hasPrefix(dir + "/.out.csv.tmp-"))
    try output.sink.write(contentsOf: Array("a\n1\n".utf8))
    // Until the commit, only the temporary file exists.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [String(output.temporaryPath.dropFirst(dir.count + 1))])
    try output.commit()
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "a\n1\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
  }

  @Test func abortOrLettingGoLeavesTheTargetAsItWas() throws {
    let dir = try folder("abort")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/out.csv"
    try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
    let aborted = try AtomicTextOutput(path: path)
    try aborted.sink.write(contentsOf: Array("new\n".utf8))
    aborted.abort()
    do {
      let dropped = try AtomicTextOutput(path: path)
      try dropped.sink.write(contentsOf: Array("newer\n".utf8))
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
  }

  @Test func aFailedRenameRemovesTheTemporaryFileAndNamesThePath() throws {
    let dir = try folder("rename")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // A folder in the way: rename(2) of a file over a non-empty folder fails.
    let path = dir + "/taken"
    try FileManager.default.createDirectory(atPath: path + "/inner", withIntermediateDirectories: true)
    let output = try AtomicTextOutput(path: path)
    #expect(throws: OutputError.self) { try output.commit() }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["taken"])
  }

  @Test func siblingNamesAreHiddenInTheSameFolderAndDistinct() {
    let a = TemporaryFiles.siblingPath(of: "data/out.parquet")
    let b = TemporaryFiles.siblingPath(of: "data/out.parquet")
    #expect(a.hasPrefix("data/.out.parquet.tmp-") && a != b)
    #expect(TemporaryFiles.siblingPath(of: "out.csv").hasPrefix(".out.csv.tmp-"))
    #expect(TemporaryFiles.siblingPath(of: "/tmp/parts/").hasPrefix("/tmp/.parts.tmp-"))
  }
}
