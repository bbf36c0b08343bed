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
  let nullBytes: [UInt8]
  /// Per column: whether a value's text may hold a byte that forces quoting.
  let needsScan: [Bool]
  /// Holds a field while it is rewritten with quotes.
  var scratch: [UInt8] = []

  public init(schema: Schema, sink: any OutputSink, options: Options = Options(), flushThreshold: Int = 1 << 20) {
    self.schema = schema
    self.options = options
    output = BufferedOutput(sink: sink, flushThreshold: flushThreshold)
    nullBytes = Array(options.nullText.utf8)
    needsScan = schema.fields.map { Self.textMayNeedQuoting($0.type, options: options) }
    if options.includesHeader {
      for (index, field) in schema.fields.enumerated() {
        if index > 0 { output.bytes.append(options.delimiter) }
        let start = output.bytes.count
        output.bytes += Array(field.name.utf8)
        quoteIfNeeded(from: start)
      }
      appendLineEnd()
    }
  }

  public mutating func write(_ batch: RecordBatch) throws(OutputError) {
    precondition(batch.columns.count == schema.count, "batch has \(batch.columns.count) columns, schema \(schema.count)")
    let appenders = batch.columns.map { TextValueAppenders.make(for: $0) }
    var row = 0
    while row < batch.count {
      while row < batch.count {
        appendRow(row, appenders: appenders)
        row &+= 1
        if output.isFull { break }
      }
      try output.flushIfFull()
    }
  }

  public mutating func finish() throws(OutputError) {
    try output.flush()
  }

  mutating func appendRow(_ row: Int, appenders: [ValueAppender]) {
    for column in appenders.indices {
      if column > 0 { output.bytes.append(options.delimiter) }
      let start = output.bytes.count
      if !appenders[column](&output.bytes, row) {
        output.bytes += nullBytes
      } else if output.bytes.count == start {
        if nullBytes.isEmpty {
          output.bytes.append(options.quote)
          output.bytes.append(options.quote)
        }
      } else if needsScan[column] {
        quoteIfNeeded(from: start)
      }
    }
    appendLineEnd()
  }

  mutating func appendLineEnd() {
    if options.usesCRLF { output.bytes.append(0x0D) }
    output.bytes.append(0x0A)
  }

  /// Rewrites `output.bytes[start...]` as a quoted field if it holds the delimiter, the quote,
  /// CR or LF, or has a space at either end.
  mutating func quoteIfNeeded(from start: Int) {
    let delimiter = options.delimiter
    let quote = options.quote
    let mustQuote = output.bytes.withUnsafeBufferPointer { all in
      let field = all[start...]
      guard let first = field.first, let last = field.last else { return false }
      if first == 0x20 || last == 0x20 { return true }
      for byte in field where byte == delimiter || byte == quote || byte == 0x0A || byte == 0x0D { return true }
      return false
    }
    guard mustQuote else { return }
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: output.bytes[start...])
    output.bytes.removeSubrange(start...)
    output.bytes.append(quote)
    for byte in scratch {
      output.bytes.append(byte)
      if byte == quote { output.bytes.append(quote) }
    }
    output.bytes.append(quote)
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
