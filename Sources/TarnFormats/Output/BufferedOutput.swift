// A writer's pending bytes and the sink they go to once enough have piled up.

/// Text formatted but not yet written, flushed to the sink past `flushThreshold` bytes.
struct BufferedOutput {
  var text: TextBuffer
  let sink: any OutputSink
  let flushThreshold: Int

  init(sink: any OutputSink, flushThreshold: Int) {
    self.sink = sink
    self.flushThreshold = max(flushThreshold, 1)
    text = TextBuffer(capacity: min(self.flushThreshold, 1 << 22) + 64 * 1024)
  }

  mutating func flush() throws(OutputError) {
    guard text.count > 0 else { return }
    try sink.write(text.bytes)
    text.removeAll()
  }

  mutating func flushIfFull() throws(OutputError) {
    if text.count >= flushThreshold { try flush() }
  }

  mutating func append(_ literal: StaticString) { text.append(literal) }
  mutating func append(_ bytes: [UInt8]) { text.append(bytes) }
}
