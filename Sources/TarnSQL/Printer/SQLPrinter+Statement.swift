// SQLPrinter for statements: CREATE, DROP, DESCRIBE, EXPLAIN, COPY, and whole scripts.

extension SQLPrinter {
  public static func statement(_ statement: Statement) -> String {
    switch statement.kind {
    case .query(let query):
      return self.query(query)
    case .createView(let create):
      var text = "CREATE " + (create.orReplace ? "OR REPLACE " : "") + (create.isTemporary ? "TEMPORARY " : "")
      text += "VIEW " + (create.ifNotExists ? "IF NOT EXISTS " : "") + create.name.description
      if !create.columns.isEmpty { text += "(" + list(create.columns, identifier) + ")" }
      return text + " AS " + query(create.query)
    case .createTable(let create):
      var text = "CREATE " + (create.orReplace ? "OR REPLACE " : "") + (create.isTemporary ? "TEMPORARY " : "")
      text += "TABLE " + (create.ifNotExists ? "IF NOT EXISTS " : "") + create.name.description
      return text + " AS " + query(create.query)
    case .drop(let drop):
      var text = "DROP " + drop.objectType.rawValue + " " + (drop.ifExists ? "IF EXISTS " : "") + drop.name.description
      if let behavior = drop.behavior { text += " " + behavior.rawValue }
      return text
    case .describe(let describe):
      switch describe.target {
      case .query(let query): return "DESCRIBE " + self.query(query)
      case .table(let table): return "DESCRIBE " + tableReference(table)
      }
    case .explain(let explain):
      return "EXPLAIN " + (explain.isAnalyze ? "ANALYZE " : "") + self.statement(explain.statement)
    case .copy(let copy):
      var text = "COPY "
      switch copy.source {
      case .query(let query): text += "(" + self.query(query) + ")"
      case .table(let name, let columns):
        text += name.description
        if !columns.isEmpty { text += " (" + list(columns, identifier) + ")" }
      }
      text += " " + copy.direction.rawValue + " " + stringLiteral(copy.path)
      if !copy.options.isEmpty { text += " (" + list(copy.options, copyOption) + ")" }
      return text
    }
  }

  static func copyOption(_ option: CopyOption) -> String {
    // Option names may be keywords (`NULL 'NA'`, `ESCAPE '\\'`); any word is fine there.
    let name = option.name.isQuoted ? identifier(option.name) : option.name.name
    switch option.value {
    case nil: return name
    case .star?: return name + " *"
    case .list(let values)?: return name + " (" + list(values, expression) + ")"
    case .expression(let value)?: return name + " " + expression(value)
    }
  }

  /// Statements separated by `;\n`, each ending with `;`.
  public static func script(_ statements: [Statement]) -> String {
    statements.map { statement($0) + ";" }.joined(separator: "\n")
  }
}
