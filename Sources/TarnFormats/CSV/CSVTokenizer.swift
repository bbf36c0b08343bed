// Splits CSV bytes into rows and fields (RFC 4180 plus escapes, comments, CRLF), reporting positions to a sink.

/// Receives the fields of each row as the tokenizer finds them.
protocol CSVFieldSink {
  /// False when the sink cannot take another row (its batch is full).
  var hasRoom: Bool { get }
  /// Field `index` of the current row spans `[start, end)`; `flags` has `CSVFieldFlags` bits.
  mutating func field(index: Int, start: Int, end: Int, flags: UInt8)
  /// The current row, which began at `rowStart`, ended with `fieldCount` fields (blank lines are
  /// never reported when the schema has more than one column). Returns false to stop tokenizing.
  mutating func endRow(rowStart: Int, fieldCount: Int) -> Bool
}

/// Bits of a field's flags byte.
enum CSVFieldFlags {
  /// The field was quoted: `[start, end)` excludes the quotes, and it is never null by default.
  static let quoted: UInt8 = 1
  /// The field holds doubled quotes or escape bytes that must be removed when it is copied.
  static let escaped: UInt8 = 2
}

/// Where and why tokenizing stopped early.
enum CSVTokenizerIssue: Equatable {
  /// A quoted field opened at `offset` never closes before the end of the input.
  case unterminatedQuote(offset: Int)
  /// Something other than a delimiter or line end follows a closing quote at `offset`.
  case unexpectedAfterQuote(offset: Int)
}

struct CSVTokenizerResult {
  /// The offset just past the last complete row consumed.
  var position: Int
  /// True when an unquoted field contained the quote byte (kept as data, as DuckDB does). Blocks split
  /// by quote parity may then be split in the wrong place; the reader re-reads with exact splitting.
  var sawStrayQuote = false
  var issue: CSVTokenizerIssue?
  /// True when the sink stopped the scan (full, or an error it recorded).
  var stoppedBySink = false
}

/// A byte-level CSV state machine. Runs of ordinary bytes are skipped 8 at a time (SWAR).
struct CSVTokenizer {
  let delimiter: UInt8
  let quote: UInt8
  let hasQuote: Bool
  let escape: UInt8
  let escapesByDoubling: Bool
  let comment: UInt8
  let hasComment: Bool
  let lineTerminator: UInt8
  let stripsCarriageReturn: Bool
  let columnCount: Int

  /// The same tokenizer for input known to hold no quote byte.
  var withoutQuotes: CSVTokenizer {
    var dialect = CSVDialect(
      delimiter: delimiter, quote: nil, escape: nil, comment: hasComment ? comment : nil, lineTerminator: lineTerminator)
    dialect.quote = nil
    return CSVTokenizer(dialect: dialect, columnCount: columnCount)
  }

  init(dialect: CSVDialect, columnCount: Int) {
    delimiter = dialect.delimiter
    hasQuote = dialect.quote != nil
    quote = dialect.quote ?? dialect.delimiter
    escapesByDoubling = dialect.escapesByDoubling
    escape = dialect.escape ?? quote
    hasComment = dialect.comment != nil
    comment = dialect.comment ?? 0
    lineTerminator = dialect.lineTerminator
    stripsCarriageReturn = dialect.lineTerminator == 10
    self.columnCount = columnCount
  }

  // MARK: SWAR helpers

  @inline(__always) static func broadcast(_ b: UInt8) -> UInt64 { UInt64(b) &* 0x0101_0101_0101_0101 }

