// Dispatches a page's level and value sections to the decoder of their encoding, once per page.
import TarnCore

/// Decodes `count` levels of `bitWidth` bits (RLE/bit-packed hybrid or the deprecated BIT_PACKED).
func decodeLevels(
  _ bytes: UnsafeRawBufferPointer, encoding: Encoding, bitWidth: Int, count: Int, into out: UnsafeMutablePointer<UInt16>
) throws(ParquetError) {
  switch encoding {
  case .rle:
    var decoder = try RLEBitPackedHybridDecoder(bytes, bitWidth: bitWidth)
    try decoder.decode(into: out, count: count)
  case .bitPacked:
    var decoder = try BitPackedDecoder(bytes, bitWidth: bitWidth)
    try decoder.decode(into: out, count: count)
  default:
    throw ParquetError(.unsupported("level encoding \(encoding)"))
  }
}

/// Whether an RLE level section opens with one run of `level` at least `count` long, so every one of the page's
/// `count` levels is `level` (how writers encode a page without NULLs) and need not be decoded.
func levelsAreAll(
  _ level: UInt16, _ bytes: UnsafeRawBufferPointer, encoding: Encoding, bitWidth: Int, count: Int
) -> Bool {
  guard encoding == .rle, let decoder = try? RLEBitPackedHybridDecoder(bytes, bitWidth: bitWidth) else { return false }
  return decoder.opensWithRun(of: UInt64(level), count: count)
}

/// Decodes `count` dictionary indices: a bit-width byte, then RLE/bit-packed runs.
func decodeDictionaryIndices(
  _ bytes: UnsafeRawBufferPointer, count: Int, into out: UnsafeMutablePointer<UInt32>
) throws(ParquetError) {
  var decoder = try RLEBitPackedHybridDecoder.dictionaryIndices(bytes)
  try decoder.decode(into: out, count: count)
}

/// Appends `count` PLAIN values (data pages and dictionary pages). With `source`, the inflated page `bytes` lie in and
/// that page's alone, fixed-width values may stay in it instead of being copied (`PhysicalValues.adoptPlain`).
func decodePlain(
  _ bytes: UnsafeRawBufferPointer, count: Int, into values: inout PhysicalValues, source: ByteBuffer? = nil
) throws(ParquetError) {
  if let source, values.adoptPlain(bytes, count: count, in: source) { return }
  var decoder = PlainDecoder(bytes)
  switch values.physicalType {
  case .byteArray:
    try decoder.decodeByteArrays(count: count, values: values.values, offsets: values.offsets!)
  case .boolean:
    values.values.reserve(additional: count)
    try decoder.decodeBooleans(into: (values.values.base + values.values.count).assumingMemoryBound(to: UInt8.self), count: count)
    values.values.count += count
  default:
    let width = values.width
    try checkByteCount(count: count, width: width, available: bytes.count)
    values.values.reserve(additional: count * width)
    try decoder.decodeFixedWidth(into: values.values.base + values.values.count, count: count, width: width)
    values.values.count += count * width
  }
  values.count += count
}

/// Appends `count` values of a non-dictionary encoding other than, or including, PLAIN (`source`: see `decodePlain`).
func decodeNonDictionary(
  _ bytes: UnsafeRawBufferPointer, encoding: Encoding, count: Int, into values: inout PhysicalValues,
  source: ByteBuffer? = nil
) throws(ParquetError) {
  let type = values.physicalType
  let width = values.width
  switch (encoding, type) {
  case (.plain, _):
    try decodePlain(bytes, count: count, into: &values, source: source)
    return
  case (.rle, .boolean):
    var (decoder, _) = try RLEBitPackedHybridDecoder.lengthPrefixed(bytes, bitWidth: 1)
    values.values.reserve(additional: count)
    try decoder.decode(into: (values.values.base + values.values.count).assumingMemoryBound(to: UInt8.self), count: count)
    values.values.count += count
  case (.deltaBinaryPacked, .int32):
    var decoder = try DeltaBinaryPackedDecoder<Int32>(bytes)
    values.values.reserve(additional: count * 4)
    try decoder.decode(into: (values.values.base + values.values.count).assumingMemoryBound(to: Int32.self), count: count)
    values.values.count += count * 4
  case (.deltaBinaryPacked, .int64):
    var decoder = try DeltaBinaryPackedDecoder<Int64>(bytes)
    values.values.reserve(additional: count * 8)
    try decoder.decode(into: (values.values.base + values.values.count).assumingMemoryBound(to: Int64.self), count: count)
    values.values.count += count * 8
  case (.deltaLengthByteArray, .byteArray):
    var decoder = try DeltaLengthByteArrayDecoder(bytes)
    try decoder.decodeByteArrays(count: count, values: values.values, offsets: values.offsets!)
  case (.deltaByteArray, .byteArray):
    var decoder = try DeltaByteArrayDecoder(bytes)
    try decoder.decodeByteArrays(count: count, values: values.values, offsets: values.offsets!)
  case (.deltaByteArray, .fixedLenByteArray):
    var decoder = try DeltaByteArrayDecoder(bytes)
    try checkByteCount(count: count, width: width, available: Int.max / 2)
    try decoder.decodeFixedLength(count: count, width: width, values: values.values)
  case (.byteStreamSplit, .int32), (.byteStreamSplit, .int64), (.byteStreamSplit, .float),
    (.byteStreamSplit, .double), (.byteStreamSplit, .fixedLenByteArray):
    try checkByteCount(count: count, width: width, available: bytes.count)
    var decoder = try ByteStreamSplitDecoder(bytes, width: width)
    values.values.reserve(additional: count * width)
    try decoder.decode(into: values.values.base + values.values.count, count: count)
    values.values.count += count * width
  default:
    throw ParquetError(.unsupported("encoding \(encoding) for \(type.rawValue) values"))
  }
  values.count += count
}

/// Checks that `count` values of `width` bytes fit in `available` bytes, before anything is allocated for them.
private func checkByteCount(count: Int, width: Int, available: Int) throws(ParquetError) {
  let (bytes, overflow) = count.multipliedReportingOverflow(by: max(width, 0))
  guard !overflow, bytes <= available else {
    throw ParquetError(.truncated(needed: overflow ? Int.max : bytes, available: available))
  }
}
