// ColumnPageCursor: one flat column chunk read as ascending row windows, one page decoded at a time.
import Dispatch
import TarnCore

/// Reads rows `a..<b`, then later windows, of one flat (unrepeated, single-leaf) column chunk.
///
/// Why: decoding a whole row group at once touches memory for every value of every column (a million rows of a
/// 36-byte key is 44 MB), and the kernel clears every fresh page of it (`perf`: clear_page_erms, 10–45% of a query).
/// Page by page, the buffers are a window's worth and come back from the pool for the next window. Pages no
/// selected row falls in are neither inflated nor decoded. The page a window ends in is kept decoded for the next.
///
/// Reading whole windows while `demand` says the scan's consumer waits, the pages after a window's last one decode
/// ahead on other threads while the window's own pages decode here: a row group's pages then inflate on two cores
/// (its morsels are consumed in order, so without this one row group decoded on one core while the operators
/// above waited).
///
/// Windows must ascend. Not thread-safe: one cursor is used by one thread at a time.
final class ColumnPageCursor {
  let decoder: ColumnChunkDecoder
  let node: ReadNode
  /// The leaf's position among the schema's columns.
  let column: Int
  let type: DataType
  private let pages: [ColumnChunkDecoder.Page]
  /// Per page: the first row it holds (a dictionary page: the row of the data page after it) and its rows.
  private let firstRow: [Int]
  private let rowCount: [Int]
  /// The next page whose dictionary (if it is one) has not been read yet.
  private var nextDictionaryCheck = 0
  private var dictionary: PhysicalValues?
  private var dictionaryVector: ColumnVector?
  /// The next page a window may start in.
  private var page = 0
  private var decoded: (page: Int, vector: ColumnVector)?
  /// Pages decoding ahead on other threads, ascending.
  private var ahead: [(page: Int, job: PendingResult<ColumnVector, ParquetError>)] = []
  /// Pages decoding ahead at once: two keep both cores inflating while this cursor's thread waits for the first.
  static let pagesAhead = 2
  /// A window whose selection keeps at least 1 row in this many decodes ahead like an unfiltered one.
  static let denseSelection = 8
  /// The chunk's opening dictionary page, decoding on another thread from the cursor's creation (with `demand`).
  private var firstDictionary: PendingResult<(PhysicalValues, ColumnVector?), ParquetError>?
  /// Whether to decode ahead now; nil: never.
  let demand: DecodeDemand?
  /// Whether an integer column's dictionary-encoded pages come out as dictionary + indices.
  let keepsIntegerDictionary: Bool
  /// What keeps the chunk's bytes mapped (the file), held by every job decoding on another thread too: a job still
  /// running when the scan is dropped early (an error while opening the row group) must not read unmapped memory.
  let bytesOwner: AnyObject?

  init(
    decoder: ColumnChunkDecoder, node: ReadNode, column: Int, expectedRows: Int, demand: DecodeDemand? = nil,
    keepsIntegerDictionary: Bool = false, bytesOwner: AnyObject? = nil
  ) throws(ParquetError) {
    guard decoder.descriptor.maxRepetitionLevel == 0 else {
      throw ParquetError(.internalBug("page cursor on the repeated column \(decoder.descriptor.dottedPath)"))
    }
    self.decoder = decoder
    self.bytesOwner = bytesOwner
    self.demand = demand
    self.keepsIntegerDictionary = keepsIntegerDictionary
    self.node = node
    self.column = column
    type = node.field.type
    pages = try decoder.scanPages()
    var firstRow: [Int] = []
    var rowCount: [Int] = []
    var rows = 0
    for page in pages {
      var n = 0
      switch page.header.type {
      case .dataPage: n = Int(page.header.dataPageHeader?.numValues ?? 0)
      case .dataPageV2: n = Int(page.header.dataPageHeaderV2?.numValues ?? 0)
      default: break
      }
      guard n >= 0, n <= ColumnChunkDecoder.maxEntriesPerPage else {
        throw ParquetError(.corrupt("page claims \(n) values")).at(column: decoder.descriptor.dottedPath, page: firstRow.count)
      }
      firstRow.append(rows)
      rowCount.append(n)
      rows += n
    }
    guard rows == decoder.expectedEntries, rows == expectedRows else {
      throw ParquetError(.corrupt("the pages hold \(rows) values, the footer says \(decoder.expectedEntries) in \(expectedRows) rows"))
        .at(column: decoder.descriptor.dottedPath)
    }
    self.firstRow = firstRow
    self.rowCount = rowCount
    if demand != nil, let first = pages.first, first.header.type == .dictionaryPage {
      startFirstDictionary(first)
      startPlainPagesEarly()
    }
  }

