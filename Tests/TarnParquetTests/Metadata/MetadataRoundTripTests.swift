// Every metadata struct through the writer and back, with optional fields set and unset.

import Testing
@testable import TarnParquet

/// Encodes `value`, decodes it, and checks the result is equal and consumed every byte.
func expectRoundTrip<T: ThriftStruct & Equatable>(
  _ value: T, sourceLocation: SourceLocation = #_sourceLocation
) {
  let bytes = value.encoded()
  do {
    let decoded = try decodeAll(T.self, bytes)
    #expect(decoded == value, sourceLocation: sourceLocation)
  } catch {
    Issue.record("decode failed: \(error)", sourceLocation: sourceLocation)
  }
}

let sampleStatistics = Statistics(
  max: [0xFF, 0x7F], min: [], nullCount: 0, distinctCount: Int64.max, maxValue: Array(repeating: 0xAB, count: 300),
  minValue: [0x00], isMaxValueExact: true, isMinValueExact: false, nanCount: -1)

let sampleColumnMetaData = ColumnMetaData(
  type: .byteArray, encodings: [.plain, .rle, .rleDictionary, .unknown(42)], pathInSchema: ["a", "b.c", "ü"],
  codec: .zstd, numValues: 1 << 40, totalUncompressedSize: Int64.max, totalCompressedSize: 0,
  keyValueMetadata: [KeyValue(key: "k", value: nil), KeyValue(key: "", value: "v")],
  dataPageOffset: 4, indexPageOffset: -1, dictionaryPageOffset: 1 << 33, statistics: sampleStatistics,
  encodingStats: [
    PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1),
    PageEncodingStats(pageType: .dataPage, encoding: .rleDictionary, count: Int32.max),
  ],
  bloomFilterOffset: 123_456_789_012, bloomFilterLength: 4096,
  sizeStatistics: SizeStatistics(
    unencodedByteArrayDataBytes: 77, repetitionLevelHistogram: [1, 2], definitionLevelHistogram: []),
  geospatialStatistics: GeospatialStatistics(
    bbox: BoundingBox(xmin: -180, xmax: 180, ymin: -90, ymax: 90, zmin: nil, zmax: 1, mmin: nil, mmax: nil),
    geospatialTypes: [1, 1003]))

let minimalColumnMetaData = ColumnMetaData(
  type: .int32, encodings: [], pathInSchema: ["x"], codec: .uncompressed, numValues: 0,
  totalUncompressedSize: 0, totalCompressedSize: 0, dataPageOffset: 0)

@Suite struct MetadataRoundTripTests {
  @Test func statistics() {
    expectRoundTrip(Statistics())
    expectRoundTrip(sampleStatistics)
    expectRoundTrip(Statistics(nullCount: Int64.min, isMinValueExact: true))
  }

  @Test func sizeAndGeospatialStatistics() {
    expectRoundTrip(SizeStatistics())
    expectRoundTrip(SizeStatistics(unencodedByteArrayDataBytes: 0, repetitionLevelHistogram: Array(0..<100)))
    expectRoundTrip(GeospatialStatistics())
    expectRoundTrip(GeospatialStatistics(geospatialTypes: []))
    expectRoundTrip(BoundingBox(xmin: 0, xmax: 1, ymin: 2, ymax: 3))
    expectRoundTrip(BoundingBox(
      xmin: -.infinity, xmax: .infinity, ymin: -0.0, ymax: 1e-300, zmin: 5, zmax: 6, mmin: 7, mmax: 8))
  }

  @Test func smallStructs() {
    expectRoundTrip(PageEncodingStats(pageType: .unknown(9), encoding: .byteStreamSplit, count: 0))
    expectRoundTrip(KeyValue(key: "ARROW:schema", value: String(repeating: "/w", count: 5000)))
    expectRoundTrip(KeyValue(key: "only key"))
    expectRoundTrip(SortingColumn(columnIdx: 3, descending: true, nullsFirst: false))
    expectRoundTrip(SortingColumn(columnIdx: -1, descending: false, nullsFirst: true))
    expectRoundTrip(PageLocation(offset: 4, compressedPageSize: Int32.max, firstRowIndex: Int64.max))
  }

