// Encodes one leaf's share of a row group into pages: dictionary page, data pages (v1/v2), statistics, page index.
import TarnCore

/// A column chunk ready to be written: its page bytes and metadata with offsets relative to the chunk's start.
struct EncodedChunk: @unchecked Sendable {
  var bytes: ByteBuffer
  var metaData: ColumnMetaData
  /// Offsets relative to the chunk's first byte.
  var pageLocations: [PageLocation]
  var columnIndex: ColumnIndex?
  var bloomFilter: SplitBlockBloomFilter?
}

/// Turns a `LeafWriter`'s buffered levels and values into pages.
struct ColumnChunkEncoder {
  let leaf: WriteLeaf
  let options: ParquetWriterOptions
  let codec: CompressionCodec

  private struct PageSpan {
    var entries: Range<Int>
    var values: Range<Int>
    var firstRow: Int
    var rows: Int
  }

  func encode(_ writer: LeafWriter) throws(ParquetError) -> EncodedChunk {
    let out = ByteBuffer(capacity: max(writer.byteCount / 2, 1024))
    let (dictionaryValues, indexBuffer, dense) = writer.finishValues()
    let valueCount = indexBuffer.map { $0.count / 4 } ?? dense.count
    let usesDictionary = dictionaryValues != nil && valueCount > 0
    let statistics = StatisticsComputer(order: leaf.order)
    let wantsStatistics = options.statisticsEnabled && leaf.order != .none
    var ranks: DictionaryRanks?
    if usesDictionary, wantsStatistics, leaf.order == .bytes || leaf.order == .signedBigEndian {
      ranks = statistics.ranks(of: dictionaryValues!)
    }
    var totalUncompressed = 0
    var encodingStats: [PageEncodingStats] = []
    var dictionaryPageOffset: Int64?
    let scratch = ByteBuffer(capacity: 1 << 16)
    let compressed = ByteBuffer(capacity: 1 << 16)

    // Dictionary page.
    let indexBitWidth = usesDictionary ? max(bitWidth(forMaximum: dictionaryValues!.count - 1), 1) : 0
    if usesDictionary, let dictionary = dictionaryValues {
      scratch.count = 0
      plainEncode(dictionary, 0..<dictionary.count, into: scratch)
      dictionaryPageOffset = Int64(out.count)
      compressed.count = 0
      try compress(scratch.bytes, into: compressed)
      let header = PageHeader(
        type: .dictionaryPage, uncompressedPageSize: Int32(scratch.count), compressedPageSize: Int32(compressed.count),
        dictionaryPageHeader: DictionaryPageHeader(numValues: Int32(dictionary.count), encoding: .plain, isSorted: false))
      totalUncompressed &+= appendPage(header, body: compressed, uncompressedBody: scratch.count, into: out)
      encodingStats.append(PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1))
    }

    let valueEncoding: Encoding = usesDictionary ? .rleDictionary : (leaf.encoding ?? .plain).thrift
    let pages = splitPages(writer, dense: dense, valueCount: valueCount, indexBitWidth: indexBitWidth)
    let dataPageOffset = Int64(out.count)
    var locations: [PageLocation] = []
    var pageMinMax: [MinMax?] = []
    var pageNulls: [Int64] = []
    var chunkMinMax: MinMax?
    let definitionWidth = bitWidth(forMaximum: leaf.maxDefinitionLevel)
    let repetitionWidth = bitWidth(forMaximum: leaf.maxRepetitionLevel)
    let levels = ByteBuffer(capacity: 1024)
    let values = ByteBuffer(capacity: 1 << 16)