  /// Plain pages of a chunk that outgrew its dictionary decoding from the cursor's creation too.
  static let plainPagesEarly = 4

  /// A chunk that outgrew its dictionary (dictionary-encoded pages, then PLAIN ones): its first PLAIN pages need no
  /// dictionary, so they start decoding with it, on the core its inflating would otherwise leave idle while the scan's
  /// first morsel waits for it.
  private func startPlainPagesEarly() {
    let isData = { (p: ColumnChunkDecoder.Page) in p.header.type == .dataPage || p.header.type == .dataPageV2 }
    guard let first = pages.firstIndex(where: { isData($0) && !Self.usesDictionary($0) }),
      pages[1..<first].contains(where: { isData($0) })
    else { return }
    var q = first
    var started = 0
    while q < pages.count, started < Self.plainPagesEarly, isData(pages[q]), !Self.usesDictionary(pages[q]) {
      if rowCount[q] > 0 {
        startDecoding(q, dictionary: (nil, nil))
        started += 1
      }
      q += 1
    }
  }

  /// Starts decoding the chunk's opening dictionary page on another thread: a chunk that outgrew its dictionary has a
  /// large one (pyarrow's 1 MiB: 0.9 ms to inflate and decode), which otherwise held up the scan's first morsel while
  /// the other core idled.
  private func startFirstDictionary(_ page: ColumnChunkDecoder.Page) {
    firstDictionary = onAnotherThread { cursor throws(ParquetError) in try cursor.decodeDictionary(page) }
  }

  /// Runs `work` on another thread with this cursor. The job holds the cursor and `bytesOwner`, so the chunk's file
  /// bytes stay mapped until it is done, however the scan ends.
  private func onAnotherThread<T>(
    _ work: @escaping (ColumnPageCursor) throws(ParquetError) -> T
  ) -> PendingResult<T, ParquetError> {
    let job = PendingResult<T, ParquetError>()
    // Safe: the jobs (`decode`, `decodeDictionary`) read only the cursor's constants and what they are handed.
    let state = UncheckedSendable((self, bytesOwner, work))
    DispatchQueue.global().async {
      job.finish(Result { () throws(ParquetError) in try state.value.2(state.value.0) })
    }
    return job
  }

  /// The end of the page holding `row` (the chunk's row count past its last page).
  func pageEnd(containing row: Int) -> Int {
    var lower = 0, upper = pages.count
    while lower < upper {  // the first page ending after `row`
      let middle = (lower &+ upper) >> 1
      if firstRow[middle] &+ rowCount[middle] <= row { lower = middle &+ 1 } else { upper = middle }
    }
    return lower < pages.count ? firstRow[lower] &+ rowCount[lower] : decoder.expectedEntries
  }

  /// Rows `window` of the chunk; with `selection` (ascending chunk rows inside `window`), only those rows.
  func read(_ window: Range<Int>, selection: UnsafeBufferPointer<UInt32>? = nil) throws(ParquetError) -> ColumnVector {
    var pieces: [VectorPiece] = []
    var picked: [[UInt32]] = []
    var selected = 0
    while page < pages.count, firstRow[page] + rowCount[page] <= window.lowerBound { page += 1 }
    // A dense selection (a filter most rows pass) needs the next pages too; a sparse one may skip them.
    let dense = selection.map { $0.count &* Self.denseSelection >= window.count } ?? true
    if dense, demand?.consumerWaits == true { try decodeAhead(after: window) }
    var p = page
    while p < pages.count, firstRow[p] < window.upperBound {
      defer { p += 1 }
      guard rowCount[p] > 0 else { continue }
      let pageRows = firstRow[p]..<(firstRow[p] + rowCount[p])
      let overlap = pageRows.clamped(to: window)
      if let selection {
        var end = selected
        while end < selection.count, Int(selection[end]) < overlap.upperBound { end += 1 }
        defer { selected = end }
        guard end > selected else { continue }
        let base = UInt32(firstRow[p])
        picked.append(selection[selected..<end].map { $0 &- base })
        pieces.append(VectorPiece(try vector(ofPage: p), start: 0, count: 0))
      } else {
        pieces.append(VectorPiece(try vector(ofPage: p), start: overlap.lowerBound - firstRow[p], count: overlap.count))
      }
    }
    if selection == nil { return ColumnVector.joining(pieces, type: type) }
    return withRowPointers(picked) { rows in
      ColumnVector.joining(zip(pieces, rows).map { VectorPiece($0.0.vector, rows: $0.1) }, type: type)
    }
  }

