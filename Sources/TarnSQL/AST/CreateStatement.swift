// CREATE statements: CREATE [OR REPLACE] [TEMP] VIEW … AS query and CREATE [OR REPLACE] [TEMP] TABLE … AS query.

/// `CREATE [OR REPLACE] [TEMP|TEMPORARY] VIEW [IF NOT EXISTS] name [(columns)] AS query`.
public struct CreateViewStatement: Sendable, Equatable {
  public var orReplace: Bool
  public var isTemporary: Bool
  public var ifNotExists: Bool
  public var name: QualifiedName
  /// Renames the query's output columns; empty when not given.
  public var columns: [Identifier]
  public var query: Query

  public init(
    name: QualifiedName, columns: [Identifier] = [], query: Query, orReplace: Bool = false,
    isTemporary: Bool = false, ifNotExists: Bool = false
  ) {
    self.orReplace = orReplace
    self.isTemporary = isTemporary
    self.ifNotExists = ifNotExists
    self.name = name
    self.columns = columns
    self.query = query
  }
}

/// `CREATE [OR REPLACE] [TEMP|TEMPORARY] TABLE [IF NOT EXISTS] name AS query`.
///
/// Tables with column definitions (`CREATE TABLE t (a INT)`) are not supported yet.
public struct CreateTableAsStatement: Sendable, Equatable {
  public var orReplace: Bool
  public var isTemporary: Bool
  public var ifNotExists: Bool
  public var name: QualifiedName
  public var query: Query

  public init(name: QualifiedName, query: Query, orReplace: Bool = false, isTemporary: Bool = false, ifNotExists: Bool = false) {
    self.orReplace = orReplace
    self.isTemporary = isTemporary
    self.ifNotExists = ifNotExists
    self.name = name
    self.query = query
  }
}
