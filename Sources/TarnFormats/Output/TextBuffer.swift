// The writers' output bytes: a growable buffer written through a raw pointer, so appends skip Array's checks.
import TarnCore

/// Bytes appended through a raw pointer, with memory owned by a TarnCore `ByteBuffer`.
///
/// Writers format millions of small values; `Array.append` pays a uniqueness check (a runtime
/// call) and `ByteBuffer`'s class properties a dynamic exclusivity check on every append. This
/// struct keeps the pointer, count and capacity inline and is passed `inout`, so an append is a
/// compare and a store. Growing is the only call.
///
/// A `TextBuffer` must not be copied while it is still written to: the copies would share
/// memory. Writers keep one per role and pass it `inout`.
struct TextBuffer {
  private var storage: ByteBuffer
  // Safe: `base` points into `storage` for `capacity` bytes until the next `grow`.
  private(set) var base: UnsafeMutablePointer<UInt8>
  var count: Int
  private(set) var capacity: Int

  init(capacity: Int = 4096) {
    storage = ByteBuffer(capacity: max(capacity, 64))
    base = storage.pointer(UInt8.self)
    self.capacity = storage.capacity
    count = 0
  }

  /// Makes room for `extra` more bytes.
  @inline(__always)
  mutating func reserve(_ extra: Int) {
    if capacity &- count < extra { grow(extra) }
  }

  @inline(never)
  mutating func grow(_ extra: Int) {
    storage.count = count
    storage.reserve(max(count + extra, capacity * 2))
    base = storage.pointer(UInt8.self)
    capacity = storage.capacity
  }

  @inline(__always)
  mutating func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count &+= 1
  }

  @inline(__always)
  mutating func append(_ bytes: UnsafeRawBufferPointer) {
    let n = bytes.count
    guard n > 0 else { return }
    reserve(n)
    copy(from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
  }

  @inline(__always)
  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    append(UnsafeRawBufferPointer(bytes))
  }

  mutating func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { append($0) }
  }

  @inline(__always)
  mutating func append(_ text: StaticString) {
    append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// Copies `n` bytes to the end. Short copies avoid the call to `memcpy`.
  /// - Precondition: `reserve(n)` was called.
  @inline(__always)
  mutating func copy(from source: UnsafePointer<UInt8>, count n: Int) {
    let target = base + count
    if n <= 16, n >= 8 {
      // Two overlapping 8-byte moves cover 8...16 bytes.
      let raw = UnsafeRawPointer(source)
      let head = raw.loadUnaligned(as: UInt64.self)
      let tail = raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
      UnsafeMutableRawPointer(target).storeBytes(of: head, as: UInt64.self)
      UnsafeMutableRawPointer(target + (n &- 8)).storeBytes(of: tail, as: UInt64.self)
    } else if n < 8 {
      for i in 0..<n { target[i] = source[i] }
    } else {
      target.update(from: source, count: n)
    }
    count &+= n
  }

  /// Lets `body` write at most `maximum` bytes at the end; it returns how many it wrote.
  @inline(__always)
  mutating func write(maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
    reserve(maximum)
    count &+= body(base + count)
  }

  /// Forgets the contents, keeping the memory.
  mutating func removeAll() { count = 0 }

  /// Drops everything from `start` on.
  mutating func truncate(to start: Int) { count = start }

  /// The bytes written so far; valid until the next append.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

  /// The bytes from `start` on; valid until the next append.
  func bytes(from start: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + start, count: count &- start)
  }

  /// A copy of the contents as an array.
  var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
