// Grouper: GROUP BY keys to dense group ids, batch by batch, keeping one key row per group for the output.
import TarnCore

/// Assigns each row of a batch the id of its group (0, 1, 2, … in order of first appearance).
///
/// Three paths, chosen by the key types once, so ids stay consistent across batches:
/// - one integer-like key: its bits go straight into `IntegerGroupKeys` (no row encoding);
/// - one dictionary-encoded key (strings from Parquet): each dictionary entry is encoded and looked up
///   once per dictionary, then rows map code → id (dictionary codes as group keys);
/// - anything else: rows are encoded by `KeyEncoder` and looked up in a `KeyTable`.
struct Grouper {
  let types: [DataType]
  private(set) var count = 0
  private var keyBuilders: [VectorBuilder]
  private let isIntegerKey: Bool
  private var integers = IntegerGroupKeys()
  private var words: [UInt64] = []
  /// An integer key's groups' key words: the key column is made from them at the end, where appending each new
  /// group's value to a builder cost a copy call per group (query 2 at 10M rows has 682k groups).
  private var groupWords: [UInt64] = []
  /// The group of the NULL key (-1: none yet), on either path.
  private var nullGroup = -1
  private var table = KeyTable()
  private var keys = EncodedKeys()
  /// Per entry of the current key dictionary: its group id (-1: not seen yet); `dictionaryKeys` holds its entries encoded.
  private var entryIds = DictionaryEntryCache()
  private var dictionaryKeys = EncodedKeys()

  /// Dictionaries larger than this are grouped row by row: encoding every entry would cost more than the rows.
  static let maxDictionaryEntries = 1 << 16

  init(types: [DataType]) {
    self.types = types
    isIntegerKey = types.count == 1 && IntegerKeyWords.supports(types[0])
    keyBuilders = isIntegerKey ? [] : types.map { VectorBuilder(type: $0, capacity: 64) }
  }

  /// Writes the group id of each of the `n` rows of `columns` (the evaluated keys) to `ids`.
  mutating func assign(_ columns: [ColumnVector], count n: Int, ids: UnsafeMutablePointer<UInt32>) {
    if isIntegerKey, let dictionary = columns[0].dictionary {
      assignIntegerCodes(columns[0], dictionary: dictionary, count: n, ids: ids)
    } else if isIntegerKey {
      assignIntegers(VectorFactory.flatten(columns[0]), count: n, ids: ids)
    } else if columns.count == 1, let dictionary = columns[0].dictionary, dictionary.count <= Self.maxDictionaryEntries {
      assignCodes(columns[0], dictionary: dictionary, count: n, ids: ids)
    } else {
      KeyEncoder.encode(columns, count: n, into: &keys)
      for i in 0..<n {
        let (id, isNew) = table.findOrInsert(keys, i)
        if isNew { for k in keyBuilders.indices { keyBuilders[k].append(from: columns[k], row: i) } }
        ids[i] = UInt32(truncatingIfNeeded: id)
      }
      count = table.count
    }
  }

  private mutating func assignIntegers(_ v: ColumnVector, count n: Int, ids: UnsafeMutablePointer<UInt32>) {
    if words.count < n { words = [UInt64](repeating: 0, count: n) }
    words.withUnsafeMutableBufferPointer { IntegerKeyWords.load(v, count: n, into: $0.baseAddress!) }
    if assignDense(v, count: n, ids: ids) { return }
    // Prefetching pays only once the table has outgrown the caches.
    let lookahead = integers.count > 1 << 15 ? 8 : n
    for i in 0..<n {
      if i &+ lookahead < n { integers.prefetch(0, words[i &+ lookahead]) }
      if v.isNull(i) {
        ids[i] = integerNullGroup()
        continue
      }
      ids[i] = group(ofWord: words[i])
    }
  }

  /// Group ids of the keys `denseBase ..< denseBase + dense.count` (-1: none yet), in front of `integers` for keys of a
  /// small range (years, small codes): a row then costs an array load instead of a hash probe.
  private var dense: [Int32] = []
  private var denseBase: Int64 = 0
  static let maxDenseSpan: Int64 = 1 << 16

  /// Assigns the batch's groups through `dense` when its keys (`words`) fit a span of `maxDenseSpan`, together with
  /// the keys seen before; false (nothing assigned) otherwise.
  private mutating func assignDense(_ v: ColumnVector, count n: Int, ids: UnsafeMutablePointer<UInt32>) -> Bool {
    var lo = Int64.max, hi = Int64.min
    words.withUnsafeBufferPointer { w in
      for i in 0..<n {
        let k = Int64(bitPattern: w[i])
        lo = min(lo, k)
        hi = max(hi, k)
      }
    }
    if !dense.isEmpty {
      lo = min(lo, denseBase)
      hi = max(hi, denseBase &+ Int64(dense.count) &- 1)
    }
    let (span, overflow) = hi.subtractingReportingOverflow(lo)
    guard n > 0, !overflow, span < Self.maxDenseSpan else { return false }
    if dense.isEmpty || lo < denseBase || hi >= denseBase &+ Int64(dense.count) {
      var wider = [Int32](repeating: -1, count: Int(span) &+ 1)
      for (k, g) in dense.enumerated() where g >= 0 { wider[Int(denseBase &- lo) &+ k] = g }
      dense = wider
      denseBase = lo
    }
    for i in 0..<n {
      if v.isNull(i) {
        ids[i] = integerNullGroup()
        continue
      }
      let word = words[i]
      let d = Int(Int64(bitPattern: word) &- denseBase)
      var g = dense[d]
      if g < 0 {
        g = Int32(bitPattern: group(ofWord: word))
        dense[d] = g
      }
      ids[i] = UInt32(bitPattern: g)
    }
    return true
  }

