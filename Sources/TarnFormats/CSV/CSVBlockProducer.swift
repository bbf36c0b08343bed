// Cuts the decompressed byte stream into blocks that end at row boundaries, for workers to parse in parallel.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the source and cuts it into blocks of whole rows. Runs on the producer thread only.
final class CSVBlockProducer {
  private let source: any ByteChunkSource
  private let plan: CSVScanPlan
  private let pool: InputBlockPool
  /// Bytes already read from the source by the sniffer, replayed first.
  private var head: [UInt8]
  private var headUsed = 0
  /// The incomplete row left after the last cut, carried into the next block.
  private var carry: UnsafeMutablePointer<UInt8>
  private var carryCapacity = 0
  private var carryCount = 0
  private var sourceEnded = false
  private var isFirstBlock = true
  /// The whole input mapped, when the source is an uncompressed file: blocks are then views into it.
  private let mapping: MappedRegion?
  private var mappedPosition = 0
  private var finished = false
  private let tokenizer: CSVTokenizer

  /// Blocks may not exceed this (256 MiB): it bounds the memory an unterminated quote can pull in, and field offsets are Int32.
  static let maximumBlockSize = 1 << 28

  init(source: any ByteChunkSource, head: [UInt8], plan: CSVScanPlan, pool: InputBlockPool) {
    self.source = source
    self.head = head
    self.plan = plan
    self.pool = pool
    carry = .allocate(capacity: 1)
    tokenizer = CSVTokenizer(dialect: plan.dialect, columnCount: max(plan.columnCount, 1))
    mapping = source.mapWhole()
    if let mapping {
      let p = mapping.base.assumingMemoryBound(to: UInt8.self)
      if mapping.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { mappedPosition = 3 }
    }
  }

  deinit { carry.deallocate() }

