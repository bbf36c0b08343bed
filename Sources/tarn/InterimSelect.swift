// A stand-in for the SQL engine (issue #5): `SELECT *|cols FROM 'file.parquet' [LIMIT n]` only.

/// The one query shape `tarn query` understands until TarnSQL and TarnEngine exist.
struct InterimSelect: Equatable {
  var columns: [String]?  // nil for *
  var path: String
  var limit: Int?

  struct ParseError: Error, CustomStringConvertible {
    var message: String
    var position: Int
    var sql: String
    var description: String { "\(message) at position \(position + 1) of the SQL" }
  }

  private enum Token: Equatable {
    case word(String)  // keyword or bare identifier, as written
    case quotedIdentifier(String)
    case string(String)
    case number(Int)
    case symbol(Character)
  }

  static func parse(_ sql: String) throws -> InterimSelect {
    let tokens = try tokenize(sql)
    var index = 0
    func fail(_ message: String) -> ParseError {
      ParseError(message: message, position: index < tokens.count ? tokens[index].1 : sql.count, sql: sql)
    }
    func keyword(_ word: String) -> Bool {
      if index < tokens.count, case .word(let w) = tokens[index].0, w.uppercased() == word { index += 1; return true }
      return false
    }
    guard keyword("SELECT") else { throw fail("expected SELECT") }
    var columns: [String]? = []
    if index < tokens.count, tokens[index].0 == .symbol("*") {
      columns = nil
      index += 1
    } else {
      repeat {
        guard index < tokens.count else { throw fail("expected a column name") }
        switch tokens[index].0 {
        case .word(let name), .quotedIdentifier(let name): columns!.append(name)
        default: throw fail("expected a column name")
        }
        index += 1
      } while index < tokens.count && tokens[index].0 == .symbol(",") && { index += 1; return true }()
    }
    guard keyword("FROM") else { throw fail("expected FROM") }
    guard index < tokens.count, case .string(let path) = tokens[index].0 else {
      throw fail("expected a quoted file path")
    }
    index += 1
    var limit: Int? = nil
    if keyword("LIMIT") {
      guard index < tokens.count, case .number(let n) = tokens[index].0 else { throw fail("expected a number") }
      limit = n
      index += 1
    }
    if index < tokens.count, tokens[index].0 == .symbol(";") { index += 1 }
    guard index == tokens.count else {
      throw fail("this build understands only SELECT *|columns FROM 'file' [LIMIT n]")
    }
    return InterimSelect(columns: columns, path: path, limit: limit)
  }

  private static func tokenize(_ sql: String) throws -> [(Token, Int)] {
    let chars = Array(sql)
    var tokens: [(Token, Int)] = []
    var i = 0
    while i < chars.count {
      let c = chars[i]
      let start = i
      if c.isWhitespace { i += 1; continue }
      if c == "'" || c == "\"" {
        var text = ""
        i += 1
        while true {
          guard i < chars.count else {
            throw ParseError(message: "unterminated \(c == "'" ? "string" : "identifier")", position: start, sql: sql)
          }
          if chars[i] == c {
            if i + 1 < chars.count && chars[i + 1] == c { text.append(c); i += 2; continue }
            i += 1
            break
          }
          text.append(chars[i])
          i += 1
        }
        tokens.append((c == "'" ? .string(text) : .quotedIdentifier(text), start))
      } else if c.isLetter || c == "_" {
        var word = ""
        while i < chars.count && (chars[i].isLetter || chars[i].isNumber || chars[i] == "_") { word.append(chars[i]); i += 1 }
        tokens.append((.word(word), start))
      } else if c.isNumber {
        var digits = ""
        while i < chars.count && chars[i].isNumber { digits.append(chars[i]); i += 1 }
        guard let n = Int(digits) else { throw ParseError(message: "number too large", position: start, sql: sql) }
        tokens.append((.number(n), start))
      } else if "*,;".contains(c) {
        tokens.append((.symbol(c), start))
        i += 1
      } else {
        throw ParseError(message: "unexpected character '\(c)'", position: start, sql: sql)
      }
    }
    return tokens
  }
}
