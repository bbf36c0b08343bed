// QueryEngine: the public entry point — parse a script, bind, optimize, plan and run each statement.
import TarnCore
import TarnFormats
import TarnSQL

/// The result of one statement: a schema and a stream of batches (empty for DDL).
public final class StatementResult {
  public let schema: Schema
  let root: PhysicalOperator?
  /// Whether this statement produces rows the CLI should print (queries, DESCRIBE, EXPLAIN).
  public let producesRows: Bool

  init(schema: Schema, root: PhysicalOperator?, producesRows: Bool) {
    self.schema = schema
    self.root = root
    self.producesRows = producesRows
  }

  /// The next batch of the result, or nil when done.
  public func next() throws(EngineError) -> RecordBatch? {
    guard let root, let chunk = try root.next() else { return nil }
    return RecordBatch(schema: schema, columns: chunk.columns.map(VectorFactory.flatten), count: chunk.count)
  }
}

/// Runs SQL statements against files and the tables and views a script creates.
public final class QueryEngine {
  public let catalog = EngineCatalog()
  public init() {}

  public func parse(_ sql: String) throws(EngineError) -> [Statement] {
    do { return try Parser.parse(script: sql) } catch { throw EngineError(.parse(error), at: error.span) }
  }

  /// Binds and optimizes a query into a logical plan.
  func plan(_ query: Query) throws(EngineError) -> (LogicalPlan, [String]) {
    let (plan, names) = try Binder(catalog: catalog).bindQuery(query)
    return (try Optimizer.optimize(plan), names)
  }

  /// Prepares one statement. DDL runs here; queries run as the result is pulled.
  public func execute(_ statement: Statement) throws(EngineError) -> StatementResult {
    do {
      return try executeUnlocated(statement)
    } catch {
      throw error.at(statement.span)
    }
  }

  private func executeUnlocated(_ statement: Statement) throws(EngineError) -> StatementResult {
    switch statement.kind {
    case .query(let query):
      let (plan, names) = try plan(query)
      return StatementResult(schema: Self.schema(plan, names), root: try PhysicalPlanner.plan(plan), producesRows: true)
    case .explain(let explain):
      guard case .query(let query) = explain.statement.kind else {
        throw EngineError.unsupported("EXPLAIN of statements other than queries", at: statement.span)
      }
      let (plan, _) = try plan(query)
      let text = VectorFactory.strings([plan.explainText])
      let schema = Schema([Field("explain_key", .string), Field("explain_value", .string)])
      return StatementResult(
        schema: schema, root: ValuesOperator(Chunk(columns: [VectorFactory.strings(["physical_plan"]), text], count: 1)), producesRows: true)
    case .describe(let describe):
      let query: Query
      switch describe.target {
      case .query(let q): query = q
      case .table(let ref):
        query = Query(body: .select(Select(items: [SelectItem(.star(Star()))], from: [ref])))
      }
      let (plan, names) = try plan(query)
      let types = plan.types
      // DuckDB's DESCRIBE columns; key, default and extra are always NULL for query results and files.
      let schema = Schema([
        Field("column_name", .string), Field("column_type", .string), Field("null", .string),
        Field("key", .string), Field("default", .string), Field("extra", .string),
      ])
      let none = VectorFactory.nulls(.string, count: names.count)
      let chunk = Chunk(
        columns: [VectorFactory.strings(names), VectorFactory.strings(types.map(\.sqlName)), VectorFactory.strings(names.map { _ in "YES" }), none, none, none],
        count: names.count)
      return StatementResult(schema: schema, root: ValuesOperator(chunk), producesRows: true)
    case .createView(let view):
      let key = view.name.last.name.lowercased()
      if catalog.views[key] != nil || catalog.tables[key] != nil, !view.orReplace {
        if view.ifNotExists { return StatementResult(schema: Schema([]), root: nil, producesRows: false) }
        throw EngineError(.catalog("View with name \"\(view.name.last.name)\" already exists!"), at: statement.span)
      }
      _ = try plan(view.query)  // validate now, as DuckDB does
      catalog.views[key] = (view.query, view.columns.map(\.name))
      catalog.tables[key] = nil
      return StatementResult(schema: Schema([]), root: nil, producesRows: false)
    case .createTable(let create):
      let key = create.name.last.name.lowercased()
      if catalog.views[key] != nil || catalog.tables[key] != nil, !create.orReplace {
        if create.ifNotExists { return StatementResult(schema: Schema([]), root: nil, producesRows: false) }
        throw EngineError(.catalog("Table with name \"\(create.name.last.name)\" already exists!"), at: statement.span)
      }
      let (plan, names) = try plan(create.query)
      let root = try PhysicalPlanner.plan(plan)
      var chunks: [Chunk] = []
      while let c = try root.next() { chunks.append(Chunk(columns: c.columns.map(VectorFactory.flatten), count: c.count)) }
      catalog.tables[key] = MemoryTable(name: create.name.last.name, schema: Self.schema(plan, names), chunks: chunks)
      catalog.views[key] = nil
      return StatementResult(schema: Schema([]), root: nil, producesRows: false)
    case .drop(let drop):
      let key = drop.name.last.name.lowercased()
      let existed = drop.objectType == .view ? catalog.views.removeValue(forKey: key) != nil : catalog.tables.removeValue(forKey: key) != nil
      if !existed && !drop.ifExists {
        throw EngineError(.catalog("\(drop.objectType == .view ? "View" : "Table") with name \(drop.name.last.name) does not exist!"), at: statement.span)
      }
      return StatementResult(schema: Schema([]), root: nil, producesRows: false)
    case .copy(let copy):
      try CopyTo.run(copy, engine: self)
      return StatementResult(schema: Schema([]), root: nil, producesRows: false)
    }
  }

  /// Writes a result to a Parquet file (zstd), atomically: the file appears only when complete.
  public func writeParquet(_ result: StatementResult, to path: String) throws(EngineError) {
    var options = try CopyOptions(CopyStatement(.table(QualifiedName([Identifier("result")]), columns: []), path: path))
    options.format = .parquet
    options.compression = .zstd
    try CopyTarget.open(path: path, schema: result.schema, options: options).writeAll(result)
  }

  static func schema(_ plan: LogicalPlan, _ names: [String]) -> Schema {
    Schema(zip(names, plan.types).map { Field($0.0, $0.1 == .null ? .int32 : $0.1) })
  }
}

extension Statement {
  /// Whether running this statement gives rows to print (queries, DESCRIBE, EXPLAIN), before running it.
  public var producesRows: Bool {
    switch kind {
    case .query, .describe, .explain: true
    case .createView, .createTable, .drop, .copy: false
    }
  }
}