  static let logicalTypes: [LogicalType] = [
    .string, .map, .list, .enum, .decimal(scale: 2, precision: 38), .decimal(scale: 0, precision: 1), .date,
    .time(isAdjustedToUTC: true, unit: .millis), .time(isAdjustedToUTC: false, unit: .micros),
    .time(isAdjustedToUTC: false, unit: .nanos), .timestamp(isAdjustedToUTC: true, unit: .nanos),
    .timestamp(isAdjustedToUTC: false, unit: .unknown(fieldId: 9)),
    .integer(bitWidth: 8, isSigned: true), .integer(bitWidth: 64, isSigned: false), .null, .json, .bson, .uuid,
    .float16, .variant(specificationVersion: nil), .variant(specificationVersion: 1), .geometry(crs: nil),
    .geometry(crs: "EPSG:4326"), .geography(crs: nil, algorithm: nil),
    .geography(crs: "OGC:CRS84", algorithm: .karney), .geography(crs: nil, algorithm: .unknown(99)), .vector,
    .unknown(fieldId: 0), .unknown(fieldId: 42), .unknown(fieldId: 1000),
  ]

  @Test(arguments: logicalTypes)
  func logicalType(_ type: LogicalType) {
    expectRoundTrip(type)
    expectRoundTrip(SchemaElement(name: "c", logicalType: type))
  }

  @Test func schemaElement() {
    expectRoundTrip(SchemaElement(name: ""))
    expectRoundTrip(SchemaElement(name: "root", numChildren: 3))
    expectRoundTrip(SchemaElement(
      type: .fixedLenByteArray, typeLength: 16, repetitionType: .optional, name: "d", numChildren: nil,
      convertedType: .decimal, scale: 4, precision: 30, fieldId: Int32.min,
      logicalType: .decimal(scale: 4, precision: 30), vectorLength: 7))
    expectRoundTrip(SchemaElement(type: .unknown(8), repetitionType: .unknown(-4), name: "x", convertedType: .unknown(22)))
  }

  @Test func columnChunkAndRowGroup() {
    expectRoundTrip(minimalColumnMetaData)
    expectRoundTrip(sampleColumnMetaData)
    expectRoundTrip(ColumnChunk())
    expectRoundTrip(ColumnChunk(
      filePath: "part-0.parquet", fileOffset: 99, metaData: sampleColumnMetaData, offsetIndexOffset: 1,
      offsetIndexLength: 2, columnIndexOffset: 3, columnIndexLength: 4))
    expectRoundTrip(RowGroup(columns: [], totalByteSize: 0, numRows: 0))
    expectRoundTrip(RowGroup(
      columns: Array(repeating: ColumnChunk(metaData: minimalColumnMetaData), count: 20), totalByteSize: -5,
      numRows: 1 << 50,
      sortingColumns: [SortingColumn(columnIdx: 0, descending: false, nullsFirst: true)], fileOffset: 4,
      totalCompressedSize: 1000, ordinal: Int16.min))
  }

  @Test(arguments: [ColumnOrder.typeDefinedOrder, .ieee754TotalOrder, .int96TimestampOrder, .unknown(fieldId: 0), .unknown(fieldId: 77)])
  func columnOrder(_ order: ColumnOrder) {
    expectRoundTrip(order)
  }

  @Test func fileMetaData() {
    expectRoundTrip(FileMetaData(version: 1, schema: [], numRows: 0, rowGroups: []))
    let schema = [
      SchemaElement(name: "schema", numChildren: 2),
      SchemaElement(type: .int64, repetitionType: .required, name: "id"),
      SchemaElement(type: .byteArray, repetitionType: .optional, name: "s", convertedType: .utf8, logicalType: .string),
    ]
    let rowGroup = RowGroup(
      columns: [ColumnChunk(metaData: sampleColumnMetaData), ColumnChunk(metaData: minimalColumnMetaData)],
      totalByteSize: 100, numRows: 10)
    expectRoundTrip(FileMetaData(
      version: 2, schema: schema, numRows: 20, rowGroups: [rowGroup, rowGroup],
      keyValueMetadata: [KeyValue(key: "a", value: "b")], createdBy: "tarn version 0.1",
      columnOrders: [.typeDefinedOrder, .ieee754TotalOrder]))
  }

