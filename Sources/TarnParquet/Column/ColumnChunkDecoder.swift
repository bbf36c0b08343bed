// Decodes one column chunk, page by page, into its levels and dense values.
import CZlib
import TarnCore

/// Options a caller can set for reading.
public struct ParquetReadOptions: Sendable {
  /// Verify each page's CRC-32 when the writer stored one.
  public var verifyChecksums = false
  public init(verifyChecksums: Bool = false) { self.verifyChecksums = verifyChecksums }
}

/// Walks the pages of one column chunk and decodes them into a `LeafData`.
///
/// Pages are decompressed into one scratch buffer reused across the chunk; uncompressed pages are read in place.
package struct ColumnChunkDecoder {
  package let descriptor: ParquetColumnDescriptor
  package let codec: CompressionCodec
  /// The chunk's bytes, from its first page header to its end.
  package let bytes: UnsafeRawBufferPointer
  /// Level entries the footer promises (num_values); checked against what the pages hold.
  package let expectedEntries: Int
  package let options: ParquetReadOptions
  /// The footer's uncompressed size of the chunk: a hint for sizing BYTE_ARRAY value buffers once.
  package var uncompressedSizeHint = 0

  /// The most level entries one page may claim: bounds every allocation sized from a page header.
  static let maxEntriesPerPage = 1 << 28
  /// The largest uncompressed page accepted.
  static let maxPageBytes = 1 << 30

  package init(
    descriptor: ParquetColumnDescriptor, codec: CompressionCodec, bytes: UnsafeRawBufferPointer,
    expectedEntries: Int, options: ParquetReadOptions
  ) {
    self.descriptor = descriptor
    self.codec = codec
    self.bytes = bytes
    self.expectedEntries = expectedEntries
    self.options = options
  }

  package func decode() throws(ParquetError) -> LeafData {
    // Hints from the footer size the buffers once; they are capped, since the footer is not trusted.
    var state = ChunkState(
      descriptor: descriptor, capacity: min(max(expectedEntries, 0), 1 << 24),
      byteCapacity: min(max(uncompressedSizeHint, 0), 1 << 28, bytes.count * 64))
    var offset = 0
    var page = 0
    let scratch = ByteBuffer(capacity: 0)
    while offset < bytes.count && state.entries < expectedEntries {
      do throws(ParquetError) {
        let (header, headerLength) = try PageHeader.decode(from: bytes, at: offset)
        let bodyStart = offset + headerLength
        let compressedSize = Int(header.compressedPageSize)
        let uncompressedSize = Int(header.uncompressedPageSize)
        guard compressedSize >= 0, uncompressedSize >= 0 else {
          throw ParquetError(.corrupt("negative page size (\(compressedSize), \(uncompressedSize))"))
        }
        guard compressedSize <= bytes.count - bodyStart else {
          throw ParquetError(.truncated(needed: compressedSize, available: bytes.count - bodyStart))
        }
        guard uncompressedSize <= Self.maxPageBytes else {
          throw ParquetError(
            .lengthOverLimit(field: "uncompressed_page_size", value: Int64(uncompressedSize), limit: Int64(Self.maxPageBytes)))
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[bodyStart..<(bodyStart + compressedSize)])
        if options.verifyChecksums, let crc = header.crc {
          let actual = UInt32(truncatingIfNeeded: crc32(0, body.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(body.count)))
          guard actual == UInt32(bitPattern: crc) else {
            throw ParquetError(.corrupt("page checksum mismatch (stored \(UInt32(bitPattern: crc)), computed \(actual))"))
          }
        }
        switch header.type {
        case .dictionaryPage:
          guard let dictionaryHeader = header.dictionaryPageHeader else {
            throw ParquetError(.corrupt("dictionary page without its header"))
          }
          let data = try decompress(body, size: uncompressedSize, into: scratch)
          try state.readDictionary(data, header: dictionaryHeader)
        case .dataPage:
          guard let dataHeader = header.dataPageHeader else { throw ParquetError(.corrupt("data page without its header")) }
          let data = try decompress(body, size: uncompressedSize, into: scratch)
          try state.readDataPageV1(data, header: dataHeader)
        case .dataPageV2:
          guard let dataHeader = header.dataPageHeaderV2 else { throw ParquetError(.corrupt("data page v2 without its header")) }
          try readDataPageV2(body, uncompressedSize: uncompressedSize, header: dataHeader, scratch: scratch, state: &state)
        default:
          break  // index pages and page types from the future carry no values
        }
        offset = bodyStart + compressedSize
        page += 1
      } catch {
        throw error.at(column: descriptor.dottedPath, page: page)
      }
    }
    guard state.entries == expectedEntries else {
      throw ParquetError(.corrupt("the pages hold \(state.entries) values, the footer says \(expectedEntries)"))
        .at(column: descriptor.dottedPath)
    }
    return try state.finish().get()
  }

  private func decompress(_ body: UnsafeRawBufferPointer, size: Int, into scratch: ByteBuffer) throws(ParquetError)
    -> UnsafeRawBufferPointer
  {
    if codec == .uncompressed {
      guard body.count == size else {
        throw ParquetError(.corrupt("uncompressed page of \(body.count) bytes claims \(size)"))
      }
      return body
    }
    scratch.count = 0
    scratch.reserve(size)
    let target = UnsafeMutableRawBufferPointer(start: scratch.base, count: size)
    try codec.decompress(body, into: target)
    return UnsafeRawBufferPointer(target)
  }

  /// Data page v2: levels are never compressed; only the values section may be.
  private func readDataPageV2(
    _ body: UnsafeRawBufferPointer, uncompressedSize: Int, header: DataPageHeaderV2, scratch: ByteBuffer,
    state: inout ChunkState
  ) throws(ParquetError) {
    let repetitionLength = Int(header.repetitionLevelsByteLength)
    let definitionLength = Int(header.definitionLevelsByteLength)
    guard repetitionLength >= 0, definitionLength >= 0, repetitionLength + definitionLength <= body.count,
      repetitionLength + definitionLength <= uncompressedSize
    else {
      throw ParquetError(.corrupt("data page v2 level lengths (\(repetitionLength), \(definitionLength)) exceed the page"))
    }
    let levelsLength = repetitionLength + definitionLength
    let repetition = UnsafeRawBufferPointer(rebasing: body[0..<repetitionLength])
    let definition = UnsafeRawBufferPointer(rebasing: body[repetitionLength..<levelsLength])
    let compressedValues = UnsafeRawBufferPointer(rebasing: body[levelsLength...])
    let valuesSize = uncompressedSize - levelsLength
    let values: UnsafeRawBufferPointer
    if header.isCompressed, codec != .uncompressed {
      if compressedValues.isEmpty && valuesSize == 0 {
        values = compressedValues
      } else {
        values = try decompress(compressedValues, size: valuesSize, into: scratch)
      }
    } else {
      guard compressedValues.count == valuesSize else {
        throw ParquetError(.corrupt("uncompressed values section of \(compressedValues.count) bytes claims \(valuesSize)"))
      }
      values = compressedValues
    }
    try state.readDataPage(
      entries: Int(header.numValues), encoding: header.encoding, repetition: repetition, definition: definition,
      values: values)
  }
}
