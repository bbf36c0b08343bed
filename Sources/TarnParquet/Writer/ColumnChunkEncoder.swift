// Encodes one leaf's share of a row group: plans its pages, then assembles the encoded pages' metadata and indexes.
import TarnCore

/// A written column chunk's metadata, with offsets relative to the chunk's start.
struct EncodedChunk: @unchecked Sendable {
  var metaData: ColumnMetaData
  /// Offsets relative to the chunk's first byte.
  var pageLocations: [PageLocation]
  var columnIndex: ColumnIndex?
  var bloomFilter: SplitBlockBloomFilter?
}

/// Rows and values of one data page: entries (levels) `entries`, non-null values `values`.
struct PageSpan {
  var entries: Range<Int>
  var values: Range<Int>
  var firstRow: Int
  var rows: Int
}

/// A leaf's chunk after its values are final (dictionary built or given up) and cut into pages, before any page is
/// encoded. Its pages are independent: `PageEncoder` encodes and compresses each on any thread.
final class ChunkPlan: @unchecked Sendable {
  let writer: LeafWriter
  /// The dictionary's entries, when the chunk is dictionary-encoded.
  let dictionary: DenseValues?
  /// UInt32 dictionary indices of the non-null values, when `dictionary` is set.
  let indices: ByteBuffer?
  /// The values when there is no dictionary.
  let dense: DenseValues
  let valueCount: Int
  let indexBitWidth: Int
  /// Sort ranks of byte-array dictionary entries, for page min/max through indices.
  let ranks: DictionaryRanks?
  let pages: [PageSpan]

  var usesDictionary: Bool { dictionary != nil }

  /// The data pages' value encoding.
  var valueEncoding: Encoding { usesDictionary ? .rleDictionary : (writer.leaf.encoding ?? .plain).thrift }

  init(
    writer: LeafWriter, dictionary: DenseValues?, indices: ByteBuffer?, dense: DenseValues, valueCount: Int,
    indexBitWidth: Int, ranks: DictionaryRanks?, pages: [PageSpan]
  ) {
    self.writer = writer
    self.dictionary = dictionary
    self.indices = indices
    self.dense = dense
    self.valueCount = valueCount
    self.indexBitWidth = indexBitWidth
    self.ranks = ranks
    self.pages = pages
  }

  /// Pages to encode: the dictionary page (when there is one) first, then the data pages.
  var pageJobCount: Int { pages.count &+ (usesDictionary ? 1 : 0) }
}

/// Turns a `LeafWriter`'s buffered levels and values into a `ChunkPlan`, and encoded pages into an `EncodedChunk`.
///
/// Why two steps: a row group's pages are encoded and compressed in parallel across all its columns, so one large
/// column (long strings, say) is spread over every core instead of running on one while the others idle.
struct ColumnChunkEncoder {
  let leaf: WriteLeaf
  let options: ParquetWriterOptions
  let codec: CompressionCodec

  private var wantsStatistics: Bool { options.statisticsEnabled && leaf.order != .none }

  /// Finishes the leaf's values (dictionary or not) and cuts them into pages.
  func plan(_ writer: LeafWriter) -> ChunkPlan {
    let (dictionaryValues, indexBuffer, dense) = writer.finishValues()
    let valueCount = indexBuffer.map { $0.count / 4 } ?? dense.count
    let usesDictionary = dictionaryValues != nil && valueCount > 0
    var ranks: DictionaryRanks?
    if usesDictionary, wantsStatistics, leaf.order == .bytes || leaf.order == .signedBigEndian {
      ranks = StatisticsComputer(order: leaf.order).ranks(of: dictionaryValues!)
    }
    let indexBitWidth = usesDictionary ? max(bitWidth(forMaximum: dictionaryValues!.count - 1), 1) : 0
    let pages = splitPages(writer, dense: dense, valueCount: valueCount, indexBitWidth: indexBitWidth)
    return ChunkPlan(
      writer: writer, dictionary: usesDictionary ? dictionaryValues : nil, indices: usesDictionary ? indexBuffer : nil,
      dense: dense, valueCount: valueCount, indexBitWidth: indexBitWidth, ranks: ranks, pages: pages)
  }

