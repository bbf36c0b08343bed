// PartitionedStringBuild: the string table of a JoinKeyIndex, filled on all cores one hash partition at a time.
import CXXHash
import Dispatch
import TarnCore

#if canImport(Glibc)
import Glibc
#endif

/// The slots, row references and key ids of a string or binary build side (see `JoinKeyIndex`).
///
/// Four passes: hash every row and count the rows of each partition (in parallel over row ranges); turn the counts
/// into positions; list each partition's rows in row order (in parallel over the same ranges); fill each partition's
/// slots (in parallel over partitions). A key's id is its first row, found by the partition that holds all its rows,
/// in row order, so the ids do not depend on how the work was split.
struct PartitionedStringBuild {
  /// Per build row, its key id (its key's first row), or -1 for NULL.
  let ids: [Int32]
  /// Two words per slot: the hash, and the key's first row + 1 (0 when empty).
  let table: ByteBuffer
  /// Two words per build row: the address of its bytes, and their length.
  let rowRefs: ByteBuffer
  /// Per partition: its first slot, and its slot count - 1 (a power of two - 1).
  let partitionBase: [Int]
  let partitionMask: [Int]
  /// The partition count - 1.
  let partitionBits: UInt64

  /// The partition of hash `h`: its bits from 32 up under `bits`. A slot inside the partition takes the low bits.
  @inline(__always) static func partition(_ h: UInt64, bits: UInt64) -> Int {
    Int(truncatingIfNeeded: (h &>> 32) & bits)
  }

  /// The first slot of hash `h`'s partition and that partition's slot mask.
  @inline(__always) func home(_ h: UInt64) -> (base: Int, mask: Int) {
    let p = Self.partition(h, bits: partitionBits)
    return (partitionBase[p], partitionMask[p])
  }

  /// A build side of no rows (a join on integer keys, which uses none of this).
  static let empty = PartitionedStringBuild(parts: [], rows: 0, partitions: 1, taskRows: 1)

