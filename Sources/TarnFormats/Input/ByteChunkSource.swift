// Streams of decompressed input bytes: the interface every text reader pulls from, and the opener that picks a codec.

/// How an input file is compressed, detected from its first bytes (never from its name).
public enum CompressionKind: String, Sendable, CaseIterable {
  case none, gzip, zstd, lz4

  /// The codec whose magic number starts `prefix`: gzip `1f 8b`, zstd `28 b5 2f fd`, LZ4 frame `04 22 4d 18`.
  public static func detect(_ prefix: UnsafeRawBufferPointer) -> CompressionKind {
    let n = prefix.count
    if n >= 2, prefix[0] == 0x1f, prefix[1] == 0x8b { return .gzip }
    if n >= 4, prefix[0] == 0x28, prefix[1] == 0xb5, prefix[2] == 0x2f, prefix[3] == 0xfd { return .zstd }
    if n >= 4, prefix[0] == 0x04, prefix[1] == 0x22, prefix[2] == 0x4d, prefix[3] == 0x18 { return .lz4 }
    return .none
  }
}

/// A sequence of decompressed bytes, read in caller-sized chunks.
///
/// Readers fill their own large buffers (1–32 MiB) with `read(into:)`, so no chunk is copied twice.
/// Sources are used from one thread at a time.
public protocol ByteChunkSource: AnyObject {
  /// The name used in errors.
  var path: String { get }
  var compression: CompressionKind { get }
  /// True when `read(at:into:)` works: an uncompressed regular file (or memory).
  var isSeekable: Bool { get }
  /// The total number of bytes, when known without reading (uncompressed files).
  var knownSize: Int? { get }

  /// Fills `buffer` with the next bytes; returns fewer than `buffer.count` only at the end, and 0 after it.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int

  /// Reads up to `buffer.count` bytes at absolute `offset`, without moving the sequential position.
  /// - Precondition: `isSeekable`.
  func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int

  /// Starts the sequence again from the first byte (for re-reads after a type was widened).
  func rewind() throws(FormatError)

  /// The whole uncompressed input as mapped memory, when available: readers then cut blocks out of it
  /// without copying. nil for compressed streams and pipes.
  func mapWhole() -> MappedRegion?
}

extension ByteChunkSource {
  public func mapWhole() -> MappedRegion? { nil }
}

/// The first `count` bytes of `path` (fewer when it is shorter), raw. Read through `InputFile` like every reader's
/// bytes, so a pipe is copied (`PipeSpool`), not consumed by the peek.
public func leadingBytes(of path: String, count: Int) throws(FormatError) -> [UInt8] {
  let file = try InputFile(path: path)
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 8)
  defer { buffer.deallocate() }
  let n = try file.read(at: 0, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]))
  return Array(buffer[0..<n])
}