  /// The chunk's metadata, page locations, statistics, page index and Bloom filter, from its encoded pages
  /// (`pages[0]` is the dictionary page when `plan.usesDictionary`).
  func finish(_ plan: ChunkPlan, pages encoded: [EncodedPage]) -> EncodedChunk {
    let writer = plan.writer
    let usesDictionary = plan.usesDictionary
    var offset = 0
    var totalUncompressed = 0
    var encodingStats: [PageEncodingStats] = []
    var dictionaryPageOffset: Int64?
    var dataPages = encoded[...]
    if usesDictionary, let dictionaryPage = encoded.first {
      dictionaryPageOffset = 0
      offset &+= dictionaryPage.byteCount
      totalUncompressed &+= dictionaryPage.uncompressedSize
      encodingStats.append(PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1))
      dataPages = encoded.dropFirst()
    }
    let valueEncoding = plan.valueEncoding
    let dataPageOffset = Int64(offset)
    var locations: [PageLocation] = []
    var pageMinMax: [MinMax?] = []
    var pageNulls: [Int64] = []
    var chunkMinMax: MinMax?
    for page in dataPages {
      locations.append(
        PageLocation(offset: Int64(offset), compressedPageSize: Int32(page.byteCount), firstRowIndex: Int64(page.firstRow)))
      offset &+= page.byteCount
      totalUncompressed &+= page.uncompressedSize
      if let minMax = page.minMax {
        chunkMinMax = chunkMinMax.map { $0.merged(with: minMax, order: leaf.order) } ?? minMax
      }
      pageMinMax.append(page.minMax)
      pageNulls.append(Int64(page.nullCount))
    }
    if !plan.pages.isEmpty {
      encodingStats.append(
        PageEncodingStats(
          pageType: options.dataPageVersion == .v1 ? .dataPage : .dataPageV2, encoding: valueEncoding,
          count: Int32(plan.pages.count)))
    }

    var encodings: [Encoding] = []
    if usesDictionary { encodings.append(.plain) }
    if leaf.maxDefinitionLevel > 0 || leaf.maxRepetitionLevel > 0 || !usesDictionary { encodings.append(.rle) }
    if !encodings.contains(valueEncoding) { encodings.append(valueEncoding) }

    let nullCount = Int64(writer.entries - plan.valueCount)
    var chunkStatistics: Statistics?
    if options.statisticsEnabled {
      var s = Statistics(nullCount: nullCount)
      if let chunkMinMax {
        let (minimum, minExact) = truncate(chunkMinMax.min, isMax: false)
        let (maximum, maxExact) = truncate(chunkMinMax.max, isMax: true)
        s.minValue = minimum
        s.maxValue = maximum
        s.isMinValueExact = minExact
        s.isMaxValueExact = maxExact
        if leaf.order.legacyOrderMatches {
          s.min = minimum
          s.max = maximum
        }
      }
      chunkStatistics = s
    }

    var columnIndex: ColumnIndex?
    let hasValuelessPage = zip(pageMinMax, plan.pages).contains { $0 == nil && !$1.values.isEmpty }
    if options.pageIndexEnabled, wantsStatistics, !plan.pages.isEmpty, !hasValuelessPage {
      var index = ColumnIndex(nullPages: [], minValues: [], maxValues: [], boundaryOrder: .unordered, nullCounts: pageNulls)
      for minMax in pageMinMax {
        index.nullPages.append(minMax == nil)
        index.minValues.append(minMax.map { truncate($0.min, isMax: false).0 } ?? [])
        index.maxValues.append(minMax.map { truncate($0.max, isMax: true).0 } ?? [])
      }
      index.boundaryOrder = boundaryOrder(pageMinMax)
      columnIndex = index
    }

    var bloomFilter: SplitBlockBloomFilter?
    if let fpp = leaf.bloomFilterFPP, plan.valueCount > 0 {
      bloomFilter = makeBloomFilter(plan.dictionary ?? plan.dense, fpp: fpp)
    }

