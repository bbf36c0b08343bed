// Streaming zstd decompression (ZSTD_decompressStream); concatenated frames are read as one stream.
import CZstd

/// Decompresses a zstd stream of one or more frames chunk by chunk.
public final class ZstdByteSource: ByteChunkSource {
  private let input: any CompressedInput
  // Safe: created in init, freed in deinit; one thread at a time.
  private let stream: OpaquePointer
  private var staged = StagedInput()
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
  }

  init(compressed: MemoryByteSource) throws(FormatError) {
    input = compressed
    guard let created = ZSTD_createDStream() else { throw FormatError(.io("out of memory")) }
    stream = created
  }

  deinit {
    ZSTD_freeDStream(stream)
  }

  public func rewind() throws(FormatError) {
    try input.rewind()
    ZSTD_DCtx_reset(stream, ZSTD_reset_session_only)
    staged.reset()
    frameHint = 0
  }

  public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    throw FormatError(.internalBug("positioned read on a zstd stream")).at(file: path)
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    guard let out = buffer.baseAddress else { return 0 }
    var output = ZSTD_outBuffer(dst: out, size: buffer.count, pos: 0)
    while output.pos < output.size {
      guard try staged.refillIfEmpty(from: input) else { break }
      var source = ZSTD_inBuffer(src: staged.buffer, size: staged.end, pos: staged.start)
      let before = output.pos
      let result = ZSTD_decompressStream(stream, &output, &source)
      if ZSTD_isError(result) != 0 {
        let name = String(cString: ZSTD_getErrorName(result))
        throw FormatError(.codec(name: "zstd", code: result, message: name)).at(file: path)
      }
      frameHint = result
      let consumed = source.pos - staged.start
      staged.start = source.pos
      if consumed == 0, output.pos == before, staged.isExhausted { break }
    }
    if output.pos < output.size, staged.isExhausted, frameHint != 0 {
      // Flush what the decoder still holds before deciding the frame is cut short.
      var source = ZSTD_inBuffer(src: staged.buffer, size: 0, pos: 0)
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
