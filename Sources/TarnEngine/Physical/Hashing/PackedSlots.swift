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
  /// Occupied slots.
  private(set) var count = 0

  init(capacity: Int = 1 << 10) {
    self.capacity = capacity
    memory = ByteBuffer(capacity: capacity &* 8, zeroed: true, pooled: false)
    base = memory.pointer(UInt64.self)
    shift = UInt64(64 &- capacity.trailingZeroBitCount)
  }

  /// The slot where a search for a word hashed from `x` begins.
  @inline(__always) func home(_ x: UInt64) -> Int { Int(truncatingIfNeeded: (x &* 0x9E37_79B9_7F4A_7C15) >> shift) }

  @inline(__always) func prefetch(_ x: UInt64) { tarn_prefetch(base + home(x)) }

  @inline(__always) var mask: Int { capacity &- 1 }

  /// Whether one more word would pass half load (the owner then grows and searches again).
  @inline(__always) var isFull: Bool { (count &+ 1) &* 2 > capacity }

  /// Stores `word` in the empty slot `s`.
  @inline(__always) mutating func store(_ word: UInt64, at s: Int) {
    base[s] = word
    count &+= 1
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
