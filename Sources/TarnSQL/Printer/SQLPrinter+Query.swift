// SQLPrinter for queries: WITH, set operations (INTERSECT binds tighter), SELECT blocks and FROM items.

extension SQLPrinter {
  public static func query(_ query: Query) -> String {
    var text = ""
    if !query.with.isEmpty {
      text += "WITH " + list(query.with, commonTableExpression) + " "
    }
    text += body(query.body)
    if let orderBy = query.orderBy { text += " " + self.orderBy(orderBy) }
    if let limit = query.limit { text += " LIMIT " + expression(limit) }
    if let offset = query.offset { text += " OFFSET " + expression(offset) }
    return text
  }

  static func commonTableExpression(_ cte: CommonTableExpression) -> String {
    var text = identifier(cte.name)
    if !cte.columns.isEmpty { text += "(" + list(cte.columns, identifier) + ")" }
    text += " AS "
    switch cte.isMaterialized {
    case true?: text += "MATERIALIZED "
    case false?: text += "NOT MATERIALIZED "
    case nil: break
    }
    return text + "(" + query(cte.query) + ")"
  }

  static func orderBy(_ orderBy: OrderBy) -> String {
    switch orderBy.kind {
    case .items(let items):
      return "ORDER BY " + list(items, orderItem)
    case .all(let direction, let nulls):
      var text = "ORDER BY ALL"
      if let direction { text += " " + direction.rawValue }
      if let nulls { text += " " + nulls.rawValue }
      return text
    }
  }

  /// UNION and EXCEPT bind alike; INTERSECT binds tighter.
  static func setPrecedence(_ body: QueryBody) -> Int {
    guard case .setOperation(let operation) = body else { return 3 }
    return operation.op == .intersect ? 2 : 1
  }

  public static func body(_ body: QueryBody) -> String {
    switch body {
    case .select(let select):
      return self.select(select)
    case .values(let values):
      return "VALUES " + list(values.rows) { "(" + list($0, expression) + ")" }
    case .nested(let query):
      return "(" + self.query(query) + ")"
    case .setOperation(let operation):
      let level = setPrecedence(body)
      var left = self.body(operation.left)
      if setPrecedence(operation.left) < level { left = "(" + left + ")" }
      var right = self.body(operation.right)
      if setPrecedence(operation.right) <= level { right = "(" + right + ")" }
      var op = operation.op.rawValue
      if operation.isAll { op += " ALL" }
      if operation.isByName { op += " BY NAME" }
      return left + " " + op + " " + right
    }
  }

  public static func select(_ select: Select) -> String {
    var text = "SELECT "
    switch select.distinct {
    case .distinct?: text += "DISTINCT "
    case .on(let expressions)?: text += "DISTINCT ON (" + list(expressions, expression) + ") "
    case nil: break
    }
    text += list(select.items, selectItem)
    if !select.from.isEmpty { text += " FROM " + list(select.from, tableReference) }
    if let condition = select.whereClause { text += " WHERE " + expression(condition) }
    switch select.groupBy?.kind {
    case .all?: text += " GROUP BY ALL"
    case .expressions(let expressions)?: text += " GROUP BY " + list(expressions, expression)
    case nil: break
    }
    if let having = select.having { text += " HAVING " + expression(having) }
    if let qualify = select.qualify { text += " QUALIFY " + expression(qualify) }
    return text
  }

  static func selectItem(_ item: SelectItem) -> String {
    switch item.kind {
    case .expression(let expression, let alias):
      return self.expression(expression) + (alias.map { " AS " + self.alias($0) } ?? "")
    case .star(let star):
      var text = (star.qualifier.map { $0.description + "." } ?? "") + "*"
      if !star.exclude.isEmpty { text += " EXCLUDE (" + list(star.exclude, \.description) + ")" }
      if !star.replace.isEmpty {
        text += " REPLACE (" + list(star.replace) { expression($0.expression) + " AS " + identifier($0.name) } + ")"
      }
      return text
    }
  }

  public static func tableReference(_ table: TableReference) -> String {
    var text: String
    switch table.kind {
    case .table(let name):
      text = name.description
    case .path(let path):
      text = stringLiteral(path)
    case .function(let call):
      text = call.name.description + "(" + list(call.arguments, argument) + ")"
    case .subquery(let query):
      text = "(" + self.query(query) + ")"
    case .join(let join):
      text = tableReference(join.left)
      text += join.isNatural ? " NATURAL " : " "
      text += join.kind.rawValue + " "
      var right = tableReference(join.right)
      if case .join = join.right.kind, join.right.alias == nil { right = "(" + right + ")" }
      text += right
      switch join.condition {
      case .on(let condition)?: text += " ON " + expression(condition)
      case .using(let columns)?: text += " USING (" + list(columns, identifier) + ")"
      case nil: break
      }
      if table.alias != nil { text = "(" + text + ")" }
    }
    if let alias = table.alias {
      text += " AS " + self.alias(alias.name)
      if !alias.columns.isEmpty { text += "(" + list(alias.columns, identifier) + ")" }
    }
    return text
  }
}