  /// The group of key `word`, made when new. `integers` holds only keys some row had, so its ids are the group ids.
  @inline(__always)
  private mutating func group(ofWord word: UInt64) -> UInt32 {
    let (id, isNew) = integers.findOrInsert(0, word)
    if isNew {
      groupWords.append(word)
      count = integers.count
    }
    return UInt32(truncatingIfNeeded: id)
  }

  /// The group of a NULL integer key: the key (1, 0) in `integers`, which no value has (their high word is 0).
  private mutating func integerNullGroup() -> UInt32 {
    if nullGroup < 0 {
      nullGroup = integers.findOrInsert(1, 0).id
      groupWords.append(0)
      count = integers.count
    }
    return UInt32(truncatingIfNeeded: nullGroup)
  }

  /// Integer keys as dictionary codes: the entries a batch meets for the first time are looked up in `integers`
  /// together, in one prefetched pass (so coded and plain batches share groups), and become groups; then each row
  /// takes its entry's group by code.
  private mutating func assignIntegerCodes(
    _ v: ColumnVector, dictionary: ColumnVector, count n: Int, ids: UnsafeMutablePointer<UInt32>
  ) {
    if entryIds.use(dictionary, unknown: -1) {
      entryWords = IntegerKeyWords.words(of: VectorFactory.flatten(dictionary))
      // Sized for the first dictionary at once: growing by doubling to it cost query 2 at 1M rows 10% of its time.
      if integers.count == 0 { integers.reserve(dictionary.count) }
    }
    let codes = v.values.pointer(UInt32.self)
    // Entries met for the first time in this batch, in order (-1: NULL), and the rows waiting for their group.
    var fresh: [Int32] = []
    var waiting: [Int32] = []
    var nullMet = false
    entryIds.ids.withUnsafeMutableBufferPointer { known in
      for i in 0..<n {
        if v.isNull(i) {
          if !nullMet {
            nullMet = true
            fresh.append(-1)
          }
          waiting.append(Int32(truncatingIfNeeded: i))
          continue
        }
        let e = Int(codes[i])
        let g = known[e]
        ids[i] = UInt32(bitPattern: g)
        if g < 0 {
          if g == -1 {
            known[e] = -2  // met in this batch
            fresh.append(Int32(truncatingIfNeeded: e))
          }
          waiting.append(Int32(truncatingIfNeeded: i))
        }
      }
    }
    guard !fresh.isEmpty else { return }
    // In order of first appearance, so groups are numbered as the rows meet them.
    var nullId: UInt32 = 0
    for k in fresh.indices {
      if k &+ 8 < fresh.count, fresh[k &+ 8] >= 0 { integers.prefetch(0, entryWords[Int(fresh[k &+ 8])]) }
      let e = Int(fresh[k])
      if e < 0 {
        nullId = integerNullGroup()
        continue
      }
      entryIds.ids[e] = Int32(bitPattern: group(ofWord: entryWords[e]))
    }
    for i in waiting {
      let row = Int(i)
      ids[row] = v.isNull(row) ? nullId : UInt32(bitPattern: entryIds.ids[Int(codes[row])])
    }
  }
  /// The current dictionary's entries as `integers` key words.
  private var entryWords: [UInt64] = []

  private mutating func assignCodes(
    _ v: ColumnVector, dictionary: ColumnVector, count n: Int, ids: UnsafeMutablePointer<UInt32>
  ) {
    if entryIds.use(dictionary, unknown: -1) {
      KeyEncoder.encode([dictionary], count: dictionary.count, into: &dictionaryKeys)
    }
    let codes = v.values.pointer(UInt32.self)
    for i in 0..<n {
      if v.isNull(i) {
        if nullGroup < 0 { nullGroup = nullKeyGroup(type: v.type) }
        ids[i] = UInt32(truncatingIfNeeded: nullGroup)
        continue
      }
      let e = Int(codes[i])
      var id = entryIds.ids[e]
      if id < 0 {
        let (found, isNew) = table.findOrInsert(dictionaryKeys, e)
        if isNew { keyBuilders[0].append(from: dictionary, row: e) }
        id = Int32(truncatingIfNeeded: found)
        entryIds.ids[e] = id
        count = table.count
      }
      ids[i] = UInt32(bitPattern: id)
    }
  }

  /// The group of the NULL key in `table`, shared with the row-encoding path.
  private mutating func nullKeyGroup(type: DataType) -> Int {
    var nullKeys = EncodedKeys()
    KeyEncoder.encode([VectorFactory.nulls(type, count: 1)], count: 1, into: &nullKeys)
    let (id, isNew) = table.findOrInsert(nullKeys, 0)
    if isNew { keyBuilders[0].appendNull() }
    count = table.count
    return id
  }

  /// One vector per key column, row g holding group g's key.
  mutating func finishKeys() -> [ColumnVector] {
    if isIntegerKey {
      var key = IntegerKeyWords.vector(groupWords, type: types[0])
      if nullGroup >= 0 {
        let validity = ValidityBitmap(allValid: groupWords.count)
        validity.clear(nullGroup)
        key.validity = validity
      }
      return [key]
    }
    return keyBuilders.indices.map { keyBuilders[$0].finish() }
  }
}
