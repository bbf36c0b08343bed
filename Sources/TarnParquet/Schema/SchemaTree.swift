// Rebuilds the schema tree from the footer's flat, depth-first list of SchemaElements.
import TarnCore

/// The root node of the tree that `elements` lists depth first.
package func schemaTree(_ elements: [SchemaElement]) throws(ParquetError) -> ParquetSchemaNode {
  guard !elements.isEmpty else { throw ParquetError(.corrupt("the schema has no root element")) }
  var next = 0
  let root = try schemaNode(elements, next: &next, depth: 0)
  guard next == elements.count else {
    throw ParquetError(.corrupt("the schema lists \(elements.count - next) elements outside the root"))
  }
  guard root.isGroup else { throw ParquetError(.corrupt("the schema root is not a group")) }
  return root
}

private func schemaNode(_ elements: [SchemaElement], next: inout Int, depth: Int) throws(ParquetError)
  -> ParquetSchemaNode
{
  guard depth <= ReadNode.maxDepth else {
    throw ParquetError(.unsupported("schema nested deeper than \(ReadNode.maxDepth) levels"))
  }
  guard next < elements.count else { throw ParquetError(.corrupt("the schema ends inside a group")) }
  let element = elements[next]
  next += 1
  let childCount = Int(element.numChildren ?? 0)
  guard childCount >= 0, childCount <= elements.count - next else {
    throw ParquetError(.corrupt("schema element '\(element.name)' claims \(childCount) children"))
  }
  var children: [ParquetSchemaNode] = []
  // A group is an element without a type, even with no children (an empty struct).
  if element.type == nil {
    children.reserveCapacity(childCount)
    for _ in 0..<childCount { children.append(try schemaNode(elements, next: &next, depth: depth + 1)) }
  }
  let physical = try element.type.map { code throws(ParquetError) in try ParquetPhysicalType(thrift: code) }
  let typeLength = Int(element.typeLength ?? 0)
  if physical == .fixedLenByteArray, typeLength <= 0 {
    throw ParquetError(.corrupt("FIXED_LEN_BYTE_ARRAY column '\(element.name)' has width \(typeLength)"))
  }
  return ParquetSchemaNode(
    name: element.name, repetition: ParquetRepetition(thrift: element.repetitionType),
    physicalType: physical, typeLength: typeLength,
    logicalType: resolveLogicalType(element), fieldId: element.fieldId.map { Int($0) }, children: children)
}
