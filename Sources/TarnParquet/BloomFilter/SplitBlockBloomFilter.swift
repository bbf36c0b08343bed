// Parquet's split-block Bloom filter: 32-byte blocks of eight 32-bit words, XXH64 of the PLAIN value.
import CXXHash
import TarnCore

/// A split-block Bloom filter as parquet-format's BloomFilter.md defines it.
///
/// A value's hash is XXH64 (seed 0) of its PLAIN encoding without a length prefix: 4 or 8 little-endian bytes
/// for numbers, the bytes of a BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY. The top 32 bits pick a block, the low 32
/// bits set one bit in each of the block's 8 words. No false negatives; false positives at about the rate the
/// filter was sized for.
public struct SplitBlockBloomFilter: Sendable, Equatable {
  /// The bitset, a whole number of 32-byte blocks.
  public private(set) var words: [UInt32]

  static let salt: [UInt32] = [
    0x47b6_137b, 0x4497_4d91, 0x8824_ad5b, 0xa2b7_289d, 0x7054_95c7, 0x2df1_424b, 0x9efc_4947, 0x5c6b_fb31,
  ]
  public static let minimumBytes = 32
  public static let maximumBytes = 128 << 20

  /// An empty filter of `byteCount` bytes, rounded up to a power of two between 32 bytes and 128 MiB.
  public init(byteCount: Int) {
    var bytes = Self.minimumBytes
    while bytes < min(byteCount, Self.maximumBytes) { bytes <<= 1 }
    words = [UInt32](repeating: 0, count: bytes / 4)
  }

  /// A filter over a stored bitset (little-endian words).
  /// - Precondition: `bitset.count` is a positive multiple of 32.
  public init(bitset: UnsafeRawBufferPointer) {
    precondition(bitset.count > 0 && bitset.count % 32 == 0, "Bloom filter bitset of \(bitset.count) bytes")
    words = (0..<(bitset.count / 4)).map { UInt32(littleEndian: bitset.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
  }

  /// The size for `distinctValues` values at false-positive probability `fpp` (parquet-mr's and Arrow's formula).
  public static func optimalByteCount(distinctValues: Int, fpp: Double) -> Int {
    let n = Double(max(distinctValues, 1))
    let bits = -8.0 * n / log(1.0 - pow(fpp, 1.0 / 8.0))
    guard bits.isFinite, bits < Double(maximumBytes * 8) else { return maximumBytes }
    var bytes = minimumBytes
    while bytes * 8 < Int(bits) { bytes <<= 1 }
    return bytes
  }

  public var byteCount: Int { words.count * 4 }

  @inline(__always) private func mask(_ key: UInt32, _ i: Int) -> UInt32 {
    1 &<< ((key &* Self.salt[i]) &>> 27)
  }

  @inline(__always) private func block(of hash: UInt64) -> Int {
    let blocks = UInt64(words.count / 8)
    return Int(((hash &>> 32) &* blocks) &>> 32) &* 8
  }

  public mutating func insert(hash: UInt64) {
    let start = block(of: hash)
    let key = UInt32(truncatingIfNeeded: hash)
    for i in 0..<8 { words[start + i] |= mask(key, i) }
  }

  /// False when the value with this hash was certainly never inserted.
  public func mightContain(hash: UInt64) -> Bool {
    let start = block(of: hash)
    let key = UInt32(truncatingIfNeeded: hash)
    for i in 0..<8 where words[start + i] & mask(key, i) == 0 { return false }
    return true
  }

  /// XXH64 with seed 0 of `bytes`: the hash of a BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY value.
  public static func hash(bytes: UnsafeRawBufferPointer) -> UInt64 {
    var scratch: UInt64 = 0
    return withUnsafeBytes(of: &scratch) { spare in
      UInt64(XXH_INLINE_XXH64(bytes.baseAddress ?? spare.baseAddress!, bytes.count, 0))
    }
  }

  /// The hash of an INT32, INT64, FLOAT or DOUBLE value: XXH64 of its little-endian bytes.
  public static func hash<T: BitwiseCopyable>(_ value: T) -> UInt64 {
    withUnsafeBytes(of: value) { hash(bytes: $0) }
  }

  public static func hash(_ string: String) -> UInt64 {
    var copy = string
    return copy.withUTF8 { hash(bytes: UnsafeRawBufferPointer($0)) }
  }

  public func mightContain(_ string: String) -> Bool { mightContain(hash: Self.hash(string)) }
  public func mightContain(_ value: Int64) -> Bool { mightContain(hash: Self.hash(value.littleEndian)) }
  public func mightContain(_ value: Int32) -> Bool { mightContain(hash: Self.hash(value.littleEndian)) }
  public func mightContain(_ value: Double) -> Bool { mightContain(hash: Self.hash(value)) }

  /// The bitset as stored in a file.
  func bitset() -> [UInt8] {
    var out = [UInt8](repeating: 0, count: byteCount)
    out.withUnsafeMutableBytes { raw in
      for (i, word) in words.enumerated() { raw.storeBytes(of: word.littleEndian, toByteOffset: i * 4, as: UInt32.self) }
    }
    return out
  }
}

#if canImport(Glibc)
import Glibc
#endif
