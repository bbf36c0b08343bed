// Takes nested vectors apart into each leaf's definition and repetition levels and its non-null values (Dremel shredding).
import TarnCore

/// Shreds rows of one top-level vector into the leaf writers of its leaves.
///
/// A flat top-level leaf takes the fast path: levels straight from the validity bitmap, values by range.
/// Anything else walks the tree with a list of entries per node: each entry is either a row of the node's
/// vector (with the repetition level it starts at) or a marker for a null or empty ancestor, which carries its
/// final definition level down to every leaf. Struct children share their parent's entries; a list replaces
/// each entry by one per element.
struct LevelShredder {
  let writers: [LeafWriter]

  /// Appends rows `range` of `vector`, the top-level field described by `node`.
  func shred(_ vector: ColumnVector, node: WriteNode, range: Range<Int>) {
    guard !range.isEmpty else { return }
    if case .leaf(let column) = node.shape {
      shredFlatLeaf(vector, writer: writers[column], isNullable: node.isNullable, range: range)
      return
    }
    var entries = Entries(capacity: range.count)
    for row in range { entries.append(rep: 0, def: 0, index: Int32(truncatingIfNeeded: row)) }
    visit(node, vector, entries)
  }

  private func shredFlatLeaf(_ vector: ColumnVector, writer: LeafWriter, isNullable: Bool, range: Range<Int>) {
    let maxDefinition = writer.leaf.maxDefinitionLevel
    if vector.type == .null {
      writer.appendUniformLevels(range.count, definition: max(maxDefinition - 1, 0))
      return
    }
    if isNullable, let validity = vector.validity {
      writer.appendLevels(validity: validity, range, validLevel: maxDefinition)
      writer.appendValues(vector, range: range)
    } else {
      writer.appendUniformLevels(range.count, definition: maxDefinition)
      writer.appendValues(vector, RowSelection(start: range.lowerBound, count: range.count, rows: nil))
    }
  }

  /// Level entries of one node: a vector row (`index >= 0`) or a marker (`index == -1`, level `def`).
  struct Entries {
    var rep: [UInt8] = []
    var def: [UInt8] = []
    var index: [Int32] = []

    init(capacity: Int) {
      rep.reserveCapacity(capacity)
      def.reserveCapacity(capacity)
      index.reserveCapacity(capacity)
    }

    @inline(__always) mutating func append(rep r: UInt8, def d: UInt8, index i: Int32) {
      rep.append(r)
      def.append(d)
      index.append(i)
    }

    var count: Int { index.count }
  }

  private func visit(_ node: WriteNode, _ vector: ColumnVector, _ incoming: Entries) {
    var entries = incoming
    if node.isNullable, vector.validity != nil || vector.type == .null {
      let nullLevel = UInt8(node.definitionLevel - 1)
      for k in 0..<entries.count where entries.index[k] >= 0 && vector.isNull(Int(entries.index[k])) {
        entries.index[k] = -1
        entries.def[k] = nullLevel
      }
    }
    switch node.shape {
    case .leaf(let column):
      emit(entries, vector, writer: writers[column])
    case .structure(let children):
      for (i, child) in children.enumerated() { visit(child, vector.children[i], entries) }
    case .list(let element, let repetitionLevel):
      var inner = Entries(capacity: entries.count)
      let emptyLevel = UInt8(node.definitionLevel)
      let elementRep = UInt8(repetitionLevel)
      for k in 0..<entries.count {
        let row = entries.index[k]
        if row < 0 {
          inner.append(rep: entries.rep[k], def: entries.def[k], index: -1)
          continue
        }
        let range = vector.range(at: Int(row))
        if range.isEmpty {
          inner.append(rep: entries.rep[k], def: emptyLevel, index: -1)
          continue
        }
        inner.append(rep: entries.rep[k], def: 0, index: Int32(truncatingIfNeeded: range.lowerBound))
        for child in (range.lowerBound + 1)..<range.upperBound {
          inner.append(rep: elementRep, def: 0, index: Int32(truncatingIfNeeded: child))
        }
      }
      visit(element, vector.children[0], inner)
    }
  }

  private func emit(_ entries: Entries, _ vector: ColumnVector, writer: LeafWriter) {
    let n = entries.count
    let maxDefinition = UInt8(writer.leaf.maxDefinitionLevel)
    var levels = [UInt8](repeating: 0, count: n)
    var rows = [Int32](repeating: 0, count: n)
    var valueCount = 0
    for k in 0..<n {
      let row = entries.index[k]
      let isValue = row >= 0
      levels[k] = isValue ? maxDefinition : entries.def[k]
      rows[valueCount] = row
      valueCount &+= isValue ? 1 : 0
    }
    levels.withUnsafeBufferPointer { definition in
      entries.rep.withUnsafeBufferPointer { repetition in
        writer.appendLevels(definition: definition, repetition: writer.leaf.maxRepetitionLevel > 0 ? repetition : nil)
      }
    }
    rows.withUnsafeBufferPointer { selected in
      writer.appendValues(vector, RowSelection(start: 0, count: valueCount, rows: selected.baseAddress))
    }
  }
}
