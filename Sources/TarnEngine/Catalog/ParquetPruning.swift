// ParquetPruning: which row groups and pages of a Parquet table a scan's hints rule out (statistics, page index, Bloom filters).
import TarnCore
import TarnParquet

extension ParquetSource {
  /// Whether row group `group` of file `file` may hold rows passing every hint: by statistics, then for equality
  /// (and IN lists) by the chunk's Bloom filter when it has one.
  func rowGroupMayMatch(file: Int, group: Int, hints: [ScanHint]) -> Bool {
    let reader = readers[file]
    for hint in hints where hint.op == .equal {
      guard let field = flatFileField(for: hint, in: reader) else { continue }
      let leaf = reader.schema.leafRange(ofField: field).lowerBound
      // A filter that cannot be read only loses the pruning; the scan itself reports a damaged chunk.
      guard let filter = try? reader.bloomFilter(rowGroup: group, column: leaf) else { continue }
      let physical = reader.schema.columns[leaf].physicalType
      let hashes = ([hint.value] + hint.alternatives).map { BloomHash.of($0, physical: physical) }
      if hashes.allSatisfy({ $0 != nil }), !hashes.contains(where: { filter.mightContain(hash: $0!) }) { return false }
    }
    for hint in hints where hint.alternatives.isEmpty {
      guard let field = flatFileField(for: hint, in: reader),
        let stats = reader.statistics(rowGroup: group, column: reader.schema.leafRange(ofField: field).lowerBound)
      else { continue }
      if let nulls = stats.nullCount, nulls == reader.rowCount(ofRowGroup: group) { return false }
      guard let min = stats.min, let max = stats.max else { continue }
      if hint.excludes(min: min, max: max, exact: stats.isMinExact && stats.isMaxExact) { return false }
    }
    return true
  }

  /// The rows of row group `group` of file `file` that may pass every hint by the page index (page min/max), or nil
  /// when no hinted column has one. Pages are skipped by rows, so only flat columns take part.
  func rowRangesMayMatch(file: Int, group: Int, hints: [ScanHint]) -> [Range<Int>]? {
    let reader = readers[file]
    var allowed: [Range<Int>]? = nil
    for hint in hints where hint.alternatives.isEmpty {
      guard let field = flatFileField(for: hint, in: reader),
        // A page index that cannot be read only loses the pruning; the scan itself reports a damaged chunk.
        let pages = try? reader.pageStatistics(rowGroup: group, column: reader.schema.leafRange(ofField: field).lowerBound)
      else { continue }
      var kept: [Range<Int>] = []
      for page in pages where !page.isAllNull {
        if let min = page.min, let max = page.max, hint.excludes(min: min, max: max, exact: false) { continue }
        if let last = kept.last, last.upperBound == page.rows.lowerBound {
          kept[kept.count - 1] = last.lowerBound..<page.rows.upperBound
        } else if !page.rows.isEmpty {
          kept.append(page.rows)
        }
      }
      allowed = allowed.map { Self.intersect($0, kept) } ?? kept
    }
    return allowed
  }

  /// The flat field of `reader` that `hint` tests, stored with the hint's own type, so statistics, pages, Bloom
  /// filters and values compare with the hint without a cast; nil when the hint cannot use this file.
  func flatFileField(for hint: ScanHint, in reader: ParquetFileReader) -> Int? {
    guard hint.column < fileColumnCount, schema.fields[hint.column].type == hint.value.type,
      hint.alternatives.allSatisfy({ $0.type == hint.value.type })
    else { return nil }
    let name = schema.fields[hint.column].name.lowercased()
    guard let field = reader.schema.fields.firstIndex(where: { $0.name.lowercased() == name }), reader.isFlat(field: field),
      reader.schema.fields[field].type == hint.value.type
    else { return nil }
    return field
  }

  /// The rows in both lists of ascending, disjoint ranges.
  static func intersect(_ a: [Range<Int>], _ b: [Range<Int>]) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var i = 0, j = 0
    while i < a.count && j < b.count {
      let low = Swift.max(a[i].lowerBound, b[j].lowerBound), high = Swift.min(a[i].upperBound, b[j].upperBound)
      if low < high { out.append(low..<high) }
      if a[i].upperBound < b[j].upperBound { i += 1 } else { j += 1 }
    }
    return out
  }
}

extension ScanHint {
  /// Whether no value in `min...max` can pass `column op value`; `exact`: min and max are values that occur.
  func excludes(min: ColumnVector, max: ColumnVector, exact: Bool) -> Bool {
    guard !value.isNull(0), let vsMin = ScalarOrdering.compare(value, 0, min, 0),
      let vsMax = ScalarOrdering.compare(value, 0, max, 0)
    else { return false }
    switch op {
    case .equal: return vsMin < 0 || vsMax > 0
    case .less: return vsMin <= 0  // need some x < v, min is the smallest x
    case .lessOrEqual: return vsMin < 0
    case .greater: return vsMax >= 0
    case .greaterOrEqual: return vsMax > 0
    case .notEqual: return vsMin == 0 && vsMax == 0 && exact
    }
  }
}

/// The Bloom-filter hash of a one-row constant as its column stores it (XXH64 of the plain encoding), for the types
/// whose stored value is the constant's own bytes and whose equality is byte equality; nil for the rest (NULL,
/// floats, where -0 = 0 but their bytes differ, decimals, timestamps, nested), which are then not checked.
enum BloomHash {
  static func of(_ value: ColumnVector, physical: ParquetPhysicalType) -> UInt64? {
    let v = value.flattened
    guard v.count == 1, !v.isNull(0) else { return nil }
    switch (v.type, physical) {
    case (.string, .byteArray), (.binary, .byteArray):
      return SplitBlockBloomFilter.hash(bytes: v.stringBytes(0))
    case (.int64, .int64): return SplitBlockBloomFilter.hash(v.value(at: 0, as: Int64.self).littleEndian)
    case (.int32, .int32), (.date, .int32): return SplitBlockBloomFilter.hash(v.value(at: 0, as: Int32.self).littleEndian)
    default: return nil
    }
  }
}