/// Opens `path` and returns a source of its decompressed bytes, choosing the codec by magic bytes.
public func openByteSource(path: String) throws(FormatError) -> any ByteChunkSource {
  let file = try InputFile(path: path)
  var magic = (UInt8(0), UInt8(0), UInt8(0), UInt8(0))
  let count: Int
  if file.isSeekable {
    count = try withUnsafeMutableBytes(of: &magic) { (raw) throws(FormatError) -> Int in try file.read(at: 0, into: raw) }
  } else {
    count = try withUnsafeMutableBytes(of: &magic) { (raw) throws(FormatError) -> Int in try file.read(into: raw) }
  }
  let kind = withUnsafeBytes(of: &magic) { CompressionKind.detect(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
  // A pipe cannot be peeked: the consumed magic bytes are handed to the source as a prefix.
  let prefix: [UInt8] = file.isSeekable ? [] : withUnsafeBytes(of: &magic) { Array($0[0..<count]) }
  switch kind {
  case .none: return FileByteSource(file: file, prefix: prefix)
  case .gzip: return try GzipByteSource(file: file, prefix: prefix)
  case .zstd: return try ZstdByteSource(file: file, prefix: prefix)
  case .lz4: return try LZ4ByteSource(file: file, prefix: prefix)
  }
}

/// Opens in-memory bytes as a source, decompressing them when they start with a codec's magic number.
public func openByteSource(bytes: [UInt8], path: String = "<memory>") throws(FormatError) -> any ByteChunkSource {
  let memory = MemoryByteSource(bytes: bytes, path: path)
  let kind = bytes.withUnsafeBytes { CompressionKind.detect($0) }
  switch kind {
  case .none: return memory
  case .gzip: return try GzipByteSource(compressed: memory)
  case .zstd: return try ZstdByteSource(compressed: memory)
  case .lz4: return try LZ4ByteSource(compressed: memory)
  }
}

/// Where a decompressor gets its compressed bytes: a file read sequentially, or memory.
protocol CompressedInput: AnyObject {
  var path: String { get }
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int
  func rewind() throws(FormatError)
}

/// A file read sequentially, with bytes already consumed from a pipe replayed first.
final class PrefixedFileInput: CompressedInput {
  let file: InputFile
  private var prefix: [UInt8]
  private var prefixUsed = 0

  init(file: InputFile, prefix: [UInt8]) {
    self.file = file
    self.prefix = prefix
  }

  var path: String { file.path }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    var copied = 0
    if prefixUsed < prefix.count, let base = buffer.baseAddress {
      copied = min(prefix.count - prefixUsed, buffer.count)
      prefix.withUnsafeBytes { base.copyMemory(from: $0.baseAddress! + prefixUsed, byteCount: copied) }
      prefixUsed += copied
    }
    if copied == buffer.count { return copied }
    return copied + (try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[copied...])))
  }

  func rewind() throws(FormatError) {
    try file.rewind()
    prefixUsed = prefix.count  // a seekable file never has a prefix; a pipe cannot rewind
  }
}

/// An uncompressed file.
public final class FileByteSource: ByteChunkSource {
  private let input: PrefixedFileInput
  public var path: String { input.path }
  public var compression: CompressionKind { .none }
  public var isSeekable: Bool { input.file.isSeekable }
  public var knownSize: Int? { input.file.size }

  init(file: InputFile, prefix: [UInt8]) { input = PrefixedFileInput(file: file, prefix: prefix) }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    try input.read(into: buffer)
  }

  public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    try input.file.read(at: offset, into: buffer)
  }

  public func rewind() throws(FormatError) { try input.rewind() }

  public func mapWhole() -> MappedRegion? { input.file.map() }
}

/// Bytes held in memory: for tests, and for inputs already loaded.
public final class MemoryByteSource: ByteChunkSource, CompressedInput {
  private let bytes: [UInt8]
  private var position = 0
  public let path: String
  public var compression: CompressionKind { .none }
  public var isSeekable: Bool { true }
  public var knownSize: Int? { bytes.count }

  public init(bytes: [UInt8], path: String = "<memory>") {
    self.bytes = bytes
    self.path = path
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    let n = try read(at: position, into: buffer)
    position += n
    return n
  }

  public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    guard offset < bytes.count, let base = buffer.baseAddress else { return 0 }
    let n = min(buffer.count, bytes.count - offset)
    bytes.withUnsafeBytes { base.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
    return n
  }

  public func rewind() throws(FormatError) { position = 0 }
}

extension ByteChunkSource {
  /// Reads the whole remaining stream into an array (for small inputs and tests).
  public func readAll(chunkSize: Int = 1 << 20) throws(FormatError) -> [UInt8] {
    var result: [UInt8] = []
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
    defer { chunk.deallocate() }
    while true {
      let n = try read(into: chunk)
      if n == 0 { break }
      result.append(contentsOf: chunk[0..<n])
      if n < chunkSize { break }
    }
    return result
  }
}
