// The one error type of the Parquet layer: what went wrong, and where in the file.

/// Where in a Parquet file an error happened; each layer fills in what it knows.
public struct ParquetLocation: Sendable, Equatable {
  public var file: String?
  public var rowGroup: Int?
  public var column: String?
  public var page: Int?
  public var offset: Int?
  public init() {}
}

public struct ParquetError: Error, Sendable, CustomStringConvertible {
  public enum Reason: Sendable, Equatable {
    case truncated(needed: Int, available: Int)
    /// The bytes break the spec.
    case corrupt(String)
    /// Legal Parquet that Tarn cannot read yet.
    case unsupported(String)
    case lengthOverLimit(field: String, value: Int64, limit: Int64)
    case codec(name: String, code: Int)
    case io(String)
    /// Tarn's fault; the message says so.
    case internalBug(String)
  }

  public var reason: Reason
  public var location = ParquetLocation()

  public init(_ reason: Reason) { self.reason = reason }

  /// A copy with the given location fields filled in where they are still empty.
  public func at(
    file: String? = nil, rowGroup: Int? = nil, column: String? = nil, page: Int? = nil, offset: Int? = nil
  ) -> ParquetError {
    var copy = self
    if copy.location.file == nil { copy.location.file = file }
    if copy.location.rowGroup == nil { copy.location.rowGroup = rowGroup }
    if copy.location.column == nil { copy.location.column = column }
    if copy.location.page == nil { copy.location.page = page }
    if copy.location.offset == nil { copy.location.offset = offset }
    return copy
  }

  public var message: String {
    switch reason {
    case .truncated(let needed, let available): "truncated: needed \(needed) bytes, \(available) available"
    case .corrupt(let what): "corrupt: \(what)"
    case .unsupported(let what): "unsupported: \(what)"
    case .lengthOverLimit(let field, let value, let limit): "\(field) of \(value) is over the limit of \(limit)"
    case .codec(let name, let code): "\(name) failed to decompress (code \(code))"
    case .io(let what): what
    case .internalBug(let what): "internal error (a bug in Tarn): \(what)"
    }
  }

  /// One line: `file: row group 2, column 'a.b', page 3: corrupt: …`.
  public var description: String {
    var parts: [String] = []
    if let rowGroup = location.rowGroup { parts.append("row group \(rowGroup)") }
    if let column = location.column { parts.append("column '\(column)'") }
    if let page = location.page { parts.append("page \(page)") }
    if let offset = location.offset { parts.append("offset \(offset)") }
    var line = location.file.map { "\($0): " } ?? ""
    if !parts.isEmpty { line += parts.joined(separator: ", ") + ": " }
    return line + message
  }
}
