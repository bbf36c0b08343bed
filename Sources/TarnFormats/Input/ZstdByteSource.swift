// Streaming zstd decompression (ZSTD_decompressStream); concatenated frames are read as one stream.
import CZstd

/// Decompresses a zstd stream of one or more frames chunk by chunk.
public final class ZstdByteSource: ByteChunkSource {
  private let input: any CompressedInput
  // Safe: created in init, freed in deinit; one thread at a time.
  private let stream: OpaquePointer
  private let inputBuffer: UnsafeMutableRawPointer
  private let inputCapacity = 1 << 20
  private var inputStart = 0
  private var inputEnd = 0
  private var inputEnded = false
  /// The last ZSTD_decompressStream result: 0 when a frame just ended, else more input is expected.
  private var frameHint = 0

  public var path: String { input.path }
  public var compression: CompressionKind { .zstd }
  public var isSeekable: Bool { false }
  public var knownSize: Int? { nil }

  init(file: InputFile, prefix: [UInt8]) throws(FormatError) {
    input = PrefixedFileInput(file: file, prefix: prefix)
    guard let created = ZSTD_createDStream() else { throw FormatError(.io("out of memory")).at(file: file.path) }
    stream = created
    inputBuffer = .allocate(byteCount: inputCapacity, alignment: 64)
  }

  init(compressed: MemoryByteSource) throws(FormatError) {
    input = compressed
    guard let created = ZSTD_createDStream() else { throw FormatError(.io("out of memory")) }
    stream = created
    inputBuffer = .allocate(byteCount: inputCapacity, alignment: 64)
  }

  deinit {
    ZSTD_freeDStream(stream)
    inputBuffer.deallocate()
  }

  public func rewind() throws(FormatError) {
    try input.rewind()
    ZSTD_DCtx_reset(stream, ZSTD_reset_session_only)
    inputStart = 0
    inputEnd = 0
    inputEnded = false
    frameHint = 0
  }

  public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    throw FormatError(.internalBug("positioned read on a zstd stream")).at(file: path)
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    guard let out = buffer.baseAddress else { return 0 }
    var output = ZSTD_outBuffer(dst: out, size: buffer.count, pos: 0)
    while output.pos < output.size {
      if inputStart == inputEnd {
        if inputEnded { break }
        let n = try input.read(into: UnsafeMutableRawBufferPointer(start: inputBuffer, count: inputCapacity))
        inputStart = 0
        inputEnd = n
        if n < inputCapacity { inputEnded = true }
        if n == 0 { break }
      }
      var source = ZSTD_inBuffer(src: inputBuffer, size: inputEnd, pos: inputStart)
      let before = output.pos
      let result = ZSTD_decompressStream(stream, &output, &source)
      if ZSTD_isError(result) != 0 {
        let name = String(cString: ZSTD_getErrorName(result))
        throw FormatError(.codec(name: "zstd", code: result, message: name)).at(file: path)
      }
      frameHint = result
      let consumed = source.pos - inputStart
      inputStart = source.pos
      if consumed == 0, output.pos == before, inputStart == inputEnd, inputEnded { break }
    }
    if output.pos < output.size, inputEnded, inputStart == inputEnd, frameHint != 0 {
      // Flush what the decoder still holds before deciding the frame is cut short.
      var source = ZSTD_inBuffer(src: inputBuffer, size: 0, pos: 0)
      let before = output.pos
      let result = ZSTD_decompressStream(stream, &output, &source)
      if ZSTD_isError(result) == 0 { frameHint = result }
      if output.pos == before, frameHint != 0 {
        throw FormatError(.truncated("zstd frame ends early")).at(file: path)
      }
    }
    return output.pos
  }
}
