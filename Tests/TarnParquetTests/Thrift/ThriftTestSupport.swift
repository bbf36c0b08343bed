// Helpers shared by the Thrift and metadata tests: running a reader over bytes, seeded randomness.

@testable import TarnParquet

/// Runs `body` with a reader over `bytes`; returns its result and the bytes it consumed.
func withReader<T>(
  _ bytes: [UInt8], limits: ThriftCompactReader.Limits = .init(),
  _ body: (inout ThriftCompactReader) throws(ParquetError) -> T
) throws(ParquetError) -> (value: T, consumed: Int) {
  let result: Result<(T, Int), ParquetError> = bytes.withUnsafeBytes { buffer in
    var reader = ThriftCompactReader(buffer, limits: limits)
    do throws(ParquetError) {
      let value = try body(&reader)
      return .success((value, reader.position))
    } catch {
      return .failure(error)
    }
  }
  return try result.get()
}

/// Decodes one value of `T` from `bytes`, requiring every byte to be consumed.
func decodeAll<T: ThriftStruct>(_ type: T.Type, _ bytes: [UInt8]) throws(ParquetError) -> T {
  let (value, consumed) = try withReader(bytes) { (reader: inout ThriftCompactReader) throws(ParquetError) in
    try T(from: &reader)
  }
  guard consumed == bytes.count else {
    throw ParquetError(.internalBug("test decode consumed \(consumed) of \(bytes.count) bytes"))
  }
  return value
}

/// Writes with a fresh writer and returns the bytes.
func written(_ body: (inout ThriftCompactWriter) -> Void) -> [UInt8] {
  var writer = ThriftCompactWriter()
  body(&writer)
  return writer.bytes
}

/// Whether `error` is `.corrupt`, whatever its message.
func isCorrupt(_ error: ParquetError?) -> Bool {
  if case .corrupt = error?.reason { return true }
  return false
}

/// Whether `error` is `.truncated`.
func isTruncated(_ error: ParquetError?) -> Bool {
  if case .truncated = error?.reason { return true }
  return false
}

/// Whether `error` is `.lengthOverLimit`.
func isOverLimit(_ error: ParquetError?) -> Bool {
  if case .lengthOverLimit = error?.reason { return true }
  return false
}

