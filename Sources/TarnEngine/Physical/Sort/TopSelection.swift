// TopSelection: the first k rows of n under an ordering, with a bounded heap instead of a full sort.

enum TopSelection {
  /// Rows `0..<n` that sort first under `precedes` (a strict total order), the first `k` of them in order.
  ///
  /// Keeps a max-heap of the best `k` seen; most rows lose one comparison against its top.
  /// - Complexity: O(n log k) comparisons, O(k) memory.
  static func first(_ k: Int, of n: Int, by precedes: (Int, Int) -> Bool) -> [Int] {
    guard k > 0 else { return [] }
    var heap: [Int] = []
    heap.reserveCapacity(k)
    for row in 0..<n {
      if heap.count < k {
        heap.append(row)
        var child = heap.count - 1
        while child > 0 {
          let parent = (child - 1) / 2
          guard precedes(heap[parent], heap[child]) else { break }
          heap.swapAt(parent, child)
          child = parent
        }
      } else if precedes(row, heap[0]) {
        heap[0] = row
        var parent = 0
        while true {
          let left = 2 * parent + 1, right = left + 1
          var largest = parent
          if left < k, precedes(heap[largest], heap[left]) { largest = left }
          if right < k, precedes(heap[largest], heap[right]) { largest = right }
          if largest == parent { break }
          heap.swapAt(parent, largest)
          parent = largest
        }
      }
    }
    heap.sort(by: precedes)
    return heap
  }
}