  @Test func pageHeaders() {
    let dataPage = DataPageHeader(
      numValues: 100, encoding: .plain, definitionLevelEncoding: .rle, repetitionLevelEncoding: .bitPacked)
    expectRoundTrip(dataPage)
    expectRoundTrip(PageHeader(
      type: .dataPage, uncompressedPageSize: 10, compressedPageSize: 8, crc: nil, dataPageHeader: dataPage))
    var withStats = dataPage
    withStats.statistics = sampleStatistics
    expectRoundTrip(PageHeader(
      type: .dataPage, uncompressedPageSize: Int32.max, compressedPageSize: 0, crc: Int32.min, dataPageHeader: withStats))
    expectRoundTrip(PageHeader(
      type: .dictionaryPage, uncompressedPageSize: 1, compressedPageSize: 1, crc: -1,
      dictionaryPageHeader: DictionaryPageHeader(numValues: 3, encoding: .plainDictionary, isSorted: nil)))
    expectRoundTrip(DictionaryPageHeader(numValues: 0, encoding: .plain, isSorted: true))
    expectRoundTrip(PageHeader(
      type: .indexPage, uncompressedPageSize: 0, compressedPageSize: 0, indexPageHeader: IndexPageHeader()))
    for isCompressed in [true, false] {
      let v2 = DataPageHeaderV2(
        numValues: 10, numNulls: 2, numRows: 5, encoding: .deltaByteArray, definitionLevelsByteLength: 3,
        repetitionLevelsByteLength: 0, isCompressed: isCompressed, statistics: isCompressed ? nil : Statistics(nullCount: 2))
      expectRoundTrip(v2)
      expectRoundTrip(PageHeader(
        type: .dataPageV2, uncompressedPageSize: 30, compressedPageSize: 20, crc: 12345, dataPageHeaderV2: v2))
    }
    expectRoundTrip(PageHeader(type: .unknown(12), uncompressedPageSize: 0, compressedPageSize: 0))
  }

  @Test func pageIndex() {
    expectRoundTrip(OffsetIndex(pageLocations: []))
    expectRoundTrip(OffsetIndex(
      pageLocations: (0..<50).map { PageLocation(offset: 4 + Int64($0) * 1000, compressedPageSize: 1000, firstRowIndex: Int64($0) * 7) },
      unencodedByteArrayDataBytes: Array(repeating: 12, count: 50)))
    expectRoundTrip(ColumnIndex(nullPages: [], minValues: [], maxValues: [], boundaryOrder: .unordered))
    expectRoundTrip(ColumnIndex(
      nullPages: [false, true, false], minValues: [[1], [], [2, 3]], maxValues: [[9], [], [255, 255]],
      boundaryOrder: .ascending, nullCounts: [0, 10, 1], repetitionLevelHistograms: [1, 2, 3, 4, 5, 6],
      definitionLevelHistograms: [7, 8, 9], nanCounts: [0, 0, 0]))
    expectRoundTrip(ColumnIndex(
      nullPages: Array(repeating: false, count: 20), minValues: Array(repeating: [0], count: 20),
      maxValues: Array(repeating: [1], count: 20), boundaryOrder: .unknown(5)))
  }

  @Test func bloomFilterHeader() {
    expectRoundTrip(BloomFilterHeader(numBytes: 1024))
    expectRoundTrip(BloomFilterHeader(
      numBytes: 32, algorithm: .unknown(fieldId: 2), hash: .unknown(fieldId: 0), compression: .unknown(fieldId: 300)))
  }

  @Test func enumsKeepEveryRawValue() {
    for raw in Int32(-3)...40 {
      #expect(PhysicalType(rawValue: raw).rawValue == raw)
      #expect(ConvertedType(rawValue: raw).rawValue == raw)
      #expect(FieldRepetitionType(rawValue: raw).rawValue == raw)
      #expect(Encoding(rawValue: raw).rawValue == raw)
      #expect(ThriftCompressionCodec(rawValue: raw).rawValue == raw)
      #expect(PageType(rawValue: raw).rawValue == raw)
      #expect(BoundaryOrder(rawValue: raw).rawValue == raw)
      #expect(EdgeInterpolationAlgorithm(rawValue: raw).rawValue == raw)
    }
    #expect(Encoding(rawValue: 1) == .unknown(1))
    #expect(Encoding(rawValue: 9) == .byteStreamSplit)
    #expect(ThriftCompressionCodec(rawValue: 7) == .lz4Raw)
    #expect(ConvertedType(rawValue: 21) == .interval)
    #expect(PhysicalType(rawValue: 7) == .fixedLenByteArray)
  }
}
