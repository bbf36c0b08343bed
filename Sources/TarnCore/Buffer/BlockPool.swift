// BlockPool: large freed buffer blocks kept for reuse, so decoding the next row group does not fault fresh pages in.
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Free blocks of at least `minimumPooled` bytes, by size class, reused by the next `ByteBuffer` of that class
/// instead of being returned to the kernel.
///
/// Why: a fresh block costs one page fault and a kernel page clear per 4 KiB (or 2 MiB) on first touch;
/// on the benchmark VM that was a third of a join's time (`perf report`: clear_page_erms), and it recurs
/// for every row group. A reused block is already mapped. Blocks are sized by class, so any block of a
/// class fits any request of it. Classes are quarter steps between powers of two, so a block wastes at most a
/// fifth of itself (whole powers of two wasted up to half, and a reused block is resident in full). The pool
/// holds at most `limit` bytes; beyond that blocks are unmapped, so peak RSS stays what the live data needs plus
/// that bound.
///
/// Blocks are mapped and unmapped here, not through malloc: glibc raises its mmap threshold each time it
/// frees a large mapped chunk, after which large buffers came from the heap, fragmented it, and peak RSS
/// grew with the input (`tarn convert`, Benchmarks/convert_bench.py). Mid-size buffers (a 16K-row batch's
/// columns) are mapped here too: from glibc's per-thread arenas they fragmented them, and the arenas held twice
/// the bytes ever live at once (`heaptrack` peak heap 59 MB against 116 MB of arena RSS on 10M rows).
///
/// Blocks under `hugePage` bytes are carved from slabs of 2 MiB-aligned memory offered for transparent huge pages, so
/// a page's worth of decoded values (pyarrow's 20,000-row pages: 80–160 KB) does not cost 20–40 page faults: one
/// fault maps 2 MiB (`perf`: page faults were 14% of query 1's time; queries 3, 5 and 6 ran 10–14% faster). The first
/// slab uses small pages, so a query that needs a block or two does not clear 2 MiB.
/// A carved block is never unmapped on its own: when the pool would unmap it, its memory goes back to the kernel
/// (MADV_DONTNEED) and its address range waits, zero again, for the next block of its class.
package final class BlockPool: @unchecked Sendable {
  package static let shared = BlockPool()
  /// Buffers from this size up are mapped and pooled here; smaller ones come from malloc.
  static let minimumPooled = 64 << 10
  /// Blocks from this size up are whole 2 MiB huge pages.
  static let hugePage = 2 << 20
  /// The default bound on pooled bytes: a query's row groups reuse their blocks.
  package static let defaultLimit = 1 << 30

  /// A free block of `bytes` bytes; the pool owns it while listed.
  private struct Block: @unchecked Sendable {
    let memory: UnsafeMutableRawPointer
    let bytes: Int
  }
  private struct State: Sendable {
    var free: [[Block]] = Array(repeating: [], count: 4 &* Int.bitWidth)
    var pooledBytes = 0
    var limit = BlockPool.defaultLimit
    /// Carved blocks whose memory went back to the kernel, by class: zero, and reused before carving more.
    var released: [[Block]] = Array(repeating: [], count: 4 &* Int.bitWidth)
    /// Whether slabs after the first are offered for huge pages (see `limit`).
    var hugeSlabs = true
    /// The unused rest of the newest slab, and how many slabs were mapped.
    var slabNext = 0
    var slabEnd = 0
    var slabs = 0
  }
  // Safe: the pointers are owned by the pool while listed; only `take` hands one out, under the lock.
  private let state = Mutex(State())

  /// The size class of a request of `size` (≥ `minimumPooled`) bytes and the bytes its blocks have: the next
  /// quarter step between powers of two, and from `hugePage` up, a whole number of huge pages.
  static func sizeClass(_ size: Int) -> (index: Int, bytes: Int) {
    let e = Int.bitWidth &- 1 &- (size &- 1).leadingZeroBitCount  // 2^e < size ≤ 2^(e+1)
    let quarter = ((size &- 1) &- (1 << e)) >> (e &- 2)  // 0...3
    let bytes = (1 << e) &+ (quarter &+ 1) << (e &- 2)
    let rounded = bytes >= hugePage ? (bytes &+ hugePage &- 1) & ~(hugePage &- 1) : bytes
    return (4 &* e &+ quarter, rounded)
  }

  /// Bytes a request of `size` gets: its class's block size from `minimumPooled` up, `size` below.
  static func blockSize(for size: Int) -> Int {
    size >= minimumPooled ? sizeClass(size).bytes : size
  }

  /// The most bytes the pool keeps; lowering it unmaps pooled blocks beyond the new bound, largest first. A pool bounded
  /// below `defaultLimit` (a streaming job) maps its later slabs on small pages too: a huge page is resident whole
  /// however little of it is live (`tarn convert` of 1M rows: peak RSS 135 -> 165 MB with huge-page slabs).
  ///
  /// Why: a streaming job (`tarn convert`) keeps only a couple of row groups alive, and blocks of classes it
  /// no longer needs would otherwise stay mapped.
  package var limit: Int {
    get { state.withLock { $0.limit } }
    set { unmapPooled(beyond: newValue, newLimit: max(newValue, 0)) }
  }

  /// Unmaps pooled blocks, largest first, until at most `bound` bytes stay pooled; sets the limit to `newLimit`
  /// (when given) under the same lock.
  private func unmapPooled(beyond bound: Int, newLimit: Int? = nil) {
    let surplus = state.withLock { s -> [Block] in
      if let newLimit {
        s.limit = newLimit
        s.hugeSlabs = newLimit >= Self.defaultLimit
      }
      var dropped: [Block] = []
      var c = s.free.count &- 1
      while s.pooledBytes > bound, c >= 0 {
        if let block = s.free[c].popLast() {
          dropped.append(block)
          s.pooledBytes &-= block.bytes
        } else {
          c &-= 1
        }
      }
      return dropped
    }
    for block in surplus { unmap(block.memory, bytes: block.bytes) }
  }

  /// Bytes held by pooled blocks now.
  package var pooledBytes: Int { state.withLock { $0.pooledBytes } }

  /// A block able to hold `size` (≥ `minimumPooled`) bytes: a pooled one, or a fresh mapping (`isFresh`: all zero).
  /// When the system refuses, every pooled block goes back to it and the mapping is tried once more; if that fails
  /// too, the process ends with an out-of-memory error (`MemoryExhaustion`).
  func allocate(_ size: Int) -> (UnsafeMutableRawPointer, isFresh: Bool) {
    if let reused = take(size) { return (reused, false) }
    let bytes = Self.sizeClass(size).bytes
    if bytes > 0, let fresh = map(bytes: bytes) { return (fresh, Self.mapsZeroed) }
    unmapPooled(beyond: 0)
    if bytes > 0, let fresh = map(bytes: bytes) { return (fresh, Self.mapsZeroed) }
    MemoryExhaustion.stop(requesting: size)
  }

  /// Whether `map` hands out zero-filled memory (anonymous mappings do; the fallback allocator does not).
  #if canImport(Glibc)
  static let mapsZeroed = true
  #else
  static let mapsZeroed = false
  #endif

  /// Gives back a block from `allocate(size)`: pooled, or unmapped when the pool is full.
  func release(_ memory: UnsafeMutableRawPointer, size: Int) {
    if give(memory, size: size) { return }
    unmap(memory, bytes: Self.sizeClass(size).bytes)
  }

  /// Gives back a block from `allocate(size)` to the system, not the pool.
  func discard(_ memory: UnsafeMutableRawPointer, size: Int) {
    unmap(memory, bytes: Self.sizeClass(size).bytes)
  }

  /// A pooled block able to hold `size` bytes, or nil.
  func take(_ size: Int) -> UnsafeMutableRawPointer? {
    let c = Self.sizeClass(size).index
    return state.withLock { (s: inout State) -> Block? in
      guard let block = s.free[c].popLast() else { return nil }
      s.pooledBytes &-= block.bytes
      return block
    }?.memory
  }

  /// Keeps `memory` (a block allocated for `size` bytes) for reuse; false when the pool is full.
  func give(_ memory: UnsafeMutableRawPointer, size: Int) -> Bool {
    let (c, bytes) = Self.sizeClass(size)
    return state.withLock { s in
      guard s.pooledBytes &+ bytes <= s.limit else { return false }
      s.free[c].append(Block(memory: memory, bytes: bytes))
      s.pooledBytes &+= bytes
      return true
    }
  }

  /// `bytes` (a class's block size) of fresh memory, all zero on Linux: carved from a slab under `hugePage` bytes,
  /// else mapped whole. Nil when the system refuses.
  private func map(bytes: Int) -> UnsafeMutableRawPointer? {
    #if canImport(Glibc)
    guard bytes < Self.hugePage else { return Self.mapHuge(bytes: bytes) }
    return state.withLock { s -> UnsafeMutableRawPointer? in
      let c = Self.sizeClass(bytes).index
      if let block = s.released[c].popLast() { return block.memory }
      if s.slabEnd &- s.slabNext < bytes {
        guard let slab = Self.mapSlab(hugePages: s.slabs > 0 && s.hugeSlabs) else { return nil }
        s.slabNext = Int(bitPattern: slab)
        s.slabEnd = s.slabNext &+ Self.slabBytes
        s.slabs &+= 1
      }
      defer { s.slabNext &+= bytes }
      return UnsafeMutableRawPointer(bitPattern: s.slabNext)
    }
    #else
    return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: bytes >= Self.hugePage ? Self.hugePage : 4096)
    #endif
  }

  /// Bytes per slab: one huge page. (8 MiB slabs measured slower: the first, on small pages, then served all of query
  /// 1's blocks.)
  static let slabBytes = hugePage

  #if canImport(Glibc)
  /// A slab of `slabBytes`, 2 MiB-aligned; offered for huge pages, or kept on small pages.
  private static func mapSlab(hugePages: Bool) -> UnsafeMutableRawPointer? {
    guard let slab = mapAligned(bytes: slabBytes) else { return nil }
    _ = madvise(slab, slabBytes, hugePages ? 14 : 15)  // MADV_HUGEPAGE or MADV_NOHUGEPAGE; advice only
    return slab
  }

  /// `bytes` (a multiple of `hugePage`) of fresh memory aligned to and offered for huge pages, so filling it takes
  /// one page fault per 2 MiB, not per 4 KiB.
  private static func mapHuge(bytes: Int) -> UnsafeMutableRawPointer? {
    guard let block = mapAligned(bytes: bytes) else { return nil }
    _ = madvise(block, bytes, 14)  // MADV_HUGEPAGE; advice only, failure is harmless
    return block
  }

  /// `bytes` of fresh memory starting on a huge-page boundary: one huge page more is mapped, and the ends unmapped.
  private static func mapAligned(bytes: Int) -> UnsafeMutableRawPointer? {
    let (span, overflow) = bytes.addingReportingOverflow(hugePage)
    guard !overflow else { return nil }
    let raw = mmap(nil, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    guard let raw, raw != MAP_FAILED else { return nil }
    let address = Int(bitPattern: raw)
    let aligned = (address &+ hugePage &- 1) & ~(hugePage &- 1)
    let head = aligned &- address
    if head > 0 { munmap(raw, head) }
    let tail = span &- head &- bytes
    // Safe: [aligned, aligned + bytes + tail) lies inside the mapping of `span` bytes.
    let block = UnsafeMutableRawPointer(bitPattern: aligned)!
    if tail > 0 { munmap(block + bytes, tail) }
    return block
  }
  #endif

  /// Gives a block's memory back to the system: a carved block's pages, keeping its range for the next carve of its
  /// class; a whole mapping otherwise.
  private func unmap(_ memory: UnsafeMutableRawPointer, bytes: Int) {
    #if canImport(Glibc)
    guard bytes < Self.hugePage else {
      munmap(memory, bytes)
      return
    }
    _ = madvise(memory, bytes, 4)  // MADV_DONTNEED: private anonymous pages read back as zero
    state.withLock { $0.released[Self.sizeClass(bytes).index].append(Block(memory: memory, bytes: bytes)) }
    #else
    memory.deallocate()
    #endif
  }
}