  /// 0x80 in every byte of `x` that is zero, exactly (no false positives from borrows).
  @inline(__always) static func zeroBytes(_ x: UInt64) -> UInt64 {
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((x & low7) &+ low7) | x | low7)
  }

  /// Non-zero exactly when some byte of `x` is zero; which bytes it marks is inexact (a borrow can mark a byte above
  /// a zero one), so it answers "any" in one operation fewer than `zeroBytes`.
  @inline(__always) static func anyZeroByte(_ x: UInt64) -> UInt64 {
    (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
  }

  /// The first offset in `[i, n)` holding `a`, `b` or `c`, or `n`.
  @inline(__always)
  static func find3(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
    var i = i
    let ba = broadcast(a)
    let bb = broadcast(b)
    let bc = broadcast(c)
    let raw = UnsafeRawPointer(p)
    while i &+ 8 <= n {
      let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      let m = zeroBytes(w ^ ba) | zeroBytes(w ^ bb) | zeroBytes(w ^ bc)
      if m != 0 { return i &+ (m.trailingZeroBitCount &>> 3) }
      i &+= 8
    }
    while i < n {
      let x = p[i]
      if x == a || x == b || x == c { return i }
      i &+= 1
    }
    return n
  }

  /// The first offset in `[i, n)` holding `a` or `b`, or `n`.
  @inline(__always)
  static func find2(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ a: UInt8, _ b: UInt8) -> Int {
    var i = i
    let ba = broadcast(a)
    let bb = broadcast(b)
    let raw = UnsafeRawPointer(p)
    while i &+ 8 <= n {
      let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      let m = zeroBytes(w ^ ba) | zeroBytes(w ^ bb)
      if m != 0 { return i &+ (m.trailingZeroBitCount &>> 3) }
      i &+= 8
    }
    while i < n {
      let x = p[i]
      if x == a || x == b { return i }
      i &+= 1
    }
    return n
  }

  // MARK: Tokenizing

  /// Tokenizes complete rows of `p[0..<n]` starting at `from`, until the input ends or the sink is full.
  ///
  /// With `isFinal`, the end of the input ends the last row (and a quote still open is an error).
  /// Without it, a row cut off by the end is left for the next call: `position` stops at its start.
  @inline(__always)
  func tokenize<Sink: CSVFieldSink>(
    _ p: UnsafePointer<UInt8>, count n: Int, from: Int, isFinal: Bool, into sink: inout Sink
  ) -> CSVTokenizerResult {
    if !hasQuote, !hasComment { return tokenizeUnquoted(p, count: n, from: from, isFinal: isFinal, into: &sink) }
    return tokenizeGeneral(p, count: n, from: from, isFinal: isFinal, into: &sink)
  }

  /// The fast path for input without quotes or comments (most machine-written TSV): separators are
  /// found 8 bytes at a time and every separator of a word is taken from one load, so no search loop
  /// runs (and mispredicts) per field. Gives exactly what `tokenizeGeneral` gives on such input.
  @inline(__always)
  func tokenizeUnquoted<Sink: CSVFieldSink>(
    _ p: UnsafePointer<UInt8>, count n: Int, from: Int, isFinal: Bool, into sink: inout Sink
  ) -> CSVTokenizerResult {
    var result = CSVTokenizerResult(position: from)
    guard from < n else { return result }
    guard sink.hasRoom else {
      result.stoppedBySink = true
      return result
    }
    let d = delimiter
    let nl = lineTerminator
    let bd = Self.broadcast(d)
    let bn = Self.broadcast(nl)
    let raw = UnsafeRawPointer(p)

    /// 0x80 in each byte of `[at, at + 8)` (clipped to n) that is a delimiter or line terminator.
    @inline(__always) func separators(at: Int) -> UInt64 {
      if at &+ 8 <= n {
        let w = raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)
        return Self.zeroBytes(w ^ bd) | Self.zeroBytes(w ^ bn)
      }
      var m: UInt64 = 0
      var k = at
      while k < n {
        let x = p[k]
        if x == d || x == nl { m |= 0x80 &<< UInt64((k &- at) &<< 3) }
        k &+= 1
      }
      return m
    }

    var rowStart = from
    var fieldStart = from
    var fieldIndex = 0
    var wordStart = from
    var mask = separators(at: from)
    while true {
      while mask == 0 {
        wordStart &+= 8
        if wordStart >= n { break }
        mask = separators(at: wordStart)
      }
      if mask == 0 { break }
      let pos = wordStart &+ (mask.trailingZeroBitCount &>> 3)
      mask &= mask &- 1
      if p[pos] == d {
        sink.field(index: fieldIndex, start: fieldStart, end: pos, flags: 0)
        fieldIndex &+= 1
        fieldStart = pos &+ 1
        continue
      }
      var end = pos
      if stripsCarriageReturn, end > fieldStart, p[end &- 1] == 13 { end &-= 1 }
      let next = pos &+ 1
      result.position = next
      if fieldIndex == 0, end == fieldStart, columnCount > 1 {
        // A blank line is no row in a multi-column file (DuckDB skips them).
      } else {
        sink.field(index: fieldIndex, start: fieldStart, end: end, flags: 0)
        if !sink.endRow(rowStart: rowStart, fieldCount: fieldIndex &+ 1) {
          result.stoppedBySink = true
          return result
        }
      }
      fieldIndex = 0
      fieldStart = next
      rowStart = next
      if !sink.hasRoom {
        if next < n { result.stoppedBySink = true }
        return result
      }
    }
    // The input ended inside a row (no line terminator after it).
    guard rowStart < n, isFinal else { return result }
    var end = n
    if stripsCarriageReturn, end > fieldStart, p[end &- 1] == 13 { end &-= 1 }
    result.position = n
    if fieldIndex == 0, end == fieldStart, columnCount > 1 { return result }
    sink.field(index: fieldIndex, start: fieldStart, end: end, flags: 0)
    if !sink.endRow(rowStart: rowStart, fieldCount: fieldIndex &+ 1) { result.stoppedBySink = true }
    return result
  }

  @inline(__always)
  func tokenizeGeneral<Sink: CSVFieldSink>(
    _ p: UnsafePointer<UInt8>, count n: Int, from: Int, isFinal: Bool, into sink: inout Sink
  ) -> CSVTokenizerResult {
    var result = CSVTokenizerResult(position: from)
    var pos = from
    let d = delimiter
    let nl = lineTerminator
    // Without quoting, the quote search byte repeats the delimiter so it never matches anything new.
    let q = quote
    rows: while pos < n {
      guard sink.hasRoom else {
        result.stoppedBySink = true
        break
      }
      let rowStart = pos
      if hasComment, p[pos] == comment {
        let lineEnd = Self.find2(p, pos, n, nl, nl)
        if lineEnd >= n {
          if !isFinal { break rows }
          pos = n
        } else {
          pos = lineEnd &+ 1
        }
        result.position = pos
        continue rows
      }
      var fieldIndex = 0
      var lastFieldWasBlank = false
      fields: while true {
        if hasQuote, pos < n, p[pos] == q {
          // Quoted field.
          let open = pos
          pos &+= 1
          let start = pos
          var flags = CSVFieldFlags.quoted
          var end = 0
          quoted: while true {
            pos = Self.find2(p, pos, n, q, escape)
            if pos >= n {
              if isFinal { result.issue = .unterminatedQuote(offset: open) }
              break rows
            }
            if p[pos] == q {
              if escapesByDoubling {
                if pos &+ 1 < n {
                  if p[pos &+ 1] == q {
                    flags |= CSVFieldFlags.escaped
                    pos &+= 2
                    continue quoted
                  }
                } else if !isFinal {
                  break rows  // the next byte decides between `""` and a closing quote
                }
              }
              end = pos
              pos &+= 1
              break quoted
            }
            // An escape byte (distinct from the quote): it and the next byte are data.
            if pos &+ 1 >= n {
              if isFinal { result.issue = .unterminatedQuote(offset: open) }
              break rows
            }
            flags |= CSVFieldFlags.escaped
            pos &+= 2
          }
          while pos < n, p[pos] == 32 { pos &+= 1 }
          if pos >= n {
            if !isFinal { break rows }
            sink.field(index: fieldIndex, start: start, end: end, flags: flags)
            fieldIndex &+= 1
            break fields
          }
          let b = p[pos]
          if b == d {
            sink.field(index: fieldIndex, start: start, end: end, flags: flags)
            fieldIndex &+= 1
            pos &+= 1
            continue fields
          }
          if b == nl {
            sink.field(index: fieldIndex, start: start, end: end, flags: flags)
            fieldIndex &+= 1
            pos &+= 1
            break fields
          }
          if stripsCarriageReturn, b == 13 {
            if pos &+ 1 < n, p[pos &+ 1] == 10 {
              sink.field(index: fieldIndex, start: start, end: end, flags: flags)
              fieldIndex &+= 1
              pos &+= 2
              break fields
            }
            if pos &+ 1 >= n, !isFinal { break rows }
          }
          result.issue = .unexpectedAfterQuote(offset: pos)
          break rows
        } else {
          // Unquoted field: runs to the next delimiter or line end; quote bytes inside are data.
          let start = pos
          var stop: Int
          if hasQuote {
            stop = Self.find3(p, pos, n, d, nl, q)
            while stop < n, p[stop] == q, q != d {
              result.sawStrayQuote = true
              stop = Self.find3(p, stop &+ 1, n, d, nl, q)
            }
          } else {
            stop = Self.find2(p, pos, n, d, nl)
          }
          pos = stop
          if pos >= n {
            if !isFinal { break rows }
            var end = n
            if stripsCarriageReturn, end > start, p[end &- 1] == 13 { end &-= 1 }
            sink.field(index: fieldIndex, start: start, end: end, flags: 0)
            lastFieldWasBlank = fieldIndex == 0 && end == start
            fieldIndex &+= 1
            break fields
          }
          if p[pos] == d {
            sink.field(index: fieldIndex, start: start, end: pos, flags: 0)
            fieldIndex &+= 1
            pos &+= 1
            continue fields
          }
          var end = pos
          if stripsCarriageReturn, end > start, p[end &- 1] == 13 { end &-= 1 }
          sink.field(index: fieldIndex, start: start, end: end, flags: 0)
          lastFieldWasBlank = fieldIndex == 0 && end == start
          fieldIndex &+= 1
          pos &+= 1
          break fields
        }
      }
      result.position = pos
      // A blank line is no row in a multi-column file (DuckDB skips them); with one column it is a null.
      if lastFieldWasBlank, fieldIndex == 1, columnCount > 1 { continue rows }
      if !sink.endRow(rowStart: rowStart, fieldCount: fieldIndex) {
        result.stoppedBySink = true
        break rows
      }
    }
    return result
  }
}

/// A sink that keeps nothing: for finding row boundaries exactly.
struct CSVCountingSink: CSVFieldSink {
  var rows = 0
  var hasRoom: Bool { true }
  @inline(__always) mutating func field(index: Int, start: Int, end: Int, flags: UInt8) {}
  @inline(__always) mutating func endRow(rowStart: Int, fieldCount: Int) -> Bool {
    rows &+= 1
    return true
  }
}
