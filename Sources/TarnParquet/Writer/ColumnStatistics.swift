// Min/max statistics of pages and column chunks under each column's sort order, encoded as Parquet stores them.
import TarnCore
#if canImport(Glibc)
import Glibc
#endif

/// Min and max of some values, PLAIN-encoded without length prefix; nil when there are no (non-NaN) values.
struct MinMax: Equatable {
  var min: [UInt8]
  var max: [UInt8]
}

/// Each dictionary entry's position in sorted order, and the entries in that order.
struct DictionaryRanks {
  var rank: [UInt32]
  var sorted: [Int]
}

/// Computes min/max of dense values, or of dictionary entries through indices, under `order`.
struct StatisticsComputer {
  let order: StatisticsOrder

  /// Min/max of `values[range]`.
  func minMax(_ values: DenseValues, _ range: Range<Int>) -> MinMax? {
    guard !range.isEmpty else { return nil }
    let base = UnsafeRawPointer(values.values.base)
    switch order {
    case .none: return nil
    case .boolean: return integers(base, UInt8.self, range, indices: nil)
    case .signedInt32: return integers(base, Int32.self, range, indices: nil)
    case .unsignedInt32: return integers(base, UInt32.self, range, indices: nil)
    case .signedInt64: return integers(base, Int64.self, range, indices: nil)
    case .unsignedInt64: return integers(base, UInt64.self, range, indices: nil)
    case .float: return floats(base, Float.self, range, indices: nil)
    case .double: return floats(base, Double.self, range, indices: nil)
    case .bytes: return byteArrays(values, range)
    case .signedBigEndian:
      var low = range.lowerBound
      var high = range.lowerBound
      for i in range.dropFirst() {
        let v = values.bytes(i)
        if compare(v, values.bytes(low), order) < 0 { low = i }
        if compare(v, values.bytes(high), order) > 0 { high = i }
      }
      return MinMax(min: Array(values.bytes(low)), max: Array(values.bytes(high)))
    }
  }

  /// Min/max of `dictionary[indices[range]]`. `ranks`, when given, orders byte-array entries (see `ranks(of:)`).
  func minMax(dictionary: DenseValues, indices: UnsafePointer<UInt32>, _ range: Range<Int>, ranks: DictionaryRanks?) -> MinMax? {
    guard !range.isEmpty else { return nil }
    let base = UnsafeRawPointer(dictionary.values.base)
    switch order {
    case .none: return nil
    case .boolean: return integers(base, UInt8.self, range, indices: indices)
    case .signedInt32: return integers(base, Int32.self, range, indices: indices)
    case .unsignedInt32: return integers(base, UInt32.self, range, indices: indices)
    case .signedInt64: return integers(base, Int64.self, range, indices: indices)
    case .unsignedInt64: return integers(base, UInt64.self, range, indices: indices)
    case .float: return floats(base, Float.self, range, indices: indices)
    case .double: return floats(base, Double.self, range, indices: indices)
    case .bytes, .signedBigEndian:
      guard let ranks else { return nil }
      var low = UInt32.max
      var high: UInt32 = 0
      ranks.rank.withUnsafeBufferPointer { rank in
        for i in range {
          let r = rank[Int(indices[i])]
          low = Swift.min(low, r)
          high = Swift.max(high, r)
        }
      }
      return MinMax(
        min: Array(dictionary.bytes(ranks.sorted[Int(low)])), max: Array(dictionary.bytes(ranks.sorted[Int(high)])))
    }
  }

  /// The dictionary's entries in sorted order, so a page's min/max is a min/max of integers.
  func ranks(of dictionary: DenseValues) -> DictionaryRanks {
    var sorted = Array(0..<dictionary.count)
    sorted.sort { compare(dictionary.bytes($0), dictionary.bytes($1), order) < 0 }
    var rank = [UInt32](repeating: 0, count: dictionary.count)
    for (position, entry) in sorted.enumerated() { rank[entry] = UInt32(position) }
    return DictionaryRanks(rank: rank, sorted: sorted)
  }

