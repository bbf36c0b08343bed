// Parser for CREATE [OR REPLACE] [TEMP] VIEW/TABLE … AS query and DROP TABLE/VIEW.

extension Parser {
  mutating func parseCreate() throws(SQLError) -> Statement.Kind {
    advance()
    var orReplace = false
    if accept(.or) {
      try expect(.replace, "REPLACE after CREATE OR")
      orReplace = true
    }
    let isTemporary = accept(.temp) || accept(.temporary)
    let objectToken = current
    let isView: Bool
    if accept(.view) {
      isView = true
    } else if accept(.table) {
      isView = false
    } else if objectToken.kind == .word {
      let upper = objectToken.text.uppercased()
      if ["SCHEMA", "MACRO", "FUNCTION", "INDEX", "SEQUENCE", "TYPE", "SECRET", "DATABASE", "MATERIALIZED"]
        .contains(upper)
      {
        throw unsupported("CREATE \(upper) is not supported yet", at: objectToken.span)
      }
      if let keyword = Self.suggestion(for: objectToken.text, among: ["VIEW", "TABLE"]) {
        throw SQLError(.syntax, Self.nearMessage(objectToken), at: objectToken.span, hint: "did you mean \(keyword)?")
      }
      throw syntaxError(expected: "VIEW or TABLE after CREATE")
    } else {
      throw syntaxError(expected: "VIEW or TABLE after CREATE")
    }
    var ifNotExists = false
    if check(.if) {
      let ifToken = advance()
      try expect(.not, "NOT EXISTS after IF")
      try expect(.exists, "EXISTS after IF NOT")
      if orReplace {
        throw SQLError(
          .syntax, "cannot use both OR REPLACE and IF NOT EXISTS", at: span(from: ifToken.span.start),
          hint: "OR REPLACE overwrites an existing \(isView ? "view" : "table"); IF NOT EXISTS keeps it")
      }
      ifNotExists = true
    }
    let name = try parseQualifiedName(what: "a \(isView ? "view" : "table") name")
    if isView {
      var columns: [Identifier] = []
      if check(.leftParen) { columns = try parseNameList(what: "a column name") }
      try expect(.as, "AS and a query: CREATE VIEW name AS SELECT …")
      let query = try parseQueryAfterAs()
      return .createView(
        CreateViewStatement(
          name: name, columns: columns, query: query, orReplace: orReplace, isTemporary: isTemporary,
          ifNotExists: ifNotExists))
    }
    if check(.leftParen) {
      throw unsupported(
        "CREATE TABLE with column definitions is not supported yet", at: current.span,
        hint: "create the table from a query: CREATE TABLE name AS SELECT …")
    }
    try expect(.as, "AS and a query: CREATE TABLE name AS SELECT …")
    let query = try parseQueryAfterAs()
    return .createTable(
      CreateTableAsStatement(
        name: name, query: query, orReplace: orReplace, isTemporary: isTemporary, ifNotExists: ifNotExists))
  }

  mutating func parseQueryAfterAs() throws(SQLError) -> Query {
    guard isQueryStart(current) || check(.leftParen) else { throw syntaxError(expected: "a query after AS") }
    return try parseQuery()
  }

  /// `DROP TABLE|VIEW [IF EXISTS] name [CASCADE|RESTRICT]`.
  mutating func parseDrop() throws(SQLError) -> DropStatement {
    advance()
    let objectType: DropStatement.ObjectType
    if accept(.table) {
      objectType = .table
    } else if accept(.view) {
      objectType = .view
    } else if current.kind == .word,
      ["SCHEMA", "MACRO", "FUNCTION", "INDEX", "SEQUENCE", "TYPE", "SECRET", "DATABASE"].contains(current.text.uppercased())
    {
      throw unsupported("DROP \(current.text.uppercased()) is not supported yet", at: current.span)
    } else {
      throw syntaxError(expected: "TABLE or VIEW after DROP")
    }
    var ifExists = false
    if accept(.if) {
      try expect(.exists, "EXISTS after IF")
      ifExists = true
    }
    let name = try parseQualifiedName(what: "a \(objectType == .table ? "table" : "view") name")
    if check(.comma) {
      throw unsupported("dropping several objects at once is not supported yet", at: current.span)
    }
    var behavior: DropStatement.Behavior?
    if accept(.cascade) {
      behavior = .cascade
    } else if accept(.restrict) {
      behavior = .restrict
    }
    return DropStatement(objectType, name: name, ifExists: ifExists, behavior: behavior)
  }
}
