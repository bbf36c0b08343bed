// Reusable buffers of field positions for one batch of rows, column-major: the tokenizer's output.

/// Storage for `rowCapacity` rows of `columnCount` fields, allocated once per worker and reused.
final class CSVFieldStorage: @unchecked Sendable {
  let columnCount: Int
  let rowCapacity: Int
  // Safe: each holds columnCount * rowCapacity (rowStarts: rowCapacity) elements until deinit.
  let starts: UnsafeMutablePointer<Int32>
  let ends: UnsafeMutablePointer<Int32>
  let flags: UnsafeMutablePointer<UInt8>
  let rowStarts: UnsafeMutablePointer<Int32>

  init(columnCount: Int, rowCapacity: Int) {
    self.columnCount = max(columnCount, 1)
    self.rowCapacity = max(rowCapacity, 1)
    let cells = self.columnCount * self.rowCapacity
    starts = .allocate(capacity: cells)
    ends = .allocate(capacity: cells)
    flags = .allocate(capacity: cells)
    rowStarts = .allocate(capacity: self.rowCapacity)
  }

  deinit {
    starts.deallocate()
    ends.deallocate()
    flags.deallocate()
    rowStarts.deallocate()
  }
}

/// A ragged row found while tokenizing: where it starts and how many fields it had.
struct CSVRaggedRow {
  var rowStart: Int
  var fieldCount: Int
}

/// The tokenizer's sink for one batch: writes `[start, end)` and flags of each field into the storage.
struct CSVFieldTable: CSVFieldSink {
  let storage: CSVFieldStorage
  let columnCount: Int
  let rowCapacity: Int
  let starts: UnsafeMutablePointer<Int32>
  let ends: UnsafeMutablePointer<Int32>
  let flags: UnsafeMutablePointer<UInt8>
  let rowStarts: UnsafeMutablePointer<Int32>
  let skipsRaggedRows: Bool
  /// Rows this table takes before it reports itself full (at most the storage's capacity).
  let rowLimit: Int
  var rowCount = 0
  /// Ragged rows skipped so far (with `skipsRaggedRows`), or the one that stopped the scan.
  var raggedRows: [CSVRaggedRow] = []
  var stoppedOnRaggedRow = false

  init(storage: CSVFieldStorage, columnCount: Int, skipsRaggedRows: Bool, rowLimit: Int? = nil) {
    precondition(columnCount <= storage.columnCount)
    self.rowLimit = min(rowLimit ?? storage.rowCapacity, storage.rowCapacity)
    self.storage = storage
    self.columnCount = columnCount
    rowCapacity = storage.rowCapacity
    starts = storage.starts
    ends = storage.ends
    flags = storage.flags
    rowStarts = storage.rowStarts
    self.skipsRaggedRows = skipsRaggedRows
  }

  var hasRoom: Bool { rowCount < rowLimit }

  /// Drops row `row`, moving the later rows up (rare: a row rejected under the skip policy).
  mutating func removeRow(_ row: Int) {
    precondition(row >= 0 && row < rowCount)
    let later = rowCount &- row &- 1
    if later > 0 {
      for c in 0..<columnCount {
        let base = c &* rowCapacity &+ row
        (starts + base).update(from: starts + (base &+ 1), count: later)
        (ends + base).update(from: ends + (base &+ 1), count: later)
        (flags + base).update(from: flags + (base &+ 1), count: later)
      }
      (rowStarts + row).update(from: rowStarts + (row &+ 1), count: later)
    }
    rowCount &-= 1
  }

  @inline(__always)
  mutating func field(index: Int, start: Int, end: Int, flags f: UInt8) {
    guard index < columnCount else { return }
    // Safe: index < columnCount and rowCount < rowCapacity (hasRoom was checked before the row began).
    let cell = index &* rowCapacity &+ rowCount
    starts[cell] = Int32(truncatingIfNeeded: start)
    ends[cell] = Int32(truncatingIfNeeded: end)
    flags[cell] = f
  }

  @inline(__always)
  mutating func endRow(rowStart: Int, fieldCount: Int) -> Bool {
    if fieldCount == columnCount {
      rowStarts[rowCount] = Int32(truncatingIfNeeded: rowStart)
      rowCount &+= 1
      return true
    }
    return raggedRow(rowStart: rowStart, fieldCount: fieldCount)
  }

  @inline(never)
  mutating func raggedRow(rowStart: Int, fieldCount: Int) -> Bool {
    raggedRows.append(CSVRaggedRow(rowStart: rowStart, fieldCount: fieldCount))
    if skipsRaggedRows { return true }
    stoppedOnRaggedRow = true
    return false
  }

  /// Column `column`'s fields, for the converters.
  func column(_ column: Int) -> CSVColumnFields {
    let offset = column * rowCapacity
    return CSVColumnFields(starts: starts + offset, ends: ends + offset, flags: flags + offset, count: rowCount)
  }
}

/// The fields of one column in one batch.
struct CSVColumnFields {
  let starts: UnsafeMutablePointer<Int32>
  let ends: UnsafeMutablePointer<Int32>
  let flags: UnsafeMutablePointer<UInt8>
  let count: Int
}
