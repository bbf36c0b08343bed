// SourceSpan: a half-open range of UTF-8 byte offsets into the SQL text a node or error came from.

/// Where a token, AST node or error sits in the SQL text, as UTF-8 byte offsets.
///
/// Byte offsets (not `String.Index`) so spans survive copying the text, are cheap to store
/// in every node, and mean the same thing to a C client. `end` is exclusive; an empty span
/// (`start == end`) marks a position, e.g. the end of the input.
public struct SourceSpan: Sendable, Hashable, CustomStringConvertible {
  public var start: Int
  public var end: Int

  public init(start: Int, end: Int) {
    precondition(start <= end, "SourceSpan start must not be after its end")
    self.start = start
    self.end = end
  }

  public init(_ range: Range<Int>) {
    self.start = range.lowerBound
    self.end = range.upperBound
  }

  /// An empty span at `offset`.
  public static func at(_ offset: Int) -> SourceSpan { SourceSpan(start: offset, end: offset) }

  public var range: Range<Int> { start..<end }
  public var isEmpty: Bool { start == end }
  public var length: Int { end - start }

  /// The smallest span covering both.
  public func union(_ other: SourceSpan) -> SourceSpan {
    SourceSpan(start: Swift.min(start, other.start), end: Swift.max(end, other.end))
  }

  /// The text this span covers in `sql` (the string it was parsed from).
  public func text(in sql: String) -> String {
    let utf8 = sql.utf8
    let clampedStart = Swift.min(start, utf8.count)
    let clampedEnd = Swift.min(end, utf8.count)
    let lower = utf8.index(utf8.startIndex, offsetBy: clampedStart)
    let upper = utf8.index(utf8.startIndex, offsetBy: clampedEnd)
    return String(decoding: utf8[lower..<upper], as: UTF8.self)
  }

  public var description: String { "\(start)..<\(end)" }
}
