// RestartableBatchReader: a reader that streams record batches and starts over when a type widens late.
import TarnCore

/// CSV, JSON and multi-file readers: `next()` streams batches; a `.schemaWidened` error means batches already
/// returned are stale, and `restart()` rewinds to read everything again under the wider schema.
public protocol RestartableBatchReader: AnyObject {
  func next() throws(FormatError) -> RecordBatch?
  func restart() throws(FormatError)
}

extension RestartableBatchReader {
  /// Reads every batch, starting over whenever a type widens after batches were returned.
  /// - Complexity: memory holds the whole table; use `next()` to stream.
  public func readAll() throws(FormatError) -> [RecordBatch] {
    var batches: [RecordBatch] = []
    while true {
      do {
        while let batch = try next() { batches.append(batch) }
        return batches
      } catch let error where error.isSchemaWidening {
        batches = []
        try restart()
      }
    }
  }
}

extension FormatError {
  /// A later value needed a wider type than the batches already returned: read again from the start.
  var isSchemaWidening: Bool {
    if case .schemaWidened = reason { return true }
    return false
  }
}
