// One leaf column's share of the open row group: its levels, and its values as a dictionary plus indices or dense.
import TarnCore

/// Accumulates a leaf's levels and non-null values across the batches of one row group.
///
/// Values are dictionary-encoded as they arrive while the leaf allows it and the dictionary stays under the
/// limit; past the limit the indices so far are turned back into values and the chunk is written without one.
/// Dictionary-encoded input keeps its dictionary: each input dictionary is mapped once, then only its indices
/// are copied (no hashing per value).
final class LeafWriter: @unchecked Sendable {
  let leaf: WriteLeaf
  let dictionaryLimit: Int
  /// UInt8 definition levels, when the leaf has any.
  let definition: ByteBuffer?
  /// UInt8 repetition levels, when the leaf has any.
  let repetition: ByteBuffer?
  var entries = 0
  /// Dense values when no dictionary is in use.
  var dense: DenseValues
  /// In use while the chunk's input arrived dictionary-encoded; dense input is dictionary-encoded at flush.
  var dictionary: DictionaryBuilder?
  /// The dictionary overflowed: the rest of the chunk is written without one.
  var hasFallenBack = false
  /// UInt32 dictionary indices of the non-null values, while `dictionary` is in use.
  let indices = ByteBuffer(capacity: 0)
  /// Scratch for selected rows.
  private let rowScratch = ByteBuffer(capacity: 0)
  private let gatherScratch = ByteBuffer(capacity: 0)
  /// The last input dictionary seen: its buffer, its physical values, and (in dictionary mode) its index mapping.
  /// Held (not just its address) so a freed buffer's address reused by the next batch can't match.
  private var inputDictionaryKey: ByteBuffer?
  private var inputDictionaryValues: DenseValues?
  private var inputDictionaryMapping: ByteBuffer?

  init(leaf: WriteLeaf, options: ParquetWriterOptions) {
    self.leaf = leaf
    dictionaryLimit = options.dictionarySizeLimit
    definition = leaf.maxDefinitionLevel > 0 ? ByteBuffer(capacity: 1024) : nil
    repetition = leaf.maxRepetitionLevel > 0 ? ByteBuffer(capacity: 1024) : nil
    dense = DenseValues(width: leaf.physicalWidth)
  }

  var valueCount: Int { dictionary != nil ? indices.count / 4 : dense.count }

  /// Bytes buffered, for the row-group size limit.
  var byteCount: Int {
    (definition?.count ?? 0) &+ (repetition?.count ?? 0) &+ dense.byteCount &+ indices.count
      &+ (dictionary?.entries.byteCount ?? 0)
  }

  /// Empties the leaf for the next row group.
  func reset() {
    definition?.count = 0
    repetition?.count = 0
    entries = 0
    dense = DenseValues(width: leaf.physicalWidth)
    indices.count = 0
    dictionary = nil
    hasFallenBack = false
    inputDictionaryMapping = nil
    inputDictionaryKey = nil
    inputDictionaryValues = nil
  }

  // MARK: Levels

  /// Appends `count` entries all at definition level `level` (repetition 0).
  func appendUniformLevels(_ count: Int, definition level: Int) {
    if let definition {
      definition.reserve(additional: count)
      (definition.base + definition.count).initializeMemory(as: UInt8.self, repeating: UInt8(level), count: count)
      definition.count &+= count
    }
    if let repetition {
      repetition.reserve(additional: count)
      (repetition.base + repetition.count).initializeMemory(as: UInt8.self, repeating: 0, count: count)
      repetition.count &+= count
    }
    entries &+= count
  }

  /// Appends one definition level per row of `range`: `validLevel` where `validity` is set, `validLevel - 1` elsewhere.
  func appendLevels(validity: ValidityBitmap, _ range: Range<Int>, validLevel: Int) {
    guard let definition else { return }
    definition.reserve(additional: range.count)
    let dst = (definition.base + definition.count).assumingMemoryBound(to: UInt8.self)
    let words = validity.words
    let low = UInt8(validLevel &- 1)
    var i = 0
    for row in range {
      dst[i] = low &+ UInt8(truncatingIfNeeded: (words[row &>> 6] &>> UInt64(row & 63)) & 1)
      i &+= 1
    }
    definition.count &+= range.count
    entries &+= range.count
  }

