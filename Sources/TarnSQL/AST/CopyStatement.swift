// COPY statement: COPY (query) | table TO|FROM 'path' (option value, …).

/// `COPY (query) TO 'path' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (a, b), OVERWRITE)`,
/// `COPY table [(columns)] TO|FROM 'path' (…)`.
///
/// Options are kept generic — name and optional value — so new writer options need no parser change.
public struct CopyStatement: Sendable, Equatable {
  public enum Source: Sendable, Equatable {
    case query(Query)
    /// A table and optionally the columns to copy.
    case table(QualifiedName, columns: [Identifier])
  }
  public enum Direction: String, Sendable, Hashable {
    case to = "TO", from = "FROM"
  }
  public var source: Source
  public var direction: Direction
  public var path: String
  public var options: [CopyOption]

  public init(_ source: Source, direction: Direction = .to, path: String, options: [CopyOption] = []) {
    self.source = source
    self.direction = direction
    self.path = path
    self.options = options
  }
}

/// `NAME [value]` in a COPY option list.
public struct CopyOption: Sendable, Equatable {
  public enum Value: Sendable, Equatable {
    /// `FORMAT parquet` (a bare word is a one-part `.column`), `ROW_GROUP_SIZE 100000`,
    /// `DELIMITER '\t'`, `OVERWRITE true`, `COMPRESSION 'zstd'`.
    case expression(Expression)
    /// `PARTITION_BY (a, b)`.
    case list([Expression])
    /// `PARTITION_BY *`, `FORCE_QUOTE *`.
    case star
  }
  /// As written; DuckDB compares option names case-insensitively.
  public var name: Identifier
  /// Nil for a flag written alone: `HEADER`, `OVERWRITE`.
  public var value: Value?

  public init(_ name: Identifier, _ value: Value? = nil) {
    self.name = name
    self.value = value
  }

  /// The value as a word when it is a bare name or a string (`parquet`, `'zstd'`), for options like FORMAT.
  public var word: String? {
    guard case .expression(let expression) = value else { return nil }
    switch expression.kind {
    case .column(let name) where name.parts.count == 1: return name.parts[0].name
    case .literal(.string(let text)): return text
    default: return nil
    }
  }
}
