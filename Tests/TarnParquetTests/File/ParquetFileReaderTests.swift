// The reader's API: column and row-group selection, statistics, checksums, and the schema it maps to.
import TarnCore
import TarnParquet
import Testing

@Test func readsOnlyTheRequestedFields() throws {
  let reader = try ParquetFileReader(path: FixturePaths.parquet("alltypes_plain.parquet"))
  let idIndex = try #require(reader.schema.fields.firstIndex { $0.name == "id" })
  let stringIndex = try #require(reader.schema.fields.firstIndex { $0.name == "string_col" })
  let batch = try reader.readRowGroup(0, fields: [stringIndex, idIndex])
  #expect(batch.schema.fields.map(\.name) == ["string_col", "id"])
  #expect(batch.count == 8)
  #expect(batch.columns[1].value(at: 0, as: Int32.self) == 4)
  #expect(batch.columns[0].type == .binary)  // alltypes_plain stores strings without a STRING annotation
}

@Test func checksumsAreVerifiedOnlyOnRequest() throws {
  let path = FixturePaths.parquet("datapage_v1-corrupt-checksum.parquet")
  let lenient = try ParquetFileReader(path: path)
  #expect(try lenient.readRowGroup(0).count == 5120)
  let strict = try ParquetFileReader(path: path, options: ParquetReadOptions(verifyChecksums: true))
  #expect(throws: ParquetError.self) { try strict.readRowGroup(0) }
  let intact = try ParquetFileReader(
    path: FixturePaths.parquet("datapage_v1-snappy-compressed-checksum.parquet"),
    options: ParquetReadOptions(verifyChecksums: true))
  #expect(try intact.readRowGroup(0).count == 5120)
}

@Test func statisticsDecodeToTheColumnsTypes() throws {
  let reader = try ParquetFileReader(path: FixturePaths.parquet("alltypes_tiny_pages.parquet"))
  let id = try #require(reader.schema.columns.firstIndex { $0.path == ["id"] })
  let stats = try #require(reader.statistics(rowGroup: 0, column: id))
  #expect(stats.min?.value(at: 0, as: Int32.self) == 0)
  #expect(stats.max?.value(at: 0, as: Int32.self) == 7299)
  #expect(stats.nullCount == 0)
  let strings = try #require(reader.schema.columns.firstIndex { $0.path == ["date_string_col"] })
  let stringStats = try #require(reader.statistics(rowGroup: 0, column: strings))
  #expect(stringStats.min?.string(at: 0) == "01/01/09")
  #expect(stringStats.max?.string(at: 0) == "12/31/10")
}

@Test func legacyListsAndRepeatedFieldsMapToLists() throws {
  let reader = try ParquetFileReader(path: FixturePaths.parquet("repeated_no_annotation.parquet"))
  let phones = try #require(reader.schema.fields.first { $0.name == "phoneNumbers" })
  guard case .structure(let fields) = phones.type, case .list(let element) = fields.first?.type else {
    Issue.record("phoneNumbers is \(phones.type)")
    return
  }
  #expect(element.isNullable == false)
  guard case .structure = element.type else {
    Issue.record("phone element is \(element.type)")
    return
  }
}

@Test func int96KeepsValuesOutsideTheNanosecondRange() throws {
  let reader = try ParquetFileReader(path: FixturePaths.parquet("int96_from_spark.parquet"))
  let column = try reader.readRowGroup(0).columns[0]
  #expect(column.type == .timestamp(.microsecond, isAdjustedToUTC: false))
  #expect(column.value(at: 5, as: Int64.self) == 9_089_380_393_200_000_000)
  #expect(column.isNull(4))
}

@Test func stringColumnsStayDictionaryEncoded() throws {
  let reader = try ParquetFileReader(path: FixturePaths.parquet("alltypes_dictionary.parquet"))
  let index = try #require(reader.schema.fields.firstIndex { $0.name == "string_col" })
  let column = try reader.readRowGroup(0, fields: [index]).columns[0]
  #expect(column.isDictionaryEncoded)
  #expect(column.decodingDictionary().isDictionaryEncoded == false)
}

@Test func missingFilesAndNonParquetFilesFailWithTheirPath() throws {
  do {
    _ = try ParquetFileReader(path: "/nonexistent/file.parquet")
    Issue.record("opened a missing file")
  } catch {
    #expect(error.description.hasPrefix("/nonexistent/file.parquet: cannot open"))
  }
  do {
    _ = try ParquetFileReader(file: MappedFile(copying: Array("PAR1 this is not parquet".utf8), path: "fake.parquet"))
    Issue.record("opened a fake file")
  } catch {
    #expect(error.description.contains("fake.parquet"))
    #expect(error.description.contains("PAR1"))
  }
}
