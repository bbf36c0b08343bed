// Decoder of the DELTA_BINARY_PACKED encoding of INT32 and INT64 values.

/// Reads `Int32` or `Int64` values in the `DELTA_BINARY_PACKED = 5` encoding.
///
/// Byte layout (https://github.com/apache/parquet-format/blob/master/Encodings.md#DELTAENC):
/// ```
/// header := uleb128(block size)        multiple of 128
///           uleb128(miniblocks/block)  block size / miniblocks is a multiple of 32
///           uleb128(total value count)
///           zigzag uleb128(first value)
/// block  := zigzag uleb128(min delta)  one bit-width byte per miniblock  miniblocks
/// miniblock := (values per miniblock) deltas - min delta, bit-packed LSB first
/// ```
/// Value `i + 1` is value `i` + min delta + the unpacked number, in wrapping arithmetic of `Value`'s
/// width. Blocks follow until the total count is covered; bit widths of miniblocks past the last
/// value are ignored (the spec lets them hold anything) and those miniblocks take no bytes. Widths
/// over `Value.bitWidth` in miniblocks that hold values throw `.corrupt`.
///
/// `decode` and `skip` may be called any number of times, in any mix. `encodedByteCount()` tells
/// where the stream ends, for the DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY parts that follow it.
///
/// The decoder borrows `bytes`: the caller keeps that memory alive and unchanged while decoding.
package struct DeltaBinaryPackedDecoder<Value: FixedWidthInteger & SignedInteger> {
  // Safe: `base` is readable for `end` bytes while the caller keeps the input alive.
  let base: UnsafeRawPointer
  let end: Int
  /// Values per block, from the header: a multiple of 128.
  package let blockSize: Int
  /// Miniblocks per block, from the header.
  package let miniblocksPerBlock: Int
  /// `blockSize / miniblocksPerBlock`: a multiple of 32.
  package let valuesPerMiniblock: Int
  /// The number of values the header announces.
  package let totalCount: Int
  /// Offset of the first block, just past the header.
  let headerByteCount: Int

  /// Values not yet decoded or skipped.
  package private(set) var valuesLeft: Int
  /// The last value produced; before the first call, the header's first value.
  var lastValue: Value
  /// The first value is in the header, not in a block, and has not been produced yet.
  var isFirstValuePending: Bool
  /// Offset of the next unread block header or miniblock.
  var position: Int
  var minDelta: Value = 0
  /// Offset of the current block's bit-width bytes.
  var bitWidthsOffset = 0
  /// The current miniblock's index in its block; the last index before the first block.
  var miniblockIndex: Int
  /// Deltas not yet assigned to a miniblock by `nextMiniblock`.
  var unclaimedDeltas: Int
  var miniblockStart = 0
  var miniblockBitWidth = 0
  /// Values of the current miniblock already produced, and left.
  var miniblockConsumed = 0
  var miniblockRemaining = 0

  /// Header fields are capped so that sizes computed from them cannot overflow.
  package static var countLimit: Int { Int(Int32.max) }

  /// Reads the header. Throws `.truncated` if it is cut short and `.corrupt` if a field breaks the spec.
  package init(_ bytes: UnsafeRawBufferPointer) throws(ParquetError) {
    base = baseAddress(of: bytes)
    end = bytes.count
    var p = 0
    let blockSize = try VarInt.readULEB128(base, end: end, position: &p, limit: Self.countLimit, field: "block size")
    let miniblocks = try VarInt.readULEB128(
      base, end: end, position: &p, limit: Self.countLimit, field: "miniblocks per block")
    let totalCount = try VarInt.readULEB128(base, end: end, position: &p, limit: Self.countLimit, field: "value count")
    let first = try VarInt.readZigZag(base, end: end, position: &p)
    guard blockSize > 0, blockSize % 128 == 0 else {
      throw ParquetError(.corrupt("DELTA_BINARY_PACKED block size \(blockSize) is not a multiple of 128"))
    }
    guard miniblocks > 0, blockSize % miniblocks == 0, (blockSize / miniblocks) % 32 == 0 else {
      throw ParquetError(.corrupt(
        "DELTA_BINARY_PACKED block of \(blockSize) values in \(miniblocks) miniblocks: not multiples of 32"))
    }
    self.blockSize = blockSize
    miniblocksPerBlock = miniblocks
    valuesPerMiniblock = blockSize / miniblocks
    self.totalCount = totalCount
    headerByteCount = p
    valuesLeft = totalCount
    lastValue = Value(truncatingIfNeeded: first)
    isFirstValuePending = totalCount > 0
    position = p
    miniblockStart = p
    miniblockIndex = miniblocks &- 1
    unclaimedDeltas = max(totalCount &- 1, 0)
  }

  /// Writes exactly `count` values into `out[0 ..< count]`.
  ///
  /// Throws `.corrupt` when the stream holds fewer than `count` more values or has a bit width over
  /// `Value.bitWidth`, and `.truncated` when its blocks are cut short. After a throw the decoder's
  /// state and `out` are unspecified.
  /// - Precondition: `count >= 0` and `out` has room for `count` values.
  /// - Complexity: O(count) plus O(miniblocks per block) per block.
  package mutating func decode(into out: UnsafeMutablePointer<Value>, count: Int) throws(ParquetError) {
    try checkCount(count)
    var done = 0
    if isFirstValuePending, count > 0 {
      out[0] = lastValue
      isFirstValuePending = false
      done = 1
    }
    var last = lastValue
    while done < count {
      if miniblockRemaining == 0 { try nextMiniblock() }
      let n = min(miniblockRemaining, count &- done)
      let chunk = out + done
      let delta = minDelta
      if miniblockBitWidth == 0 {
        for i in 0..<n {
          last &+= delta
          chunk[i] = last
        }
      } else {
        // Safe: nextMiniblock checked that this miniblock's values lie before `end`.
        BitUnpacking.unpack(
          base + miniblockStart, byteCount: end &- miniblockStart, first: miniblockConsumed, count: n,
          bitWidth: miniblockBitWidth, into: chunk)
        for i in 0..<n {
          last = last &+ delta &+ chunk[i]
          chunk[i] = last
        }
      }
      miniblockConsumed &+= n
      miniblockRemaining &-= n
      done &+= n
    }
    lastValue = last
    valuesLeft &-= count
  }

  /// Moves past `count` values. Throws as `decode` does.
  ///
  /// Deltas must still be summed, so skipping unpacks into a small stack buffer and adds up; a
  /// miniblock of width 0 is skipped in O(1).
  package mutating func skip(_ count: Int) throws(ParquetError) {
    try checkCount(count)
    var left = count
    if isFirstValuePending, left > 0 {
      isFirstValuePending = false
      valuesLeft &-= 1
      left &-= 1
    }
    while left > 0 {
      if miniblockRemaining == 0 { try nextMiniblock() }
      let n = min(miniblockRemaining, left)
      if miniblockBitWidth == 0 {
        lastValue &+= minDelta &* Value(truncatingIfNeeded: n)
        miniblockConsumed &+= n
        miniblockRemaining &-= n
        valuesLeft &-= n
        left &-= n
      } else {
        // value[k] = last + (k + 1) * minDelta + the sum of the first k + 1 unpacked numbers.
        var sum: Value = 0
        var done = 0
        withUnsafeTemporaryAllocation(of: Value.self, capacity: 256) { scratch in
          let buffer = scratch.baseAddress!
          while done < n {
            let step = min(n &- done, 256)
            // Safe: nextMiniblock checked that this miniblock's values lie before `end`.
            BitUnpacking.unpack(
              base + miniblockStart, byteCount: end &- miniblockStart, first: miniblockConsumed &+ done,
              count: step, bitWidth: miniblockBitWidth, into: buffer)
            for i in 0..<step { sum &+= buffer[i] }
            done &+= step
          }
        }
        lastValue = lastValue &+ minDelta &* Value(truncatingIfNeeded: n) &+ sum
        miniblockConsumed &+= n
        miniblockRemaining &-= n
        valuesLeft &-= n
        left &-= n
      }
    }
  }

  func checkCount(_ count: Int) throws(ParquetError) {
    precondition(count >= 0, "negative count")
    guard count <= valuesLeft else {
      throw ParquetError(.corrupt("DELTA_BINARY_PACKED stream holds \(valuesLeft) more values, \(count) requested"))
    }
  }

  /// Moves to the next miniblock that holds values, reading a block header when needed.
  mutating func nextMiniblock() throws(ParquetError) {
    position = min(miniblockStart &+ miniblockBytes(miniblockBitWidth), end)
    if miniblockIndex &+ 1 == miniblocksPerBlock {
      // A new block: its min delta and the bit widths of its miniblocks.
      var p = position
      let delta = try VarInt.readZigZag(base, end: end, position: &p)
      guard miniblocksPerBlock <= end &- p else {
        throw ParquetError(.truncated(needed: miniblocksPerBlock, available: end &- p))
      }
      minDelta = Value(truncatingIfNeeded: delta)
      bitWidthsOffset = p
      position = p &+ miniblocksPerBlock
      miniblockIndex = 0
    } else {
      miniblockIndex &+= 1
    }
    // Safe: bitWidthsOffset + miniblocksPerBlock <= end and miniblockIndex < miniblocksPerBlock.
    let width = Int(base.load(fromByteOffset: bitWidthsOffset &+ miniblockIndex, as: UInt8.self))
    guard width <= Value.bitWidth else {
      throw ParquetError(.corrupt("DELTA_BINARY_PACKED bit width \(width) over \(Value.bitWidth)"))
    }
    let values = min(valuesPerMiniblock, unclaimedDeltas)
    let needed = (values &* width &+ 7) &>> 3
    guard needed <= end &- position else {
      throw ParquetError(.truncated(needed: needed, available: end &- position))
    }
    miniblockStart = position
    miniblockBitWidth = width
    miniblockConsumed = 0
    miniblockRemaining = values
    unclaimedDeltas &-= values
  }

  /// The bytes of one full miniblock of `width` bits per value.
  func miniblockBytes(_ width: Int) -> Int {
    (valuesPerMiniblock &* width) &>> 3
  }

  /// The bytes the whole stream occupies, from its header to the end of its last miniblock.
  ///
  /// Walks the block headers without decoding values, independent of how far decoding got.
  /// Throws `.truncated` when a block or a miniblock (padded to full size, as the spec requires) is
  /// cut short, and `.corrupt` for a bit width over `Value.bitWidth`.
  /// - Complexity: O(blocks × miniblocks per block).
  package func encodedByteCount() throws(ParquetError) -> Int {
    var p = headerByteCount
    var left = max(totalCount &- 1, 0)
    while left > 0 {
      _ = try VarInt.readZigZag(base, end: end, position: &p)
      guard miniblocksPerBlock <= end &- p else {
        throw ParquetError(.truncated(needed: miniblocksPerBlock, available: end &- p))
      }
      let widths = p
      p &+= miniblocksPerBlock
      var m = 0
      while m < miniblocksPerBlock, left > 0 {
        // Safe: widths + m < widths + miniblocksPerBlock <= end.
        let width = Int(base.load(fromByteOffset: widths &+ m, as: UInt8.self))
        guard width <= Value.bitWidth else {
          throw ParquetError(.corrupt("DELTA_BINARY_PACKED bit width \(width) over \(Value.bitWidth)"))
        }
        let size = miniblockBytes(width)
        guard size <= end &- p else { throw ParquetError(.truncated(needed: size, available: end &- p)) }
        p &+= size
        left &-= min(left, valuesPerMiniblock)
        m &+= 1
      }
    }
    return p
  }
}
