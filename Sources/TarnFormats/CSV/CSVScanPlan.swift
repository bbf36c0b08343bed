// Everything a CSV read needs once sniffing is done: dialect, header, column names and types, policies.
import TarnCore

/// A resolved description of how to read one CSV file. The sniffer makes one; callers may edit it.
public struct CSVScanPlan: Sendable {
  public var path: String
  public var dialect: CSVDialect
  public var hasHeader: Bool
  /// Names and types of every column in the file, in file order.
  public var names: [String]
  public var types: [TextScalarType]
  /// Columns whose type the caller fixed: their values never widen the type; misfits are errors.
  public var isFixed: [Bool]
  /// The file columns to return, in output order (nil: all).
  public var projection: [Int]?
  public var nullStrings: [String]
  public var allowQuotedNulls: Bool
  public var batchSize: Int
  public var errorPolicy: CSVErrorPolicy
  public var validateUTF8: Bool
  /// Worker threads (0: read on the caller's thread).
  public var workers: Int
  /// Bytes of input per block handed to a worker.
  public var blockSize: Int
  /// Split blocks with the exact tokenizer instead of quote parity (needed for escapes, comments and stray quotes).
  public var splitsExactly: Bool

  public var columnCount: Int { names.count }

  /// The schema of the batches the reader returns.
  public var schema: Schema {
    Schema(outputColumns.map { Field(names[$0], types[$0].dataType) })
  }

  var outputColumns: [Int] { projection ?? Array(0..<names.count) }

  /// Restricts the output to the named columns (in the given order).
  public mutating func project(_ columns: [String]) throws(FormatError) {
    var indices: [Int] = []
    for name in columns {
      guard let index = names.firstIndex(of: name) else {
        throw FormatError(.invalidOption("no column named '\(name)'")).at(file: path)
      }
      indices.append(index)
    }
    projection = indices
  }
}
