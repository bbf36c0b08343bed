// SNAPPY: Google's snappy format, through snappy's C API (snappy-c.h).

import CSnappy
import TarnCore

/// Parquet's SNAPPY codec: one raw snappy stream per page, no framing.
///
/// Layout: a varint of the uncompressed length, then literal and copy elements
/// (https://github.com/google/snappy/blob/main/format_description.txt). snappy's decoder checks every
/// element against both buffers, so corrupt input is rejected without reading or writing out of bounds.
enum SnappyCodec {
  static let name = "SNAPPY"

  /// Decodes with `snappy_uncompressed_length`, then `snappy_uncompress`.
  static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
    throws(ParquetError)
  {
    try withCodecPointers(input, output) { (source, destination) throws(ParquetError) in
      let sourceChars = UnsafeRawPointer(source).assumingMemoryBound(to: CChar.self)
      var declared = 0
      let lengthStatus = snappy_uncompressed_length(sourceChars, input.count, &declared)
      guard lengthStatus == SNAPPY_OK else {
        throw ParquetError(.codec(name: name, code: Int(lengthStatus.rawValue)))
      }
      guard declared == output.count else {
        throw ParquetError(.corrupt("SNAPPY data holds \(declared) bytes, the page header says \(output.count)"))
      }
      var produced = output.count
      let destinationChars = UnsafeMutableRawPointer(destination).assumingMemoryBound(to: CChar.self)
      let status = snappy_uncompress(sourceChars, input.count, destinationChars, &produced)
      guard status == SNAPPY_OK else { throw ParquetError(.codec(name: name, code: Int(status.rawValue))) }
      guard produced == output.count else {
        throw ParquetError(.corrupt("SNAPPY data decoded to \(produced) bytes, the page header says \(output.count)"))
      }
    }
  }

  /// Encodes with `snappy_compress` into `snappy_max_compressed_length` bytes.
  static func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer) throws(ParquetError) {
    let bound = snappy_max_compressed_length(input.count)
    try output.appendCompressed(bound: bound) { (destination, capacity) throws(ParquetError) -> Int in
      try withCodecPointers(input, UnsafeMutableRawBufferPointer(start: destination, count: capacity)) {
        (source, destination) throws(ParquetError) -> Int in
        var written = capacity
        let status = snappy_compress(
          UnsafeRawPointer(source).assumingMemoryBound(to: CChar.self), input.count,
          UnsafeMutableRawPointer(destination).assumingMemoryBound(to: CChar.self), &written)
        guard status == SNAPPY_OK else {
          throw ParquetError(.internalBug("snappy_compress failed with status \(status.rawValue)"))
        }
        return written
      }
    }
  }
}
