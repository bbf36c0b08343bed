// A writer's pending bytes and the sink they go to once enough have piled up.

/// Bytes formatted but not yet written, flushed to the sink past `flushThreshold`.
struct BufferedOutput {
  var bytes: [UInt8] = []
  let sink: any OutputSink
  let flushThreshold: Int

  init(sink: any OutputSink, flushThreshold: Int) {
    self.sink = sink
    self.flushThreshold = max(flushThreshold, 1)
    bytes.reserveCapacity(min(self.flushThreshold, 1 << 22) + 4096)
  }

  var isFull: Bool { bytes.count >= flushThreshold }

  mutating func flush() throws(OutputError) {
    guard !bytes.isEmpty else { return }
    try sink.write(contentsOf: bytes)
    bytes.removeAll(keepingCapacity: true)
  }

  mutating func flushIfFull() throws(OutputError) {
    if bytes.count >= flushThreshold { try flush() }
  }

  mutating func append(_ text: StaticString) {
    ValueFormatter.appendASCII(text, to: &bytes)
  }
}
