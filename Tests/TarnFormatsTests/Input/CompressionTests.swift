// Compressed inputs: detection by magic bytes, gzip members, zstd and LZ4 frames, damage and truncation.
import Testing

@testable import TarnFormats

#if canImport(Glibc)
import Glibc
#endif

@Suite struct CompressionTests {
  static func text(_ lines: Int) -> [UInt8] {
    var out: [UInt8] = []
    for i in 0..<lines { out.append(contentsOf: Array("\(i),value \(i * 7919 % 1000),\(Double(i) / 8)\n".utf8)) }
    return out
  }

  /// Reads a source in chunks of `size` bytes.
  static func readAll(_ source: any ByteChunkSource, chunk size: Int) throws -> [UInt8] {
    var result: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
    defer { buffer.deallocate() }
    while true {
      let n = try source.read(into: buffer)
      result.append(contentsOf: buffer[0..<n])
      if n < size { break }
    }
    return result
  }

  /// Compresses `bytes` with a command-line tool (`gzip -c`, `zstd -c`, `lz4 -c`).
  static func compress(_ bytes: [UInt8], _ command: String, name: String) -> [UInt8] {
    let dir = FormatFixtures.scratchDirectory("compression")
    let plain = dir + "/\(name).raw"
    writeFile(plain, bytes)
    #expect(shell("\(command) < \(plain) > \(plain).out") == 0)
    return readFileBytes(plain + ".out")
  }

  static func readFileBytes(_ path: String) -> [UInt8] {
    let source = try! InputFile(path: path)
    var bytes = [UInt8](repeating: 0, count: source.size ?? 0)
    let n = bytes.withUnsafeMutableBytes { try! source.read(into: $0) }
    return Array(bytes[0..<n])
  }

  @Test func detectsMagicBytes() {
    func kind(_ bytes: [UInt8]) -> CompressionKind { bytes.withUnsafeBytes { CompressionKind.detect($0) } }
    #expect(kind([0x1f, 0x8b, 8, 0]) == .gzip)
    #expect(kind([0x28, 0xb5, 0x2f, 0xfd]) == .zstd)
    #expect(kind([0x04, 0x22, 0x4d, 0x18]) == .lz4)
    #expect(kind(Array("a,b\n".utf8)) == .none)
    #expect(kind([0x1f]) == .none)
    #expect(kind([]) == .none)
  }

  @Test(arguments: [("gzip -c -6", CompressionKind.gzip), ("zstd -q -c", .zstd), ("lz4 -q -c", .lz4)])
  func decompressesInAnyChunkSize(_ command: String, _ kind: CompressionKind) throws {
    let plain = Self.text(60_000)  // ~1.4 MB: several input and output buffers
    let packed = Self.compress(plain, command, name: "\(kind)")
    for size in [1, 7, 4096, 1 << 20, 3 << 20] {
      let source = try openByteSource(bytes: packed)
      #expect(source.compression == kind)
      let out = try Self.readAll(source, chunk: size)
      #expect(out == plain, "\(kind), chunk \(size)")
      // After the end, reads return nothing; after a rewind, everything again.
      #expect(try Self.readAll(source, chunk: 64).isEmpty)
      try source.rewind()
      #expect(try Self.readAll(source, chunk: size) == plain)
    }
  }

  @Test func readsConcatenatedMembersAndFrames() throws {
    let a = Self.text(1000)
    let b = Array("tail without newline".utf8)
    for (command, kind) in [("gzip -c", CompressionKind.gzip), ("zstd -q -c", .zstd), ("lz4 -q -c", .lz4)] {
      let packed = Self.compress(a, command, name: "m1-\(kind)") + Self.compress(b, command, name: "m2-\(kind)")
      let out = try Self.readAll(try openByteSource(bytes: packed), chunk: 999)
      #expect(out == a + b, "\(kind)")
    }
  }

  @Test func ignoresZeroPaddingAfterGzipButNotGarbage() throws {
    let packed = Self.compress(Self.text(10), "gzip -c", name: "pad")
    #expect(try Self.readAll(try openByteSource(bytes: packed + [0, 0, 0, 0, 0]), chunk: 100) == Self.text(10))
    #expect(throws: FormatError.self) { try Self.readAll(try openByteSource(bytes: packed + [7, 7, 7]), chunk: 100) }
  }

  @Test(arguments: ["gzip -c", "zstd -q -c", "lz4 -q -c"])
  func truncatedStreamsThrow(_ command: String) throws {
    let packed = Self.compress(Self.text(5000), command, name: "trunc-\(command.prefix(3))")
    for cut in [packed.count / 2, packed.count - 3] {
      let error = #expect(throws: FormatError.self) {
        try Self.readAll(try openByteSource(bytes: Array(packed[0..<cut]), path: "cut.bin"), chunk: 1 << 16)
      }
      #expect(error?.location.file == "cut.bin")
    }
  }

  @Test(arguments: ["gzip -c", "zstd -q -c", "lz4 -q -c"])
  func damagedStreamsThrowAndNeverTrap(_ command: String) throws {
    let packed = Self.compress(Self.text(5000), command, name: "damage-\(command.prefix(3))")
    var rng = SplitMix(seed: 42)
    print("damagedStreams seed 42")
    var failures = 0
    for _ in 0..<20 {
      var damaged = packed
      for _ in 0..<4 {
        let at = 12 + Int(rng.next() % UInt64(damaged.count - 12))
        damaged[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
      }
      do {
        _ = try Self.readAll(try openByteSource(bytes: damaged), chunk: 1 << 16)
      } catch {
        failures += 1
      }
    }
    #expect(failures > 0)  // checksums catch most damage; none may trap
  }

  @Test func readsFilesAndPipes() throws {
    let dir = FormatFixtures.scratchDirectory("pipes")
    let plain = Self.text(20_000)
    writeFile(dir + "/plain.csv", plain)
    #expect(shell("gzip -c < \(dir)/plain.csv > \(dir)/data.gz") == 0)
    let file = try openByteSource(path: dir + "/data.gz")
    #expect(file.compression == .gzip)
    #expect(try Self.readAll(file, chunk: 1 << 16) == plain)
    // A pipe is copied whole at its first open (`PipeSpool`): every open and every rewind reads all of it.
    unlink(dir + "/fifo")
    #expect(mkfifo(dir + "/fifo", 0o600) == 0)
    shell("(cat \(dir)/data.gz > \(dir)/fifo) &")
    let pipe = try openByteSource(path: dir + "/fifo")
    #expect(pipe.compression == .gzip)
    #expect(!pipe.isSeekable)
    #expect(try Self.readAll(pipe, chunk: 1 << 16) == plain)
    try pipe.rewind()
    #expect(try Self.readAll(pipe, chunk: 1 << 16) == plain)
    #expect(try Self.readAll(try openByteSource(path: dir + "/fifo"), chunk: 1 << 16) == plain)
  }

  @Test func missingFileNamesThePath() {
    let error = #expect(throws: FormatError.self) { try openByteSource(path: "/nonexistent/x.csv") }
    #expect(error?.location.file == "/nonexistent/x.csv")
    #expect(error?.description.hasPrefix("/nonexistent/x.csv: cannot open") == true)
  }
}

/// A small deterministic generator for tests (SplitMix64).
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
