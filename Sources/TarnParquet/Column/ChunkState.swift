// What a column chunk has decoded so far: levels, values and the dictionary, grown page by page.
import TarnCore

struct ChunkState {
  let descriptor: ParquetColumnDescriptor
  var definition: ByteBuffer?
  /// Whether every definition level so far is the maximum and none is stored in `definition` yet: pages without
  /// NULLs of an unrepeated column skip decoding their levels (one RLE run), and the vector needs no validity.
  var definitionDeferred: Bool
  var repetition: ByteBuffer?
  var entries = 0
  var values: PhysicalValues
  var dictionary: PhysicalValues?
  /// `dictionary` already in Tarn's type, when a caller decoding page by page converted it once.
  var dictionaryVector: ColumnVector?
  /// Reused for dictionary indices of pages that are gathered rather than kept as indices.
  let indexScratch = ByteBuffer(capacity: 0)
  /// Late materialization: when set, only these rows (ascending, within the chunk) are kept, page by page.
  /// Flat columns only (no repetition levels).
  var selection: UnsafeBufferPointer<UInt32>?
  var selectionCursor = 0
  /// Level entries read from the pages, kept or not (what the footer's num_values counts).
  var scannedEntries = 0
  /// The inflated page the next page's bytes lie in, when it is fresh for that page alone: PLAIN fixed-width values
  /// may then stay in it (`decodePlain`'s `source`), not be copied.
  var plainSource: ByteBuffer?

  /// `capacity` entries are reserved for levels and values; `reservesValues` false leaves the values to be reserved
  /// as they are decoded (one page: a PLAIN page's values stay in its inflated buffer and need none).
  init(descriptor: ParquetColumnDescriptor, capacity: Int, byteCapacity: Int = 0, reservesValues: Bool = true) {
    self.descriptor = descriptor
    values = PhysicalValues(
      physicalType: descriptor.physicalType, typeLength: descriptor.typeLength, capacity: reservesValues ? capacity : 0)
    if descriptor.physicalType == .byteArray { values.values.reserve(byteCapacity) }
    if descriptor.maxDefinitionLevel > 0 { definition = ByteBuffer(capacity: capacity * 2) }
    if descriptor.maxRepetitionLevel > 0 { repetition = ByteBuffer(capacity: capacity * 2) }
    definitionDeferred = definition != nil && repetition == nil
  }

  /// Stores the maximum level for the entries read while levels were deferred.
  private mutating func storeDeferredLevels() {
    guard definitionDeferred, let definition else { return }
    definitionDeferred = false
    definition.reserve(entries * 2)
    definition.pointer(UInt16.self).update(repeating: UInt16(descriptor.maxDefinitionLevel), count: entries)
    definition.count = entries * 2
  }

  /// Whether an INT32 or INT64 column keeps dictionary indices too (a caller that groups by codes asks for it).
  var keepsIntegerDictionary = false

  /// Whether this column keeps dictionary indices instead of values (strings and binary; integers when asked).
  var keepsDictionary: Bool {
    switch descriptor.physicalType {
    case .byteArray: descriptor.valueType == .string || descriptor.valueType == .binary
    case .int32, .int64: keepsIntegerDictionary
    default: false
    }
  }

  mutating func readDictionary(_ data: UnsafeRawBufferPointer, header: DictionaryPageHeader) throws(ParquetError) {
    let count = Int(header.numValues)
    guard count >= 0 else { throw ParquetError(.corrupt("dictionary page with \(count) values")) }
    guard header.encoding == .plain || header.encoding == .plainDictionary else {
      throw ParquetError(.unsupported("dictionary page encoding \(header.encoding)"))
    }
    let minimumBytes = descriptor.physicalType == .byteArray ? 4 : max(values.width, 0)
    if descriptor.physicalType != .boolean, count > 0, minimumBytes > 0, count > data.count / minimumBytes {
      throw ParquetError(.truncated(needed: count * minimumBytes, available: data.count))
    }
    dictionaryVector = nil
    if let dictionary, dictionary.count > 0 {
      // A second dictionary replaces the first; earlier indices must be resolved against the old one.
      values.materialize(using: dictionary)
    }
    // PLAIN values adopted from their inflated page need no buffer of their own (a 1 MiB dictionary page: 1 MiB).
    var fresh = PhysicalValues(
      physicalType: descriptor.physicalType, typeLength: descriptor.typeLength, capacity: plainSource == nil ? count : 0)
    try decodePlain(data, count: count, into: &fresh, source: plainSource)
    dictionary = fresh
  }

