// Decoder of the DELTA_BYTE_ARRAY (incremental, front-coded) encoding of BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY values.

import TarnCore

/// Reads BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY values in the `DELTA_BYTE_ARRAY = 7` encoding.
///
/// Byte layout (https://github.com/apache/parquet-format/blob/master/Encodings.md#DELTASTRING):
/// ```
/// prefix lengths: DELTA_BINARY_PACKED Int32   suffix lengths: DELTA_BINARY_PACKED Int32
/// suffixes: DELTA_LENGTH_BYTE_ARRAY's bytes part, i.e. the suffixes concatenated
/// "axis", "axle", "babble", "babyhood"  ->  prefixes 0 2 0 3, suffixes "axis" "le" "babble" "yhood"
/// ```
/// Value `i` is the first `prefix[i]` bytes of value `i - 1` followed by suffix `i`; a prefix longer
/// than the previous value throws `.corrupt`.
///
/// Lengths are decoded in chunks of up to 1024 into buffers the decoder owns, and checked before
/// their bytes are copied. The previous value is kept across calls in a buffer the decoder owns.
/// Because a value is at most as long as all the suffix bytes, output is bounded by `count` times
/// the input size; a call that would output more than `outputByteLimit` bytes throws
/// `.lengthOverLimit` instead of allocating.
///
/// The decoder borrows `bytes`: the caller keeps that memory alive and unchanged while decoding.
package struct DeltaByteArrayDecoder {
  // Safe: `base` is readable for `end` bytes while the caller keeps the input alive.
  let base: UnsafeRawPointer
  let end: Int
  var prefixLengths: DeltaBinaryPackedDecoder<Int32>
  var suffixLengths: DeltaBinaryPackedDecoder<Int32>
  /// Offset of the next suffix's bytes.
  var position: Int
  /// Room for one chunk of prefix lengths, then one of suffix lengths.
  let scratch = ByteBuffer(capacity: DeltaByteArrayDecoder.chunkSize &* 8)
  /// The last value decoded, which the next value's prefix comes from.
  let previous = ByteBuffer(capacity: 64)
  /// Output buffers for `skip`, kept to be reused.
  var skipBuffers: (values: ByteBuffer, offsets: ByteBuffer)?

  static let chunkSize = 1024
  /// The most bytes one `decode…` call may output: Arrow's limit for one binary array. Front coding
  /// lets a small page expand to `count` copies of its longest value, so the cap is what keeps a
  /// hostile page from allocating without bound; callers decode in batches well under it.
  package static let outputByteLimit = Int(Int32.max)

  /// Reads both lengths headers and finds where each part starts.
  ///
  /// Throws `.truncated` or `.corrupt` when a lengths stream is cut short or breaks the spec, or
  /// when the two streams count different numbers of values.
  package init(_ bytes: UnsafeRawBufferPointer) throws(ParquetError) {
    base = baseAddress(of: bytes)
    end = bytes.count
    prefixLengths = try DeltaBinaryPackedDecoder<Int32>(bytes)
    let suffixStart = try prefixLengths.encodedByteCount()
    let suffixBytes = UnsafeRawBufferPointer(rebasing: bytes[suffixStart...])
    suffixLengths = try DeltaBinaryPackedDecoder<Int32>(suffixBytes)
    position = try suffixStart &+ suffixLengths.encodedByteCount()
    guard prefixLengths.totalCount == suffixLengths.totalCount else {
      throw ParquetError(.corrupt(
        "DELTA_BYTE_ARRAY with \(prefixLengths.totalCount) prefix and \(suffixLengths.totalCount) suffix lengths"))
    }
  }

  /// The number of values the stream holds.
  package var totalCount: Int { prefixLengths.totalCount }

  /// Values not yet decoded or skipped.
  package var valuesLeft: Int { prefixLengths.valuesLeft }

  /// Bytes of input consumed so far: both lengths streams plus the suffix bytes of the values read.
  /// Once every value is read, this is the size of the whole encoded data.
  package var byteCount: Int { position }

  /// Decodes `count` BYTE_ARRAY values: appends each one's bytes to `values` and its end position
  /// in `values` (as `Int64`) to `offsets`, whose last entry the caller has set to the first value's
  /// start.
  ///
  /// Throws `.corrupt` when fewer than `count` values are left, for a negative length, a prefix
  /// longer than the previous value, or suffixes longer than the bytes left. After a throw the
  /// decoder state is unspecified and the buffers may hold part of the output.
  /// - Complexity: O(count + bytes output).
  package mutating func decodeByteArrays(count: Int, values: ByteBuffer, offsets: ByteBuffer) throws(ParquetError) {
    try decode(count: count, values: values, offsets: offsets, width: -1)
  }

  /// Decodes `count` FIXED_LEN_BYTE_ARRAY values of `width` bytes, appended back to back to
  /// `values`. Throws as `decodeByteArrays` does, and `.corrupt` for a value of another length or a
  /// negative width (it comes from the schema, so from the file).
  package mutating func decodeFixedLength(count: Int, width: Int, values: ByteBuffer) throws(ParquetError) {
    guard width >= 0 else { throw ParquetError(.corrupt("FIXED_LEN_BYTE_ARRAY width \(width)")) }
    try decode(count: count, values: values, offsets: nil, width: width)
  }

  /// Moves past `count` values. The values must still be rebuilt, since each one's prefix comes
  /// from the one before; they go to buffers the decoder keeps. Throws as `decodeByteArrays` does.
  package mutating func skip(_ count: Int) throws(ParquetError) {
    let buffers = skipBuffers ?? (ByteBuffer(capacity: 4096), ByteBuffer(capacity: 8 &* Self.chunkSize &+ 8))
    skipBuffers = buffers
    var left = count
    while left > 0 {
      let n = min(left, Self.chunkSize)
      buffers.values.count = 0
      buffers.offsets.count = 0
      buffers.offsets.append(Int64(0))
      try decode(count: n, values: buffers.values, offsets: buffers.offsets, width: -1)
      left &-= n
    }
  }

  /// The decoding loop; `offsets` is nil and `width` the fixed length for FIXED_LEN_BYTE_ARRAY.
  mutating func decode(count: Int, values: ByteBuffer, offsets: ByteBuffer?, width: Int) throws(ParquetError) {
    precondition(count >= 0, "negative count")
    guard count <= valuesLeft else {
      throw ParquetError(.corrupt("DELTA_BYTE_ARRAY holds \(valuesLeft) more values, \(count) requested"))
    }
    guard count > 0 else { return }
    let prefixBuffer = scratch.pointer(Int32.self)
    let suffixBuffer = prefixBuffer + Self.chunkSize
    // The previous value: its offset in `values`, or -1 while it is still in `previous`.
    var previousStart = -1
    var previousLength = previous.count
    var outputTotal = 0
    var left = count
    while left > 0 {
      let n = min(left, Self.chunkSize)
      try prefixLengths.decode(into: prefixBuffer, count: n)
      try suffixLengths.decode(into: suffixBuffer, count: n)
      var signs: Int32 = 0
      var prefixTotal = 0
      var suffixTotal = 0
      for i in 0..<n {
        signs |= prefixBuffer[i] | suffixBuffer[i]
        prefixTotal &+= Int(prefixBuffer[i])
        suffixTotal &+= Int(suffixBuffer[i])
      }
      guard signs >= 0 else { throw ParquetError(.corrupt("negative DELTA_BYTE_ARRAY length")) }
      guard suffixTotal <= end &- position else {
        throw ParquetError(.corrupt("DELTA_BYTE_ARRAY suffixes of \(suffixTotal) bytes over the \(end &- position) left"))
      }
      outputTotal &+= prefixTotal &+ suffixTotal
      guard outputTotal <= Self.outputByteLimit else {
        throw ParquetError(.lengthOverLimit(
          field: "DELTA_BYTE_ARRAY output bytes", value: Int64(outputTotal), limit: Int64(Self.outputByteLimit)))
      }
      values.reserve(additional: prefixTotal &+ suffixTotal)
      offsets?.reserve(additional: n &* 8)
      // Safe: reserve made room for every byte and offset of the chunk, and no reallocation happens
      // until the next chunk; the checks above bound the suffixes, the one below each prefix.
      let valueBase = values.base
      var valueEnd = values.count
      let offsetOut = offsets.map { ($0.base + $0.count).assumingMemoryBound(to: Int64.self) }
      for i in 0..<n {
        let prefix = Int(prefixBuffer[i])
        let suffix = Int(suffixBuffer[i])
        guard prefix <= previousLength else {
          throw ParquetError(.corrupt("DELTA_BYTE_ARRAY prefix of \(prefix) bytes after a value of \(previousLength)"))
        }
        let length = prefix &+ suffix
        if width >= 0, length != width {
          throw ParquetError(.corrupt("DELTA_BYTE_ARRAY value of \(length) bytes in a FIXED_LEN_BYTE_ARRAY(\(width))"))
        }
        let source = previousStart < 0 ? UnsafeRawPointer(previous.base) : UnsafeRawPointer(valueBase + previousStart)
        (valueBase + valueEnd).copyMemory(from: source, byteCount: prefix)
        (valueBase + (valueEnd &+ prefix)).copyMemory(from: base + position, byteCount: suffix)
        position &+= suffix
        previousStart = valueEnd
        previousLength = length
        valueEnd &+= length
        offsetOut?[i] = Int64(valueEnd)
      }
      values.count = valueEnd
      if let offsets { offsets.count &+= n &* 8 }
      left &-= n
    }
    // Keep the last value for the next call; the caller may reuse `values`.
    previous.count = 0
    previous.append(UnsafeRawBufferPointer(start: values.base + previousStart, count: previousLength))
  }
}
