// StagedInput: the compressed bytes a streaming decoder has read but not yet consumed.
/// A 1 MiB staging buffer over a compressed input, shared by the zstd and LZ4 frame decoders: they consume
/// `pending` and advance `start`; `refill` reads more once it is used up.
struct StagedInput: ~Copyable {
  let buffer: UnsafeMutableRawPointer
  let capacity = 1 << 20
  var start = 0
  var end = 0
  /// The input returned less than a full buffer: nothing follows what is staged.
  var ended = false

  init() { buffer = .allocate(byteCount: capacity, alignment: 64) }
  deinit { buffer.deallocate() }

  /// Everything read is consumed and the input has no more.
  var isExhausted: Bool { ended && start == end }

  /// Reads the next buffer once the staged bytes are consumed; false when the input has nothing more.
  mutating func refillIfEmpty(from input: any CompressedInput) throws(FormatError) -> Bool {
    guard start == end else { return true }
    if ended { return false }
    let n = try input.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: capacity))
    start = 0
    end = n
    if n < capacity { ended = true }
    return n > 0
  }

  mutating func reset() {
    start = 0
    end = 0
    ended = false
  }
}
