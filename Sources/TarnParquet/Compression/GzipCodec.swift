// GZIP: RFC 1952 gzip members, through libdeflate's whole-buffer API.

import CDeflate
import TarnCore

/// Parquet's GZIP codec, decoded and encoded with libdeflate.
///
/// Layout: one or more gzip members back to back, each `1f 8b 08 flags mtime xfl os [extra name comment
/// hcrc] deflate-data crc32 isize`. The spec asks readers to accept several members in one page
/// (parquet-testing's concatenated_gzip_members.parquet has two), so members are decoded until the input
/// runs out. Leniencies, each cheap: zero padding after the last member is ignored, and a page that
/// doesn't start with the gzip magic is tried as a zlib stream (RFC 1950) or raw deflate (RFC 1951),
/// which some writers produced by mistake. libdeflate checks every member's CRC32 and length.
enum GzipCodec {
  static let name = "GZIP"
  /// zlib's default; libdeflate's 6 is as fast and compresses a little better.
  static let defaultLevel = 6
  /// libdeflate's range: 0 stores, 1 to 9 match zlib's scale, 10 to 12 are slower and smaller still.
  static let levels = 0...12

  private static let decompressors = ThreadLocalContext(release: { context in
    libdeflate_free_decompressor(OpaquePointer(context))
  })

  /// Decodes with `libdeflate_gzip_decompress_ex`, member by member; or `libdeflate_zlib_decompress_ex`
  /// or `libdeflate_deflate_decompress_ex` for input without the gzip magic.
  static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
    throws(ParquetError)
  {
    let finished: Void? = try withCodecPointers(input, output) { (source, destination) throws(ParquetError) in
      try decompressors.withContext(make: { UnsafeMutableRawPointer(libdeflate_alloc_decompressor()) }) {
        (context) throws(ParquetError) in
        let decompressor = OpaquePointer(context)
        if startsWithGzipMagic(input) {
          try decodeMembers(decompressor, source, input.count, destination, output.count)
        } else {
          try decodeSingleStream(
            decompressor, source, input.count, destination, output.count, isZlib: startsWithZlibHeader(input))
        }
      }
    }
    // libdeflate_alloc_decompressor returns NULL only when malloc does.
    guard finished != nil else { throw ParquetError(.codec(name: name, code: -1)) }
  }

  private static func decodeMembers(
    _ decompressor: OpaquePointer, _ source: UnsafePointer<UInt8>, _ sourceCount: Int,
    _ destination: UnsafeMutablePointer<UInt8>, _ destinationCount: Int
  ) throws(ParquetError) {
    var consumedTotal = 0
    var producedTotal = 0
    var members = 0
    while consumedTotal < sourceCount {
      var consumed = 0
      var produced = 0
      let result = libdeflate_gzip_decompress_ex(
        decompressor, source + consumedTotal, sourceCount &- consumedTotal,
        destination + producedTotal, destinationCount &- producedTotal, &consumed, &produced)
      if result == LIBDEFLATE_SUCCESS {
        // A member has at least an 18-byte header and trailer, so the loop always advances.
        consumedTotal &+= consumed
        producedTotal &+= produced
        members &+= 1
      } else if result == LIBDEFLATE_INSUFFICIENT_SPACE {
        throw ParquetError(.corrupt("GZIP data holds more than the \(destinationCount) bytes the page header says"))
      } else if members > 0 && isAllZero(source + consumedTotal, sourceCount &- consumedTotal) {
        break
      } else {
        throw ParquetError(.codec(name: name, code: Int(result.rawValue)))
      }
    }
    guard producedTotal == destinationCount else {
      throw ParquetError(
        .corrupt("GZIP data decoded to \(producedTotal) bytes, the page header says \(destinationCount)"))
    }
  }

  private static func decodeSingleStream(
    _ decompressor: OpaquePointer, _ source: UnsafePointer<UInt8>, _ sourceCount: Int,
    _ destination: UnsafeMutablePointer<UInt8>, _ destinationCount: Int, isZlib: Bool
  ) throws(ParquetError) {
    var consumed = 0
    var produced = 0
    let result =
      isZlib
      ? libdeflate_zlib_decompress_ex(
        decompressor, source, sourceCount, destination, destinationCount, &consumed, &produced)
      : libdeflate_deflate_decompress_ex(
        decompressor, source, sourceCount, destination, destinationCount, &consumed, &produced)
    if result == LIBDEFLATE_INSUFFICIENT_SPACE {
      throw ParquetError(.corrupt("GZIP data holds more than the \(destinationCount) bytes the page header says"))
    }
    guard result == LIBDEFLATE_SUCCESS else { throw ParquetError(.codec(name: name, code: Int(result.rawValue))) }
    guard produced == destinationCount else {
      throw ParquetError(.corrupt("GZIP data decoded to \(produced) bytes, the page header says \(destinationCount)"))
    }
  }

  /// `1f 8b 08`: gzip's magic and the deflate method, RFC 1952 §2.3.1.
  private static func startsWithGzipMagic(_ input: UnsafeRawBufferPointer) -> Bool {
    input.count >= 3 && input[0] == 0x1f && input[1] == 0x8b && input[2] == 0x08
  }

  /// A zlib header (RFC 1950 §2.2): method 8, a window of at most 32 KB, and a check multiple of 31.
  private static func startsWithZlibHeader(_ input: UnsafeRawBufferPointer) -> Bool {
    guard input.count >= 2 else { return false }
    let cmf = Int(input[0])
    let flg = Int(input[1])
    return cmf & 0x0f == 8 && cmf >> 4 <= 7 && (cmf << 8 | flg) % 31 == 0
  }

  private static func isAllZero(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var combined: UInt8 = 0
    for i in 0..<count { combined |= bytes[i] }
    return combined == 0
  }

  /// Encodes one gzip member with `libdeflate_gzip_compress`.
  /// - Precondition: `levels.contains(level)`.
  static func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer, level: Int) throws(ParquetError) {
    guard let compressor = libdeflate_alloc_compressor(Int32(level)) else {
      throw ParquetError(.codec(name: name, code: -1))  // malloc failed
    }
    defer { libdeflate_free_compressor(compressor) }
    let bound = libdeflate_gzip_compress_bound(compressor, input.count)
    try output.appendCompressed(bound: bound) { (destination, capacity) throws(ParquetError) -> Int in
      try withCodecPointers(input, UnsafeMutableRawBufferPointer(start: destination, count: capacity)) {
        (source, destination) throws(ParquetError) -> Int in
        let written = libdeflate_gzip_compress(compressor, source, input.count, destination, capacity)
        guard written > 0 else {
          throw ParquetError(.internalBug("libdeflate_gzip_compress overflowed its own bound of \(capacity) bytes"))
        }
        return written
      }
    }
  }
}
