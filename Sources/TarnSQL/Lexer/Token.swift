// Token: one lexical unit of SQL text — a word, literal, or symbol — with its source span.

/// A token produced by `Lexer`.
public struct Token: Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// An unquoted word: a keyword or a name. `text` is as written.
    case word
    /// `"name"`; `text` is the name with `""` unescaped.
    case quotedIdentifier
    /// `'text'`, `E'text'` or `$$text$$`; `text` is the value with escapes resolved.
    case string
    /// Digits only; `text` is as written (arbitrarily long).
    case integer
    /// Digits with a decimal point and no exponent, e.g. `1.50`, `.5`; `text` as written.
    case decimal
    /// A number with an exponent, e.g. `1e10`, `2.5E-3`; `text` as written.
    case scientific
    /// `?`, `$1` or `$name`: a prepared-statement parameter.
    case parameter
    case symbol(Symbol)
    /// After the last token; its span is empty, at the end of the text.
    case end
  }

  public var kind: Kind
  public var text: String
  /// The keyword an unquoted word spells, if any.
  public var keyword: Keyword?
  public var span: SourceSpan

  public init(kind: Kind, text: String, keyword: Keyword? = nil, span: SourceSpan) {
    self.kind = kind
    self.text = text
    self.keyword = keyword
    self.span = span
  }

  public func isSymbol(_ symbol: Symbol) -> Bool { kind == .symbol(symbol) }

  /// How error messages quote this token: `"FROM"`, `"'abc'"`; the end of input has no text.
  public var description: String {
    switch kind {
    case .end: "end of input"
    case .string: "'" + text.replacing("'", with: "''") + "'"
    case .quotedIdentifier: "\"" + text.replacing("\"", with: "\"\"") + "\""
    default: text
    }
  }
}

/// Punctuation and operators.
public enum Symbol: String, Sendable, CaseIterable {
  case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
  case leftBrace = "{", rightBrace = "}", comma = ",", semicolon = ";", dot = "."
  case colon = ":", doubleColon = "::", colonEquals = ":=", equalsGreater = "=>"
  case plus = "+", minus = "-", star = "*", slash = "/", doubleSlash = "//", percent = "%"
  case caret = "^", doubleStar = "**", concat = "||"
  case equals = "=", doubleEquals = "==", notEquals = "<>", bangEquals = "!="
  case less = "<", lessEquals = "<=", greater = ">", greaterEquals = ">="
  case ampersand = "&", pipe = "|", shiftLeft = "<<", shiftRight = ">>", tilde = "~"
  case arrow = "->", doubleArrow = "->>"
}
