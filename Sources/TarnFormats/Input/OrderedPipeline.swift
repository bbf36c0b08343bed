// One producer thread, N long-lived worker threads, and results handed back in production order.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex with one condition variable, on the heap so their addresses never move.
final class ConditionLock: @unchecked Sendable {
  // Safe: allocated and initialized in init, destroyed in deinit; pthread calls are thread-safe.
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private let condition: UnsafeMutablePointer<pthread_cond_t>

  init() {
    mutex = .allocate(capacity: 1)
    condition = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(condition, nil)
  }

  deinit {
    pthread_cond_destroy(condition)
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
    condition.deallocate()
  }

  func lock() { pthread_mutex_lock(mutex) }
  func unlock() { pthread_mutex_unlock(mutex) }
  /// Waits for a broadcast; call with the lock held.
  func wait() { pthread_cond_wait(condition, mutex) }
  func broadcast() { pthread_cond_broadcast(condition) }

  func withLock<T>(_ body: () throws -> T) rethrows -> T {
    lock()
    defer { unlock() }
    return try body()
  }
}

/// A started thread that runs a closure once.
struct WorkerThread {
  private final class Box {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
  }

  private var handle = pthread_t()

  init(_ body: @escaping () -> Void) {
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    let code = pthread_create(&handle, nil, { context in
      let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
      box.body()
      return nil
    }, box)
    precondition(code == 0, "pthread_create failed (\(code))")
  }

  func join() { pthread_join(handle, nil) }
}

/// What the producer hands over.
enum PipelineStep<Job> {
  case job(Job)
  case end
  case failed(FormatError)
}

/// Runs `produce` on its own thread and `work` on `workers` threads; `next()` returns outputs in order.
///
/// At most `maxInFlight` jobs exist between production and `next()`, so memory stays bounded whatever the
/// input size. With `workers == 0` nothing runs in the background: `next()` produces and works inline.
/// `produce` is only ever called from one thread at a time, `work(worker, job)` from worker `worker` only.
/// Threads hold the pipeline strongly: its owner must call `cancel()` (or drain it) before letting go.
final class OrderedPipeline<Job, Output>: @unchecked Sendable {
  private let produce: () -> PipelineStep<Job>
  private let work: (Int, Job) -> Output
  private let workerCount: Int
  private let maxInFlight: Int
  private let lock = ConditionLock()
  // Guarded by `lock`.
  private var queue: [(sequence: Int, job: Job)] = []
  private var queueHead = 0
  private var results: [Int: Result<Output, FormatError>] = [:]
  private var produced = 0
  private var consumed = 0
  private var producerDone = false
  private var cancelled = false
  private var threads: [WorkerThread] = []
  private var started = false

  init(workers: Int, maxInFlight: Int, produce: @escaping () -> PipelineStep<Job>, work: @escaping (Int, Job) -> Output) {
    self.produce = produce
    self.work = work
    workerCount = max(workers, 0)
    self.maxInFlight = max(maxInFlight, 1)
  }

  private func start() {
    started = true
    guard workerCount > 0 else { return }
    threads.append(WorkerThread { self.producerLoop() })
    for index in 0..<workerCount {
      threads.append(WorkerThread { self.workerLoop(index) })
    }
  }

  private func producerLoop() {
    while true {
      lock.lock()
      while !cancelled, produced - consumed >= maxInFlight { lock.wait() }
      if cancelled {
        lock.unlock()
        return
      }
      lock.unlock()
      let step = produce()
      lock.lock()
      switch step {
      case .job(let job):
        queue.append((produced, job))
        produced += 1
      case .end:
        producerDone = true
      case .failed(let error):
        results[produced] = .failure(error)
        produced += 1
        producerDone = true
      }
      lock.broadcast()
      let done = producerDone
      lock.unlock()
      if done { return }
    }
  }

  private func workerLoop(_ index: Int) {
    while true {
      lock.lock()
      while !cancelled, queueHead == queue.count, !producerDone { lock.wait() }
      if cancelled || queueHead == queue.count {
        lock.unlock()
        return
      }
      let (sequence, job) = queue[queueHead]
      queueHead += 1
      if queueHead > 64, queueHead * 2 > queue.count {
        queue.removeFirst(queueHead)
        queueHead = 0
      }
      lock.unlock()
      let output = work(index, job)
      lock.lock()
      results[sequence] = .success(output)
      lock.broadcast()
      lock.unlock()
    }
  }

  /// The next output in production order, nil after the last; a producer failure is thrown in its place.
  func next() throws(FormatError) -> Output? {
    if !started { start() }
    if workerCount == 0 {
      if producerDone { return nil }
      switch produce() {
      case .job(let job): return work(0, job)
      case .end:
        producerDone = true
        return nil
      case .failed(let error):
        producerDone = true
        throw error
      }
    }
    lock.lock()
    defer { lock.unlock() }
    while true {
      if let result = results.removeValue(forKey: consumed) {
        consumed += 1
        lock.broadcast()
        switch result {
        case .success(let output): return output
        case .failure(let error): throw error
        }
      }
      if producerDone, consumed >= produced { return nil }
      lock.wait()
    }
  }

  /// Stops every thread and waits for them. Outputs not yet returned are dropped.
  func cancel() {
    lock.withLock {
      cancelled = true
      lock.broadcast()
    }
    for thread in threads { thread.join() }
    threads = []
  }
}
