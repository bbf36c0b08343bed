// Encodes and compresses one page of a planned column chunk: the dictionary page or one data page (v1 or v2).
import TarnCore

/// One page, encoded and compressed: its thrift header, its body, and what the chunk's metadata needs of it.
struct EncodedPage: Sendable {
  var header: [UInt8]
  /// Bytes of the (compressed) body that follows the header.
  var bodySize: Int
  /// Header plus uncompressed body, as `total_uncompressed_size` counts it.
  var uncompressedSize: Int
  var minMax: MinMax?
  var nullCount: Int
  var firstRow: Int

  /// Bytes in the file.
  var byteCount: Int { header.count &+ bodySize }
}

/// Encodes the pages of a `ChunkPlan`; each call is independent of the others, so pages run on any thread.
///
/// The caller lends two empty buffers and gets them back: `scratch` for the uncompressed page, `body` for the bytes
/// that follow the header in the file. Pooled buffers are warm, so a page costs no fresh memory.
struct PageEncoder {
  let leaf: WriteLeaf
  let options: ParquetWriterOptions
  let codec: CompressionCodec

  private var isCompressed: Bool { codec != .uncompressed }

  /// Page `job` of `plan`: the dictionary page when `plan.usesDictionary` and `job == 0`, else a data page.
  func encode(_ plan: ChunkPlan, job: Int, scratch: ByteBuffer, body: ByteBuffer) throws(ParquetError) -> EncodedPage {
    if plan.usesDictionary {
      if job == 0 { return try encodeDictionaryPage(plan, scratch: scratch, body: body) }
      return try encodeDataPage(plan, plan.pages[job &- 1], scratch: scratch, body: body)
    }
    return try encodeDataPage(plan, plan.pages[job], scratch: scratch, body: body)
  }

  private func encodeDictionaryPage(
    _ plan: ChunkPlan, scratch: ByteBuffer, body: ByteBuffer
  ) throws(ParquetError) -> EncodedPage {
    let dictionary = plan.dictionary!
    let plain = isCompressed ? scratch : body
    plain.count = 0
    plainEncode(dictionary, 0..<dictionary.count, into: plain)
    let uncompressed = plain.count
    if isCompressed { try compress(plain.bytes, into: body) }
    let header = PageHeader(
      type: .dictionaryPage, uncompressedPageSize: Int32(uncompressed), compressedPageSize: Int32(body.count),
      dictionaryPageHeader: DictionaryPageHeader(numValues: Int32(dictionary.count), encoding: .plain, isSorted: false))
    return page(header, body: body, uncompressed: uncompressed, minMax: nil, nulls: 0, firstRow: 0)
  }

  private func encodeDataPage(
    _ plan: ChunkPlan, _ page: PageSpan, scratch: ByteBuffer, body: ByteBuffer
  ) throws(ParquetError) -> EncodedPage {
    let writer = plan.writer
    let entryCount = page.entries.count
    let nulls = entryCount - page.values.count
    let valueEncoding = plan.valueEncoding
    let definitionWidth = bitWidth(forMaximum: leaf.maxDefinitionLevel)
    let repetitionWidth = bitWidth(forMaximum: leaf.maxRepetitionLevel)
    // v1 compresses levels and values together; v2 stores the levels uncompressed in front of the values.
    let isV1 = options.dataPageVersion == .v1
    let levelsOut = isV1 && isCompressed ? scratch : body
    let valuesOut = isCompressed ? scratch : body
    scratch.count = 0
    var repetitionLength = 0
    if let repetition = writer.repetition {
      repetitionLength = appendLevels(repetition, page.entries, width: repetitionWidth, into: levelsOut)
    }
    var definitionLength = 0
    if let definition = writer.definition {
      definitionLength = appendLevels(definition, page.entries, width: definitionWidth, into: levelsOut)
    }
    let levelBytes = levelsOut.count
    let valuesStart = valuesOut.count
    if let indices = plan.indices {
      valuesOut.append(UInt8(plan.indexBitWidth))
      writeHybridRuns(
        indices.pointer(UInt32.self) + page.values.lowerBound, count: page.values.count,
        bitWidth: plan.indexBitWidth, into: valuesOut)
    } else {
      try encodeValues(plan.dense, page.values, into: valuesOut)
    }
    let valueBytes = valuesOut.count &- valuesStart
    if isCompressed { try compress(scratch.bytes, into: body) }

    var minMax: MinMax?
    if options.statisticsEnabled && leaf.order != .none {
      let statistics = StatisticsComputer(order: leaf.order)
      if let dictionary = plan.dictionary, let indices = plan.indices {
        minMax = statistics.minMax(
          dictionary: dictionary, indices: indices.pointer(UInt32.self), page.values, ranks: plan.ranks)
      } else {
        minMax = statistics.minMax(plan.dense, page.values)
      }
    }

    let header: PageHeader
    let uncompressed: Int
    if isV1 {
      uncompressed = isCompressed ? scratch.count : body.count
      header = PageHeader(
        type: .dataPage, uncompressedPageSize: Int32(uncompressed), compressedPageSize: Int32(body.count),
        dataPageHeader: DataPageHeader(
          numValues: Int32(entryCount), encoding: valueEncoding, definitionLevelEncoding: .rle,
          repetitionLevelEncoding: .rle))
    } else {
      uncompressed = levelBytes &+ valueBytes
      header = PageHeader(
        type: .dataPageV2, uncompressedPageSize: Int32(uncompressed), compressedPageSize: Int32(body.count),
        dataPageHeaderV2: DataPageHeaderV2(
          numValues: Int32(entryCount), numNulls: Int32(nulls), numRows: Int32(page.rows), encoding: valueEncoding,
          definitionLevelsByteLength: Int32(definitionLength), repetitionLevelsByteLength: Int32(repetitionLength),
          isCompressed: isCompressed))
    }
    return self.page(header, body: body, uncompressed: uncompressed, minMax: minMax, nulls: nulls, firstRow: page.firstRow)
  }

  private func page(
    _ header: PageHeader, body: ByteBuffer, uncompressed: Int, minMax: MinMax?, nulls: Int, firstRow: Int
  ) -> EncodedPage {
    var writer = ThriftCompactWriter(reservingCapacity: 64)
    header.write(to: &writer)
    return EncodedPage(
      header: writer.bytes, bodySize: body.count, uncompressedSize: writer.bytes.count &+ uncompressed, minMax: minMax,
      nullCount: nulls, firstRow: firstRow)
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
}
