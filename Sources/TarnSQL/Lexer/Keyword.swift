// Keyword: the SQL words the parser recognizes, and which of them may also name a column or table.

/// A word with meaning to the parser. The lexer tags unquoted words with their keyword;
/// the parser decides from context whether an *unreserved* keyword is a keyword or a name.
///
/// The categories follow DuckDB's grammar (`third_party/libpg_query/grammar/keywords/*.list`):
/// reserved words can never be unquoted names; "function-name" words (`LEFT`, `LIKE`, `JOIN`, …)
/// may name functions and types but not columns, tables or aliases; everything else is unreserved.
public enum Keyword: String, Sendable, CaseIterable {
  // Reserved.
  case all = "ALL", analyse = "ANALYSE", analyze = "ANALYZE", and = "AND", any = "ANY", array = "ARRAY"
  case `as` = "AS", asc = "ASC", asymmetric = "ASYMMETRIC", both = "BOTH", `case` = "CASE", cast = "CAST"
  case check = "CHECK", collate = "COLLATE", column = "COLUMN", constraint = "CONSTRAINT", create = "CREATE"
  case `default` = "DEFAULT", deferrable = "DEFERRABLE", desc = "DESC", distinct = "DISTINCT", `do` = "DO"
  case `else` = "ELSE", end = "END", except = "EXCEPT", `false` = "FALSE", fetch = "FETCH", `for` = "FOR"
  case foreign = "FOREIGN", from = "FROM", grant = "GRANT", group = "GROUP", having = "HAVING"
  case qualify = "QUALIFY", `in` = "IN", initially = "INITIALLY", intersect = "INTERSECT", into = "INTO"
  case lateral = "LATERAL", leading = "LEADING", limit = "LIMIT", not = "NOT", null = "NULL"
  case offset = "OFFSET", on = "ON", only = "ONLY", or = "OR", order = "ORDER", pivot = "PIVOT"
  case pivotWider = "PIVOT_WIDER", pivotLonger = "PIVOT_LONGER", placing = "PLACING", primary = "PRIMARY"
  case references = "REFERENCES", returning = "RETURNING", select = "SELECT", some = "SOME"
  case symmetric = "SYMMETRIC", table = "TABLE", then = "THEN", to = "TO", trailing = "TRAILING"
  case `true` = "TRUE", union = "UNION", unique = "UNIQUE", unpivot = "UNPIVOT", using = "USING"
  case variadic = "VARIADIC", when = "WHEN", `where` = "WHERE", window = "WINDOW", with = "WITH"

  // Function-name keywords: fine as function or type names, not as column names or aliases.
  case asof = "ASOF", authorization = "AUTHORIZATION", binary = "BINARY", collation = "COLLATION"
  case concurrently = "CONCURRENTLY", cross = "CROSS", freeze = "FREEZE", full = "FULL"
  case generated = "GENERATED", glob = "GLOB", ilike = "ILIKE", inner = "INNER", `is` = "IS"
  case isnull = "ISNULL", join = "JOIN", left = "LEFT", like = "LIKE", natural = "NATURAL"
  case notnull = "NOTNULL", outer = "OUTER", overlaps = "OVERLAPS", positional = "POSITIONAL"
  case right = "RIGHT", similar = "SIMILAR", tablesample = "TABLESAMPLE", verbose = "VERBOSE"

  // Unreserved: keywords only where the grammar expects them, names everywhere else.
  case anti = "ANTI", at = "AT", between = "BETWEEN", by = "BY", cascade = "CASCADE"
  case character = "CHARACTER", copy = "COPY", describe = "DESCRIBE", double = "DOUBLE", drop = "DROP"
  case escape = "ESCAPE", exclude = "EXCLUDE", exists = "EXISTS", explain = "EXPLAIN", extract = "EXTRACT"
  case filter = "FILTER", first = "FIRST", `if` = "IF", interval = "INTERVAL", last = "LAST"
  case materialized = "MATERIALIZED", name = "NAME", nulls = "NULLS", over = "OVER"
  case precision = "PRECISION", recursive = "RECURSIVE", rename = "RENAME", replace = "REPLACE"
  case restrict = "RESTRICT", row = "ROW", rows = "ROWS", sample = "SAMPLE", semi = "SEMI", show = "SHOW"
  case summarize = "SUMMARIZE", temp = "TEMP", temporary = "TEMPORARY", time = "TIME"
  case timestamp = "TIMESTAMP", tryCast = "TRY_CAST", unknown = "UNKNOWN", values = "VALUES"
  case varying = "VARYING", view = "VIEW", within = "WITHIN", without = "WITHOUT", zone = "ZONE"

  public enum Category: Sendable, Equatable {
    case reserved
    case functionName
    case unreserved
  }

  public var category: Category {
    switch self {
    case .all, .analyse, .analyze, .and, .any, .array, .as, .asc, .asymmetric, .both, .case, .cast, .check,
      .collate, .column, .constraint, .create, .default, .deferrable, .desc, .distinct, .do, .else, .end,
      .except, .false, .fetch, .for, .foreign, .from, .grant, .group, .having, .qualify, .in, .initially,
      .intersect, .into, .lateral, .leading, .limit, .not, .null, .offset, .on, .only, .or, .order, .pivot,
      .pivotWider, .pivotLonger, .placing, .primary, .references, .returning, .select, .some, .symmetric,
      .table, .then, .to, .trailing, .true, .union, .unique, .unpivot, .using, .variadic, .when, .where,
      .window, .with:
      .reserved
    case .asof, .authorization, .binary, .collation, .concurrently, .cross, .freeze, .full, .generated,
      .glob, .ilike, .inner, .is, .isnull, .join, .left, .like, .natural, .notnull, .outer, .overlaps,
      .positional, .right, .similar, .tablesample, .verbose:
      .functionName
    default:
      .unreserved
    }
  }

  /// Looks up an unquoted word, case-insensitively.
  public init?(word: some StringProtocol) {
    guard word.utf8.count <= Self.longest, let keyword = Self.lookup[word.uppercased()] else { return nil }
    self = keyword
  }

  private static let lookup: [String: Keyword] = Dictionary(
    uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
  private static let longest = allCases.map(\.rawValue.utf8.count).max() ?? 0
}
