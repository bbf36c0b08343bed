// Nested values: struct field access (`s.a`, `s['a']`, `(expr).a`), list elements (`l[i]`), map lookups
// (`m[key]`) and struct literals (`{'a': 1}`), with DuckDB's rules (1-based, negative from the end, NULL outside).
import TarnCore
import TarnSQL

extension ExpressionBinder {
  /// `col.field.sub` or `t.col.field`: the longest column prefix that resolves, then struct fields.
  func nestedPath(_ name: QualifiedName, span: SourceSpan) throws(EngineError) -> BoundExpression? {
    let parts = name.parts
    guard parts.count >= 2 else { return nil }
    for prefix in [1, 2] where prefix < parts.count {
      guard let c = try? scope.resolve(QualifiedName(Array(parts[0..<prefix]))), case .structure = c.type else { continue }
      var e = BoundExpression.column(c.binding, c.type, name: c.name)
      for field in parts[prefix...] { e = try structField(e, field.name, span: span) }
      return e
    }
    return nil
  }

  func structField(_ base: BoundExpression, _ name: String, span: SourceSpan) throws(EngineError) -> BoundExpression {
    guard case .structure(let fields) = base.type else {
      throw EngineError.bind("Cannot extract field \"\(name)\" from a value of type \(base.type.sqlName)", at: span)
    }
    guard let index = fields.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
      throw EngineError.bind("Could not find key \"\(name)\" in struct", at: span,
        hint: Suggest.closest(name, fields.map(\.name)).map { "Candidate Entries: \"\($0)\"" })
    }
    let kernel = ClosureKernel { args, _ in NestedKernels.structField(args[0], index) }
    return BoundExpression(.function(BoundFunction(name: "struct_extract", kernel: kernel), [base]), type: fields[index].type, span: span)
  }

  func subscriptValue(_ base: BoundExpression, _ index: Expression, span: SourceSpan) throws(EngineError) -> BoundExpression {
    let key = try bind(index)
    switch base.type {
    case .structure:
      guard let c = key.constantValue, c.type == .string, !c.isNull(0) else {
        throw EngineError.bind("A struct field is selected by a constant string, e.g. s['name']", at: span)
      }
      return try structField(base, c.string(at: 0), span: span)
    case .list(let element):
      let position = try cast(key, .int64)
      let kernel = ClosureKernel { args, n in NestedKernels.listElement(args[0], args[1], count: n) }
      return BoundExpression(.function(BoundFunction(name: "list_extract", kernel: kernel), [base, position]), type: element.type, span: span)
    case .map(let keyField, let valueField):
      let lookup = try cast(key, keyField.type)
      let kernel = ClosureKernel { args, n in NestedKernels.mapValue(args[0], args[1], count: n) }
      return BoundExpression(.function(BoundFunction(name: "map_extract", kernel: kernel), [base, lookup]), type: valueField.type, span: span)
    default:
      throw EngineError.bind("Cannot subscript a value of type \(base.type.sqlName)", at: span)
    }
  }

  func structLiteral(_ fields: [StructLiteralField], span: SourceSpan) throws(EngineError) -> BoundExpression {
    var values: [BoundExpression] = []
    for f in fields {
      var v = try bind(f.value)
      if v.type == .null { v = try cast(v, .int32) }
      values.append(v)
    }
    let type = DataType.structure(zip(fields, values).map { Field($0.0.name, $0.1.type) })
    let kernel = ClosureKernel { args, n in
      ColumnVector(type: type, count: n, values: ByteBuffer(capacity: 1), children: args.map(VectorFactory.flatten))
    }
    return BoundExpression(.function(BoundFunction(name: "struct_pack", kernel: kernel), values), type: type, span: span)
  }
}

/// Per-batch kernels for nested values: one pass to find source rows, then one gather.
enum NestedKernels {
  static func structField(_ vector: ColumnVector, _ index: Int) -> ColumnVector {
    let s = VectorFactory.flatten(vector)
    var child = VectorFactory.flatten(s.children[index])
    if let parent = s.validity { child.validity = VectorFactory.mergeValidity(child.validity, parent, count: s.count) }
    return child
  }

  /// Element `index` (1-based; negative counts from the end) of each list; NULL when out of range.
  static func listElement(_ list: ColumnVector, _ index: ColumnVector, count n: Int) -> ColumnVector {
    let l = VectorFactory.flatten(list), k = VectorFactory.flatten(index)
    var rows = [UInt32](repeating: Gather.nullRow, count: n)
    for i in 0..<n where !l.isNull(i) && !k.isNull(i) {
      let range = l.range(at: i)
      let position = k.value(at: i, as: Int64.self)
      let row = position > 0 ? range.lowerBound + Int(clamping: position) - 1 : range.upperBound + Int(clamping: position)
      if position != 0 && row >= range.lowerBound && row < range.upperBound { rows[i] = UInt32(row) }
    }
    return rows.withUnsafeBufferPointer { Gather.take(l.children[0], $0) }
  }

  /// The value stored under `key` in each map; NULL when absent.
  static func mapValue(_ map: ColumnVector, _ key: ColumnVector, count n: Int) -> ColumnVector {
    let m = VectorFactory.flatten(map), k = VectorFactory.flatten(key)
    let entries = VectorFactory.flatten(m.children[0])
    let keys = VectorFactory.flatten(entries.children[0]), values = entries.children[1]
    var rows = [UInt32](repeating: Gather.nullRow, count: n)
    for i in 0..<n where !m.isNull(i) && !k.isNull(i) {
      for e in m.range(at: i) where !keys.isNull(e) && ScalarOrdering.compare(keys, e, k, i) == 0 {
        rows[i] = UInt32(e)
        break
      }
    }
    return rows.withUnsafeBufferPointer { Gather.take(values, $0) }
  }
}

extension ExpressionBinder {
  /// `[a, b, c]` and `list_value(a, b, c)`: one list per row of the elements, cast to their common type.
  func listValue(_ bound: [BoundExpression], span: SourceSpan) throws(EngineError) -> BoundExpression {
    var type: DataType = .null
    for b in bound {
      guard let t = TypeRules.commonType(type, b.type) else { throw EngineError.bind("list elements have different types", at: span) }
      type = t
    }
    if type == .null { type = .int32 }
    let elementType = type
    let listType = DataType.list(Field("element", elementType))
    var casted: [BoundExpression] = []
    for b in bound { casted.append(try cast(b, elementType)) }
    let kernel = ClosureKernel { args, n in
      var builder = VectorBuilder(type: listType, capacity: n)
      for i in 0..<n {
        for a in args { builder.children[0].append(from: a, row: i) }
        builder.closeListRow()
      }
      return builder.finish()
    }
    return BoundExpression(.function(BoundFunction(name: "list_value", kernel: kernel), casted), type: listType)
  }
}
