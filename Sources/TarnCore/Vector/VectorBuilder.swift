// Builds a ColumnVector row by row: for tests, small results, and cold paths. Readers write buffers directly.

/// Appends rows of one type and finishes into an immutable `ColumnVector`.
///
/// - Complexity: amortized O(1) per fixed-width value; buffers grow geometrically.
public struct VectorBuilder {
  public let type: DataType
  public internal(set) var count = 0
  @usableFromInline var values: ByteBuffer
  @usableFromInline var offsets: ByteBuffer?
  @usableFromInline var validityWords: ByteBuffer
  @usableFromInline var nullCount = 0
  public var children: [VectorBuilder]

  public init(type: DataType, capacity: Int = 16) {
    self.type = type
    let cap = max(capacity, 1)
    values = ByteBuffer(capacity: (type.fixedWidth ?? (type.isVariableLength ? 8 : 0)) * cap)
    validityWords = ByteBuffer(capacity: ValidityBitmap.wordCount(cap) * 8, zeroed: true)
    switch type {
    case .string, .binary, .list, .map:
      offsets = ByteBuffer(capacity: (cap + 1) * 8)
      offsets!.append(Int64(0))
    default:
      offsets = nil
    }
    switch type {
    case .list(let element): children = [VectorBuilder(type: element.type, capacity: cap)]
    case .map(let key, let value):
      children = [VectorBuilder(type: .structure([key, value]), capacity: cap)]
    case .structure(let fields): children = fields.map { VectorBuilder(type: $0.type, capacity: cap) }
    default: children = []
    }
  }

  @usableFromInline mutating func markValid() {
    let word = count >> 6
    validityWords.reserve((word + 1) * 8)
    validityWords.count = max(validityWords.count, (word + 1) * 8)
    validityWords.pointer(UInt64.self)[word] |= 1 << UInt64(count & 63)
  }

  @usableFromInline mutating func closeRow() {
    if let offsets {
      switch type {
      case .string, .binary: offsets.append(Int64(values.count))
      default: offsets.append(Int64(children[0].count))
      }
    }
    count &+= 1
  }

  /// Appends a null row. Fixed-width slots get zero bytes; a struct's children get nulls too.
  public mutating func appendNull() {
    if let width = type.fixedWidth, width > 0 {
      values.reserve(additional: width)
      (values.base + values.count).initializeMemory(as: UInt8.self, repeating: 0, count: width)
      values.count += width
    }
    if case .structure = type { for i in children.indices { children[i].appendNull() } }
    nullCount += 1
    closeRow()
  }

  /// Appends a fixed-width value stored as `T` (see `DataType` for the storage of each type).
  @inlinable public mutating func append<T: BitwiseCopyable>(_ value: T) {
    values.append(value)
    markValid()
    closeRow()
  }

  public mutating func append(_ value: Bool) { append(UInt8(value ? 1 : 0)) }

  /// Appends a string, binary or fixed-width value given as bytes.
  public mutating func append(bytes: UnsafeRawBufferPointer) {
    values.append(bytes)
    markValid()
    closeRow()
  }

  public mutating func append(string: String) {
    var copy = string
    copy.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
  }

  /// Closes a list or map row whose elements were appended to `children[0]` since the last row.
  public mutating func closeListRow() {
    markValid()
    closeRow()
  }

  /// Closes a struct row whose fields were appended to `children`.
  public mutating func closeStructRow() {
    markValid()
    count &+= 1
  }

  /// Appends row `row` of `source`, which must have this builder's type, copying nested values.
  public mutating func append(from source: ColumnVector, row: Int) {
    if source.isNull(row) { appendNull(); return }
    if let dictionary = source.dictionary {
      append(from: dictionary, row: source.dictionaryIndex(at: row))
      return
    }
    switch type {
    case .string, .binary:
      append(bytes: source.bytes(at: row))
    case .list, .map:
      let r = source.range(at: row)
      for child in r { children[0].append(from: source.children[0], row: child) }
      closeListRow()
    case .structure:
      for i in children.indices { children[i].append(from: source.children[i], row: row) }
      closeStructRow()
    case .null:
      appendNull()
    default:
      let width = type.fixedWidth!
      append(bytes: UnsafeRawBufferPointer(start: source.values.base + row * width, count: width))
    }
  }

  public mutating func finish() -> ColumnVector {
    var validity: ValidityBitmap? = nil
    if nullCount > 0 {
      let bitmap = ValidityBitmap(allNull: count)
      let words = ValidityBitmap.wordCount(count)
      bitmap.words.update(from: validityWords.pointer(UInt64.self), count: min(words, validityWords.count / 8))
      bitmap.clearTail()
      validity = bitmap
    }
    return ColumnVector(
      type: type, count: count, values: values, offsets: offsets, validity: validity,
      children: children.indices.map { children[$0].finish() })
  }
}

