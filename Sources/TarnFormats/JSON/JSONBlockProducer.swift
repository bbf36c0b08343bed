// Cuts a JSON stream into blocks of whole top-level values (NDJSON lines or array elements) for parallel parsing.

/// How the records are laid out in a JSON file.
public enum JSONFormat: String, Sendable {
  /// One value after another, separated by whitespace (NDJSON, JSON Lines, concatenated JSON).
  case newlineDelimited
  /// One top-level array whose elements are the records.
  case array
}

/// Reads the source and cuts blocks after a top-level value: at a line break outside any value (NDJSON)
/// or after a comma between elements of the top-level array. Tracks strings and nesting exactly, so
/// pretty-printed values that span lines are never split.
final class JSONBlockProducer {
  private let source: any ByteChunkSource
  private let format: JSONFormat
  private let path: String
  private let pool: InputBlockPool
  private var head: [UInt8]
  private var headUsed = 0
  private var carry: [UInt8] = []
  private var sourceEnded = false
  private var isFirstBlock = true
  private var nextLine = 1
  private var finished = false

  init(source: any ByteChunkSource, head: [UInt8], format: JSONFormat, path: String, pool: InputBlockPool) {
    self.source = source
    self.head = head
    self.format = format
    self.path = path
    self.pool = pool
  }

  func next() -> PipelineStep<InputBlock> {
    if finished { return .end }
    do {
      guard let block = try makeBlock() else {
        finished = true
        return .end
      }
      return .job(block)
    } catch {
      finished = true
      return .failed(error.at(file: path))
    }
  }

  private func fill(_ destination: UnsafeMutablePointer<UInt8>, _ room: Int) throws(FormatError) -> Int {
    var filled = 0
    if headUsed < head.count {
      let n = min(room, head.count - headUsed)
      head.withUnsafeBufferPointer { destination.update(from: $0.baseAddress! + headUsed, count: n) }
      headUsed += n
      filled = n
      if headUsed == head.count {
        head = []
        headUsed = 0
      }
    }
    if filled < room, !sourceEnded {
      let n = try source.read(into: UnsafeMutableRawBufferPointer(start: destination + filled, count: room - filled))
      if n < room - filled { sourceEnded = true }
      filled += n
    }
    return filled
  }

  private func makeBlock() throws(FormatError) -> InputBlock? {
    var block = pool.take(minimumCapacity: max(pool.blockSize, carry.count * 2))
    block.isFirst = isFirstBlock
    carry.withUnsafeBufferPointer { if $0.count > 0 { block.bytes.update(from: $0.baseAddress!, count: $0.count) } }
    var filled = carry.count
    carry = []
    while true {
      filled += try fill(block.bytes + filled, block.capacity - filled)
      if isFirstBlock, filled >= 3, block.bytes[0] == 0xEF, block.bytes[1] == 0xBB, block.bytes[2] == 0xBF {
        block.bytes.update(from: block.bytes + 3, count: filled - 3)
        filled -= 3
        isFirstBlock = false
        continue
      }
      isFirstBlock = false
      if sourceEnded, head.isEmpty {
        if filled == 0 {
          pool.give(block)
          return nil
        }
        block.count = filled
        block.isLast = true
        finished = true
        break
      }
      let cut = lastBoundary(block.bytes, filled, startsInsideArray: format == .array && !block.isFirst)
      if cut > 0 {
        block.count = cut
        carry = Array(UnsafeBufferPointer(start: block.bytes + cut, count: filled - cut))
        break
      }
      guard block.capacity < CSVBlockProducer.maximumBlockSize else {
        throw FormatError(.unsupported("a JSON value longer than \(CSVBlockProducer.maximumBlockSize >> 20) MiB"))
          .at(line: nextLine)
      }
      let bigger = InputBlock(capacity: min(block.capacity * 2, CSVBlockProducer.maximumBlockSize))
      bigger.isFirst = block.isFirst
      bigger.bytes.update(from: block.bytes, count: filled)
      pool.give(block)
      block = bigger
    }
    block.firstLine = nextLine
    nextLine += CSVBlockProducer.countByte(10, block.bytes, 0, block.count)
    return block
  }

  /// The offset just past the last record boundary in `p[0..<n]`, or 0.
  private func lastBoundary(_ p: UnsafePointer<UInt8>, _ n: Int, startsInsideArray: Bool) -> Int {
    let base = format == .array ? 1 : 0
    let separator: UInt8 = format == .array ? 44 : 10
    var depth = startsInsideArray ? 1 : 0
    var inString = false
    var last = 0
    var i = 0
    let raw = UnsafeRawPointer(p)
    let quotes = CSVTokenizer.broadcast(34)
    let backslashes = CSVTokenizer.broadcast(92)
    while i < n {
      if inString {
        while i + 8 <= n {
          let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
          let m = CSVTokenizer.zeroBytes(w ^ quotes) | CSVTokenizer.zeroBytes(w ^ backslashes)
          if m != 0 {
            i += m.trailingZeroBitCount >> 3
            break
          }
          i += 8
        }
        guard i < n else { break }
        if p[i] == 92 {
          i += 2
          continue
        }
        if p[i] == 34 { inString = false }
        i += 1
        continue
      }
      let b = p[i]
      switch b {
      case 34: inString = true
      case 123, 91: depth += 1
      case 125, 93: depth -= 1
      default:
        if b == separator, depth == base { last = i + 1 }
      }
      i += 1
    }
    return last
  }
}
