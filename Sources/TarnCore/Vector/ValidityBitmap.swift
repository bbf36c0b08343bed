// Which rows of a vector hold a value: one bit per row, 1 = valid, least significant bit first (Arrow's layout).

/// A validity bitmap in 64-bit words. Bits past `count` are zero.
public struct ValidityBitmap: @unchecked Sendable {
  public let buffer: ByteBuffer
  public let count: Int

  /// All rows null (every bit zero).
  public init(allNull count: Int) {
    self.count = count
    buffer = ByteBuffer(capacity: Self.wordCount(count) * 8, zeroed: true)
    buffer.count = Self.wordCount(count) * 8
  }

  /// All rows valid.
  public init(allValid count: Int) {
    self.init(allNull: count)
    let words = buffer.pointer(UInt64.self)
    for w in 0..<Self.wordCount(count) { words[w] = ~0 }
    clearTail()
  }

  public init(_ valid: [Bool]) {
    self.init(allNull: valid.count)
    for (i, isValid) in valid.enumerated() where isValid { set(i) }
  }

  @inlinable public static func wordCount(_ bits: Int) -> Int { (bits &+ 63) >> 6 }

  @inlinable public var words: UnsafeMutablePointer<UInt64> { buffer.pointer(UInt64.self) }

  @inlinable public func isValid(_ i: Int) -> Bool {
    (words[i >> 6] >> UInt64(i & 63)) & 1 == 1
  }

  @inlinable public func set(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
  @inlinable public func clear(_ i: Int) { words[i >> 6] &= ~(1 << UInt64(i & 63)) }

  /// Zeroes the bits past `count` in the last word, so popcounts and word tests stay exact.
  public func clearTail() {
    let rest = count & 63
    if rest != 0 { words[count >> 6] &= (1 << UInt64(rest)) &- 1 }
  }

  /// Number of valid rows.
  public var validCount: Int {
    var total = 0
    for w in 0..<Self.wordCount(count) { total &+= words[w].nonzeroBitCount }
    return total
  }

  public var nullCount: Int { count - validCount }
}
