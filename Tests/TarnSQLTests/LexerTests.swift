// Lexer: token kinds, exact number text, strings and escapes, comments, Unicode names, bad characters.
import Testing
@testable import TarnSQL

private func kinds(_ sql: String) throws -> [Token.Kind] {
  try Lexer.tokenize(sql).map(\.kind)
}

private func texts(_ sql: String) throws -> [String] {
  try Lexer.tokenize(sql).dropLast().map(\.text)
}

@Test func wordsSymbolsAndEnd() throws {
  let tokens = try Lexer.tokenize("SELECT a, b::INT FROM t;")
  #expect(tokens.map(\.kind) == [
    .word, .word, .symbol(.comma), .word, .symbol(.doubleColon), .word, .word, .word, .symbol(.semicolon), .end,
  ])
  #expect(tokens[0].keyword == .select)
  #expect(tokens[1].keyword == nil)
  #expect(tokens[6].keyword == .from)
  #expect(tokens.last?.span == SourceSpan(start: 24, end: 24))
}

@Test func keywordsAreCaseInsensitiveAndKeepTheirSpelling() throws {
  let tokens = try Lexer.tokenize("select FrOm")
  #expect(tokens[0].keyword == .select)
  #expect(tokens[0].text == "select")
  #expect(tokens[1].keyword == .from)
  #expect(tokens[1].text == "FrOm")
}

@Test func spansAreByteOffsets() throws {
  let tokens = try Lexer.tokenize("  héllo  'x'")
  #expect(tokens[0].span == SourceSpan(start: 2, end: 8))
  #expect(tokens[1].span == SourceSpan(start: 10, end: 13))
}

@Test(arguments: [
  ("42", Token.Kind.integer), ("123456789012345678901234567890", .integer), ("1.50", .decimal), (".5", .decimal),
  ("3.", .decimal), ("1e10", .scientific), ("2.5E-3", .scientific), ("1E+4", .scientific), ("007", .integer),
])
func numbersKeepTheirExactText(sql: String, kind: Token.Kind) throws {
  let tokens = try Lexer.tokenize(sql)
  #expect(tokens.count == 2)
  #expect(tokens[0].kind == kind)
  #expect(tokens[0].text == sql)
}

@Test func numberFollowedByDotDotIsNotADecimal() throws {
  #expect(try texts("1..2") == ["1", ".", ".2"])
}

@Test func trailingJunkAfterNumberIsAnError() {
  #expect(throws: SQLError.self) { try Lexer.tokenize("SELECT 1abc") }
  do {
    _ = try Lexer.tokenize("SELECT 12abc")
  } catch {
    #expect(error.message == "trailing junk after numeric literal at or near \"12abc\"")
    #expect(error.span == SourceSpan(start: 7, end: 12))
  }
}

@Test func stringsUnescapeDoubledQuotes() throws {
  let tokens = try Lexer.tokenize("'it''s' ''")
  #expect(tokens[0].kind == .string)
  #expect(tokens[0].text == "it's")
  #expect(tokens[1].text == "")
  #expect(tokens[0].description == "'it''s'")
}

@Test func escapeStrings() throws {
  let tokens = try Lexer.tokenize(#"E'a\tb\n\'c\\ \x41\u00e9 \101' e'x'"#)
  #expect(tokens[0].kind == .string)
  #expect(tokens[0].text == "a\tb\n'c\\ Aé A")
  #expect(tokens[1].text == "x")
}

@Test func plainStringsKeepBackslashes() throws {
  #expect(try texts(#"'\t'"#) == [#"\t"#])
}

@Test func dollarQuotedStrings() throws {
  let tokens = try Lexer.tokenize("$$it's$$ $tag$a$$b$tag$")
  #expect(tokens[0].kind == .string)
  #expect(tokens[0].text == "it's")
  #expect(tokens[1].text == "a$$b")
}

@Test func quotedIdentifiers() throws {
  let tokens = try Lexer.tokenize(#""My ""Col""" "select""#)
  #expect(tokens[0].kind == .quotedIdentifier)
  #expect(tokens[0].text == #"My "Col""#)
  #expect(tokens[1].kind == .quotedIdentifier)
  #expect(tokens[1].keyword == nil)
}

@Test func commentsAreSkipped() throws {
  let sql = """
    SELECT -- line comment ; 'not a string'
    a /* block /* nested */ still comment */ + 1
    """
  #expect(try texts(sql) == ["SELECT", "a", "+", "1"])
}

@Test func minusMinusAtEndOfInputIsAComment() throws {
  #expect(try texts("a--") == ["a"])
}

@Test func unicodeIdentifiers() throws {
  let tokens = try Lexer.tokenize("SELECT größe, 名前, naïve_1, café$ FROM données")
  #expect(tokens.filter { $0.kind == .word }.map(\.text) == ["SELECT", "größe", "名前", "naïve_1", "café$", "FROM", "données"])
}

@Test func unicodeWhitespaceSeparatesTokens() throws {
  #expect(try texts("a\u{00A0}b") == ["a", "b"])
}

@Test(arguments: [
  ("::", Symbol.doubleColon), (":=", .colonEquals), ("=>", .equalsGreater), ("==", .doubleEquals),
  ("<>", .notEquals), ("!=", .bangEquals), ("<=", .lessEquals), (">=", .greaterEquals), ("||", .concat),
  ("//", .doubleSlash), ("**", .doubleStar), ("<<", .shiftLeft), (">>", .shiftRight), ("->>", .doubleArrow),
])
func multiCharacterOperators(sql: String, symbol: Symbol) throws {
  #expect(try kinds(sql) == [.symbol(symbol), .end])
}

@Test func operatorsWithoutSpaces() throws {
  #expect(try texts("a<=-1||'x'") == ["a", "<=", "-", "1", "||", "x"])
}

@Test func parameters() throws {
  #expect(try kinds("? $1 $name") == [.parameter, .parameter, .parameter, .end])
}

@Test func badCharacterReportsItsPosition() {
  do {
    _ = try Lexer.tokenize("SELECT a @ b")
    Issue.record("expected an error")
  } catch {
    #expect(error.kind == .syntax)
    #expect(error.message == "unexpected character \"@\"")
    #expect(error.span == SourceSpan(start: 9, end: 10))
  }
}

@Test func badUnicodeCharacterSpanCoversAllItsBytes() {
  do {
    _ = try Lexer.tokenize("SELECT € ")
    Issue.record("expected an error")
  } catch {
    #expect(error.message == "unexpected character \"€\"")
    #expect(error.span == SourceSpan(start: 7, end: 10))
  }
}

@Test func controlCharactersAreShownAsCodePoints() {
  do {
    _ = try Lexer.tokenize("SELECT \u{01}")
    Issue.record("expected an error")
  } catch {
    #expect(error.message == "unexpected character \"U+0001\"")
  }
}

@Test func unterminatedConstructs() {
  for (sql, message) in [
    ("SELECT 'abc", "unterminated quoted string at or near \"'abc\""),
    ("SELECT \"abc", "unterminated quoted identifier at or near \"\"abc\""),
    ("SELECT /* never closed", "unterminated /* comment"),
    ("SELECT $$abc", "unterminated dollar-quoted string at or near \"$$abc\""),
    ("SELECT \"\"", "zero-length delimited identifier at or near \"\"\"\""),
  ] {
    do {
      _ = try Lexer.tokenize(sql)
      Issue.record("expected an error for \(sql)")
    } catch {
      #expect(error.message == message)
      #expect(error.span.start == 7)
    }
  }
}
