// Writes levels and dictionary indices in the RLE/bit-packing hybrid encoding from whole arrays at once.
import TarnCore

/// Encodes `values` (each below 2^bitWidth) as RLE/bit-packed hybrid runs; see `RLEBitPackedHybridDecoder`.
///
/// Runs of 8 or more equal values become RLE runs; everything between them becomes one bit-packed run, topped up
/// to a multiple of 8 values from the next RLE run, and padded with zeros at the very end (readers know the count).
/// Unlike `RLEBitPackedHybridEncoder`, which takes values one at a time, this scans a finished array: an all-equal
/// page of levels is one compare loop and one run header.
/// - Complexity: O(count).
func writeHybridRuns<T: FixedWidthInteger & UnsignedInteger>(
  _ values: UnsafePointer<T>, count n: Int, bitWidth: Int, into out: ByteBuffer
) {
  var i = 0
  var literalStart = 0
  while i < n {
    let v = values[i]
    var j = i &+ 1
    while j < n && values[j] == v { j &+= 1 }
    let run = j &- i
    let pad = (8 &- ((i &- literalStart) & 7)) & 7
    if run >= pad &+ 8 {
      writeBitPacked(values + literalStart, count: i &+ pad &- literalStart, bitWidth: bitWidth, into: out)
      writeRLERun(UInt64(v), count: run &- pad, bitWidth: bitWidth, into: out)
      literalStart = j
    }
    i = j
  }
  writeBitPacked(values + literalStart, count: n &- literalStart, bitWidth: bitWidth, into: out)
}

private func writeRLERun(_ value: UInt64, count: Int, bitWidth: Int, into out: ByteBuffer) {
  VarInt.appendULEB128(UInt64(count) &<< 1, to: out)
  var v = value
  for _ in 0..<((bitWidth &+ 7) &>> 3) {
    out.append(UInt8(truncatingIfNeeded: v))
    v &>>= 8
  }
}

/// One bit-packed run of `count` values, padded with zeros to whole groups of 8.
private func writeBitPacked<T: FixedWidthInteger>(_ values: UnsafePointer<T>, count: Int, bitWidth: Int, into out: ByteBuffer) {
  guard count > 0 else { return }
  let groups = (count &+ 7) &>> 3
  VarInt.appendULEB128(UInt64(groups) &<< 1 | 1, to: out)
  let before = out.count
  BitUnpacking.pack(values, count: count, bitWidth: bitWidth, into: out)
  let needed = groups &* bitWidth
  let written = out.count &- before
  if written < needed {
    out.reserve(additional: needed &- written)
    (out.base + out.count).initializeMemory(as: UInt8.self, repeating: 0, count: needed &- written)
    out.count &+= needed &- written
  }
}

/// Bits needed for levels up to `maxLevel`, or dictionary indices below `count`.
func bitWidth(forMaximum maxValue: Int) -> Int {
  maxValue <= 0 ? 0 : BitUnpacking.bitWidth(of: UInt64(maxValue))
}
