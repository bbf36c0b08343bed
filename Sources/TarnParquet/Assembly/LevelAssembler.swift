// Rebuilds nested vectors (structs, lists, maps) from each leaf's definition and repetition levels.
import TarnCore

/// One leaf column chunk as decoded: its levels and its non-null values in order.
package struct LeafData: @unchecked Sendable {
  /// `entryCount` UInt16 definition levels; nil when the column's max definition level is 0.
  package var definitionLevels: ByteBuffer?
  /// `entryCount` UInt16 repetition levels; nil when the column's max repetition level is 0.
  package var repetitionLevels: ByteBuffer?
  package var entryCount: Int
  /// Only the values whose definition level is the maximum, in order.
  package var dense: ColumnVector
  package var maxDefinitionLevel: Int
}

/// Assembles one top-level field from its leaves.
///
/// The slots of a node (its rows in the output vector) are the level entries that start one of its values.
/// Under the innermost list above the node, with element bounds (R, D), those are the entries with
/// repetition level <= R and definition level >= D; at the top, R = D = 0. So each node finds its slots from the
/// levels of its first leaf alone, and a list's offsets count its element slots between its own slots.
package struct LevelAssembler {
  let leaves: [LeafData]
  let firstColumn: Int

  package init(leaves: [LeafData], firstColumn: Int) {
    self.leaves = leaves
    self.firstColumn = firstColumn
  }

  package func assemble(_ node: ReadNode) throws(ParquetError) -> ColumnVector {
    try build(node, repetitionBound: 0, definitionBound: 0)
  }

  private func leaf(for node: ReadNode) -> LeafData { leaves[node.leaves.lowerBound - firstColumn] }

  /// Entry indices starting a slot, or nil when every entry does (no repetition on this leaf).
  private func slots(of data: LeafData, repetitionBound: Int, definitionBound: Int) -> [Int32]? {
    guard let repetition = data.repetitionLevels else {
      if definitionBound == 0 { return nil }
      let definition = data.definitionLevels!.pointer(UInt16.self)
      return (0..<data.entryCount).filter { definition[$0] >= definitionBound }.map { Int32($0) }
    }
    let rep = repetition.pointer(UInt16.self)
    let def = data.definitionLevels?.pointer(UInt16.self)
    var result: [Int32] = []
    result.reserveCapacity(data.entryCount)
    let r = UInt16(repetitionBound)
    let d = UInt16(definitionBound)
    for e in 0..<data.entryCount where rep[e] <= r && (def.map { $0[e] >= d } ?? true) {
      result.append(Int32(e))
    }
    return result
  }

  private func build(_ node: ReadNode, repetitionBound: Int, definitionBound: Int) throws(ParquetError) -> ColumnVector {
    let data = leaf(for: node)
    let slots = slots(of: data, repetitionBound: repetitionBound, definitionBound: definitionBound)
    let count = slots?.count ?? data.entryCount
    let validity: ValidityBitmap?
    if node.field.isNullable || { if case .leaf = node.shape { true } else { false } }(),
      let definition = data.definitionLevels
    {
      let threshold: UInt16
      if case .leaf = node.shape { threshold = UInt16(data.maxDefinitionLevel) } else { threshold = UInt16(node.definitionLevel) }
      if let slots {
        validity = validityFromLevels(definition.pointer(UInt16.self), slots: slots, threshold: threshold)
      } else {
        validity = validityFromLevels(definition.pointer(UInt16.self), count: count, threshold: threshold)
      }
    } else {
      validity = nil
    }

    switch node.shape {
    case .leaf:
      let validCount = validity?.validCount ?? count
      guard validCount == data.dense.count else {
        throw ParquetError(
          .corrupt("the levels define \(validCount) values but the pages hold \(data.dense.count)"))
          .at(column: node.field.name)
      }
      guard let validity else { return data.dense }
      return expandDense(data.dense, validity: validity)

    case .structure(let children):
      var vectors: [ColumnVector] = []
      for child in children {
        let vector = try build(child, repetitionBound: repetitionBound, definitionBound: definitionBound)
        guard vector.count == count else {
          throw ParquetError(.corrupt("struct field '\(child.field.name)' has \(vector.count) values, expected \(count)"))
        }
        vectors.append(vector)
      }
      return ColumnVector(
        type: node.field.type, count: count, values: ByteBuffer(capacity: 0), validity: validity, children: vectors)

    case .list(let element, let r, let d):
      let elementSlots = self.slots(of: data, repetitionBound: r, definitionBound: d) ?? []
      let offsets = ByteBuffer(capacity: (count + 1) * 8)
      offsets.count = (count + 1) * 8
      let out = offsets.pointer(Int64.self)
      // Each slot owns the element slots between its entry and the next slot's entry.
      var k = 0
      out[0] = 0
      for i in 0..<count {
        let end = i + 1 < count ? Int(slots?[i + 1] ?? Int32(i + 1)) : data.entryCount
        while k < elementSlots.count && Int(elementSlots[k]) < end { k += 1 }
        out[i + 1] = Int64(k)
      }
      let child = try build(element, repetitionBound: r, definitionBound: d)
      guard child.count == elementSlots.count else {
        throw ParquetError(.corrupt("list '\(node.field.name)' elements disagree across leaves"))
      }
      return ColumnVector(
        type: node.field.type, count: count, values: ByteBuffer(capacity: 0), offsets: offsets, validity: validity,
        children: [child])
    }
  }
}
