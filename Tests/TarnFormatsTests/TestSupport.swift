// Helpers for writer tests: build vectors and batches in one expression, run a writer into memory.
import TarnCore
@testable import TarnFormats

/// A vector of `type` built by `body`.
func vector(_ type: DataType, _ body: (inout VectorBuilder) -> Void) -> ColumnVector {
  var builder = VectorBuilder(type: type)
  body(&builder)
  return builder.finish()
}

/// A string vector; nil entries are NULL.
func strings(_ values: [String?]) -> ColumnVector {
  vector(.string) { b in
    for value in values {
      if let value { b.append(string: value) } else { b.appendNull() }
    }
  }
}

/// A vector of fixed-width values; nil entries are NULL.
func fixed<T: BitwiseCopyable>(_ type: DataType, _ values: [T?]) -> ColumnVector {
  vector(type) { b in
    for value in values {
      if let value { b.append(value) } else { b.appendNull() }
    }
  }
}

/// A binary vector from byte arrays; nil entries are NULL.
func binary(_ values: [[UInt8]?]) -> ColumnVector {
  vector(.binary) { b in
    for value in values {
      if let value { value.withUnsafeBytes { b.append(bytes: $0) } } else { b.appendNull() }
    }
  }
}

/// A dictionary-encoded vector: `indices` into `dictionary`, nil entries NULL.
func dictionaryEncoded(_ dictionary: ColumnVector, _ indices: [UInt32?]) -> ColumnVector {
  let raw = indices.map { $0 ?? 0 }
  let validity: ValidityBitmap? = indices.contains(nil) ? ValidityBitmap(indices.map { $0 != nil }) : nil
  return ColumnVector(
    type: dictionary.type, count: indices.count, values: ByteBuffer(copying: raw), validity: validity,
    dictionary: dictionary)
}

func batch(_ columns: KeyValuePairs<String, ColumnVector>) -> RecordBatch {
  let schema = Schema(columns.map { Field($0.key, $0.value.type) })
  return RecordBatch(schema: schema, columns: columns.map(\.value), count: columns.first?.value.count ?? 0)
}

/// Runs `makeWriter` over `batches` and returns everything written.
func output<W: ResultWriter>(_ batches: [RecordBatch], _ makeWriter: (MemoryOutputSink) -> W) throws -> String {
  let sink = MemoryOutputSink()
  var writer = makeWriter(sink)
  for batch in batches { try writer.write(batch) }
  try writer.finish()
  return sink.text
}

/// The text one ValueFormatter call appends.
func text(_ body: (inout [UInt8]) -> Void) -> String {
  var bytes: [UInt8] = []
  body(&bytes)
  return String(decoding: bytes, as: UTF8.self)
}

/// 16 bytes of an interval value.
func intervalBytes(months: Int32, days: Int32, micros: Int64) -> [UInt8] {
  var bytes: [UInt8] = []
  withUnsafeBytes(of: months.littleEndian) { bytes += $0 }
  withUnsafeBytes(of: days.littleEndian) { bytes += $0 }
  withUnsafeBytes(of: micros.littleEndian) { bytes += $0 }
  return bytes
}

func fixedBytes(_ type: DataType, _ values: [[UInt8]?]) -> ColumnVector {
  vector(type) { b in
    for value in values {
      if let value { value.withUnsafeBytes { b.append(bytes: $0) } } else { b.appendNull() }
    }
  }
}