    let metaData = ColumnMetaData(
      type: leaf.thriftPhysicalType, encodings: encodings, pathInSchema: leaf.path,
      codec: ThriftCompressionCodec(rawValue: codec.rawValue), numValues: Int64(writer.entries),
      totalUncompressedSize: Int64(totalUncompressed), totalCompressedSize: Int64(offset),
      dataPageOffset: dataPageOffset, dictionaryPageOffset: dictionaryPageOffset, statistics: chunkStatistics,
      encodingStats: encodingStats)
    return EncodedChunk(
      metaData: metaData, pageLocations: locations, columnIndex: columnIndex, bloomFilter: bloomFilter)
  }

  // MARK: Pages

  /// Cuts the chunk into pages of about `pageSize` value bytes and at most `pageRowLimit` rows, at row starts.
  private func splitPages(_ writer: LeafWriter, dense: DenseValues, valueCount: Int, indexBitWidth: Int) -> [PageSpan] {
    let entries = writer.entries
    guard entries > 0 else { return [] }
    let valueBytes: Double
    if indexBitWidth > 0 {
      valueBytes = Double(indexBitWidth) / 8
    } else if valueCount > 0 {
      valueBytes = leaf.physicalType == .boolean ? 0.125 : Double(dense.plainSize(0..<valueCount)) / Double(valueCount)
    } else {
      valueBytes = 1
    }
    let targetValues = max(1, Int(Double(options.pageSize) / max(valueBytes, 0.125)))
    let rowLimit = max(1, options.pageRowLimit)
    let definition = writer.definition.map { UnsafePointer($0.pointer(UInt8.self)) }
    let maxDefinition = UInt8(leaf.maxDefinitionLevel)
    var pages: [PageSpan] = []
    var e0 = 0
    var v0 = 0
    var firstRow = 0
    if let repetition = writer.repetition.map({ UnsafePointer($0.pointer(UInt8.self)) }) {
      var rows = 0
      var values = 0
      var e = 0
      while e < entries {
        if repetition[e] == 0 {
          if e > e0, values >= targetValues || rows >= rowLimit {
            pages.append(PageSpan(entries: e0..<e, values: v0..<(v0 + values), firstRow: firstRow, rows: rows))
            e0 = e
            v0 &+= values
            firstRow &+= rows
            rows = 0
            values = 0
          }
          rows &+= 1
        }
        values &+= definition.map { Int(unsafeBitCast($0[e] == maxDefinition, to: UInt8.self)) } ?? 1
        e &+= 1
      }
      pages.append(PageSpan(entries: e0..<entries, values: v0..<(v0 + values), firstRow: firstRow, rows: rows))
      return pages
    }
    let density = valueCount > 0 ? Double(entries) / Double(valueCount) : Double(entries)
    let perPage = max(1, min(rowLimit, Int(Double(targetValues) * density)))
    while e0 < entries {
      let e1 = min(entries, e0 &+ perPage)
      var v1 = v0 &+ (e1 &- e0)
      if let definition {
        var count = 0
        // Levels never pass the maximum, so a value is an entry at the maximum; no division, no branch.
        for e in e0..<e1 { count &+= Int(unsafeBitCast(definition[e] == maxDefinition, to: UInt8.self)) }
        v1 = v0 &+ count
      }
      pages.append(PageSpan(entries: e0..<e1, values: v0..<v1, firstRow: e0, rows: e1 &- e0))
      e0 = e1
      v0 = v1
    }
    return pages
  }

  // MARK: Statistics

  private func truncate(_ value: [UInt8], isMax: Bool) -> ([UInt8], Bool) {
    guard leaf.physicalType == .byteArray else { return (value, true) }
    let limit = max(options.statisticsTruncateLength, 1)
    let isUTF8 = leaf.valueType == .string
    return isMax ? truncatedMax(value, limit: limit, isUTF8: isUTF8) : truncatedMin(value, limit: limit, isUTF8: isUTF8)
  }

  private func boundaryOrder(_ pages: [MinMax?]) -> BoundaryOrder {
    let present = pages.compactMap { $0 }
    guard present.count > 1 else { return .ascending }
    func cmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
      a.withUnsafeBytes { x in b.withUnsafeBytes { y in compare(x, y, leaf.order) } }
    }
    var ascending = true
    var descending = true
    for (a, b) in zip(present, present.dropFirst()) {
      if cmp(a.min, b.min) > 0 || cmp(a.max, b.max) > 0 { ascending = false }
      if cmp(a.min, b.min) < 0 || cmp(a.max, b.max) < 0 { descending = false }
    }
    return ascending ? .ascending : (descending ? .descending : .unordered)
  }

  // MARK: Bloom filter

  /// A filter sized for the distinct values among `values` (a dictionary's entries are distinct already).
  private func makeBloomFilter(_ values: DenseValues, fpp: Double) -> SplitBlockBloomFilter {
    var hashes = [UInt64](repeating: 0, count: values.count)
    for i in 0..<values.count { hashes[i] = SplitBlockBloomFilter.hash(bytes: values.bytes(i)) }
    hashes.sort()
    var distinct = hashes.isEmpty ? 0 : 1
    for i in hashes.indices.dropFirst() where hashes[i] != hashes[i - 1] { distinct += 1 }
    var filter = SplitBlockBloomFilter(
      byteCount: SplitBlockBloomFilter.optimalByteCount(distinctValues: distinct, fpp: fpp))
    for hash in hashes { filter.insert(hash: hash) }
    return filter
  }
}
