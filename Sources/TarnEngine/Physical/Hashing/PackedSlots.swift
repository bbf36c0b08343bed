// PackedSlots: a power-of-two array of 64-bit slots for open addressing, the storage of the compact hash tables.
import CXXHash
import TarnCore

/// Slots of one 64-bit word each (0 = empty), probed linearly from a Fibonacci-hashed home, doubled at half load.
/// The owner packs its key (and payload) into the word and says how to find a stored word's home again.
struct PackedSlots {
  private var memory: ByteBuffer
  private(set) var base: UnsafeMutablePointer<UInt64>
  private(set) var capacity: Int
  private var shift: UInt64
  /// Top bits of the hash left out of `home`: the owner's partition of the word (`RadixPairSet`), equal for all
  /// the words here, so the home comes from the bits below them.
  private let skippedBits: UInt64
  /// Occupied slots.
  private(set) var count = 0

  static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

  init(capacity: Int = 1 << 10, skippingTopHashBits skipped: Int = 0) {
    self.capacity = capacity
    memory = ByteBuffer(capacity: capacity &* 8, zeroed: true, pooled: false)
    base = memory.pointer(UInt64.self)
    shift = UInt64(64 &- capacity.trailingZeroBitCount)
    skippedBits = UInt64(skipped)
  }

  /// The slot where a search for a word hashed from `x` begins.
  @inline(__always) func home(_ x: UInt64) -> Int {
    Int(truncatingIfNeeded: ((x &* Self.multiplier) << skippedBits) >> shift)
  }

  @inline(__always) func prefetch(_ x: UInt64) { tarn_prefetch(base + home(x)) }

  @inline(__always) var mask: Int { capacity &- 1 }

  /// Whether one more word would pass half load (the owner then grows and searches again).
  @inline(__always) var isFull: Bool { (count &+ 1) &* 2 > capacity }

  /// Where `word` is, or the empty slot where its search ended: a set's probe (whose words are the whole key).
  @inline(__always) func search(_ word: UInt64) -> (found: Bool, slot: Int) {
    var s = home(word)
    while true {
      let slot = base[s]
      if slot == word { return (true, s) }
      if slot == 0 { return (false, s) }
      s = (s &+ 1) & mask
    }
  }

  /// Stores `word` in the empty slot `s`.
  @inline(__always) mutating func store(_ word: UInt64, at s: Int) {
    base[s] = word
    count &+= 1
  }

  /// Calls `body` with every stored word.
  func forEachWord(_ body: (UInt64) -> Void) {
    withExtendedLifetime(memory) {
      for i in 0..<capacity where base[i] != 0 { body(base[i]) }
    }
  }

  /// The least power of two from `capacity` up that holds `words` words within half load.
  static func capacity(holding words: Int, from capacity: Int) -> Int {
    var c = capacity
    while words &* 2 > c { c &*= 2 }
    return c
  }

  /// Grows, if needed, so that `words` words stay within half load.
  mutating func reserve(_ words: Int, hashed: (UInt64) -> UInt64) {
    let c = Self.capacity(holding: words, from: capacity)
    if c > capacity { grow(to: c, hashed: hashed) }
  }

  /// Moves every word into `c` slots (a power of two, at least twice the words), each at the home of `hashed(word)`.
  @inline(never)
  mutating func grow(to c: Int, hashed: (UInt64) -> UInt64) {
    let (oldMemory, oldBase, oldCapacity) = (memory, base, capacity)
    capacity = c
    memory = ByteBuffer(capacity: c &* 8, zeroed: true, pooled: false)
    base = memory.pointer(UInt64.self)
    shift = UInt64(64 &- c.trailingZeroBitCount)
    let mask = c &- 1
    // The old words are read through a pointer: their buffer must outlive the loop.
    withExtendedLifetime(oldMemory) {
      for i in 0..<oldCapacity where oldBase[i] != 0 {
        var s = home(hashed(oldBase[i]))
        while base[s] != 0 { s = (s &+ 1) & mask }
        base[s] = oldBase[i]
      }
    }
  }
}
