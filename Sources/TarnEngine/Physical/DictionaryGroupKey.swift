// DictionaryGroupKey: lets a scan hand integer GROUP BY keys and count(DISTINCT) arguments over dictionary-encoded.

/// Marks the scan columns under a GROUP BY's single integer key and under `count(DISTINCT x)` of integer columns, when
/// each is a bare column passed up unchanged (through projections) and nothing else reads it (no filter, no other
/// aggregate, no other projection), so the scan may keep their Parquet dictionaries. The grouping then looks each
/// dictionary entry up once and rows take their group by code (`Grouper`); the distinct count checks a small
/// per-group bitmap of codes before its hash set (`DistinctAccumulator`). Both replace a gather from the dictionary
/// and a hash probe per row.
///
/// Only those two consumers are trusted with dictionary-encoded integers; any other use leaves the plan unchanged.
enum DictionaryGroupKey {
  static func allowingCodes(groups: [BoundExpression], aggregates: [BoundAggregate], below child: LogicalPlan)
    -> LogicalPlan
  {
    var coded: [ColumnBinding] = []
    var otherReads = Set<ColumnBinding>()
    if groups.count == 1, case .column(let key, _) = groups[0].kind, IntegerKeyWords.supports(groups[0].type) {
      coded.append(key)
    } else {
      for g in groups { g.collectBindings(into: &otherReads) }
    }
    for a in aggregates {
      if case .count = a.function, a.isDistinct, a.filter == nil, a.orderBy.isEmpty, a.arguments.count == 1,
        case .column(let argument, _) = a.arguments[0].kind, IntegerKeyWords.supports(a.arguments[0].type)
      {
        coded.append(argument)
        continue
      }
      for e in a.arguments { e.collectBindings(into: &otherReads) }
      a.filter?.collectBindings(into: &otherReads)
      for k in a.orderBy { k.expression.collectBindings(into: &otherReads) }
    }
    var plan = child
    for binding in Set(coded) where !otherReads.contains(binding) { plan = marking(binding, in: plan) ?? plan }
    return plan
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
