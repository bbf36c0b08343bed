// One C codec context per thread, so pages decoded on several threads never share or lock a context.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A C codec context (a `ZSTD_DCtx`, a libdeflate decompressor…) kept per thread, made on first use and
/// released by `release` when the thread exits.
///
/// Why: a zstd decompression context costs a ~160 KB allocation and setup, while a page can be a few bytes;
/// contexts are not thread-safe, and decompression runs on several threads at once. A thread-local slot
/// needs no lock. The codec call never suspends, so the thread cannot change under it.
struct ThreadLocalContext: Sendable {
  typealias Release = @convention(c) (UnsafeMutableRawPointer?) -> Void

  private let key: pthread_key_t
  private let release: Release

  /// - Precondition: `release` frees what `make` returns, and tolerates nil.
  init(release: Release) {
    var key = pthread_key_t()
    let status = pthread_key_create(&key, release)
    precondition(status == 0, "pthread_key_create failed (\(status)): the process ran out of thread-local keys")
    self.key = key
    self.release = release
  }

  /// Runs `body` with this thread's context, calling `make` for the first use on a thread.
  /// Returns nil, without calling `body`, if `make` returns nil (out of memory).
  func withContext<R>(
    make: () -> UnsafeMutableRawPointer?, _ body: (UnsafeMutableRawPointer) throws(ParquetError) -> R
  ) throws(ParquetError) -> R? {
    if let existing = pthread_getspecific(key) { return try body(existing) }
    guard let fresh = make() else { return nil }
    guard pthread_setspecific(key, fresh) == 0 else {
      // No room to keep it: use it once and free it.
      defer { release(fresh) }
      return try body(fresh)
    }
    return try body(fresh)
  }
}