  /// Appends explicit levels (nested columns).
  func appendLevels(definition levels: UnsafeBufferPointer<UInt8>, repetition reps: UnsafeBufferPointer<UInt8>?) {
    if let definition { definition.append(UnsafeRawBufferPointer(levels)) }
    if let repetition, let reps { repetition.append(UnsafeRawBufferPointer(reps)) }
    entries &+= levels.count
  }

  // MARK: Values

  /// Appends the non-null rows `range` of `vector` (nulls skipped by its validity).
  func appendValues(_ vector: ColumnVector, range: Range<Int>) {
    guard !range.isEmpty, leaf.valueType != .null else { return }
    if let validity = vector.validity {
      if vector.dictionary == nil, isPhysicalLayout(vector.type) {
        switch leaf.physicalWidth {
        case 4: return appendValidWords(vector, validity, range, as: UInt32.self)
        case 8: return appendValidWords(vector, validity, range, as: UInt64.self)
        default: break
        }
      }
      rowScratch.reserve(range.count &* 4)
      let rows = rowScratch.pointer(Int32.self)
      let n = compactValidRows(validity, range, into: rows)
      appendValues(vector, RowSelection(start: 0, count: n, rows: UnsafePointer(rows)))
    } else {
      appendValues(vector, RowSelection(start: range.lowerBound, count: range.count, rows: nil))
    }
  }

  /// Appends the selected rows of `vector`, all non-null.
  func appendValues(_ vector: ColumnVector, _ selection: RowSelection) {
    guard selection.count > 0, leaf.valueType != .null else { return }
    if let inputDictionary = vector.dictionary {
      if dictionary == nil, dense.count == 0, leaf.isDictionaryAllowed, !hasFallenBack {
        dictionary = DictionaryBuilder(width: leaf.physicalWidth)
      }
      appendDictionaryIndices(vector, inputDictionary, selection)
      return
    }
    // A whole vector already in physical form is borrowed, not copied (the common case of `tarn convert`).
    if dense.count == 0, dictionary == nil, selection.rows == nil, selection.start == 0,
      selection.count == vector.count, isPhysicalLayout(vector.type)
    {
      dense = DenseValues(borrowing: vector.values, offsets: vector.offsets, width: leaf.physicalWidth, count: vector.count)
      return
    }
    if dense.isBorrowed { dense = dense.owned(reserving: selection.count) }
    let first = dense.count
    appendPhysical(vector, selection, leaf: leaf, into: &dense)
    if dictionary != nil { encodeDense(from: first) }
  }

  /// Appends the non-null rows `range` of a fixed-width vector in physical layout in one pass: each row is stored
  /// at the next free slot, which advances only past a valid row (no branch, no row list).
  private func appendValidWords<T: FixedWidthInteger & BitwiseCopyable>(
    _ vector: ColumnVector, _ validity: ValidityBitmap, _ range: Range<Int>, as _: T.Type
  ) {
    if dense.isBorrowed { dense = dense.owned(reserving: range.count) }
    let first = dense.count
    let buffer = dense.values
    buffer.reserve(additional: range.count &* MemoryLayout<T>.size)
    // Safe: room for range.count more values was reserved; at most that many slots are written.
    let dst = (buffer.base + buffer.count).assumingMemoryBound(to: T.self)
    let src = vector.values.pointer(T.self)
    let words = validity.words
    var n = 0
    for row in range {
      dst[n] = src[row]
      n &+= Int(truncatingIfNeeded: (words[row &>> 6] &>> UInt64(row & 63)) & 1)
    }
    buffer.count &+= n &* MemoryLayout<T>.size
    dense.count &+= n
    if dictionary != nil { encodeDense(from: first) }
  }

  /// Whether vectors of `type` store exactly the leaf's physical values.
  private func isPhysicalLayout(_ type: DataType) -> Bool {
    switch type {
    case .boolean, .int32, .uint32, .date, .float32, .int64, .uint64, .float64, .string, .binary, .fixedBinary, .uuid:
      return true
    case .time(let unit), .timestamp(let unit, _): return unit != .second && !(type == .time(.millisecond))
    case .decimal(let precision, _): return precision > 9 && precision <= 18
    default: return false
    }
  }