    for page in pages {
      let entryCount = page.entries.count
      // Levels: v1 prefixes each section with its length; v2 keeps them apart and uncompressed.
      levels.count = 0
      var repetitionLength = 0
      if let repetition = writer.repetition {
        repetitionLength = appendLevels(repetition, page.entries, width: repetitionWidth, into: levels)
      }
      var definitionLength = 0
      if let definition = writer.definition {
        definitionLength = appendLevels(definition, page.entries, width: definitionWidth, into: levels)
      }
      values.count = 0
      if usesDictionary {
        values.append(UInt8(indexBitWidth))
        writeHybridRuns(
          indexBuffer!.pointer(UInt32.self) + page.values.lowerBound, count: page.values.count,
          bitWidth: indexBitWidth, into: values)
      } else {
        try encodeValues(dense, page.values, into: values)
      }

      var minMax: MinMax?
      if wantsStatistics {
        if usesDictionary {
          minMax = statistics.minMax(
            dictionary: dictionaryValues!, indices: indexBuffer!.pointer(UInt32.self), page.values, ranks: ranks)
        } else {
          minMax = statistics.minMax(dense, page.values)
        }
        if let minMax { chunkMinMax = chunkMinMax.map { $0.merged(with: minMax, order: leaf.order) } ?? minMax }
      }
      pageMinMax.append(minMax)
      let nulls = entryCount - page.values.count
      pageNulls.append(Int64(nulls))

      let pageStart = out.count
      var header: PageHeader
      compressed.count = 0
      switch options.dataPageVersion {
      case .v1:
        scratch.count = 0
        scratch.append(levels.bytes)
        scratch.append(values.bytes)
        try compress(scratch.bytes, into: compressed)
        header = PageHeader(
          type: .dataPage, uncompressedPageSize: Int32(scratch.count), compressedPageSize: Int32(compressed.count),
          dataPageHeader: DataPageHeader(
            numValues: Int32(entryCount), encoding: valueEncoding, definitionLevelEncoding: .rle,
            repetitionLevelEncoding: .rle))
        totalUncompressed &+= appendPage(header, body: compressed, uncompressedBody: scratch.count, into: out)
      case .v2:
        compressed.append(levels.bytes)
        try compress(values.bytes, into: compressed)
        header = PageHeader(
          type: .dataPageV2, uncompressedPageSize: Int32(levels.count + values.count),
          compressedPageSize: Int32(compressed.count),
          dataPageHeaderV2: DataPageHeaderV2(
            numValues: Int32(entryCount), numNulls: Int32(nulls), numRows: Int32(page.rows), encoding: valueEncoding,
            definitionLevelsByteLength: Int32(definitionLength), repetitionLevelsByteLength: Int32(repetitionLength),
            isCompressed: codec != .uncompressed))
        totalUncompressed &+= appendPage(
          header, body: compressed, uncompressedBody: levels.count + values.count, into: out)
      }
      locations.append(
        PageLocation(offset: Int64(pageStart), compressedPageSize: Int32(out.count - pageStart), firstRowIndex: Int64(page.firstRow)))
    }
    if !pages.isEmpty {
      encodingStats.append(
        PageEncodingStats(
          pageType: options.dataPageVersion == .v1 ? .dataPage : .dataPageV2, encoding: valueEncoding,
          count: Int32(pages.count)))
    }

    var encodings: [Encoding] = []
    if usesDictionary { encodings.append(.plain) }
    if leaf.maxDefinitionLevel > 0 || leaf.maxRepetitionLevel > 0 || !usesDictionary { encodings.append(.rle) }
    if !encodings.contains(valueEncoding) { encodings.append(valueEncoding) }