  /// A build side of `rows` rows in flat string or binary vectors `parts`, over `partitions` (a power of two)
  /// partitions chosen by hash bits 32 and up.
  init(parts: [ColumnVector], rows n: Int, partitions: Int, taskRows: Int) {
    var tasks: [(part: Int, range: Range<Int>, firstRow: Int)] = []
    var row = 0
    for (p, v) in parts.enumerated() {
      var start = 0
      while start < v.count {
        let end = min(start &+ taskRows, v.count)
        tasks.append((p, start..<end, row &+ start))
        start = end
      }
      row &+= v.count
    }
    let hashBuffer = ByteBuffer(capacity: n &* 8)
    let refBuffer = ByteBuffer(capacity: max(n, 1) &* 16)
    // Per task and partition: first its rows, then where they go in `order`.
    let slotsOfTask = ByteBuffer(capacity: max(tasks.count &* partitions, 1) &* 8, zeroed: true)
    // Used through pointers below, so their lifetime is extended to the end of init explicitly.
    defer { withExtendedLifetime((hashBuffer, slotsOfTask)) {} }
    let partitionBits = UInt64(partitions &- 1)
    let hashes = hashBuffer.pointer(UInt64.self), refs = refBuffer.pointer(Int.self)
    let cursors = slotsOfTask.pointer(Int.self)

    Self.forEach(tasks.count) { t in
      let (part, range, firstRow) = tasks[t]
      let v = parts[part]
      let offsets = v.offsets!.pointer(Int64.self)
      let base = v.values.base
      let counts = cursors + t &* partitions
      for i in range {
        let g = firstRow &+ (i &- range.lowerBound)
        let from = Int(offsets[i])
        let length = Int(offsets[i &+ 1]) &- from
        refs[2 &* g] = Int(bitPattern: base + from)
        refs[2 &* g &+ 1] = length
        let h = XXH_INLINE_XXH3_64bits(base + from, length)
        hashes[g] = h
        if !v.isNull(i) { counts[Self.partition(h, bits: partitionBits)] &+= 1 }
      }
    }

    var partitionStart = [Int](repeating: 0, count: partitions &+ 1)
    var listed = 0
    for p in 0..<partitions {
      partitionStart[p] = listed
      for t in 0..<tasks.count {
        let rows = cursors[t &* partitions &+ p]
        cursors[t &* partitions &+ p] = listed
        listed &+= rows
      }
    }
    partitionStart[partitions] = listed

    let orderBuffer = ByteBuffer(capacity: max(listed, 1) &* 4)
    let order = orderBuffer.pointer(Int32.self)
    defer { withExtendedLifetime(orderBuffer) {} }
    Self.forEach(tasks.count) { t in
      let (part, range, firstRow) = tasks[t]
      let v = parts[part]
      let next = cursors + t &* partitions
      for i in range where !v.isNull(i) {
        let g = firstRow &+ (i &- range.lowerBound)
        let p = Self.partition(hashes[g], bits: partitionBits)
        order[next[p]] = Int32(truncatingIfNeeded: g)
        next[p] &+= 1
      }
    }

    // At most two thirds full: linear probing stays short.
    var partitionBase: [Int] = [], partitionMask: [Int] = []
    var slots = 0
    for p in 0..<partitions {
      let rows = partitionStart[p &+ 1] &- partitionStart[p]
      var c = 16
      while c &* 2 < rows &* 3 { c <<= 1 }
      partitionBase.append(slots)
      partitionMask.append(c &- 1)
      slots &+= c
    }
    let tableBuffer = ByteBuffer(capacity: slots &* 16)
    let table = tableBuffer.pointer(UInt64.self)
    var ids = [Int32](repeating: -1, count: n)
    ids.withUnsafeMutableBufferPointer { idsBuffer in
      let out = idsBuffer.baseAddress!
      Self.forEach(partitions) { p in
        let region = table + 2 &* partitionBase[p]
        let mask = partitionMask[p]
        // Each partition clears its own slots, so fresh pages fault in on every core.
        region.initialize(repeating: 0, count: 2 &* (mask &+ 1))
        let end = partitionStart[p &+ 1]
        let lookahead = 8
        for k in partitionStart[p]..<end {
          if k &+ lookahead < end {
            tarn_prefetch(region + 2 &* (Int(truncatingIfNeeded: hashes[Int(order[k &+ lookahead])]) & mask))
          }
          let r = Int(order[k])
          let h = hashes[r]
          let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: refs[2 &* r]), count: refs[2 &* r &+ 1])
          var s = Int(truncatingIfNeeded: h) & mask
          while true {
            let entry = region[2 &* s &+ 1]
            if entry == 0 {
              region[2 &* s] = h
              region[2 &* s &+ 1] = UInt64(r &+ 1)
              out[r] = Int32(truncatingIfNeeded: r)
              break
            }
            if region[2 &* s] == h {
              // Only an equal hash reads the stored key's bytes: another cache miss.
              let first = Int(entry) &- 1
              let stored = UnsafeRawBufferPointer(
                start: UnsafeRawPointer(bitPattern: refs[2 &* first]), count: refs[2 &* first &+ 1])
              if JoinKeyIndex.equal(bytes, stored) {
                out[r] = Int32(truncatingIfNeeded: first)
                break
              }
            }
            s = (s &+ 1) & mask
          }
        }
      }
    }
    self.ids = ids
    self.table = tableBuffer
    self.rowRefs = refBuffer
    self.partitionBase = partitionBase
    self.partitionMask = partitionMask
    self.partitionBits = partitionBits
  }

  /// Runs `body` for `0..<count`, on all cores when there is more than one.
  private static func forEach(_ count: Int, _ body: (Int) -> Void) {
    if count == 1 { return body(0) }
    withoutActuallyEscaping(body) { run in
      // Safe: each index writes only its own rows, partition counts or slots, disjoint from every other index's.
      let sendable = UncheckedSendable(run)
      DispatchQueue.concurrentPerform(iterations: count) { sendable.value($0) }
    }
  }
}
