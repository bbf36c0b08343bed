// LZ4 (deprecated): LZ4 blocks in Hadoop's framing, with the fallbacks old writers make necessary.

import CLZ4
import TarnCore

/// Parquet's deprecated LZ4 codec.
///
/// Hadoop's framing, as parquet-mr writes it, big-endian:
/// ```
/// repeat: [u32 uncompressed length of the block]
///         repeat until that many bytes: [u32 compressed length][LZ4 block]
/// ```
/// Arrow before 2.0 wrote a bare LZ4 block instead, and some writers used the LZ4 frame format, with
/// nothing in the file to say which. Like Arrow, the reader tries the Hadoop framing and accepts it only
/// if it accounts for every input byte and exactly the expected output; otherwise it decodes a bare
/// block, then LZ4 frames (frames first when the input starts with the frame magic).
/// parquet-testing: hadoop_lz4_compressed.parquet and non_hadoop_lz4_compressed.parquet.
enum HadoopLZ4Codec {
  static let name = "LZ4"
  /// Uncompressed bytes per Hadoop block when writing: Hadoop's default `io.compression.codec.lz4.buffersize`.
  /// Hadoop's decoder can't take larger blocks.
  static let blockSize = 256 * 1024

  static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
    throws(ParquetError)
  {
    if try decodeHadoopFraming(input, into: output) { return }
    // A successful attempt fills the whole output, so what a failed one wrote there doesn't matter.
    let isFrameFirst = startsWithFrameMagic(input)
    var frameError: ParquetError? = nil
    if isFrameFirst {
      frameError = try decodeFrames(input, into: output)
      if frameError == nil { return }
    }
    let produced = try LZ4RawCodec.decompressBlock(input, into: output)
    if produced == output.count { return }
    if !isFrameFirst {
      // Without the magic, only a leading skippable frame can make this succeed; it costs nothing on valid pages.
      if try decodeFrames(input, into: output) == nil { return }
    }
    // Report the failure of the format the page most likely is.
    if let frameError { throw frameError }
    guard produced >= 0 else { throw ParquetError(.codec(name: name, code: produced)) }
    throw ParquetError(.corrupt("LZ4 data decoded to \(produced) bytes, the page header says \(output.count)"))
  }

  /// Decodes Hadoop-framed blocks. False if the framing doesn't parse, a block fails to decode, or the
  /// blocks don't cover the input and the output exactly.
  private static func decodeHadoopFraming(
    _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
  ) throws(ParquetError) -> Bool {
    var offset = 0
    var produced = 0
    while offset < input.count {
      guard input.count &- offset >= 4 else { return false }
      let blockLength = Int(loadBigEndianUInt32(input, at: offset))
      offset &+= 4
      guard blockLength <= output.count &- produced else { return false }
      let blockEnd = produced &+ blockLength
      // At least one chunk per block, so an empty block written as an empty chunk parses.
      repeat {
        guard input.count &- offset >= 4 else { return false }
        let chunkLength = Int(loadBigEndianUInt32(input, at: offset))
        offset &+= 4
        guard chunkLength <= input.count &- offset else { return false }
        let chunk = UnsafeRawBufferPointer(rebasing: input[offset..<(offset &+ chunkLength)])
        let target = UnsafeMutableRawBufferPointer(rebasing: output[produced..<blockEnd])
        let written = try LZ4RawCodec.decompressBlock(chunk, into: target)
        guard written >= 0 else { return false }
        offset &+= chunkLength
        produced &+= written
      } while produced < blockEnd
    }
    return produced == output.count
  }

  /// `04 22 4d 18`: the LZ4 frame magic number, little-endian.
  private static func startsWithFrameMagic(_ input: UnsafeRawBufferPointer) -> Bool {
    input.count >= 4 && input.loadUnaligned(as: UInt32.self) == UInt32(littleEndian: 0x184D_2204)
  }

  /// Decodes one or more LZ4 frames with `LZ4F_decompress`. Nil on success; otherwise the error to report.
  private static func decodeFrames(
    _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
  ) throws(ParquetError) -> ParquetError? {
    var context: OpaquePointer?
    guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0, let context else {
      return ParquetError(.codec(name: name, code: -1))  // malloc failed
    }
    defer { _ = LZ4F_freeDecompressionContext(context) }
    return try withCodecPointers(input, output) { (source, destination) throws(ParquetError) -> ParquetError? in
      var consumedTotal = 0
      var producedTotal = 0
      var isInsideFrame = false
      while consumedTotal < input.count {
        var consumed = input.count &- consumedTotal
        var produced = output.count &- producedTotal
        let hint = LZ4F_decompress(
          context, destination + producedTotal, &produced, source + consumedTotal, &consumed, nil)
        if LZ4F_isError(hint) != 0 { return ParquetError(.codec(name: name, code: 0 &- hint)) }
        // Stuck: the output is full and the frame still has data, or the input is malformed.
        if consumed == 0 && produced == 0 { break }
        consumedTotal &+= consumed
        producedTotal &+= produced
        isInsideFrame = hint != 0  // 0: the frame ended; the context is ready for the next one.
      }
      if isInsideFrame || consumedTotal < input.count {
        return ParquetError(
          .corrupt("LZ4 frame data doesn't end where the page does, or holds more than \(output.count) bytes"))
      }
      guard producedTotal == output.count else {
        return ParquetError(
          .corrupt("LZ4 frame data decoded to \(producedTotal) bytes, the page header says \(output.count)"))
      }
      return nil
    }
  }

  /// Writes Hadoop framing: one block of one chunk per `blockSize` input bytes, each chunk a bare LZ4 block
  /// from `LZ4RawCodec`. Empty input writes one empty block, as Arrow does.
  static func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer) throws(ParquetError) {
    var offset = 0
    repeat {
      let length = min(blockSize, input.count &- offset)
      let block = UnsafeRawBufferPointer(rebasing: input[offset..<(offset &+ length)])
      let headerStart = output.count
      output.append(UInt32(length).bigEndian)
      output.append(UInt32(0))  // compressed length, patched below
      try LZ4RawCodec.compress(block, into: output)
      let chunkLength = output.count &- headerStart &- 8
      // Safe: the 8 header bytes were appended at headerStart above; appending only moves `base`, so it is read afresh.
      (output.base + headerStart + 4).storeBytes(of: UInt32(chunkLength).bigEndian, as: UInt32.self)
      offset &+= length
    } while offset < input.count
  }
}
