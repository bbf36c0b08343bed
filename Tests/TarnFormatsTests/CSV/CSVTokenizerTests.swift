// The tokenizer alone: field positions and flags, CRLF, blank lines, incomplete rows, and fast-path agreement.
import Testing

@testable import TarnFormats

/// Records everything the tokenizer reports.
struct RecordingSink: CSVFieldSink, Equatable {
  var fields: [[String]] = []
  var current: [String] = []
  var flags: [[UInt8]] = []
  var currentFlags: [UInt8] = []
  var rowStarts: [Int] = []
  var limit = Int.max
  let bytes: [UInt8]

  init(bytes: [UInt8], limit: Int = Int.max) {
    self.bytes = bytes
    self.limit = limit
  }

  var hasRoom: Bool { fields.count < limit }

  mutating func field(index: Int, start: Int, end: Int, flags f: UInt8) {
    // Like the field table, a row's slots are overwritten from index 0 (a skipped blank line leaves one).
    if index == 0 {
      current = []
      currentFlags = []
    }
    current.append(String(decoding: bytes[start..<end], as: UTF8.self))
    currentFlags.append(f)
  }

  mutating func endRow(rowStart: Int, fieldCount: Int) -> Bool {
    precondition(fieldCount == current.count)
    fields.append(current)
    flags.append(currentFlags)
    rowStarts.append(rowStart)
    current = []
    currentFlags = []
    return true
  }

  static func == (a: RecordingSink, b: RecordingSink) -> Bool {
    a.fields == b.fields && a.flags == b.flags && a.rowStarts == b.rowStarts
  }
}

@Suite struct CSVTokenizerTests {
  func tokenize(_ text: String, _ dialect: CSVDialect = CSVDialect(), columns: Int = 2, isFinal: Bool = true)
    -> (RecordingSink, CSVTokenizerResult)
  {
    let bytes = Array(text.utf8)
    var sink = RecordingSink(bytes: bytes)
    let result = bytes.withUnsafeBufferPointer {
      CSVTokenizer(dialect: dialect, columnCount: columns).tokenize(
        $0.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: $0.count, from: 0, isFinal: isFinal, into: &sink)
    }
    return (sink, result)
  }

  @Test func fieldsAndFlags() {
    let (sink, result) = tokenize("a,\"b,c\",\"d\"\"e\"\r\n,x\n")
    #expect(sink.fields == [["a", "b,c", "d\"\"e"], ["", "x"]])
    #expect(sink.flags == [[0, CSVFieldFlags.quoted, CSVFieldFlags.quoted | CSVFieldFlags.escaped], [0, 0]])
    #expect(sink.rowStarts == [0, 16])
    #expect(result.position == 19)
    #expect(result.issue == nil)
  }

  @Test func incompleteRowsWaitUnlessFinal() {
    let (partial, result) = tokenize("a,b\nc,\"d\ne", isFinal: false)
    #expect(partial.fields == [["a", "b"]])
    #expect(result.position == 4)
    let (whole, final) = tokenize("a,b\nc,\"d\ne", isFinal: true)
    #expect(whole.fields == [["a", "b"]])
    #expect(final.issue == .unterminatedQuote(offset: 6))
    // A quote at the very end of non-final input could be the first half of "".
    let (pending, r) = tokenize("a,\"x\"", isFinal: false)
    #expect(pending.fields.isEmpty)
    #expect(r.position == 0)
  }

  @Test func blankLinesAndStrayQuotes() {
    #expect(tokenize("a,b\n\n\r\nc,d\n").0.fields == [["a", "b"], ["c", "d"]])
    #expect(tokenize("a\n\nb\n", columns: 1).0.fields == [["a"], [""], ["b"]])
    let (sink, result) = tokenize("1,x\"y\n")
    #expect(sink.fields == [["1", "x\"y"]])
    #expect(result.sawStrayQuote)
    #expect(tokenize("1,\"x\"y\n").1.issue == .unexpectedAfterQuote(offset: 5))
    #expect(tokenize("1,\"x\"  ,2\n", columns: 3).0.fields == [["1", "x", "2"]])
  }

  @Test func escapesAndComments() {
    let backslash = CSVDialect(escape: UInt8(ascii: "\\"))
    #expect(tokenize("\"a\\\"b\",\"c\\\\\"\n", backslash).0.fields == [["a\\\"b", "c\\\\"]])
    let commented = CSVDialect(comment: UInt8(ascii: "#"))
    #expect(tokenize("#x,y,z\na,b\n#\nc,d", commented).0.fields == [["a", "b"], ["c", "d"]])
  }

  /// The unquoted fast path and the general state machine agree on random quote-free input, for every
  /// sink capacity and both ends of input.
  @Test func unquotedFastPathAgreesWithGeneral() {
    var rng = SplitMix(seed: 23)
    print("unquotedFastPathAgreesWithGeneral seed 23")
    let alphabet: [UInt8] = Array("ab1 ,;\t\r\n".utf8)
    for round in 0..<3000 {
      let bytes = (0..<rng.below(120)).map { _ in alphabet[rng.below(alphabet.count)] }
      let delimiter: UInt8 = [44, 59, 9][rng.below(3)]
      let dialect = CSVDialect(delimiter: delimiter, quote: nil)
      let columns = 1 + rng.below(3)
      let limit = 1 + rng.below(6)
      let isFinal = rng.below(2) == 0
      let from = bytes.isEmpty ? 0 : rng.below(bytes.count)
      let tokenizer = CSVTokenizer(dialect: dialect, columnCount: columns)
      var fast = RecordingSink(bytes: bytes, limit: limit)
      var general = RecordingSink(bytes: bytes, limit: limit)
      let (a, b) = bytes.withUnsafeBufferPointer { buffer in
        let p = buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!
        return (
          tokenizer.tokenizeUnquoted(p, count: buffer.count, from: from, isFinal: isFinal, into: &fast),
          tokenizer.tokenizeGeneral(p, count: buffer.count, from: from, isFinal: isFinal, into: &general)
        )
      }
      #expect(fast == general, "round \(round)")
      #expect(a.position == b.position && a.stoppedBySink == b.stoppedBySink, "round \(round)")
      if fast != general { return }
    }
  }
}
