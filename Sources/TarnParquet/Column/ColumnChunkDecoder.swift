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

  /// One page as found in the chunk: its header and its still-compressed body.
  package struct Page: @unchecked Sendable {
    package let header: PageHeader
    package let body: UnsafeRawBufferPointer
    package let index: Int
  }

  /// Decodes the chunk on the calling thread: scan, inflate and decode each page in turn.
  package func decode() throws(ParquetError) -> LeafData {
    let pages = try scanPages()
    var inflated: [ByteBuffer?] = []
    inflated.reserveCapacity(pages.count)
    for page in pages { inflated.append(try inflate(page)) }
    return try decode(pages: pages, inflated: inflated)
  }

  /// Walks the page headers up to the entries the footer promises, checking every size against the chunk.
  package func scanPages() throws(ParquetError) -> [Page] {
    var pages: [Page] = []
    var offset = 0
    var entries = 0
    while offset < bytes.count && entries < expectedEntries {
      let index = pages.count
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
        switch header.type {
        case .dataPage: entries += Int(max(header.dataPageHeader?.numValues ?? 0, 0))
        case .dataPageV2: entries += Int(max(header.dataPageHeaderV2?.numValues ?? 0, 0))
        default: break
        }
        pages.append(Page(header: header, body: UnsafeRawBufferPointer(rebasing: bytes[bodyStart..<(bodyStart + compressedSize)]), index: index))
        offset = bodyStart + compressedSize
      } catch {
        throw error.at(column: descriptor.dottedPath, page: index)
      }
    }
    return pages
  }

  /// Checks the page's CRC when asked, and decompresses what the page compresses: the whole body
  /// (v1 and dictionary pages) or the values section (v2). Nil when the bytes are already plain.
  /// Pages are independent here, so callers inflate many at once on all cores.
  package func inflate(_ page: Page) throws(ParquetError) -> ByteBuffer? {
    do throws(ParquetError) {
      let body = page.body
      if options.verifyChecksums, let crc = page.header.crc {
        let actual = UInt32(truncatingIfNeeded: crc32(0, body.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(body.count)))
        guard actual == UInt32(bitPattern: crc) else {
          throw ParquetError(.corrupt("page checksum mismatch (stored \(UInt32(bitPattern: crc)), computed \(actual))"))
        }
      }
      let size = Int(page.header.uncompressedPageSize)
      switch page.header.type {
      case .dictionaryPage, .dataPage:
        guard codec != .uncompressed else {
          guard body.count == size else {
            throw ParquetError(.corrupt("uncompressed page of \(body.count) bytes claims \(size)"))
          }
          return nil
        }
        return try decompress(body, size: size)
      case .dataPageV2:
        guard let header = page.header.dataPageHeaderV2 else { return nil }
        let levelsLength = Int(header.repetitionLevelsByteLength) &+ Int(header.definitionLevelsByteLength)
        guard header.isCompressed, codec != .uncompressed, levelsLength >= 0, levelsLength <= body.count,
          levelsLength <= size
        else { return nil }
        let values = UnsafeRawBufferPointer(rebasing: body[levelsLength...])
        if values.isEmpty && size == levelsLength { return nil }
        return try decompress(values, size: size - levelsLength)
      default:
        return nil
      }
    } catch {
      throw error.at(column: descriptor.dottedPath, page: page.index)
    }
  }

  private func decompress(_ body: UnsafeRawBufferPointer, size: Int) throws(ParquetError) -> ByteBuffer {
    let output = ByteBuffer(capacity: size)
    try codec.decompress(body, into: UnsafeMutableRawBufferPointer(start: output.base, count: size))
    output.count = size
    return output
  }

  /// Decodes the scanned pages, given what `inflate` returned for each.
  package func decode(pages: [Page], inflated: [ByteBuffer?]) throws(ParquetError) -> LeafData {
    // Hints from the footer size the buffers once; they are capped, since the footer is not trusted.
    var state = ChunkState(
      descriptor: descriptor, capacity: min(max(expectedEntries, 0), 1 << 24),
      byteCapacity: min(max(uncompressedSizeHint, 0), 1 << 28, bytes.count * 64))
    for (page, plain) in zip(pages, inflated) {
      do throws(ParquetError) {
        let data = plain?.bytes ?? page.body
        switch page.header.type {
        case .dictionaryPage:
          guard let dictionaryHeader = page.header.dictionaryPageHeader else {
            throw ParquetError(.corrupt("dictionary page without its header"))
          }
          try state.readDictionary(data, header: dictionaryHeader)
        case .dataPage:
          guard let dataHeader = page.header.dataPageHeader else { throw ParquetError(.corrupt("data page without its header")) }
          try state.readDataPageV1(data, header: dataHeader)
        case .dataPageV2:
          guard let dataHeader = page.header.dataPageHeaderV2 else {
            throw ParquetError(.corrupt("data page v2 without its header"))
          }
          try readDataPageV2(
            page.body, values: plain, uncompressedSize: Int(page.header.uncompressedPageSize), header: dataHeader,
            state: &state)
        default:
          break  // index pages and page types from the future carry no values
        }
      } catch {
        throw error.at(column: descriptor.dottedPath, page: page.index)
      }
    }
    guard state.entries == expectedEntries else {
      throw ParquetError(.corrupt("the pages hold \(state.entries) values, the footer says \(expectedEntries)"))
        .at(column: descriptor.dottedPath)
    }
    return try state.finish().get()
  }

  /// Data page v2: levels are never compressed; only the values section may be.
  private func readDataPageV2(
    _ body: UnsafeRawBufferPointer, values inflated: ByteBuffer?, uncompressedSize: Int, header: DataPageHeaderV2,
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
    if let inflated {
      values = inflated.bytes
    } else if header.isCompressed, codec != .uncompressed {
      guard compressedValues.isEmpty && valuesSize == 0 else {
        throw ParquetError(.internalBug("compressed v2 values were not inflated"))
      }
      values = compressedValues
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
