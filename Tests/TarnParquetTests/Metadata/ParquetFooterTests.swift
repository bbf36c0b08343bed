// Real footers from parquet-testing: decode, compare with DuckDB's reading, re-encode, walk the pages.

import Testing
@testable import TarnParquet

/// One row per fixture as DuckDB 1.x reads it (`parquet_file_metadata`, `parquet_schema`):
/// rows, row groups, schema elements, leaf columns and the start of `created_by`.
struct ExpectedFooter: Sendable, CustomStringConvertible {
  var file: String
  var numRows: Int64
  var rowGroups: Int
  var schemaElements: Int
  var leaves: Int
  var createdByPrefix: String?

  var description: String { file }
}

let expectedFooters: [ExpectedFooter] = [
  ("alltypes_dictionary.parquet", 2, 1, 12, 11, "impala version 1.3.0"),
  ("alltypes_plain.parquet", 8, 1, 12, 11, "impala version 1.3.0"),
  ("alltypes_plain.snappy.parquet", 2, 1, 12, 11, "impala version 1.3.0"),
  ("binary.parquet", 12, 1, 2, 1, "parquet-mr version 1"),
  ("binary_truncated_min_max.parquet", 12, 1, 7, 6, "parquet-rs version 5"),
  ("byte_array_decimal.parquet", 24, 1, 2, 1, "HVR 5.3.0/9 (linux_g"),
  ("byte_stream_split.zstd.parquet", 300, 1, 3, 2, "parquet-cpp-arrow ve"),
  ("column_chunk_key_value_metadata.parquet", 0, 1, 3, 2, "parquet-cpp-arrow ve"),
  ("concatenated_gzip_members.parquet", 513, 1, 2, 1, nil),
  ("crs-arbitrary-value.parquet", 1, 1, 3, 2, "parquet-cpp-arrow ve"),
  ("crs-default.parquet", 1, 1, 3, 2, "parquet-cpp-arrow ve"),
  ("crs-geography.parquet", 1, 1, 3, 2, "parquet-cpp-arrow ve"),
  ("crs-projjson.parquet", 1, 1, 3, 2, "parquet-cpp-arrow ve"),
  ("data_index_bloom_encoding_stats.parquet", 14, 1, 2, 1, "parquet-mr version 1"),
  ("datapage_v1-snappy-compressed-checksum.parquet", 5120, 1, 3, 2, "parquet-mr version 1"),
  ("datapage_v2.snappy.parquet", 5, 1, 8, 5, "parquet-mr version 1"),
  ("delta_encoding_required_column.parquet", 100, 1, 18, 17, "parquet-mr version 1"),
  ("delta_length_byte_array.parquet", 1000, 1, 2, 1, nil),
  ("dict-page-offset-zero.parquet", 39, 1, 2, 1, "parquet-mr version 1"),
  ("fixed_length_byte_array.parquet", 1000, 1, 2, 1, "parquet-mr version 1"),
  ("fixed_length_decimal.parquet", 24, 1, 2, 1, "parquet-mr version 1"),
  ("float16_nonzeros_and_nans.parquet", 8, 1, 2, 1, "parquet-cpp-arrow ve"),
  ("floating_orders_nan_count.parquet", 50, 5, 7, 6, "parquet-mr version 1"),
  ("geospatial-with-nan.parquet", 3, 1, 4, 3, "parquet-cpp-arrow ve"),
  ("hadoop_lz4_compressed.parquet", 4, 1, 4, 3, "parquet-mr version 1"),
  ("incorrect_map_schema.parquet", 1, 1, 5, 2, "parquet-mr version 1"),
  ("int32_decimal.parquet", 24, 1, 2, 1, "parquet-mr version 1"),
  ("int96_from_spark.parquet", 6, 1, 2, 1, "parquet-mr version 1"),
  ("list_columns.parquet", 3, 1, 7, 2, "parquet-cpp version "),
  ("lz4_raw_compressed.parquet", 4, 1, 4, 3, "parquet-cpp version "),
  ("nan_in_stats.parquet", 2, 1, 2, 1, "parquet-cpp version "),
  ("nested_lists.snappy.parquet", 3, 1, 9, 2, "parquet-mr version 1"),
  ("non_hadoop_lz4_compressed.parquet", 4, 1, 4, 3, "parquet-cpp version "),
  ("nonnullable.impala.parquet", 1, 1, 41, 13, "parquet-mr version 1"),
  ("null_list.parquet", 1, 1, 4, 1, "parquet-rs version 9"),
  ("nulls.snappy.parquet", 8, 1, 3, 1, "parquet-mr version 1"),
  ("page_v2_empty_compressed.parquet", 10, 1, 2, 1, "parquet-cpp-arrow ve"),
  ("plain-dict-uncompressed-checksum.parquet", 1000, 1, 3, 2, "parquet-mr version 1"),
  ("repeated_no_annotation.parquet", 0, 1, 6, 3, "parquet-rs version 0"),
  ("repeated_primitive_no_list.parquet", 4, 1, 6, 4, "parquet-rs version 5"),
  ("rle-dict-snappy-checksum.parquet", 1000, 1, 3, 2, "parquet-mr version 1"),
  ("rle_boolean_encoding.parquet", 68, 1, 2, 1, nil),
  ("single_nan.parquet", 1, 1, 2, 1, "parquet-cpp version "),
  ("unknown-logical-type.parquet", 3, 1, 3, 2, "parquet-cpp-arrow ve"),
].map { ExpectedFooter(file: $0.0, numRows: $0.1, rowGroups: $0.2, schemaElements: $0.3, leaves: $0.4, createdByPrefix: $0.5) }

