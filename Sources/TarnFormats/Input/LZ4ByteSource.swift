// Streaming LZ4 frame decompression (LZ4F_decompress); concatenated frames are read as one stream.
import CLZ4

/// Decompresses an LZ4 frame stream (the `lz4` command's format) chunk by chunk.
public final class LZ4ByteSource: ByteChunkSource {
  private let input: any CompressedInput
  // Safe: created in init, freed in deinit; one thread at a time.
  private var context: OpaquePointer?
  private let inputBuffer: UnsafeMutableRawPointer
  private let inputCapacity = 1 << 20
  private var inputStart = 0
  private var inputEnd = 0
  private var inputEnded = false
  /// The last LZ4F_decompress result: 0 when a frame just ended.
  private var frameHint = 0

  public var path: String { input.path }
  public var compression: CompressionKind { .lz4 }
  public var isSeekable: Bool { false }
  public var knownSize: Int? { nil }

  init(file: InputFile, prefix: [UInt8]) throws(FormatError) {
    input = PrefixedFileInput(file: file, prefix: prefix)
    inputBuffer = .allocate(byteCount: inputCapacity, alignment: 64)
    try createContext()
  }

  init(compressed: MemoryByteSource) throws(FormatError) {
    input = compressed
    inputBuffer = .allocate(byteCount: inputCapacity, alignment: 64)
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
    inputBuffer.deallocate()
  }

  public func rewind() throws(FormatError) {
    try input.rewind()
    LZ4F_resetDecompressionContext(context)
    inputStart = 0
    inputEnd = 0
    inputEnded = false
    frameHint = 0
  }

  public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    throw FormatError(.internalBug("positioned read on an lz4 stream")).at(file: path)
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
    guard let out = buffer.baseAddress else { return 0 }
    var produced = 0
    while produced < buffer.count {
      if inputStart == inputEnd {
        if inputEnded { break }
        let n = try input.read(into: UnsafeMutableRawBufferPointer(start: inputBuffer, count: inputCapacity))
        inputStart = 0
        inputEnd = n
        if n < inputCapacity { inputEnded = true }
        if n == 0 { break }
      }
      var outSize = buffer.count - produced
      var inSize = inputEnd - inputStart
      let result = LZ4F_decompress(context, out + produced, &outSize, inputBuffer + inputStart, &inSize, nil)
      if LZ4F_isError(result) != 0 {
        throw FormatError(.codec(name: "lz4", code: result, message: String(cString: LZ4F_getErrorName(result))))
          .at(file: path)
      }
      frameHint = result
      produced += outSize
      inputStart += inSize
      if outSize == 0, inSize == 0 { break }
    }
    if produced < buffer.count, inputEnded, inputStart == inputEnd, frameHint != 0 {
      throw FormatError(.truncated("lz4 frame ends early")).at(file: path)
    }
    return produced
  }
}
