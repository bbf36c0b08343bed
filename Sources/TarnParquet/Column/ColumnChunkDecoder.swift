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
    try decode(pages: try scanPages(), rows: nil)
  }

  /// Inflates `pages` into one arena, decodes them, and frees the arena (its block goes back to the pool
  /// for the next chunk to reuse), on the calling thread.
  package func decode(pages: [Page], rows: UnsafeBufferPointer<UInt32>?) throws(ParquetError) -> LeafData {
    let arena = InflateArena(pages: pages, decoder: self)
    var inflated: [UnsafeRawBufferPointer?] = []
    inflated.reserveCapacity(pages.count)
    for (i, page) in pages.enumerated() { inflated.append(try inflate(page, into: arena.target(i))) }
    return try withExtendedLifetime(arena) { () throws(ParquetError) -> LeafData in
      try decode(pages: pages, inflated: inflated, rows: rows)
    }
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

  /// Bytes `inflate` writes for `page`: the uncompressed body (v1, dictionary) or values section (v2);
  /// 0 when the page's bytes are used as they are.
  package func inflatedSize(_ page: Page) -> Int {
    guard codec != .uncompressed else { return 0 }
    let size = Int(page.header.uncompressedPageSize)
    switch page.header.type {
    case .dictionaryPage, .dataPage:
      return size
    case .dataPageV2:
      guard let header = page.header.dataPageHeaderV2, header.isCompressed else { return 0 }
      let levelsLength = Int(header.repetitionLevelsByteLength) &+ Int(header.definitionLevelsByteLength)
      guard levelsLength >= 0, levelsLength <= page.body.count, levelsLength <= size else { return 0 }
      if page.body.count == levelsLength && size == levelsLength { return 0 }
      return size - levelsLength
    default:
      return 0
    }
  }

  /// Checks the page's CRC when asked, and decompresses what the page compresses into `target`
  /// (`inflatedSize(page)` bytes). Returns the plain bytes, or nil when the page is used as it is.
  /// Pages are independent here, so callers inflate many at once on all cores.
  package func inflate(_ page: Page, into target: UnsafeMutableRawBufferPointer) throws(ParquetError)
    -> UnsafeRawBufferPointer?
  {
    do throws(ParquetError) {
      let body = page.body
      if options.verifyChecksums, let crc = page.header.crc {
        let actual = UInt32(truncatingIfNeeded: crc32(0, body.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(body.count)))
        guard actual == UInt32(bitPattern: crc) else {
          throw ParquetError(.corrupt("page checksum mismatch (stored \(UInt32(bitPattern: crc)), computed \(actual))"))
        }
      }
      let size = Int(page.header.uncompressedPageSize)
      if codec == .uncompressed, page.header.type == .dataPage || page.header.type == .dictionaryPage, body.count != size {
        throw ParquetError(.corrupt("uncompressed page of \(body.count) bytes claims \(size)"))
      }
      guard target.count > 0 else { return nil }
      let compressed: UnsafeRawBufferPointer
      if page.header.type == .dataPageV2 {
        compressed = UnsafeRawBufferPointer(rebasing: body[(size - target.count)...])
      } else {
        compressed = body
      }
      try codec.decompress(compressed, into: target)
      return UnsafeRawBufferPointer(target)
    } catch {
      throw error.at(column: descriptor.dottedPath, page: page.index)
    }
  }

  /// Decodes the scanned pages, given what `inflate` returned for each.
  ///
  /// With `rows` (ascending row positions in the chunk; flat columns only), only those rows are kept: each page is
  /// decoded, then compacted to its selected rows, so memory grows with the rows kept, not the chunk.
  package func decode(
    pages: [Page], inflated: [UnsafeRawBufferPointer?], rows: UnsafeBufferPointer<UInt32>? = nil
  ) throws(ParquetError) -> LeafData {
    // Hints from the footer size the buffers once; they are capped, since the footer is not trusted.
    var state = ChunkState(
      descriptor: descriptor, capacity: min(max(expectedEntries, 0), 1 << 24),
      byteCapacity: min(max(uncompressedSizeHint, 0), 1 << 28, bytes.count * 64))
    if let rows {
      guard descriptor.maxRepetitionLevel == 0 else {
        throw ParquetError(.internalBug("row selection on the repeated column \(descriptor.dottedPath)"))
      }
      state.selection = rows
    }
    for (page, plain) in zip(pages, inflated) {
      do throws(ParquetError) {
        let data = plain ?? page.body
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
    guard state.scannedEntries == expectedEntries else {
      throw ParquetError(.corrupt("the pages hold \(state.scannedEntries) values, the footer says \(expectedEntries)"))
        .at(column: descriptor.dottedPath)
    }
    return try state.finish().get()
  }

  /// Data page v2: levels are never compressed; only the values section may be.
  func readDataPageV2(
    _ body: UnsafeRawBufferPointer, values inflated: UnsafeRawBufferPointer?, uncompressedSize: Int, header: DataPageHeaderV2,
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
      values = inflated
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

/// One allocation holding every inflated page of a chunk, each page at its own offset.
final class InflateArena: @unchecked Sendable {
  let buffer: ByteBuffer
  let offsets: [Int]
  let sizes: [Int]

  init(pages: [ColumnChunkDecoder.Page], decoder: ColumnChunkDecoder) {
    sizes = pages.map { decoder.inflatedSize($0) }
    var offsets: [Int] = []
    var total = 0
    for size in sizes {
      offsets.append(total)
      total += size
    }
    self.offsets = offsets
    buffer = ByteBuffer(capacity: total)
  }

  /// Where page `i` inflates to. Pages own disjoint ranges, so threads may fill them at once.
  func target(_ i: Int) -> UnsafeMutableRawBufferPointer {
    UnsafeMutableRawBufferPointer(start: buffer.base + offsets[i], count: sizes[i])
  }
}