@Suite struct ParquetFooterTests {
  @Test func fixturesArePresent() {
    #expect(ParquetFixtures.dataFileNames.count >= expectedFooters.count)
    for expected in expectedFooters {
      #expect(ParquetFixtures.dataFileNames.contains(expected.file), "missing \(expected.file)")
    }
  }

  /// Every fixture: decodes, agrees with itself, and survives re-encoding.
  @Test(arguments: ParquetFixtures.dataFileNames)
  func everyFooterDecodesAndReencodes(file: String) throws {
    let footer = try ParquetFixtures.footer(file)
    let (metadata, length) = try footer.withUnsafeBytes { try FileMetaData.decode(from: $0, at: 0) }
    #expect(length == footer.count, "footer has \(footer.count - length) trailing bytes")
    // parquet-rs 0.3.0 wrote num_rows 0 in the footer whatever its row groups held.
    if file != "repeated_no_annotation.parquet" {
      #expect(metadata.numRows == metadata.rowGroups.reduce(0) { $0 + $1.numRows })
    }
    let leaves = metadata.schema.filter { ($0.numChildren ?? 0) == 0 }.count
    for rowGroup in metadata.rowGroups {
      #expect(rowGroup.columns.count == leaves)
      for column in rowGroup.columns {
        #expect(column.metaData != nil)
      }
    }
    let reencoded = metadata.encoded()
    let again = try decodeAll(FileMetaData.self, reencoded)
    #expect(again == metadata)
  }

  @Test(arguments: expectedFooters)
  func footerMatchesDuckDB(expected: ExpectedFooter) throws {
    let metadata = try ParquetFixtures.metadata(expected.file)
    #expect(metadata.numRows == expected.numRows)
    #expect(metadata.rowGroups.count == expected.rowGroups)
    #expect(metadata.schema.count == expected.schemaElements)
    #expect(metadata.schema.filter { ($0.numChildren ?? 0) == 0 }.count == expected.leaves)
    if let prefix = expected.createdByPrefix {
      #expect(metadata.createdBy?.hasPrefix(prefix) == true, "\(metadata.createdBy ?? "nil")")
    } else {
      #expect(metadata.createdBy == nil)
    }
  }

