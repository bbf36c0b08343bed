// Decoder of the RLE/bit-packing hybrid encoding: definition and repetition levels, dictionary indices, booleans.

/// Reads values of the RLE/bit-packing hybrid encoding (`RLE = 3`), which Parquet uses for levels,
/// dictionary indices (`RLE_DICTIONARY`) and booleans.
///
/// Byte layout (https://github.com/apache/parquet-format/blob/master/Encodings.md#RLE):
/// ```
/// encoded-data   := run*
/// run            := bit-packed-run | rle-run
/// bit-packed-run := uleb128(groups << 1 | 1)  groups * bitWidth bytes   8 values per group, LSB first
/// rle-run        := uleb128(count << 1)       value: ceil(bitWidth / 8) bytes, little-endian
/// ```
/// Where the data starts depends on its use; the static helpers below cover each form:
/// - `lengthPrefixed(_:bitWidth:)`: a 4-byte little-endian byte length first (levels in data page v1,
///   RLE booleans in pages v1 and v2);
/// - `dictionaryIndices(_:)`: a 1-byte bit width first (`RLE_DICTIONARY` data pages);
/// - `withByteLength(_:byteLength:bitWidth:)` or `init(_:bitWidth:)`: the runs alone (levels in data
///   page v2, whose header gives the byte length).
///
/// The decoder reads the runs lazily: `decode` and `skip` may be called any number of times, in any
/// mix, for any counts. A bit-packed run cut short by the end of the input keeps the values whose
/// bits are all present (some writers stop at the last value); asking for more values than the input
/// holds throws `.truncated`.
///
/// The decoder borrows `bytes`: the caller keeps that memory alive and unchanged while decoding.
package struct RLEBitPackedHybridDecoder {
  // Safe: `base` is readable for `end` bytes while the caller keeps the input alive (see above).
  let base: UnsafeRawPointer
  let end: Int
  /// Bits per value, 0…32.
  package let bitWidth: Int
  /// Offset of the next run header.
  var position = 0
  /// Values left in the current run.
  var runRemaining = 0
  var isRLERun = true
  /// The repeated value of the current RLE run.
  var runValue: UInt64 = 0
  /// Offset of the current bit-packed run's first byte.
  var packedStart = 0
  /// Index of the next value inside the current bit-packed run.
  var packedIndex = 0

  /// The largest bit width the encoding allows.
  package static let maxBitWidth = 32

  /// A decoder over runs that start at the first byte of `bytes` and end with it.
  ///
  /// Throws `.corrupt` for a bit width outside 0…32.
  package init(_ bytes: UnsafeRawBufferPointer, bitWidth: Int) throws(ParquetError) {
    guard bitWidth >= 0, bitWidth <= Self.maxBitWidth else {
      throw ParquetError(.corrupt("RLE bit width \(bitWidth) over \(Self.maxBitWidth)"))
    }
    base = baseAddress(of: bytes)
    end = bytes.count
    self.bitWidth = bitWidth
  }

  /// Levels or booleans stored as a 4-byte little-endian byte length, then that many bytes of runs.
  ///
  /// Returns the decoder and the bytes the whole form occupies (4 + length), where the next part of
  /// the page starts. Throws `.truncated` when the length is over the bytes present.
  package static func lengthPrefixed(
    _ bytes: UnsafeRawBufferPointer, bitWidth: Int
  ) throws(ParquetError) -> (decoder: RLEBitPackedHybridDecoder, byteCount: Int) {
    guard bytes.count >= 4 else { throw ParquetError(.truncated(needed: 4, available: bytes.count)) }
    let length = Int(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
    guard length <= bytes.count &- 4 else {
      throw ParquetError(.truncated(needed: length &+ 4, available: bytes.count))
    }
    let decoder = try RLEBitPackedHybridDecoder(
      UnsafeRawBufferPointer(rebasing: bytes[4..<(4 &+ length)]), bitWidth: bitWidth)
    return (decoder, 4 &+ length)
  }

  /// Levels of a data page v2: the runs alone, in the first `byteLength` bytes of `bytes`, where the
  /// page header gives `byteLength`.
  ///
  /// Throws `.truncated` when `byteLength` is over the bytes present and `.corrupt` when negative.
  package static func withByteLength(
    _ bytes: UnsafeRawBufferPointer, byteLength: Int, bitWidth: Int
  ) throws(ParquetError) -> RLEBitPackedHybridDecoder {
    guard byteLength >= 0 else { throw ParquetError(.corrupt("levels byte length \(byteLength)")) }
    guard byteLength <= bytes.count else {
      throw ParquetError(.truncated(needed: byteLength, available: bytes.count))
    }
    return try RLEBitPackedHybridDecoder(UnsafeRawBufferPointer(rebasing: bytes[0..<byteLength]), bitWidth: bitWidth)
  }

  /// Dictionary indices of an `RLE_DICTIONARY` (or `PLAIN_DICTIONARY`) data page: one byte holding
  /// the bit width (at most 32), then the runs up to the end of `bytes`.
  package static func dictionaryIndices(_ bytes: UnsafeRawBufferPointer) throws(ParquetError) -> RLEBitPackedHybridDecoder {
    guard bytes.count >= 1 else { throw ParquetError(.truncated(needed: 1, available: 0)) }
    return try RLEBitPackedHybridDecoder(
      UnsafeRawBufferPointer(rebasing: bytes[1...]), bitWidth: Int(bytes[0]))
  }

  /// The bit width of levels whose largest value is `maxLevel`: 0 for 0, 1 for 1, 2 for 2–3, ….
  package static func bitWidth(forMaxValue maxValue: Int) -> Int {
    BitUnpacking.bitWidth(of: UInt64(max(maxValue, 0)))
  }

  /// Writes exactly `count` values into `out[0 ..< count]`.
  ///
  /// Throws `.truncated` when the input holds fewer values, `.corrupt` for an RLE value wider than the
  /// bit width or a run longer than 2^31 - 1, and `.internalBug` when `T` is narrower than the bit
  /// width. After a throw the decoder's state and `out` are unspecified.
  /// - Precondition: `count >= 0` and `out` has room for `count` values.
  /// - Complexity: O(count) plus O(1) per run.
  package mutating func decode<T: FixedWidthInteger & UnsignedInteger>(
    into out: UnsafeMutablePointer<T>, count: Int
  ) throws(ParquetError) {
    precondition(count >= 0, "negative count")
    guard bitWidth <= T.bitWidth else {
      throw ParquetError(.internalBug("RLE bit width \(bitWidth) decoded into \(T.bitWidth)-bit integers"))
    }
    var done = 0
    while done < count {
      if runRemaining == 0 { try nextRun() }
      let n = min(runRemaining, count &- done)
      if isRLERun {
        (out + done).initialize(repeating: T(truncatingIfNeeded: runValue), count: n)
      } else {
        // Safe: nextRun checked that the run's values lie before `end`.
        BitUnpacking.unpack(
          base + packedStart, byteCount: end &- packedStart, first: packedIndex, count: n,
          bitWidth: bitWidth, into: out + done)
        packedIndex &+= n
      }
      runRemaining &-= n
      done &+= n
    }
  }

  /// Decodes `count` dictionary indices and checks each is below `dictionaryCount`.
  ///
  /// Throws `.corrupt` naming the first bad index's value when one is out of range.
  /// - Complexity: O(count); the check is a second branch-free pass over the output.
  package mutating func decodeDictionaryIndices(
    into out: UnsafeMutablePointer<UInt32>, count: Int, dictionaryCount: Int
  ) throws(ParquetError) {
    try decode(into: out, count: count)
    var largest: UInt32 = 0
    for i in 0..<count { largest = max(largest, out[i]) }
    if count > 0, Int(largest) >= dictionaryCount {
      throw ParquetError(.corrupt("dictionary index \(largest) with \(dictionaryCount) dictionary entries"))
    }
  }

  /// Moves past `count` values without writing them.
  ///
  /// Throws `.truncated` when the input holds fewer values.
  /// - Complexity: O(1) per run.
  package mutating func skip(_ count: Int) throws(ParquetError) {
    precondition(count >= 0, "negative count")
    var left = count
    while left > 0 {
      if runRemaining == 0 { try nextRun() }
      let n = min(runRemaining, left)
      if !isRLERun { packedIndex &+= n }
      runRemaining &-= n
      left &-= n
    }
  }

  /// Whether the runs open with one RLE run of `value` at least `count` long, so the first `count` values are all
  /// `value` and need not be decoded. Reads only the first run header; a bad header is just `false`.
  package func opensWithRun(of value: UInt64, count: Int) -> Bool {
    var first = self
    first.position = 0
    first.runRemaining = 0
    guard (try? first.nextRun()) != nil else { return false }
    return first.isRLERun && first.runValue == value && first.runRemaining >= count
  }

  /// Values left in the current run, for callers that handle runs themselves (0 before the first call).
  package var valuesLeftInRun: Int { runRemaining }

  /// Reads the next run header. Throws `.truncated` at the end of the input.
  mutating func nextRun() throws(ParquetError) {
    // Zero-length runs are skipped; each consumes at least one header byte, so the loop ends.
    while true {
      guard position < end else { throw ParquetError(.truncated(needed: 1, available: 0)) }
      let header = try VarInt.readULEB128(base, end: end, position: &position)
      let length = header &>> 1
      guard length <= UInt64(Int32.max) else {
        throw ParquetError(.corrupt("RLE run length \(length) over 2^31 - 1"))
      }
      if header & 1 == 1 {
        // Bit-packed: `length` groups of 8 values, bitWidth bytes per group.
        guard length <= UInt64(Int32.max / 8) else {
          throw ParquetError(.corrupt("bit-packed run of \(length) groups over 2^31 - 1 values"))
        }
        var values = Int(length) &* 8
        var byteCount = Int(length) &* bitWidth
        let available = end &- position
        if byteCount > available {
          values = available &* 8 / bitWidth
          byteCount = available
        }
        packedStart = position
        packedIndex = 0
        position &+= byteCount
        isRLERun = false
        runRemaining = values
      } else {
        let valueBytes = (bitWidth &+ 7) &>> 3
        guard valueBytes <= end &- position else {
          throw ParquetError(.truncated(needed: valueBytes, available: end &- position))
        }
        var value: UInt64 = 0
        for i in 0..<valueBytes {
          // Safe: position + valueBytes <= end.
          value |= UInt64(base.load(fromByteOffset: position &+ i, as: UInt8.self)) &<< UInt64(i &* 8)
        }
        guard value &>> UInt64(bitWidth) == 0 else {
          throw ParquetError(.corrupt("RLE value \(value) wider than bit width \(bitWidth)"))
        }
        position &+= valueBytes
        isRLERun = true
        runValue = value
        runRemaining = Int(length)
      }
      if runRemaining > 0 { return }
    }
  }
}