    let nullCount = Int64(writer.entries - valueCount)
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
    let hasValuelessPage = zip(pageMinMax, pages).contains { $0 == nil && !$1.values.isEmpty }
    if options.pageIndexEnabled, wantsStatistics, !pages.isEmpty, !hasValuelessPage {
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
    if let fpp = leaf.bloomFilterFPP, valueCount > 0 {
      bloomFilter = makeBloomFilter(
        usesDictionary ? dictionaryValues! : dense, fpp: fpp)
    }

    let metaData = ColumnMetaData(
      type: leaf.thriftPhysicalType, encodings: encodings, pathInSchema: leaf.path,
      codec: ThriftCompressionCodec(rawValue: codec.rawValue), numValues: Int64(writer.entries),
      totalUncompressedSize: Int64(totalUncompressed), totalCompressedSize: Int64(out.count),
      dataPageOffset: dataPageOffset, dictionaryPageOffset: dictionaryPageOffset, statistics: chunkStatistics,
      encodingStats: encodingStats)
    return EncodedChunk(
      bytes: out, metaData: metaData, pageLocations: locations, columnIndex: columnIndex, bloomFilter: bloomFilter)
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
        if let definition { values &+= definition[e] == maxDefinition ? 1 : 0 } else { values &+= 1 }
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
        for e in e0..<e1 { count &+= Int(truncatingIfNeeded: definition[e] / maxDefinition) }
        v1 = v0 &+ count
      }
      pages.append(PageSpan(entries: e0..<e1, values: v0..<v1, firstRow: e0, rows: e1 &- e0))
      e0 = e1
      v0 = v1
    }
    return pages
  }

  /// Appends levels `range` as hybrid runs, with a 4-byte length in front for v1 pages; returns the run bytes.
  private func appendLevels(_ levels: ByteBuffer, _ range: Range<Int>, width: Int, into out: ByteBuffer) -> Int {
    let prefixed = options.dataPageVersion == .v1
    let lengthAt = out.count
    if prefixed { out.append(UInt32(0)) }
    let start = out.count
    writeHybridRuns(levels.pointer(UInt8.self) + range.lowerBound, count: range.count, bitWidth: width, into: out)
    let length = out.count - start
    if prefixed { out.base.storeBytes(of: UInt32(length).littleEndian, toByteOffset: lengthAt, as: UInt32.self) }
    return length
  }

  private func plainEncode(_ dense: DenseValues, _ range: Range<Int>, into out: ByteBuffer) {
    guard !range.isEmpty else { return }
    if dense.isByteArray {
      let offsets = UnsafeBufferPointer(start: dense.offsets!.pointer(Int64.self) + range.lowerBound, count: range.count + 1)
      PlainEncoder().encodeByteArrays(values: UnsafeRawBufferPointer(start: dense.values.base, count: dense.values.count), offsets: offsets, into: out)
    } else if leaf.physicalType == .boolean {
      var encoder = PlainEncoder()
      encoder.encodeBooleans(UnsafeBufferPointer(start: dense.values.pointer(UInt8.self) + range.lowerBound, count: range.count), into: out)
      encoder.finish(into: out)
    } else {
      out.append(UnsafeRawBufferPointer(start: dense.values.base + range.lowerBound * dense.width, count: range.count * dense.width))
    }
  }

  private func encodeValues(_ dense: DenseValues, _ range: Range<Int>, into out: ByteBuffer) throws(ParquetError) {
    let encoding = leaf.encoding ?? .plain
    guard !range.isEmpty || encoding == .plain else {
      // Empty streams of the DELTA encodings still carry a header.
      try encodeEmpty(encoding, into: out)
      return
    }
    switch encoding {
    case .plain:
      plainEncode(dense, range, into: out)
    case .deltaBinaryPacked:
      if leaf.physicalType == .int32 {
        var encoder = DeltaBinaryPackedEncoder<Int32>()
        encoder.append(UnsafeBufferPointer(start: dense.values.pointer(Int32.self) + range.lowerBound, count: range.count))
        encoder.finish(into: out)
      } else {
        var encoder = DeltaBinaryPackedEncoder<Int64>()
        encoder.append(UnsafeBufferPointer(start: dense.values.pointer(Int64.self) + range.lowerBound, count: range.count))
        encoder.finish(into: out)
      }
    case .deltaLengthByteArray:
      var encoder = DeltaLengthByteArrayEncoder()
      encoder.append(values: valuesBytes(dense), offsets: offsets(dense, range))
      encoder.finish(into: out)
    case .deltaByteArray:
      var encoder = DeltaByteArrayEncoder()
      if dense.isByteArray {
        encoder.append(values: valuesBytes(dense), offsets: offsets(dense, range))
      } else {
        encoder.append(
          fixedLength: UnsafeRawBufferPointer(start: dense.values.base + range.lowerBound * dense.width, count: range.count * dense.width),
          width: dense.width)
      }
      encoder.finish(into: out)
    case .byteStreamSplit:
      let encoder = ByteStreamSplitEncoder(width: dense.width)
      encoder.append(UnsafeRawBufferPointer(start: dense.values.base + range.lowerBound * dense.width, count: range.count * dense.width))
      encoder.finish(into: out)
    }
  }

  private func encodeEmpty(_ encoding: ParquetColumnEncoding, into out: ByteBuffer) throws(ParquetError) {
    switch encoding {
    case .plain, .byteStreamSplit: return
    case .deltaBinaryPacked:
      var encoder = DeltaBinaryPackedEncoder<Int64>()
      encoder.finish(into: out)
    case .deltaLengthByteArray:
      var encoder = DeltaLengthByteArrayEncoder()
      encoder.finish(into: out)
    case .deltaByteArray:
      var encoder = DeltaByteArrayEncoder()
      encoder.finish(into: out)
    }
  }

  private func valuesBytes(_ dense: DenseValues) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: dense.values.base, count: dense.values.count)
  }

  private func offsets(_ dense: DenseValues, _ range: Range<Int>) -> UnsafeBufferPointer<Int64> {
    UnsafeBufferPointer(start: dense.offsets!.pointer(Int64.self) + range.lowerBound, count: range.count + 1)
  }

  private func compress(_ input: UnsafeRawBufferPointer, into out: ByteBuffer) throws(ParquetError) {
    try codec.compress(input, into: out, level: codec.levels == nil ? nil : options.compressionLevel)
  }

  /// Appends the header and body; returns the uncompressed size including the header.
  private func appendPage(_ header: PageHeader, body: ByteBuffer, uncompressedBody: Int, into out: ByteBuffer) -> Int {
    var writer = ThriftCompactWriter(reservingCapacity: 64)
    header.write(to: &writer)
    writer.bytes.withUnsafeBytes { out.append($0) }
    out.append(body.bytes)
    return writer.bytes.count + uncompressedBody
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