  /// Page `p` decoded into a vector of its rows (reused when the last window ended in it, taken from the page
  /// decoding ahead when it is that one).
  private func vector(ofPage p: Int) throws(ParquetError) -> ColumnVector {
    if let decoded, decoded.page == p { return decoded.vector }
    let vector: ColumnVector
    while let first = ahead.first, first.page < p {  // skipped: waited for, so no job outlives the file's bytes
      _ = first.job.wait()
      ahead.removeFirst()
    }
    if let first = ahead.first, first.page == p {
      ahead.removeFirst()
      vector = try first.job.wait().get()
    } else {
      try readDictionaries(before: p, forPage: p)
      vector = try decode(p, dictionary: (dictionary, dictionaryVector))
    }
    decoded = (p, vector)
    return vector
  }

  /// Starts decoding the first `pagesAhead` pages with rows after those `window` touches, on other threads, unless
  /// already decoded or decoding. A page that is not dictionary-encoded needs no dictionary, so it starts even before
  /// the dictionary page is read (a chunk that outgrew its dictionary: the plain pages inflate while it decodes); a
  /// dictionary-encoded one waits for a dictionary page not read yet.
  private func decodeAhead(after window: Range<Int>) throws(ParquetError) {
    var q = page
    while q < pages.count, firstRow[q] < window.upperBound { q += 1 }
    var started = 0
    while q < pages.count, started < Self.pagesAhead, pages[q].header.type != .dictionaryPage {
      defer { q += 1 }
      guard rowCount[q] > 0 else { continue }
      started += 1
      guard decoded?.page != q, !ahead.contains(where: { $0.page == q }) else { continue }
      var pageDictionary: (values: PhysicalValues?, vector: ColumnVector?) = (nil, nil)
      if Self.usesDictionary(pages[q]) {
        try readDictionaries(before: page, forPage: page)
        guard !(nextDictionaryCheck..<q).contains(where: { pages[$0].header.type == .dictionaryPage }) else { return }
        pageDictionary = (dictionary, dictionaryVector)
      }
      startDecoding(q, dictionary: pageDictionary)
    }
  }

  /// Starts decoding page `q` with `dictionary` on another thread, listed in `ahead` in page order.
  private func startDecoding(_ q: Int, dictionary: (values: PhysicalValues?, vector: ColumnVector?)) {
    let job = onAnotherThread { cursor throws(ParquetError) in try cursor.decode(q, dictionary: dictionary) }
    ahead.insert((q, job), at: ahead.firstIndex { $0.page > q } ?? ahead.count)
  }

  /// The pages decoding on other threads now, ascending (for tests).
  var pagesDecodingAhead: [Int] { ahead.map(\.page) }

  /// Whether a data page's values are dictionary indices.
  private static func usesDictionary(_ page: ColumnChunkDecoder.Page) -> Bool {
    let encoding = page.header.dataPageHeader?.encoding ?? page.header.dataPageHeaderV2?.encoding
    return encoding == .plainDictionary || encoding == .rleDictionary
  }

  /// Waits for the pages decoding ahead (before the chunk's file bytes are released).
  func finishAhead() {
    for (_, job) in ahead { _ = job.wait() }
    ahead = []
    _ = firstDictionary?.wait()
    firstDictionary = nil
  }