  @Test func alltypesPlain() throws {
    let metadata = try ParquetFixtures.metadata("alltypes_plain.parquet")
    #expect(metadata.numRows == 8)
    #expect(metadata.version == 1)
    #expect(metadata.schema.map(\.name) == [
      "schema", "id", "bool_col", "tinyint_col", "smallint_col", "int_col", "bigint_col", "float_col",
      "double_col", "date_string_col", "string_col", "timestamp_col",
    ])
    #expect(metadata.schema.dropFirst().map(\.type) == [
      .int32, .boolean, .int32, .int32, .int32, .int64, .float, .double, .byteArray, .byteArray, .int96,
    ])
    #expect(metadata.schema[0].numChildren == 11)
    #expect(metadata.schema[1].repetitionType == .optional)
    let columns = metadata.rowGroups[0].columns
    #expect(columns.count == 11)
    #expect(columns.map { $0.metaData?.pathInSchema ?? [] } == metadata.schema.dropFirst().map { [$0.name] })
    #expect(columns.allSatisfy { $0.metaData?.numValues == 8 && $0.metaData?.codec == .uncompressed })
  }

  @Test func unknownLogicalTypeFallsBackToPhysical() throws {
    let metadata = try ParquetFixtures.metadata("unknown-logical-type.parquet")
    let known = try #require(metadata.schema.first { $0.name == "column with known type" })
    #expect(known.logicalType == .string)
    let unknown = try #require(metadata.schema.first { $0.name == "column with unknown type" })
    guard case .unknown(let fieldId) = unknown.logicalType else {
      Issue.record("expected an unknown logical type, got \(String(describing: unknown.logicalType))")
      return
    }
    #expect(fieldId > 19)
    #expect(unknown.type == .byteArray)
  }

  @Test func logicalTypesFromRealWriters() throws {
    let geography = try ParquetFixtures.metadata("crs-geography.parquet")
    #expect(geography.schema.contains { if case .geography = $0.logicalType { true } else { false } })
    let float16 = try ParquetFixtures.metadata("float16_nonzeros_and_nans.parquet")
    #expect(float16.schema[1].logicalType == .float16)
    #expect(float16.schema[1].typeLength == 2)
    let decimal = try ParquetFixtures.metadata("fixed_length_decimal.parquet")
    #expect(decimal.schema[1].convertedType == .decimal)
    #expect(decimal.schema[1].type == .fixedLenByteArray)
    let statistics = try ParquetFixtures.metadata("floating_orders_nan_count.parquet")
    #expect(statistics.columnOrders?.isEmpty == false)
  }

  @Test func columnChunkKeyValueMetadata() throws {
    let metadata = try ParquetFixtures.metadata("column_chunk_key_value_metadata.parquet")
    let keyValues = metadata.rowGroups[0].columns.compactMap { $0.metaData?.keyValueMetadata }.joined()
    #expect(!keyValues.isEmpty)
  }

  /// The page index and Bloom filter of `data_index_bloom_encoding_stats.parquet`, at the
  /// offsets DuckDB reports.
  @Test func pageIndexAndBloomFilter() throws {
    let file = try ParquetFixtures.bytes("data_index_bloom_encoding_stats.parquet")
    let metadata = try ParquetFixtures.metadata("data_index_bloom_encoding_stats.parquet")
    let chunk = metadata.rowGroups[0].columns[0]
    let columnMetaData = try #require(chunk.metaData)
    #expect(columnMetaData.codec == .gzip)
    #expect(columnMetaData.encodingStats == [PageEncodingStats(pageType: .dataPage, encoding: .plain, count: 1)])
    #expect(columnMetaData.statistics?.minValue == Array("Hello".utf8))
    #expect(columnMetaData.statistics?.maxValue == Array("today".utf8))
    #expect(columnMetaData.statistics?.nullCount == 0)
    #expect(chunk.columnIndexOffset == 156 && chunk.columnIndexLength == 25)
    #expect(chunk.offsetIndexOffset == 181 && chunk.offsetIndexLength == 11)
    #expect(columnMetaData.bloomFilterOffset == 192)

    let columnIndex = try decodeAll(ColumnIndex.self, Array(file[156..<(156 + 25)]))
    #expect(columnIndex.nullPages == [false])
    #expect(columnIndex.minValues == [Array("Hello".utf8)])
    #expect(columnIndex.maxValues == [Array("today".utf8)])
    #expect(columnIndex.nullCounts == [0])
    let offsetIndex = try decodeAll(OffsetIndex.self, Array(file[181..<(181 + 11)]))
    #expect(offsetIndex.pageLocations == [PageLocation(offset: 4, compressedPageSize: 152, firstRowIndex: 0)])
    let (bloom, headerLength) = try file.withUnsafeBytes { try BloomFilterHeader.decode(from: $0, at: 192) }
    #expect(bloom.algorithm == .block && bloom.hash == .xxHash && bloom.compression == .uncompressed)
    #expect(bloom.numBytes > 0 && bloom.numBytes % 32 == 0)
    #expect(192 + headerLength + Int(bloom.numBytes) <= file.count - 8)
  }

  /// Walks every column chunk page by page with `PageHeader.decode`; the pages must exactly
  /// fill the chunk and their value counts must add up to the chunk's.
  @Test(arguments: ParquetFixtures.dataFileNames)
  func pageHeadersTileEveryColumnChunk(file: String) throws {
    let bytes = try ParquetFixtures.bytes(file)
    let metadata = try ParquetFixtures.footer(of: bytes).withUnsafeBytes { try FileMetaData.decode($0) }
    for (rowGroupIndex, rowGroup) in metadata.rowGroups.enumerated() {
      for chunk in rowGroup.columns {
        let column = try #require(chunk.metaData)
        // The chunk starts at its first page. Offsets before the leading "PAR1" are bogus: some
        // writers put a dictionary offset of 0, and a chunk with no data pages a data offset of 0.
        let offsets = [column.dictionaryPageOffset, column.dataPageOffset].compactMap { $0 }.filter { $0 >= 4 }
        let start = try #require(offsets.min())
        let end = start + column.totalCompressedSize
        var offset = Int(start)
        var values: Int64 = 0
        var pages = 0
        try bytes.withUnsafeBytes { buffer in
          while offset < Int(end) {
            let (header, length) = try PageHeader.decode(from: buffer, at: offset)
            #expect(header.compressedPageSize >= 0)
            switch header.type {
            case .dataPage: values += Int64(try #require(header.dataPageHeader).numValues)
            case .dataPageV2: values += Int64(try #require(header.dataPageHeaderV2).numValues)
            case .dictionaryPage: #expect(header.dictionaryPageHeader != nil)
            default: Issue.record("unexpected page type \(header.type)")
            }
            offset += length + Int(header.compressedPageSize)
            pages += 1
          }
        }
        let where_ = "\(file) row group \(rowGroupIndex) column \(column.pathInSchema)"
        #expect(offset == Int(end), "\(where_): pages end at \(offset), chunk at \(end)")
        #expect(values == column.numValues, "\(where_)")
        #expect(pages > 0)
      }
    }
  }
}
