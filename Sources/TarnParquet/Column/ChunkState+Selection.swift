// Late materialization in the decoder: after each page, keep only the selected rows' levels and values.
import TarnCore

extension ChunkState {
  /// Compacts the page just decoded (level entries from `entriesBefore`, values from `valuesBefore`) to the
  /// rows of `selection` inside it, in place and in order. The next page then decodes into the same,
  /// already mapped memory, so a chunk read for a few rows touches a page's worth of memory, not the chunk's.
  ///
  /// - Precondition: `selection` is set, ascending, and the column has no repetition levels.
  /// - Complexity: O(page entries); bytes move only for kept values.
  mutating func keepSelectedRows(entriesBefore: Int, valuesBefore: Int, pageEntries: Int) {
    guard let rows = selection else { return }
    let pageStart = scannedEntries, pageEnd = scannedEntries &+ pageEntries
    let levels = definition?.pointer(UInt16.self)
    let top = UInt16(descriptor.maxDefinitionLevel)
    let kind: Int
    if values.isDictionaryMode { kind = 0 } else if physicalType == .byteArray { kind = 1 } else { kind = 2 }
    let width = values.width
    let indices = values.indices?.pointer(UInt32.self)
    let offsets = values.offsets?.pointer(Int64.self)
    let bytes = values.values.base
    var outEntry = entriesBefore, outValue = valuesBefore
    var sourceValue = valuesBefore
    var cursor = selectionCursor
    // Rows before this page cannot be selected any more; skip them (they were past the previous page's end).
    while cursor < rows.count && Int(rows[cursor]) < pageStart { cursor &+= 1 }
    var p = 0
    while cursor < rows.count && Int(rows[cursor]) < pageEnd {
      let target = Int(rows[cursor]) &- pageStart
      // Count the values of the unselected entries before `target`.
      if let levels {
        while p < target {
          sourceValue &+= Int(unsafeBitCast(levels[entriesBefore &+ p] == top, to: UInt8.self))
          p &+= 1
        }
      } else {
        sourceValue &+= target &- p
        p = target
      }
      let level = levels?[entriesBefore &+ p] ?? top
      levels?[outEntry] = level
      outEntry &+= 1
      if level == top {
        switch kind {
        case 0:
          indices![outValue] = indices![sourceValue]
        case 1:
          let start = Int(offsets![sourceValue]), length = Int(offsets![sourceValue &+ 1]) &- start
          let at = Int(offsets![outValue])
          // Safe: dest <= source within one buffer; copyMemory allows overlap.
          (bytes + at).copyMemory(from: bytes + start, byteCount: length)
          offsets![outValue &+ 1] = Int64(at &+ length)
        default:
          (bytes + outValue &* width).copyMemory(from: bytes + sourceValue &* width, byteCount: width)
        }
        outValue &+= 1
        sourceValue &+= 1
      }
      p &+= 1
      cursor &+= 1
    }
    selectionCursor = cursor
    entries = outEntry
    definition?.count = outEntry &* 2
    values.count = outValue
    switch kind {
    case 0: values.indices!.count = outValue &* 4
    case 1:
      values.offsets!.count = (outValue &+ 1) &* 8
      values.values.count = Int(offsets![outValue])
    default: values.values.count = outValue &* width
    }
  }

  private var physicalType: ParquetPhysicalType { descriptor.physicalType }
}
