// SQLPrinter: prints AST nodes back to SQL that parses to the same tree; names, literals and types here.

/// Prints the AST as SQL text.
///
/// The output is canonical, not a copy of the input: keywords upper case, one space between
/// tokens, `AS` before every alias, parentheses only where precedence needs them. The guarantee
/// is `parse(print(x)) == x` for every tree the parser produces. Used by `description`, EXPLAIN
/// output and the round-trip tests.
public enum SQLPrinter {
  /// A name, quoted if it was quoted or would not lex back as the same bare name.
  public static func identifier(_ identifier: Identifier) -> String {
    if !identifier.isQuoted && isBareIdentifier(identifier.name) { return identifier.name }
    return "\"" + identifier.name.replacing("\"", with: "\"\"") + "\""
  }

  /// An alias after AS, where non-reserved keywords need no quotes (`AS left`, `AS year`).
  public static func alias(_ alias: Identifier) -> String {
    if !alias.isQuoted, isWord(alias.name), Keyword(word: alias.name)?.category != .reserved { return alias.name }
    return identifier(alias)
  }

  static func isWord(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first else { return false }
    let lexer = Lexer("")
    return lexer.isIdentifierStart(first) && name.unicodeScalars.allSatisfy(lexer.isIdentifierContinue)
  }

  /// True if `name` lexes as one unquoted word that is not a reserved or function-name keyword.
  static func isBareIdentifier(_ name: String) -> Bool {
    guard isWord(name) else { return false }
    if let keyword = Keyword(word: name), keyword.category != .unreserved { return false }
    return true
  }

  public static func literal(_ literal: Literal) -> String {
    switch literal {
    case .null: "NULL"
    case .boolean(let value): value ? "TRUE" : "FALSE"
    case .integer(let text), .decimal(let text), .scientific(let text): text
    case .string(let value): stringLiteral(value)
    }
  }

  public static func stringLiteral(_ value: String) -> String {
    "'" + value.replacing("'", with: "''") + "'"
  }

  public static func type(_ type: TypeName) -> String {
    switch type.kind {
    case .named(let name, let parameters):
      parameters.isEmpty ? name : name + "(" + parameters.map(String.init).joined(separator: ", ") + ")"
    case .list(let element): self.type(element) + "[]"
    case .array(let element, let size): self.type(element) + "[\(size)]"
    case .structure(let fields):
      "STRUCT(" + fields.map { identifier($0.name) + " " + self.type($0.type) }.joined(separator: ", ") + ")"
    case .map(let key, let value): "MAP(" + self.type(key) + ", " + self.type(value) + ")"
    }
  }

  static func list<T>(_ items: [T], _ render: (T) -> String) -> String {
    items.map(render).joined(separator: ", ")
  }
}
