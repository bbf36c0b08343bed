// BindScope: the tables visible to an expression — their aliases and columns — and name lookup with suggestions.
import TarnCore
import TarnSQL

struct ScopeColumn {
  var name: String
  var binding: ColumnBinding
  var type: DataType
  /// A USING column of a join's right side: reachable as `t.name` (and `t.*`) only, not by `name` or `*`.
  var isQualifiedOnly = false
  /// A FULL JOIN's USING column: a bare `name` and `*` mean this COALESCE of both sides instead of `binding`.
  var merged: (binding: ColumnBinding, type: DataType)? = nil

  init(name: String, binding: ColumnBinding, type: DataType) {
    self.name = name
    self.binding = binding
    self.type = type
  }

  /// The column as an unqualified name or `*` sees it.
  var unqualified: ScopeColumn {
    guard let merged else { return self }
    var c = self
    c.binding = merged.binding
    c.type = merged.type
    c.merged = nil
    return c
  }
}

struct ScopeTable {
  var alias: String
  var columns: [ScopeColumn]
}

struct BindScope {
  var tables: [ScopeTable] = []
  /// The enclosing query's scope, for correlated references (reported as unsupported unless allowed).
  var outer: [ScopeTable] = []
  /// Whether a name not found in `tables` may resolve to `outer` (a decorrelated EXISTS condition).
  var allowsOuterReferences = false

  var allColumns: [ScopeColumn] { tables.flatMap(\.columns) }

  /// Resolves `a` or `t.a`; throws with the closest names when not found or ambiguous.
  func resolve(_ name: QualifiedName) throws(EngineError) -> ScopeColumn {
    let parts = name.parts.map { $0.name }
    if parts.count >= 2 {
      let table = parts[parts.count - 2].lowercased(), column = parts[parts.count - 1].lowercased()
      if allowsOuterReferences, !tables.contains(where: { $0.alias.lowercased() == table }),
        outer.contains(where: { $0.alias.lowercased() == table })
      {
        return try BindScope(tables: outer).resolve(name)
      }
      if let t = tables.first(where: { $0.alias.lowercased() == table }) {
        if let c = t.columns.first(where: { $0.name.lowercased() == column }) { return c }
        throw EngineError.bind(
          "Table \"\(t.alias)\" does not have a column named \"\(parts.last!)\"", at: name.span,
          hint: Suggest.closest(parts.last!, t.columns.map(\.name)).map { "Candidate bindings: \"\(t.alias).\($0)\"" })
      }
      if parts.count == 2, tables.allSatisfy({ $0.alias.lowercased() != table }),
        tables.flatMap(\.columns).contains(where: { $0.name.lowercased() == table })
      {
        throw EngineError.unsupported("struct field access \(name)", at: name.span)
      }
      if outer.contains(where: { $0.alias.lowercased() == table }) {
        throw EngineError.unsupported("correlated subqueries (column \"\(name)\" of the outer query)", at: name.span)
      }
      throw EngineError.bind(
        "Referenced table \"\(parts[parts.count - 2])\" not found!", at: name.span,
        hint: Suggest.closest(parts[parts.count - 2], tables.map(\.alias)).map { "Candidate tables: \"\($0)\"" })
    }
    let column = parts[0].lowercased()
    var found: [(ScopeTable, ScopeColumn)] = []
    for t in tables { for c in t.columns where !c.isQualifiedOnly && c.name.lowercased() == column { found.append((t, c.unqualified)) } }
    if found.count == 1 { return found[0].1 }
    if found.count > 1 {
      // USING columns appear on both sides with the same binding.
      if Set(found.map { $0.1.binding }).count == 1 { return found[0].1 }
      throw EngineError.bind(
        "Ambiguous reference to column name \"\(parts[0])\" (use: \(found.map { "\"\($0.0.alias).\($0.1.name)\"" }.joined(separator: " or ")))",
        at: name.span)
    }
    if outer.contains(where: { $0.columns.contains { $0.name.lowercased() == column } }) {
      if allowsOuterReferences { return try BindScope(tables: outer).resolve(name) }
      throw EngineError.unsupported("correlated subqueries (column \"\(parts[0])\" of the outer query)", at: name.span)
    }
    let candidates = tables.flatMap { t in t.columns.map { tables.count > 1 ? "\(t.alias).\($0.name)" : $0.name } }
    throw EngineError.bind(
      "Referenced column \"\(parts[0])\" not found in FROM clause!", at: name.span,
      hint: Suggest.closest(parts[0], candidates).map { "Candidate bindings: \"\($0)\"" })
  }
}

/// "Did you mean" suggestions by edit distance.
enum Suggest {
  static func closest(_ name: String, _ candidates: [String]) -> String? {
    let target = Array(name.lowercased())
    var best: (String, Int)? = nil
    for c in candidates {
      let d = distance(target, Array(c.lowercased().split(separator: ".").last.map(String.init) ?? c.lowercased()))
      if best == nil || d < best!.1 { best = (c, d) }
    }
    guard let best, best.1 <= max(2, target.count / 2) else { return nil }
    return best.0
  }

  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