  /// The next block, `.end` after the last, or the read error.
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
      return .failed(error.at(file: plan.path))
    }
  }

  private func fill(_ destination: UnsafeMutablePointer<UInt8>, _ room: Int) throws(FormatError) -> Int {
    var filled = 0
    if headUsed < head.count {
      let n = min(room, head.count - headUsed)
      head.withUnsafeBufferPointer { destination.update(from: $0.baseAddress! + headUsed, count: n) }
      headUsed += n
      filled = n
      if headUsed == head.count { head = [] ; headUsed = 0 }
    }
    if filled < room, !sourceEnded {
      let n = try source.read(into: UnsafeMutableRawBufferPointer(start: destination + filled, count: room - filled))
      if n < room - filled { sourceEnded = true }
      filled += n
    }
    return filled
  }

  /// The next block cut out of the mapping, without copying.
  private func makeMappedBlock(_ mapping: MappedRegion) throws(FormatError) -> InputBlock? {
    let total = mapping.count
    guard mappedPosition < total else { return nil }
    let p = UnsafeMutablePointer(mutating: mapping.base.assumingMemoryBound(to: UInt8.self) + mappedPosition)
    var window = pool.blockSize
    while true {
      let available = total - mappedPosition
      if window >= available {
        let block = InputBlock(region: mapping, offset: mappedPosition, count: available)
        block.isFirst = isFirstBlock
        block.isLast = true
        isFirstBlock = false
        mappedPosition = total
        InputProgress.add(available)
        return block
      }
      let (cut, mayHaveQuotes) = lastRowEnd(p, window)
      if cut > 0 {
        let block = InputBlock(region: mapping, offset: mappedPosition, count: cut)
        block.isFirst = isFirstBlock
        block.mayHaveQuotes = mayHaveQuotes
        isFirstBlock = false
        mappedPosition += cut
        InputProgress.add(cut)
        return block
      }
      guard window < Self.maximumBlockSize else {
        throw FormatError(.unsupported("a row longer than \(Self.maximumBlockSize >> 20) MiB"))
      }
      window = min(window * 2, Self.maximumBlockSize)
    }
  }

  private func makeBlock() throws(FormatError) -> InputBlock? {
    if let mapping { return try makeMappedBlock(mapping) }
    var block = pool.take(minimumCapacity: max(pool.blockSize, carryCount * 2))
    block.isFirst = isFirstBlock
    if carryCount > 0 { block.bytes.update(from: carry, count: carryCount) }
    var filled = carryCount
    carryCount = 0
    while true {
      filled += try fill(block.bytes + filled, block.capacity - filled)
      if isFirstBlock, filled >= 3, block.bytes[0] == 0xEF, block.bytes[1] == 0xBB, block.bytes[2] == 0xBF {
        // UTF-8 byte order mark: not data.
        (block.bytes).update(from: block.bytes + 3, count: filled - 3)
        filled -= 3
        isFirstBlock = false
        continue
      }
      isFirstBlock = false
      let atEnd = sourceEnded && head.isEmpty
      if atEnd {
        if filled == 0 {
          pool.give(block)
          return nil
        }
        block.count = filled
        block.isLast = true
        block.mayHaveQuotes = true
        finished = true
        break
      }
      let (cut, mayHaveQuotes) = lastRowEnd(block.bytes, filled)
      if cut > 0 {
        block.count = cut
        block.mayHaveQuotes = mayHaveQuotes
        keepCarry(block.bytes + cut, filled - cut)
        break
      }
      // Not one whole row fits: grow the block.
      guard block.capacity < Self.maximumBlockSize else {
        throw FormatError(.unsupported("a row longer than \(Self.maximumBlockSize >> 20) MiB"))
      }
      let bigger = InputBlock(capacity: min(block.capacity * 2, Self.maximumBlockSize))
      bigger.isFirst = block.isFirst
      bigger.bytes.update(from: block.bytes, count: filled)
      pool.give(block)
      block = bigger
    }
    return block
  }

  private func keepCarry(_ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) {
    if count > carryCapacity {
      carry.deallocate()
      carryCapacity = max(count, carryCapacity * 2)
      carry = .allocate(capacity: carryCapacity)
    }
    carry.update(from: bytes, count: count)
    carryCount = count
  }

  /// The offset just past the last complete row in `p[0..<n]` (0 if there is none), and whether the rows
  /// before it may hold quote bytes (false lets the worker skip quote handling for the block).
  func lastRowEnd(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> (cut: Int, mayHaveQuotes: Bool) {
    if plan.splitsExactly || !plan.dialect.escapesByDoubling || plan.dialect.comment != nil {
      var sink = CSVCountingSink()
      let result = tokenizer.tokenize(p, count: n, from: 0, isFinal: false, into: &sink)
      // A malformed row is handed to a worker whole, which reports it with its line.
      if result.position == 0, result.issue != nil { return (n, true) }
      return (result.position, true)
    }
    return Self.lastRowEndByQuoteParity(p, n, quote: plan.dialect.quote, lineTerminator: plan.dialect.lineTerminator)
  }

  /// Quote parity splitting: with doubled-quote escapes, a line terminator ends a row exactly when an even
  /// number of quote bytes precede it in the block (blocks start at row starts). Scans backwards from the
  /// end, so the cost is one popcount pass over the block.
  static func lastRowEndByQuoteParity(_ p: UnsafeMutablePointer<UInt8>, _ n: Int, quote: UInt8?, lineTerminator: UInt8)
    -> (cut: Int, mayHaveQuotes: Bool)
  {
    guard var position = lastIndex(of: lineTerminator, p, 0, n) else { return (0, true) }
    guard let quote else { return (position + 1, false) }
    let quotes = countByte(quote, p, 0, position)
    var parity = quotes & 1
    while parity == 1 {
      guard let previous = lastIndex(of: lineTerminator, p, 0, position) else { return (0, true) }
      parity ^= countByte(quote, p, previous, position) & 1
      position = previous
    }
    return (position + 1, quotes > 0)
  }

  static func lastIndex(of byte: UInt8, _ p: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
    let pattern = CSVTokenizer.broadcast(byte)
    let raw = UnsafeRawPointer(p)
    var i = end
    while i - 8 >= start {
      let m = CSVTokenizer.zeroBytes(raw.loadUnaligned(fromByteOffset: i - 8, as: UInt64.self) ^ pattern)
      if m != 0 { return i - 8 + (63 - m.leadingZeroBitCount) / 8 }
      i -= 8
    }
    while i > start {
      i -= 1
      if p[i] == byte { return i }
    }
    return nil
  }

  static func countByte(_ byte: UInt8, _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
    let pattern = CSVTokenizer.broadcast(byte)
    var total = 0
    var i = start
    let raw = UnsafeRawPointer(p)
    while i + 8 <= end {
      total &+= CSVTokenizer.zeroBytes(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern).nonzeroBitCount
      i &+= 8
    }
    while i < end {
      if p[i] == byte { total &+= 1 }
      i &+= 1
    }
    return total
  }
}