  /// Min/max of byte arrays in bytewise order. Each value's first 8 bytes, as a big-endian integer (zero-padded),
  /// settle almost every compare; only equal prefixes fall back to `memcmp`. Zero padding keeps the order: prefixes
  /// differ at a padded byte only when the shorter value is a prefix of the longer, hence the smaller.
  private func byteArrays(_ values: DenseValues, _ range: Range<Int>) -> MinMax {
    @inline(__always) func key(_ v: UnsafeRawBufferPointer) -> UInt64 {
      guard v.count < 8 else { return UInt64(bigEndian: v.loadUnaligned(as: UInt64.self)) }
      var word: UInt64 = 0
      withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: v) }
      return UInt64(bigEndian: word)
    }
    var low = range.lowerBound
    var high = range.lowerBound
    var lowKey = key(values.bytes(low))
    var highKey = lowKey
    for i in range.dropFirst() {
      let v = values.bytes(i)
      let k = key(v)
      if k < lowKey || (k == lowKey && compare(v, values.bytes(low), .bytes) < 0) {
        low = i
        lowKey = k
      }
      if k > highKey || (k == highKey && compare(v, values.bytes(high), .bytes) > 0) {
        high = i
        highKey = k
      }
    }
    return MinMax(min: Array(values.bytes(low)), max: Array(values.bytes(high)))
  }

  private func integers<T: FixedWidthInteger>(
    _ base: UnsafeRawPointer, _: T.Type, _ range: Range<Int>, indices: UnsafePointer<UInt32>?
  ) -> MinMax {
    let p = base.assumingMemoryBound(to: T.self)
    var low = T.max
    var high = T.min
    if let indices {
      for i in range {
        let v = p[Int(indices[i])]
        low = Swift.min(low, v)
        high = Swift.max(high, v)
      }
    } else {
      for i in range {
        let v = p[i]
        low = Swift.min(low, v)
        high = Swift.max(high, v)
      }
    }
    return MinMax(min: littleEndianBytes(low), max: littleEndianBytes(high))
  }

  /// NaNs are skipped; a zero min is written as -0 and a zero max as +0, as the spec asks.
  private func floats<T: BinaryFloatingPoint>(
    _ base: UnsafeRawPointer, _: T.Type, _ range: Range<Int>, indices: UnsafePointer<UInt32>?
  ) -> MinMax? {
    let p = base.assumingMemoryBound(to: T.self)
    var low = T.infinity
    var high = -T.infinity
    var seen = false
    for i in range {
      let v = indices.map { p[Int($0[i])] } ?? p[i]
      if v.isNaN { continue }
      seen = true
      if v < low { low = v }
      if v > high { high = v }
    }
    guard seen else { return nil }
    if low == 0 { low = -T(0) }
    if high == 0 { high = T(0) }
    return MinMax(min: floatBytes(low), max: floatBytes(high))
  }
}

private func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
  withUnsafeBytes(of: value.littleEndian) { Array($0) }
}

private func floatBytes<T: BinaryFloatingPoint>(_ value: T) -> [UInt8] {
  withUnsafeBytes(of: value) { Array($0) }
}

/// Compares two values of one column under `order`: negative, zero or positive.
func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, _ order: StatisticsOrder) -> Int {
  switch order {
  case .signedBigEndian:
    // Equal widths (FIXED_LEN_BYTE_ARRAY): the sign byte compares signed, the rest unsigned.
    if let x = a.first, let y = b.first, x != y { return Int(Int8(bitPattern: x)) - Int(Int8(bitPattern: y)) }
    fallthrough
  case .bytes:
    let n = Swift.min(a.count, b.count)
    if n > 0 {
      let c = memcmp(a.baseAddress!, b.baseAddress!, n)
      if c != 0 { return Int(c) }
    }
    return a.count - b.count
  case .signedInt32: return sign(a.loadUnaligned(as: Int32.self), b.loadUnaligned(as: Int32.self))
  case .unsignedInt32: return sign(a.loadUnaligned(as: UInt32.self), b.loadUnaligned(as: UInt32.self))
  case .signedInt64: return sign(a.loadUnaligned(as: Int64.self), b.loadUnaligned(as: Int64.self))
  case .unsignedInt64: return sign(a.loadUnaligned(as: UInt64.self), b.loadUnaligned(as: UInt64.self))
  case .boolean: return Int(a[0]) - Int(b[0])
  case .float: return sign(a.loadUnaligned(as: Float.self), b.loadUnaligned(as: Float.self))
  case .double: return sign(a.loadUnaligned(as: Double.self), b.loadUnaligned(as: Double.self))
  case .none: return 0
  }
}

private func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }

extension MinMax {
  /// The smaller min and larger max of two.
  func merged(with other: MinMax, order: StatisticsOrder) -> MinMax {
    func less(_ x: [UInt8], _ y: [UInt8]) -> Bool {
      x.withUnsafeBytes { a in y.withUnsafeBytes { b in compare(a, b, order) < 0 } }
    }
    return MinMax(min: less(other.min, min) ? other.min : min, max: less(max, other.max) ? other.max : max)
  }
}

/// A byte-array min cut to `limit` bytes: a prefix is never greater. For UTF-8 the cut avoids splitting a character.
func truncatedMin(_ value: [UInt8], limit: Int, isUTF8: Bool) -> (bytes: [UInt8], isExact: Bool) {
  guard value.count > limit else { return (value, true) }
  var end = limit
  if isUTF8 { while end > 0 && value[end] & 0xC0 == 0x80 { end -= 1 } }
  return (Array(value[0..<end]), false)
}

/// A byte-array max cut to `limit` bytes and rounded up so it stays an upper bound: the last byte (for UTF-8, the
/// last ASCII character below DEL) that can be incremented is, and everything after it dropped. When nothing can
/// be incremented the value is kept whole.
func truncatedMax(_ value: [UInt8], limit: Int, isUTF8: Bool) -> (bytes: [UInt8], isExact: Bool) {
  guard value.count > limit else { return (value, true) }
  var end = limit
  if isUTF8 { while end > 0 && value[end] & 0xC0 == 0x80 { end -= 1 } }
  var i = end - 1
  while i >= 0 {
    let byte = value[i]
    let canIncrement = isUTF8 ? byte < 0x7F : byte < 0xFF
    if canIncrement {
      var result = Array(value[0...i])
      result[i] = byte + 1
      return (result, false)
    }
    i -= 1
  }
  return (value, true)
}