  /// The values to encode: a dictionary and indices when one fits under the limit, else the dense values.
  /// Dense values are dictionary-encoded here, in the parallel encode phase, if the leaf allows it.
  func finishValues() -> (dictionary: DenseValues?, indices: ByteBuffer?, dense: DenseValues) {
    if let dictionary { return (dictionary.entries, indices, dense) }
    guard leaf.isDictionaryAllowed, !hasFallenBack, dense.count > 0 else { return (nil, nil, dense) }
    var builder = DictionaryBuilder(width: leaf.physicalWidth)
    let built = ByteBuffer(capacity: dense.count &* 4)
    let stop = builder.insert(dense, 0..<dense.count, into: built, limit: dictionaryLimit)
    guard stop == dense.count else { return (nil, nil, dense) }
    return (builder.entries, built, dense)
  }

  /// Moves dense values `first...` into the dictionary (they arrived after dictionary-encoded input), or falls back.
  private func encodeDense(from first: Int) {
    let stop = dictionary!.insert(dense, first..<dense.count, into: indices, limit: dictionaryLimit)
    if stop == dense.count {
      dense.truncate(to: 0)
      return
    }
    // Overflow: values before `first` are indices, `first..<stop` are indexed too; materialize them all.
    let pending = dense
    var rebuilt = DenseValues(width: leaf.physicalWidth, capacity: indices.count / 4 &+ pending.count &- stop)
    rebuilt.gather(from: dictionary!.entries, indices: indices.pointer(UInt32.self), count: indices.count / 4)
    for i in stop..<pending.count { rebuilt.append(from: pending, i) }
    dense = rebuilt
    dictionary = nil
    hasFallenBack = true
    indices.count = 0
    inputDictionaryMapping = nil
  }

  private func appendDictionaryIndices(_ vector: ColumnVector, _ inputDictionary: ColumnVector, _ selection: RowSelection) {
    if inputDictionaryKey !== inputDictionary.values {
      inputDictionaryKey = inputDictionary.values
      var values = DenseValues(width: leaf.physicalWidth, capacity: inputDictionary.count)
      appendPhysical(
        inputDictionary, RowSelection(start: 0, count: inputDictionary.count, rows: nil), leaf: leaf, into: &values)
      inputDictionaryValues = values
      inputDictionaryMapping = nil
    }
    let values = inputDictionaryValues!
    if dictionary != nil, inputDictionaryMapping == nil {
      let mapping = ByteBuffer(capacity: values.count &* 4)
      let stop = dictionary!.insert(values, 0..<values.count, into: mapping, limit: dictionaryLimit)
      if stop == values.count {
        inputDictionaryMapping = mapping
      } else {
        // The input dictionary doesn't fit: write this chunk without one.
        fallBack()
      }
    }
    let source = vector.values.pointer(UInt32.self)
    let n = selection.count
    if let mapping = inputDictionaryMapping, dictionary != nil {
      let map = mapping.pointer(UInt32.self)
      indices.reserve(additional: n &* 4)
      let dst = indices.pointer(UInt32.self) + indices.count / 4
      if let rows = selection.rows {
        for i in 0..<n { dst[i] = map[Int(source[Int(rows[i])])] }
      } else {
        let s = source + selection.start
        for i in 0..<n { dst[i] = map[Int(s[i])] }
      }
      indices.count &+= n &* 4
    } else {
      if dense.isBorrowed { dense = dense.owned(reserving: n) }
      gatherScratch.reserve(n &* 4)
      let gathered = gatherScratch.pointer(UInt32.self)
      for i in 0..<n { gathered[i] = source[selection.row(i)] }
      dense.gather(from: values, indices: gathered, count: n)
    }
  }

  /// Stops dictionary encoding for this chunk: the indices so far become dense values.
  private func fallBack() {
    guard let builder = dictionary else { return }
    var rebuilt = DenseValues(width: leaf.physicalWidth, capacity: indices.count / 4 &+ dense.count)
    rebuilt.gather(from: builder.entries, indices: indices.pointer(UInt32.self), count: indices.count / 4)
    for i in 0..<dense.count { rebuilt.append(from: dense, i) }
    dense = rebuilt
    dictionary = nil
    hasFallenBack = true
    indices.count = 0
    inputDictionaryMapping = nil
  }
}
