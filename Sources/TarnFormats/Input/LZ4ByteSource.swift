// Streaming LZ4 frame decompression (LZ4F_decompress); concatenated frames are read as one stream.
import CLZ4

/// Decompresses an LZ4 frame stream (the `lz4` command's format) chunk by chunk.
public final class LZ4ByteSource: ByteChunkSource {
  private let input: any CompressedInput
  // Safe: created in init, freed in deinit; one thread at a time.
  private var context: OpaquePointer?
  private var staged = StagedInput()
  /// The last LZ4F_decompress result: 0 when a frame just ended.
  private var frameHint = 0

  public var path: String { input.path }
  public var compression: CompressionKind { .lz4 }
  public var isSeekable: Bool { false }
  public var knownSize: Int? { nil }

  init(file: InputFile, prefix: [UInt8]) throws(FormatError) {
    input = PrefixedFileInput(file: file, prefix: prefix)
    try createContext()
  }

  init(compressed: MemoryByteSource) throws(FormatError) {
    input = compressed
    try createContext()
  }

  private func createContext() throws(FormatError) {
    let code = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
    if LZ4F_isError(code) != 0 {
      throw FormatError(.codec(name: "lz4", code: code, message: String(cString: LZ4F_getErrorName(code))))
    }
  }

  deinit {
    if let context { LZ4F_freeDecompressionContext(context) }
  }

  public func rewind() throws(FormatError) {
    try input.rewind()
    LZ4F_resetDecompressionContext(context)
    staged.reset()
    frameHint = 0
  }

  public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    throw FormatError(.internalBug("positioned read on an lz4 stream")).at(file: path)
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    guard let out = buffer.baseAddress else { return 0 }
    var produced = 0
    while produced < buffer.count {
      guard try staged.refillIfEmpty(from: input) else { break }
      var outSize = buffer.count - produced
      var inSize = staged.end - staged.start
      let result = LZ4F_decompress(context, out + produced, &outSize, staged.buffer + staged.start, &inSize, nil)
      if LZ4F_isError(result) != 0 {
        throw FormatError(.codec(name: "lz4", code: result, message: String(cString: LZ4F_getErrorName(result))))
          .at(file: path)
      }
      frameHint = result
      produced += outSize
      staged.start += inSize
      if outSize == 0, inSize == 0 { break }
    }
    if produced < buffer.count, staged.isExhausted, frameHint != 0 {
      throw FormatError(.truncated("lz4 frame ends early")).at(file: path)
    }
    return produced
  }
}
