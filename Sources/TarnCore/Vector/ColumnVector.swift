// A typed column of values in the Arrow memory layout: the unit every operator, reader and writer passes around.

/// One column of `count` rows.
///
/// Layout by type:
/// - fixed-width types: `values` holds `count` values of `type.fixedWidth` bytes (booleans one byte, 0 or 1);
/// - `string`, `binary`: `offsets` holds `count + 1` `Int64` byte positions into `values`;
/// - `list`, `map`: `offsets` holds `count + 1` `Int64` positions into `children[0]`
///   (for a map, a `structure([key, value])` vector);
/// - `structure`: `children` holds one vector of `count` rows per field; `values` is empty;
/// - dictionary-encoded (any type): `values` holds `count` `UInt32` indices into `dictionary`.
///
/// A missing `validity` means no nulls. Slots under a null hold unspecified (but initialized) data.
/// Vectors are immutable values that share their buffers; build them with a builder or a reader.
public struct ColumnVector: @unchecked Sendable {
  public let type: DataType
  public let count: Int
  public var validity: ValidityBitmap?
  public var values: ByteBuffer
  public var offsets: ByteBuffer?
  public var children: [ColumnVector]
  /// Zero or one element: the dictionary, boxed in an array because a struct cannot contain itself.
  @usableFromInline var dictionaryBox: [ColumnVector]

  public init(
    type: DataType, count: Int, values: ByteBuffer, offsets: ByteBuffer? = nil,
    validity: ValidityBitmap? = nil, children: [ColumnVector] = [], dictionary: ColumnVector? = nil
  ) {
    self.type = type
    self.count = count
    self.values = values
    self.offsets = offsets
    self.validity = validity
    self.children = children
    dictionaryBox = dictionary.map { [$0] } ?? []
  }

  /// The distinct values that `values` indexes into, for a dictionary-encoded vector.
  @inlinable public var dictionary: ColumnVector? { dictionaryBox.first }
  @inlinable public var isDictionaryEncoded: Bool { !dictionaryBox.isEmpty }

  @inlinable public var hasNulls: Bool { validity != nil }
  @inlinable public var nullCount: Int { validity?.nullCount ?? 0 }

  @inlinable public func isNull(_ row: Int) -> Bool {
    guard let validity else { return false }
    return !validity.isValid(row)
  }

  /// A fixed-width value at `row` (the raw storage type, not dictionary-resolved).
  @inlinable public func value<T: BitwiseCopyable>(at row: Int, as _: T.Type = T.self) -> T {
    values.base.load(fromByteOffset: row &* MemoryLayout<T>.stride, as: T.self)
  }

  /// The dictionary index at `row` of a dictionary-encoded vector.
  @inlinable public func dictionaryIndex(at row: Int) -> Int {
    Int(values.base.load(fromByteOffset: row &* 4, as: UInt32.self))
  }

  /// The `[start, end)` range of `row` in `offsets`: byte range for strings, child rows for lists.
  @inlinable public func range(at row: Int) -> Range<Int> {
    let positions = offsets!.pointer(Int64.self)
    return Int(positions[row])..<Int(positions[row &+ 1])
  }

  /// The bytes of a string, binary, or fixed-width value at `row`, resolving a dictionary.
  @inlinable public func bytes(at row: Int) -> UnsafeRawBufferPointer {
    if let dictionary { return dictionary.bytes(at: dictionaryIndex(at: row)) }
    if let width = type.fixedWidth {
      return UnsafeRawBufferPointer(start: values.base + row &* width, count: width)
    }
    let r = range(at: row)
    return UnsafeRawBufferPointer(start: values.base + r.lowerBound, count: r.count)
  }

  /// The string at `row`; for output and tests, never a hot loop.
  public func string(at row: Int) -> String {
    String(decoding: bytes(at: row), as: UTF8.self)
  }

  /// The same rows without the dictionary: values copied out of it in row order.
  public func decodingDictionary() -> ColumnVector {
    guard let dictionary else { return self }
    let plain = dictionary.decodingDictionary()
    var builder = VectorBuilder(type: type, capacity: count)
    for row in 0..<count {
      if isNull(row) { builder.appendNull() } else { builder.append(from: plain, row: dictionaryIndex(at: row)) }
    }
    return builder.finish()
  }
}
