// CSV and TSV (RFC 4180): a header line, then one line per row, fields quoted only when they must be.
import TarnCore

/// Writes rows as delimiter-separated text.
///
/// A field is quoted when it contains the delimiter, the quote, CR or LF, or starts or ends
/// with a space; quotes inside are doubled. NULL is `nullText` (empty by default), so an empty
/// string is written `""` to stay distinct. Values print as DuckDB casts them to VARCHAR (see
/// `TextValueAppenders`): nested values like `[1, 2]` and `{'a': 1}`, binary with `\xHH`.
public struct CSVWriter: ResultWriter {
  public struct Options: Sendable {
    /// `,` by default; `\t` (0x09) for TSV.
    public var delimiter: UInt8
    public var quote: UInt8
    public var includesHeader: Bool
    /// Written for NULL, never quoted.
    public var nullText: String
    /// End lines with CRLF as RFC 4180 says, instead of LF as DuckDB and most tools do.
    public var usesCRLF: Bool

    public init(
      delimiter: UInt8 = 0x2C, quote: UInt8 = 0x22, includesHeader: Bool = true, nullText: String = "",
      usesCRLF: Bool = false
    ) {
      self.delimiter = delimiter
      self.quote = quote
      self.includesHeader = includesHeader
      self.nullText = nullText
      self.usesCRLF = usesCRLF
    }
  }

  public let schema: Schema
  public let options: Options
  var output: BufferedOutput
  var assembler: RowAssembler
  let cells: CSVCells

  public init(schema: Schema, sink: any OutputSink, options: Options = Options(), flushThreshold: Int = 1 << 20) {
    self.schema = schema
    self.options = options
    output = BufferedOutput(sink: sink, flushThreshold: flushThreshold)
    cells = CSVCells(
      nullBytes: Array(options.nullText.utf8), delimiter: options.delimiter, quote: options.quote,
      needsScan: schema.fields.map { Self.textMayNeedQuoting($0.type, options: options) })
    let lineEnd: [UInt8] = options.usesCRLF ? [0x0D, 0x0A] : [0x0A]
    assembler = RowAssembler(
      layout: RowLayout(
        rowPrefix: [], columnPrefixes: schema.fields.indices.map { $0 == 0 ? [] : [options.delimiter] },
        rowSuffix: lineEnd))
    if options.includesHeader {
      for (index, field) in schema.fields.enumerated() {
        if index > 0 { output.text.append(options.delimiter) }
        let start = output.text.count
        output.append(Array(field.name.utf8))
        cells.quoteIfNeeded(&output.text, from: start)
      }
      output.append(lineEnd)
    }
  }

  public mutating func write(_ batch: RecordBatch) throws(OutputError) {
    precondition(batch.columns.count == schema.count, "batch has \(batch.columns.count) columns, schema \(schema.count)")
    let appenders = batch.columns.map { ColumnAppender(append: TextValueAppenders.make(for: $0)) }
    try assembler.append(batch, appenders: appenders, finisher: cells, to: &output)
  }

  public mutating func finish() throws(OutputError) {
    try output.flush()
  }

  /// False for types whose text uses only `[0-9A-Za-z+-.:]`, when neither the delimiter nor
  /// the quote is one of those characters: such values are never scanned.
  static func textMayNeedQuoting(_ type: DataType, options: Options) -> Bool {
    func isPlain(_ byte: UInt8) -> Bool {
      (byte >= 0x30 && byte <= 0x3A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || byte == 0x2B || byte == 0x2D || byte == 0x2E
    }
    if isPlain(options.delimiter) || isPlain(options.quote) { return true }
    switch type {
    case .null, .boolean, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float32, .float64,
      .decimal, .uuid, .date, .time, .timestamp:
      return false
    case .interval:
      // Spaces only between parts, never at the ends.
      return options.delimiter == 0x20 || options.quote == 0x20
    case .string, .binary, .fixedBinary, .list, .structure, .map:
      return true
    }
  }
}

/// NULL, empty strings and quoting for CSV cells.
struct CSVCells: CellFinisher {
  let nullBytes: [UInt8]
  let delimiter: UInt8
  let quote: UInt8
  /// Per column: whether a value's text may hold a byte that forces quoting.
  let needsScan: [Bool]

  @inline(__always)
  func finish(_ text: inout TextBuffer, column: Int, start: Int, hasValue: Bool) {
    if !hasValue {
      text.append(nullBytes)
    } else if text.count == start {
      // An empty string must not read back as NULL.
      if nullBytes.isEmpty {
        text.append(quote)
        text.append(quote)
      }
    } else if needsScan[column] {
      quoteIfNeeded(&text, from: start)
    }
  }

  /// Rewrites `text[start...]` as a quoted field if it holds the delimiter, the quote, CR or
  /// LF, or has a space at either end; quotes inside are doubled.
  func quoteIfNeeded(_ text: inout TextBuffer, from start: Int) {
    let field = text.bytes(from: start)
    guard let first = field.first, let last = field.last else { return }
    guard first == 0x20 || last == 0x20 || holdsSpecialByte(field) else { return }
    let copy = Array(field)
    text.truncate(to: start)
    text.append(quote)
    for byte in copy {
      text.append(byte)
      if byte == quote { text.append(quote) }
    }
    text.append(quote)
  }

  /// Whether `field` holds the delimiter, the quote, LF or CR: eight bytes at a time, the last eight overlapping.
  ///
  /// Why: a byte-by-byte scan of every string cell was a tenth of a Parquet-to-CSV conversion (36-byte UUIDs).
  @inline(__always)
  func holdsSpecialByte(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = field.count
    guard n >= 8 else {
      for byte in field where byte == delimiter || byte == quote || byte == 0x0A || byte == 0x0D { return true }
      return false
    }
    let raw = UnsafeRawPointer(field.baseAddress!)
    let delimiters = CSVTokenizer.broadcast(delimiter)
    let quotes = CSVTokenizer.broadcast(quote)
    let lineFeeds = CSVTokenizer.broadcast(0x0A)
    let carriageReturns = CSVTokenizer.broadcast(0x0D)
    var i = 0
    while true {
      let w = raw.loadUnaligned(fromByteOffset: min(i, n &- 8), as: UInt64.self)
      let hits =
        CSVTokenizer.anyZeroByte(w ^ delimiters) | CSVTokenizer.anyZeroByte(w ^ quotes)
        | CSVTokenizer.anyZeroByte(w ^ lineFeeds) | CSVTokenizer.anyZeroByte(w ^ carriageReturns)
      if hits != 0 { return true }
      i &+= 8
      if i >= n { return false }
    }
  }
}