  /// Inflates page `p` into a buffer of its own and decodes it with `dictionary` (the chunk's, as read before `p`).
  /// The buffer is the page's alone, so PLAIN fixed-width values stay in it as they are (`ChunkState.plainSource`).
  private func decode(
    _ p: Int, dictionary: (values: PhysicalValues?, vector: ColumnVector?)
  ) throws(ParquetError) -> ColumnVector {
    do throws(ParquetError) {
      let page = pages[p]
      var state = ChunkState(descriptor: decoder.descriptor, capacity: rowCount[p], reservesValues: false)
      state.keepsIntegerDictionary = keepsIntegerDictionary
      state.dictionary = dictionary.values
      state.dictionaryVector = dictionary.vector
      let size = decoder.inflatedSize(page)
      let inflated = ByteBuffer(capacity: size)
      let plain = try decoder.inflate(page, into: UnsafeMutableRawBufferPointer(start: inflated.base, count: size))
      if plain != nil { state.plainSource = inflated }
      switch page.header.type {
      case .dataPage:
        guard let header = page.header.dataPageHeader else { throw ParquetError(.corrupt("data page without its header")) }
        try state.readDataPageV1(plain ?? page.body, header: header)
      default:
        guard let header = page.header.dataPageHeaderV2 else { throw ParquetError(.corrupt("data page v2 without its header")) }
        try decoder.readDataPageV2(
          page.body, values: plain, uncompressedSize: Int(page.header.uncompressedPageSize), header: header, state: &state)
      }
      let leaf = try state.finish().get()
      let vector = try LevelAssembler(leaves: [leaf], firstColumn: column).assemble(node)
      guard vector.count == rowCount[p] else {
        throw ParquetError(.corrupt("page holds \(vector.count) rows, its header says \(rowCount[p])"))
      }
      return vector
    } catch {
      throw error.at(column: decoder.descriptor.dottedPath, page: pages[p].index)
    }
  }

  /// `readDictionaries(before: p)`, its errors located at the column and data page `page`.
  private func readDictionaries(before p: Int, forPage page: Int) throws(ParquetError) {
    do throws(ParquetError) {
      try readDictionaries(before: p)
    } catch {
      throw error.at(column: decoder.descriptor.dottedPath, page: pages[min(page, pages.count - 1)].index)
    }
  }

  /// Reads the dictionary pages before data page `p` not read yet; a later one replaces an earlier one.
  private func readDictionaries(before p: Int) throws(ParquetError) {
    while nextDictionaryCheck < p {
      let page = pages[nextDictionaryCheck]
      nextDictionaryCheck += 1
      guard page.header.type == .dictionaryPage else { continue }
      if page.index == 0, let job = firstDictionary {
        firstDictionary = nil
        (dictionary, dictionaryVector) = try job.wait().get()
      } else {
        (dictionary, dictionaryVector) = try decodeDictionary(page)
      }
    }
  }

  /// A dictionary page's values, and the vector they convert to when the chunk keeps dictionary + indices.
  private func decodeDictionary(_ page: ColumnChunkDecoder.Page) throws(ParquetError) -> (PhysicalValues, ColumnVector?) {
    guard let header = page.header.dictionaryPageHeader else {
      throw ParquetError(.corrupt("dictionary page without its header")).at(page: page.index)
    }
    let size = decoder.inflatedSize(page)
    let buffer = ByteBuffer(capacity: size)
    let plain = try decoder.inflate(page, into: UnsafeMutableRawBufferPointer(start: buffer.base, count: size))
    var state = ChunkState(descriptor: decoder.descriptor, capacity: 0)
    state.keepsIntegerDictionary = keepsIntegerDictionary
    if plain != nil { state.plainSource = buffer }
    try state.readDictionary(plain ?? page.body, header: header)
    let values = state.dictionary!
    let vector = state.keepsDictionary ? try convertPhysical(values, to: decoder.descriptor.valueType, dictionary: nil) : nil
    return (values, vector)
  }
}

/// Calls `body` with a pointer to each array's elements, all valid at once.
private func withRowPointers<R>(_ arrays: [[UInt32]], _ body: ([UnsafeBufferPointer<UInt32>]) -> R) -> R {
  var pointers: [UnsafeBufferPointer<UInt32>] = []
  func nest(_ i: Int) -> R {
    if i == arrays.count { return body(pointers) }
    return arrays[i].withUnsafeBufferPointer { p in
      pointers.append(p)
      return nest(i + 1)
    }
  }
  return nest(0)
}