  mutating func readDataPageV1(_ data: UnsafeRawBufferPointer, header: DataPageHeader) throws(ParquetError) {
    let entries = Int(header.numValues)
    try checkEntries(entries)
    var position = 0
    func levelSection(maxLevel: Int, encoding: Encoding) throws(ParquetError) -> UnsafeRawBufferPointer {
      guard maxLevel > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
      let length: Int
      if encoding == .bitPacked {
        length = (entries * levelBitWidth(maxLevel) + 7) / 8
      } else {
        guard data.count - position >= 4 else { throw ParquetError(.truncated(needed: 4, available: data.count - position)) }
        length = Int(UInt32(littleEndian: data.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
        position += 4
      }
      guard length <= data.count - position else {
        throw ParquetError(.truncated(needed: length, available: data.count - position))
      }
      defer { position += length }
      return UnsafeRawBufferPointer(rebasing: data[position..<(position + length)])
    }
    let repetitionBytes = try levelSection(maxLevel: descriptor.maxRepetitionLevel, encoding: header.repetitionLevelEncoding)
    let definitionBytes = try levelSection(maxLevel: descriptor.maxDefinitionLevel, encoding: header.definitionLevelEncoding)
    try readDataPage(
      entries: entries, encoding: header.encoding, repetition: repetitionBytes, definition: definitionBytes,
      repetitionEncoding: header.repetitionLevelEncoding, definitionEncoding: header.definitionLevelEncoding,
      values: UnsafeRawBufferPointer(rebasing: data[position...]))
  }

  private func checkEntries(_ entries: Int) throws(ParquetError) {
    guard entries >= 0, entries <= ColumnChunkDecoder.maxEntriesPerPage else {
      throw ParquetError(
        .lengthOverLimit(field: "num_values", value: Int64(entries), limit: Int64(ColumnChunkDecoder.maxEntriesPerPage)))
    }
  }

  /// Decodes one data page's levels and values; the level sections carry no length prefix here.
  mutating func readDataPage(
    entries: Int, encoding: Encoding, repetition repetitionBytes: UnsafeRawBufferPointer,
    definition definitionBytes: UnsafeRawBufferPointer, repetitionEncoding: Encoding = .rle,
    definitionEncoding: Encoding = .rle,
    values valueBytes: UnsafeRawBufferPointer
  ) throws(ParquetError) {
    try checkEntries(entries)
    guard entries > 0 else { return }
    let entriesBefore = self.entries, valuesBefore = values.count
    defer { scannedEntries &+= entries }
    if let repetition {
      repetition.reserve(additional: entries * 2)
      let out = repetition.pointer(UInt16.self) + self.entries
      try decodeLevels(
        repetitionBytes, encoding: repetitionEncoding,
        bitWidth: levelBitWidth(descriptor.maxRepetitionLevel), count: entries, into: out)
      try checkLevels(out, count: entries, max: descriptor.maxRepetitionLevel, what: "repetition")
      if self.entries == 0, out[0] != 0 {
        throw ParquetError(.corrupt("the first repetition level is \(out[0]), not 0"))
      }
      repetition.count += entries * 2
    }
    var present = entries
    if definition != nil, definitionDeferred, selection == nil,
      levelsAreAll(
        UInt16(descriptor.maxDefinitionLevel), definitionBytes, encoding: definitionEncoding,
        bitWidth: levelBitWidth(descriptor.maxDefinitionLevel), count: entries)
    {
      present = entries
    } else if let definition {
      storeDeferredLevels()
      definition.reserve(additional: entries * 2)
      let out = definition.pointer(UInt16.self) + self.entries
      try decodeLevels(
        definitionBytes, encoding: definitionEncoding, bitWidth: levelBitWidth(descriptor.maxDefinitionLevel), count: entries,
        into: out)
      try checkLevels(out, count: entries, max: descriptor.maxDefinitionLevel, what: "definition")
      let top = UInt16(descriptor.maxDefinitionLevel)
      var defined = 0
      for i in 0..<entries { defined &+= Int(unsafeBitCast(out[i] == top, to: UInt8.self)) }
      present = defined
      definition.count += entries * 2
    }
    self.entries += entries
    try decodeDataValues(valueBytes, encoding: encoding, count: present)
    if selection != nil { keepSelectedRows(entriesBefore: entriesBefore, valuesBefore: valuesBefore, pageEntries: entries) }
  }

  private func checkLevels(_ levels: UnsafePointer<UInt16>, count: Int, max: Int, what: String) throws(ParquetError) {
    var highest: UInt16 = 0
    for i in 0..<count { highest = Swift.max(highest, levels[i]) }
    guard Int(highest) <= max else {
      throw ParquetError(.corrupt("\(what) level \(highest) is over the column's maximum of \(max)"))
    }
  }

  private mutating func decodeDataValues(
    _ data: UnsafeRawBufferPointer, encoding: Encoding, count: Int
  ) throws(ParquetError) {
    guard count > 0 else { return }
    if encoding == .plainDictionary || encoding == .rleDictionary {
      guard let dictionary else { throw ParquetError(.corrupt("dictionary-encoded page without a dictionary page")) }
      let keep = keepsDictionary && (values.isDictionaryMode || values.count == 0)
      let target: ByteBuffer
      if keep {
        if values.indices == nil { values.indices = ByteBuffer(capacity: count * 4) }
        target = values.indices!
        target.reserve(additional: count * 4)
      } else {
        indexScratch.count = 0
        indexScratch.reserve(count * 4)
        target = indexScratch
      }
      let out = target.base.advanced(by: target.count).assumingMemoryBound(to: UInt32.self)
      try decodeDictionaryIndices(data, count: count, into: out)
      var highest: UInt32 = 0
      for i in 0..<count { highest = max(highest, out[i]) }
      guard Int(highest) < dictionary.count else {
        throw ParquetError(.corrupt("dictionary index \(highest) is past the dictionary's \(dictionary.count) entries"))
      }
      if keep {
        target.count += count * 4
        values.count += count
      } else {
        values.gather(dictionary, indices: out, count: count)
      }
      return
    }
    if let dictionary, values.isDictionaryMode { values.materialize(using: dictionary) }
    try decodeNonDictionary(data, encoding: encoding, count: count, into: &values, source: plainSource)
  }

  /// The dense values in Tarn's types, with the levels that place them.
  func finish() -> Result<LeafData, ParquetError> {
    var values = values
    var dictionaryVector: ColumnVector? = nil
    if let dictionary {
      if values.isDictionaryMode && keepsDictionary {
        do {
          if let converted = self.dictionaryVector {
            dictionaryVector = converted
          } else {
            dictionaryVector = try convertPhysical(dictionary, to: descriptor.valueType, dictionary: nil)
          }
        } catch { return .failure(error) }
      } else {
        values.materialize(using: dictionary)
      }
    }
    do {
      let dense = try convertPhysical(values, to: descriptor.valueType, dictionary: dictionaryVector)
      return .success(
        LeafData(
          definitionLevels: definitionDeferred ? nil : definition, repetitionLevels: repetition, entryCount: entries,
          dense: dense, maxDefinitionLevel: descriptor.maxDefinitionLevel))
    } catch {
      return .failure(error.at(column: descriptor.dottedPath))
    }
  }
}

/// Bits needed for levels up to `maxLevel`.
func levelBitWidth(_ maxLevel: Int) -> Int { maxLevel <= 0 ? 0 : Int.bitWidth - maxLevel.leadingZeroBitCount }
