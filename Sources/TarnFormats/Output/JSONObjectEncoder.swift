// One JSON object per row, keyed by column name in schema order: the body shared by the NDJSON and JSON writers.
import TarnCore

/// Appends rows of a batch as JSON objects.
///
/// The keys with their punctuation (`{"a":`, `,"b":`) are built once per writer; the value
/// appenders once per batch, so a row costs one closure call per column.
struct JSONObjectEncoder {
  /// Every column's key bytes back to back; column `c` spans `keyStarts[c]..<keyStarts[c + 1]`.
  let keyBytes: [UInt8]
  let keyStarts: [Int]

  init(schema: Schema) {
    var bytes: [UInt8] = []
    var starts = [0]
    for (index, field) in schema.fields.enumerated() {
      bytes += JSONValueAppenders.objectKey(field.name, isFirst: index == 0)
      starts.append(bytes.count)
    }
    keyBytes = bytes
    keyStarts = starts
  }

  /// Appends rows from `row` on, each followed by `separator`, until `out` holds at least
  /// `limit` bytes or the batch ends; returns the next row to append.
  func appendRows(
    of batch: RecordBatch, appenders: [ValueAppender], from row: Int, separator: StaticString, limit: Int,
    to out: inout [UInt8]
  ) -> Int {
    let columns = appenders.count
    var row = row
    keyBytes.withUnsafeBufferPointer { keys in
      keyStarts.withUnsafeBufferPointer { starts in
        appenders.withUnsafeBufferPointer { appenders in
          while row < batch.count {
            if columns == 0 {
              out.append(0x7B)
            }
            for column in 0..<columns {
              out.append(contentsOf: UnsafeBufferPointer(rebasing: keys[starts[column]..<starts[column &+ 1]]))
              if !appenders[column](&out, row) { ValueFormatter.appendASCII("null", to: &out) }
            }
            out.append(0x7D)
            ValueFormatter.appendASCII(separator, to: &out)
            row &+= 1
            if out.count >= limit { break }
          }
        }
      }
    }
    return row
  }

  static func appenders(for batch: RecordBatch, schema: Schema) -> [ValueAppender] {
    precondition(batch.columns.count == schema.count, "batch has \(batch.columns.count) columns, schema \(schema.count)")
    return batch.columns.map { JSONValueAppenders.make(for: $0) }
  }
}
