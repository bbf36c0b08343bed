// TypeName: a SQL type as written in CAST, ::, typed literals and STRUCT fields.

/// A type written in SQL: `INTEGER`, `DECIMAL(18, 3)`, `VARCHAR[]`, `STRUCT(a INT, b VARCHAR)`, `MAP(VARCHAR, INT)`.
///
/// Names are kept as written (`int4`, `Timestamp With Time Zone`) so printing gives back the
/// same text; `canonicalName` maps DuckDB's synonyms to one spelling for the binder.
/// Unknown names are not an error here: they may be user types; the binder decides.
public struct TypeName: Sendable, Equatable, CustomStringConvertible {
  public indirect enum Kind: Sendable, Equatable {
    /// A named type with optional integer modifiers: `DECIMAL(10, 2)`, `VARCHAR(20)`, `BIGINT`.
    /// Multi-word names (`DOUBLE PRECISION`, `TIMESTAMP WITH TIME ZONE`) are one string, words
    /// separated by single spaces.
    case named(String, parameters: [Int])
    /// `T[]`: a variable-length list.
    case list(TypeName)
    /// `T[n]`: a fixed-size array.
    case array(TypeName, size: Int)
    /// `STRUCT(name type, …)`.
    case structure([StructTypeField])
    /// `MAP(key, value)`.
    case map(key: TypeName, value: TypeName)
  }

  public var kind: Kind
  @IgnoredInEquality public var span: SourceSpan

  public init(_ kind: Kind, span: SourceSpan = .at(0)) {
    self.kind = kind
    self.span = span
  }

  /// A plain named type, for tests and hand-built trees.
  public static func named(_ name: String, _ parameters: Int...) -> TypeName {
    TypeName(.named(name, parameters: parameters))
  }

  /// DuckDB's canonical name for a built-in scalar type (`int4` → `INTEGER`, `TEXT` → `VARCHAR`),
  /// or nil for nested types and names that are not built in.
  public var canonicalName: String? {
    guard case .named(let name, _) = kind else { return nil }
    return Self.canonicalNames[name.uppercased()]
  }

  static let canonicalNames: [String: String] = {
    var table: [String: String] = [:]
    func add(_ canonical: String, _ synonyms: String...) {
      table[canonical] = canonical
      for synonym in synonyms { table[synonym] = canonical }
    }
    add("BOOLEAN", "BOOL", "LOGICAL")
    add("TINYINT", "INT1")
    add("SMALLINT", "INT2", "SHORT")
    add("INTEGER", "INT", "INT4", "SIGNED")
    add("BIGINT", "INT8", "LONG")
    add("HUGEINT", "INT128")
    add("UTINYINT", "UINT8")
    add("USMALLINT", "UINT16")
    add("UINTEGER", "UINT32")
    add("UBIGINT", "UINT64")
    add("UHUGEINT", "UINT128")
    add("FLOAT", "REAL", "FLOAT4")
    add("DOUBLE", "FLOAT8", "DOUBLE PRECISION")
    add("DECIMAL", "NUMERIC", "DEC")
    add("VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR", "CHARACTER", "CHARACTER VARYING", "NVARCHAR")
    add("BLOB", "BYTEA", "BINARY", "VARBINARY")
    add("DATE")
    add("TIME", "TIME WITHOUT TIME ZONE")
    add("TIME WITH TIME ZONE", "TIMETZ")
    add("TIMESTAMP", "DATETIME", "TIMESTAMP WITHOUT TIME ZONE")
    add("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ")
    add("TIMESTAMP_S")
    add("TIMESTAMP_MS")
    add("TIMESTAMP_NS")
    add("INTERVAL")
    add("UUID")
    add("JSON")
    add("BIT", "BITSTRING")
    return table
  }()

  public var description: String { SQLPrinter.type(self) }
}

/// One `name type` field of a `STRUCT(…)` type.
public struct StructTypeField: Sendable, Equatable {
  public var name: Identifier
  public var type: TypeName

  public init(name: Identifier, type: TypeName) {
    self.name = name
    self.type = type
  }
}
