// Encoder of the DELTA_BINARY_PACKED encoding of INT32 and INT64 values.

import TarnCore

/// Writes `Int32` or `Int64` values in the `DELTA_BINARY_PACKED = 5` encoding; see
/// `DeltaBinaryPackedDecoder` for the byte layout.
///
/// Blocks default to 128 values in 4 miniblocks of 32, as parquet-mr writes for both types (Arrow
/// C++ writes `Int64` in blocks of 256, which `init(blockSize: 256)` reproduces byte for byte).
///
/// Deltas and their offsets from the block's min delta are computed in wrapping arithmetic of
/// `Value`'s width, so an `Int32` stream never needs more than 32 bits per value. Unused miniblocks
/// of the last block get bit width 0 and no bytes; the last used miniblock is padded with zeros.
///
/// Append values in any number of calls, then `finish` writes the stream; the encoder is then empty
/// and can be reused. The header holds the value count, so blocks wait in the encoder until then.
package struct DeltaBinaryPackedEncoder<Value: FixedWidthInteger & SignedInteger> {
  /// Values per block.
  package let blockSize: Int
  /// Miniblocks per block.
  package let miniblocksPerBlock: Int
  let valuesPerMiniblock: Int

  /// Blocks finished so far.
  let blocks = ByteBuffer(capacity: 1024)
  /// Deltas of the open block.
  var deltas: [Value]
  var deltaCount = 0
  /// Offsets from the min delta of one miniblock, as the packer reads them.
  var miniblock: [UInt64]
  /// Values appended since the last `finish`.
  package private(set) var count = 0
  var firstValue: Value = 0
  var lastValue: Value = 0

  /// - Precondition: `blockSize` is a positive multiple of 128, and `blockSize / miniblocksPerBlock`
  ///   a whole multiple of 32.
  package init(blockSize: Int = 128, miniblocksPerBlock: Int = 4) {
    precondition(blockSize > 0 && blockSize % 128 == 0 && miniblocksPerBlock > 0
      && blockSize % miniblocksPerBlock == 0 && (blockSize / miniblocksPerBlock) % 32 == 0,
      "invalid DELTA_BINARY_PACKED block shape \(blockSize)/\(miniblocksPerBlock)")
    self.blockSize = blockSize
    self.miniblocksPerBlock = miniblocksPerBlock
    valuesPerMiniblock = blockSize / miniblocksPerBlock
    deltas = Array(repeating: 0, count: blockSize)
    miniblock = Array(repeating: 0, count: valuesPerMiniblock)
  }

  /// Appends values.
  /// - Complexity: O(values.count).
  package mutating func append(_ values: UnsafeBufferPointer<Value>) {
    var i = 0
    if count == 0, let first = values.first {
      firstValue = first
      lastValue = first
      i = 1
    }
    count &+= values.count
    var last = lastValue
    while i < values.count {
      let n = min(values.count &- i, blockSize &- deltaCount)
      deltas.withUnsafeMutableBufferPointer { deltas in
        for j in 0..<n {
          let value = values[i &+ j]
          deltas[deltaCount &+ j] = value &- last
          last = value
        }
      }
      deltaCount &+= n
      i &+= n
      if deltaCount == blockSize { writeBlock() }
    }
    lastValue = last
  }

  /// Writes the header and every block to `out`, and empties the encoder.
  package mutating func finish(into out: ByteBuffer) {
    if deltaCount > 0 { writeBlock() }
    VarInt.appendULEB128(UInt64(blockSize), to: out)
    VarInt.appendULEB128(UInt64(miniblocksPerBlock), to: out)
    VarInt.appendULEB128(UInt64(count), to: out)
    VarInt.appendZigZag(Int64(firstValue), to: out)
    out.append(blocks.bytes)
    blocks.count = 0
    count = 0
    firstValue = 0
    lastValue = 0
  }

  /// Writes the open block: min delta, the miniblocks' bit widths, then the used miniblocks.
  mutating func writeBlock() {
    let n = deltaCount
    let perMiniblock = valuesPerMiniblock
    let miniblockCount = miniblocksPerBlock
    let used = (n &+ perMiniblock &- 1) / perMiniblock
    let blocks = blocks
    deltas.withUnsafeBufferPointer { deltas in
      miniblock.withUnsafeMutableBufferPointer { offsets in
        var minDelta = Value.max
        for i in 0..<n { minDelta = min(minDelta, deltas[i]) }
        VarInt.appendZigZag(Int64(minDelta), to: blocks)
        // The widths of unused miniblocks stay 0.
        let widthsOffset = blocks.count
        blocks.reserve(additional: miniblockCount)
        // Safe: reserve made room for the widths.
        (blocks.base + widthsOffset).initializeMemory(as: UInt8.self, repeating: 0, count: miniblockCount)
        blocks.count &+= miniblockCount
        for m in 0..<used {
          let start = m &* perMiniblock
          let count = min(n &- start, perMiniblock)
          var bits: UInt64 = 0
          for i in 0..<count {
            let offset = UInt64(Value.Magnitude(truncatingIfNeeded: deltas[start &+ i] &- minDelta))
            offsets[i] = offset
            bits |= offset
          }
          for i in count..<perMiniblock { offsets[i] = 0 }
          let width = BitUnpacking.bitWidth(of: bits)
          blocks.base.storeBytes(of: UInt8(width), toByteOffset: widthsOffset &+ m, as: UInt8.self)
          BitUnpacking.pack(offsets.baseAddress!, count: perMiniblock, bitWidth: width, into: blocks)
        }
      }
    }
    deltaCount = 0
  }
}
