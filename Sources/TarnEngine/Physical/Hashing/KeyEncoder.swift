// KeyEncoder: packs a row's key columns into one byte string (null flag + value bytes) and hashes it with XXH3.
import CXXHash
import TarnCore

/// Row-format keys for hash aggregation, joins, DISTINCT and set operations: one code path for any
/// mix of key types. Layout per column: one byte (1 = NULL), then the fixed-width value or a
/// 4-byte length and the bytes for strings. Equal keys have equal bytes (floats are normalized so
/// -0 = 0 and every NaN is one NaN).
struct EncodedKeys {
  var bytes: [UInt8] = []
  var offsets: [Int] = []
  var hashes: [UInt64] = []
  /// Whether any key column of the row is NULL (joins skip those rows).
  var hasNull: [Bool] = []

  @inline(__always) func key(_ row: Int) -> UnsafeRawBufferPointer {
    bytes.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[offsets[row]..<offsets[row &+ 1]]) }
  }
}

enum KeyEncoder {
  static func encode(_ columns: [ColumnVector], count n: Int, into keys: inout EncodedKeys) {
    let flat = columns.map(VectorFactory.flatten)
    var lengths = [Int](repeating: flat.count, count: n)
    for v in flat {
      if let w = v.type.fixedWidth {
        for i in 0..<n { lengths[i] &+= w }
      } else if v.type.isVariableLength {
        let o = v.offsets!.pointer(Int64.self)
        for i in 0..<n { lengths[i] &+= 4 &+ Int(o[i &+ 1] &- o[i]) }
      } else {
        for i in 0..<n { lengths[i] &+= 4 &+ nestedText(v, i).count }
      }
    }
    keys.offsets.removeAll(keepingCapacity: true)
    keys.offsets.reserveCapacity(n + 1)
    var total = 0
    keys.offsets.append(0)
    for i in 0..<n {
      total &+= lengths[i]
      keys.offsets.append(total)
    }
    keys.bytes.removeAll(keepingCapacity: true)
    keys.bytes.append(contentsOf: repeatElement(0, count: total))
    keys.hasNull = [Bool](repeating: false, count: n)
    var cursor = keys.offsets
    keys.bytes.withUnsafeMutableBytes { out in
      let base = out.baseAddress!
      for v in flat {
        let width = v.type.fixedWidth
        for i in 0..<n {
          let p = base + cursor[i]
          let isNull = v.isNull(i)
          if isNull {
            p.storeBytes(of: 1, as: UInt8.self)
            keys.hasNull[i] = true
            cursor[i] &+= 1 &+ (width ?? 4)
            if width == nil { p.storeBytes(of: UInt32(0), toByteOffset: 1, as: UInt32.self) }
            continue
          }
          if let width {
            if v.type == .float64 {
              var d = v.value(at: i, as: Double.self)
              if d == 0 { d = 0 }
              if d.isNaN { d = .nan }
              (p + 1).storeBytes(of: d, as: Double.self)
            } else if v.type == .float32 {
              var f = v.value(at: i, as: Float.self)
              if f == 0 { f = 0 }
              if f.isNaN { f = .nan }
              (p + 1).storeBytes(of: f, as: Float.self)
            } else if width > 0 {
              (p + 1).copyMemory(from: v.values.base + i &* width, byteCount: width)
            }
            cursor[i] &+= 1 &+ width
          } else if v.type.isVariableLength {
            let b = v.stringBytes(i)
            (p + 1).storeBytes(of: UInt32(b.count), as: UInt32.self)
            if b.count > 0 { (p + 5).copyMemory(from: b.baseAddress!, byteCount: b.count) }
            cursor[i] &+= 5 &+ b.count
          } else {
            let t = nestedText(v, i)
            (p + 1).storeBytes(of: UInt32(t.count), as: UInt32.self)
            t.withUnsafeBytes { if $0.count > 0 { (p + 5).copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
            cursor[i] &+= 5 &+ t.count
          }
        }
      }
    }
    keys.hashes = [UInt64](repeating: 0, count: n)
    keys.bytes.withUnsafeBytes { raw in
      let base = raw.baseAddress!
      for i in 0..<n {
        let start = keys.offsets[i]
        keys.hashes[i] = XXH_INLINE_XXH3_64bits(base + start, keys.offsets[i &+ 1] &- start)
      }
    }
  }

  /// Nested values compare by their text (rare as keys).
  static func nestedText(_ v: ColumnVector, _ i: Int) -> [UInt8] {
    var out: [UInt8] = []
    ConstantText.appendValue(v, i, &out)
    return out
  }
}

/// Open-addressing map from encoded keys to dense ids 0, 1, 2, … in insertion order.
///
/// Linear probing over a power-of-two slot array of (hash, id + 1); keys live in one arena.
/// - Complexity: O(1) expected per lookup; the table doubles at half load.
struct KeyTable {
  private var slots: [UInt32]
  private var slotHashes: [UInt64]
  private var mask: Int
  private(set) var count = 0
  private var arena: [UInt8] = []
  private var keyOffsets: [Int] = [0]

  init(capacity: Int = 1024) {
    var c = 16
    while c < capacity * 2 { c <<= 1 }
    slots = [UInt32](repeating: 0, count: c)
    slotHashes = [UInt64](repeating: 0, count: c)
    mask = c - 1
  }

  /// The id of row `row`'s key, inserting it when new; `isNew` tells which.
  @inline(__always)
  mutating func findOrInsert(_ keys: EncodedKeys, _ row: Int) -> (id: Int, isNew: Bool) {
    if let id = find(keys, row) { return (id, false) }
    return (insert(keys, row), true)
  }

  @inline(__always)
  func find(_ keys: EncodedKeys, _ row: Int) -> Int? {
    let h = keys.hashes[row]
    var s = Int(truncatingIfNeeded: h) & mask
    let start = keys.offsets[row], length = keys.offsets[row &+ 1] &- start
    while true {
      let entry = slots[s]
      if entry == 0 { return nil }
      if slotHashes[s] == h {
        let id = Int(entry) &- 1
        let ks = keyOffsets[id], kl = keyOffsets[id &+ 1] &- ks
        if kl == length && equal(keys.bytes, start, arena, ks, length) { return id }
      }
      s = (s &+ 1) & mask
    }
  }

  @inline(__always)
  private func equal(_ a: [UInt8], _ ai: Int, _ b: [UInt8], _ bi: Int, _ n: Int) -> Bool {
    a.withUnsafeBytes { x in b.withUnsafeBytes { y in memcmp(x.baseAddress! + ai, y.baseAddress! + bi, n) == 0 } }
  }

  private mutating func insert(_ keys: EncodedKeys, _ row: Int) -> Int {
    if (count &+ 1) * 2 > slots.count { grow() }
    let id = count
    count &+= 1
    arena.append(contentsOf: keys.bytes[keys.offsets[row]..<keys.offsets[row &+ 1]])
    keyOffsets.append(arena.count)
    place(hash: keys.hashes[row], id: id)
    return id
  }

  private mutating func place(hash h: UInt64, id: Int) {
    var s = Int(truncatingIfNeeded: h) & mask
    while slots[s] != 0 { s = (s &+ 1) & mask }
    slots[s] = UInt32(id &+ 1)
    slotHashes[s] = h
  }

  private mutating func grow() {
    let old = zip(slots, slotHashes).filter { $0.0 != 0 }
    let c = slots.count * 2
    slots = [UInt32](repeating: 0, count: c)
    slotHashes = [UInt64](repeating: 0, count: c)
    mask = c - 1
    for (entry, h) in old { place(hash: h, id: Int(entry) - 1) }
  }
}
