// SQLError rendering: the message, the SQL line with a caret under the error column, and the hint.

extension SQLError {
  /// Lines longer than this many characters are cut around the caret, PostgreSQL-style, with `...`.
  static let maxRenderedLineWidth = 80

  /// Prints the error against the SQL it came from:
  /// ```
  /// Parser Error: syntax error at or near "FORM"
  /// LINE 1: SELECT a FORM t
  ///                  ^
  /// HINT: did you mean FROM?
  /// ```
  /// The column counts characters, not bytes, so the caret lines up under non-ASCII text.
  /// Tabs are shown as single spaces so the caret stays aligned.
  /// - Precondition: `sql` is the text this error was produced from.
  public func rendered(in sql: String) -> String {
    var out = "\(label): \(message)\n"
    let (lineNumber, lineText, column) = Self.locate(byteOffset: span.start, in: sql)
    let (shown, caretColumn) = Self.window(of: lineText, around: column)
    let prefix = "LINE \(lineNumber): "
    out += prefix + shown + "\n"
    out += String(repeating: " ", count: prefix.count + caretColumn) + "^"
    if let hint { out += "\nHINT: \(hint)" }
    return out
  }

  /// The 1-based line number, the line's text (tabs as spaces) and the 0-based character column of `byteOffset`.
  static func locate(byteOffset: Int, in sql: String) -> (line: Int, text: String, column: Int) {
    let bytes = Array(sql.utf8)
    let offset = min(max(byteOffset, 0), bytes.count)
    var lineStart = 0
    var lineNumber = 1
    for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
      lineNumber += 1
      lineStart = i + 1
    }
    var lineEnd = offset
    while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
    var visibleEnd = lineEnd
    if visibleEnd > lineStart, bytes[visibleEnd - 1] == UInt8(ascii: "\r") { visibleEnd -= 1 }
    func clean(_ slice: ArraySlice<UInt8>) -> String {
      String(decoding: slice, as: UTF8.self).replacing("\t", with: " ")
    }
    let text = clean(bytes[lineStart..<max(visibleEnd, lineStart)])
    let column = clean(bytes[lineStart..<offset]).count
    return (lineNumber, text, column)
  }

  /// Cuts `line` to about `maxRenderedLineWidth` characters around `column`; returns the shown text and the caret's column in it.
  static func window(of line: String, around column: Int) -> (text: String, column: Int) {
    let characters = Array(line)
    let width = maxRenderedLineWidth
    guard characters.count > width else { return (line, column) }
    var start = max(0, column - width / 2)
    let end = min(characters.count, start + width)
    start = max(0, min(start, end - width))
    var text = String(characters[start..<end])
    var caret = column - start
    if start > 0 {
      text = "..." + text
      caret += 3
    }
    if end < characters.count { text += "..." }
    return (text, caret)
  }
}
