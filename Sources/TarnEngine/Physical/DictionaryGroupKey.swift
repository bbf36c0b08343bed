// DictionaryGroupKey: lets a scan hand an integer GROUP BY key over dictionary-encoded, when nothing else reads it.

/// Marks the scan column under a GROUP BY's single integer key, when that key is a bare column passed up unchanged
/// (through projections) and nothing else reads it (no filter, no aggregate argument, no other projection), so the
/// scan may keep its Parquet dictionary: the grouping then looks each dictionary entry up once, and rows take their
/// group by code (`Grouper`), instead of every row's value being gathered from the dictionary and hashed.
///
/// Only the key's own path is trusted with dictionary-encoded integers; any other use leaves the plan unchanged.
enum DictionaryGroupKey {
  static func allowingCodes(groups: [BoundExpression], aggregates: [BoundAggregate], below child: LogicalPlan)
    -> LogicalPlan
  {
    guard groups.count == 1, case .column(let key, _) = groups[0].kind, IntegerKeyWords.supports(groups[0].type) else {
      return child
    }
    var read = Set<ColumnBinding>()
    for a in aggregates {
      for e in a.arguments { e.collectBindings(into: &read) }
      a.filter?.collectBindings(into: &read)
      for k in a.orderBy { k.expression.collectBindings(into: &read) }
    }
    guard !read.contains(key) else { return child }
    return marking(key, in: child) ?? child
  }

  /// `plan` with the scan column that `binding` passes up unchanged marked, or nil when there is none or something
  /// else reads it.
  private static func marking(_ binding: ColumnBinding, in plan: LogicalPlan) -> LogicalPlan? {
    switch plan {
    case .projection(let table, let expressions, let names, let input):
      guard binding.table == table, binding.column < expressions.count,
        case .column(let inner, _) = expressions[binding.column].kind
      else { return nil }
      for (i, e) in expressions.enumerated() where i != binding.column {
        var read = Set<ColumnBinding>()
        e.collectBindings(into: &read)
        if read.contains(inner) { return nil }
      }
      return marking(inner, in: input).map { .projection(tableIndex: table, expressions: expressions, names: names, $0) }
    case .get(var get):
      guard binding.table == get.tableIndex, get.columns.contains(binding.column) else { return nil }
      var read = Set<ColumnBinding>()
      for f in get.filters { f.collectBindings(into: &read) }
      guard !read.contains(binding) else { return nil }
      get.integerDictionaries.insert(binding.column)
      return .get(get)
    default:
      return nil
    }
  }
}
