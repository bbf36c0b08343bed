// A 64-byte aligned, growable block of memory, or a view into another one: the storage under every column vector.
#if canImport(Glibc)
import Glibc
#endif

/// Raw memory owned by one object, freed when the last reference goes; or a view of part of another buffer's
/// memory, which keeps that buffer alive.
///
/// Vectors share buffers by reference and treat them as immutable once built; builders write
/// through `base` before publishing. Growth is explicit (`reserve`) so hot loops never reallocate.
/// A view that grows copies its bytes into memory of its own and stops being a view.
public final class ByteBuffer: @unchecked Sendable {
  // Safe: `base` is valid for `capacity` bytes until deinit or the next `reserve`.
  // Exclusivity is unchecked: a buffer is mutated by one thread at a time by construction, and the
  // runtime check on every access made encoders 2-3x slower (measured on the RLE encoder).
  @exclusivity(unchecked) public private(set) var base: UnsafeMutableRawPointer
  @exclusivity(unchecked) public private(set) var capacity: Int
  /// Bytes in use; builders keep it current, readers treat bytes past it as garbage.
  @exclusivity(unchecked) public var count: Int
  /// Whether bytes past `count` read as zero, now and after growth (validity bitmaps rely on it).
  public let isZeroed: Bool
  /// Whether a large block goes back to the pool when freed (true) or straight back to the system.
  public let isPooled: Bool
  /// The buffer whose memory a view shows; nil when this buffer owns its memory.
  @exclusivity(unchecked) private var owner: ByteBuffer?

  public static let alignment = 64

  /// Allocates `capacity` bytes, zero-filled when `zeroed`. A buffer not `pooled` gives its block back to the system
  /// when freed (for memory that is outgrown, not reused: a hash table doubling its way up).
  public init(capacity: Int, zeroed: Bool = false, pooled: Bool = true) {
    let size = max(capacity, 0)
    let (memory, isFresh) = Self.allocate(size)
    base = memory
    if zeroed && !isFresh { base.initializeMemory(as: UInt8.self, repeating: 0, count: size) }
    self.capacity = size
    isZeroed = zeroed
    isPooled = pooled
    count = 0
    owner = nil
  }

  /// A view of `count` bytes of `parent` from `offset`, sharing its memory: slicing a vector copies nothing.
  /// Neither buffer may be written through once viewed; `parent` stays alive while the view does.
  public init(viewing parent: ByteBuffer, offset: Int, count: Int) {
    precondition(offset >= 0 && count >= 0 && offset <= parent.capacity &- count, "view outside its buffer")
    base = parent.base + offset
    capacity = count
    self.count = count
    isZeroed = false
    isPooled = true
    owner = parent.owner ?? parent
  }

  /// Whether this buffer shows another buffer's memory.
  public var isView: Bool { owner != nil }

  /// Blocks of `BlockPool.minimumPooled` bytes and up come from the pool; from `BlockPool.hugePage` up they are
  /// aligned to 2 MiB and offered to the kernel for transparent huge pages (at a 4 MiB threshold, 1M-row columns'
  /// definition levels took 10k of the 11k page faults of `tarn decode` on the 1M-observation file).
  /// The memory, and whether it is freshly mapped (so already zero: a zeroed buffer need not clear it, which on a
  /// hash table doubling its way to 24 MB was a second pass over memory the kernel had just cleared).
  private static func allocate(_ size: Int) -> (UnsafeMutableRawPointer, isFresh: Bool) {
    if size >= BlockPool.minimumPooled { return BlockPool.shared.allocate(size) }
    return (UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: alignment), false)
  }

  private static func release(_ memory: UnsafeMutableRawPointer, capacity: Int, pooled: Bool) {
    if capacity >= BlockPool.minimumPooled {
      return pooled ? BlockPool.shared.release(memory, size: capacity) : BlockPool.shared.discard(memory, size: capacity)
    }
    memory.deallocate()
  }

  /// Copies `bytes` into a new buffer.
  public convenience init(copying bytes: UnsafeRawBufferPointer) {
    self.init(capacity: bytes.count)
    if let source = bytes.baseAddress, bytes.count > 0 { base.copyMemory(from: source, byteCount: bytes.count) }
    count = bytes.count
  }

  /// A buffer holding `values`' bytes.
  public convenience init<T: BitwiseCopyable>(copying values: [T]) {
    self.init(capacity: values.count * MemoryLayout<T>.stride)
    values.withUnsafeBytes { raw in
      if let source = raw.baseAddress, raw.count > 0 { base.copyMemory(from: source, byteCount: raw.count) }
    }
    count = values.count * MemoryLayout<T>.stride
  }

  deinit {
    if owner == nil { Self.release(base, capacity: capacity, pooled: isPooled) }
  }

  /// Makes room for at least `newCapacity` bytes, keeping the first `count` bytes; new bytes are zero when `isZeroed`.
  public func reserve(_ newCapacity: Int) {
    guard newCapacity > capacity else { return }
    grow(to: newCapacity)
  }

  /// Makes room for `extra` more bytes past `count`, growing geometrically.
  @inlinable public func reserve(additional extra: Int) {
    let needed = count &+ extra
    if needed > capacity { grow(to: max(needed, capacity &* 2)) }
  }

  @usableFromInline @inline(never)
  func grow(to newCapacity: Int) {
    let (fresh, isFresh) = Self.allocate(newCapacity)
    fresh.copyMemory(from: base, byteCount: isZeroed ? capacity : count)
    if isZeroed && !isFresh {
      (fresh + capacity).initializeMemory(as: UInt8.self, repeating: 0, count: newCapacity - capacity)
    }
    if owner == nil { Self.release(base, capacity: capacity, pooled: isPooled) }
    owner = nil
    base = fresh
    capacity = newCapacity
  }

  /// Appends raw bytes, growing as needed.
  @inlinable public func append(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count > 0 else { return }
    reserve(additional: bytes.count)
    // Safe: reserve made room for bytes.count bytes past count.
    (base + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
    count &+= bytes.count
  }

  /// Appends one fixed-width value, growing as needed.
  @inlinable public func append<T: BitwiseCopyable>(_ value: T) {
    reserve(additional: MemoryLayout<T>.size)
    (base + count).storeBytes(of: value, as: T.self)
    count &+= MemoryLayout<T>.size
  }

  /// The buffer's memory typed as `T`, `count / stride` elements.
  @inlinable public func typed<T: BitwiseCopyable>(_: T.Type) -> UnsafeMutableBufferPointer<T> {
    UnsafeMutableBufferPointer(start: base.assumingMemoryBound(to: T.self), count: count / MemoryLayout<T>.stride)
  }

  /// Typed pointer to the start, for kernels that track their own bounds.
  @inlinable public func pointer<T: BitwiseCopyable>(_: T.Type) -> UnsafeMutablePointer<T> {
    base.assumingMemoryBound(to: T.self)
  }

  /// The bytes in use.
  @inlinable public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
