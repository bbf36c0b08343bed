// Vectors built from Swift values, and read back, for the TarnCore suites.
@testable import TarnCore

func int64s(_ values: [Int64?]) -> ColumnVector {
  var b = VectorBuilder(type: .int64, capacity: values.count)
  for v in values { if let v { b.append(v) } else { b.appendNull() } }
  return b.finish()
}

func strings(_ values: [String?]) -> ColumnVector {
  var b = VectorBuilder(type: .string, capacity: values.count)
  for v in values { if let v { b.append(string: v) } else { b.appendNull() } }
  return b.finish()
}

/// The rows as text, dictionary resolved; nil for NULL.
func texts(_ v: ColumnVector) -> [String?] {
  let plain = v.decodingDictionary()
  return (0..<plain.count).map { plain.isNull($0) ? nil : plain.string(at: $0) }
}
