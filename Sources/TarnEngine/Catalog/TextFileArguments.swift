// TextFileArguments: the constant arguments of read_csv/read_json (strings, numbers, booleans, lists, structs) read off the AST.
import TarnSQL

/// One named or positional argument of a text-file table function, as a plain constant.
enum TextFileArgument: Equatable {
  case string(String)
  case integer(Int)
  case boolean(Bool)
  case null
  case list([TextFileArgument])
  /// `{'a': 'BIGINT', …}`, in the order written.
  case structure([(String, TextFileArgument)])

  static func == (a: TextFileArgument, b: TextFileArgument) -> Bool {
    switch (a, b) {
    case (.string(let x), .string(let y)): x == y
    case (.integer(let x), .integer(let y)): x == y
    case (.boolean(let x), .boolean(let y)): x == y
    case (.null, .null): true
    case (.list(let x), .list(let y)): x == y
    case (.structure(let x), .structure(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
    default: false
    }
  }

  /// The constant `expression` spells, or nil when it is not a literal, list or struct of literals.
  init?(_ expression: Expression) {
    switch expression.kind {
    case .literal(.string(let s)): self = .string(s)
    case .literal(.integer(let s)):
      guard let n = Int(s) else { return nil }
      self = .integer(n)
    case .literal(.boolean(let b)): self = .boolean(b)
    case .literal(.null): self = .null
    case .unary(.negate, let inner):
      guard case .literal(.integer(let s)) = inner.kind, let n = Int("-" + s) else { return nil }
      self = .integer(n)
    case .list(let items):
      var values: [TextFileArgument] = []
      for item in items {
        guard let value = TextFileArgument(item) else { return nil }
        values.append(value)
      }
      self = .list(values)
    case .structLiteral(let fields):
      var values: [(String, TextFileArgument)] = []
      for field in fields {
        guard let value = TextFileArgument(field.value) else { return nil }
        values.append((field.name, value))
      }
      self = .structure(values)
    case .column(let name) where name.parts.count == 1:
      // DuckDB accepts bare words for some options (`header = true` parses as a boolean; this is for `auto`).
      self = .string(name.last.name)
    default: return nil
    }
  }
}

/// The arguments of one call: paths first, then `name = value` options, each used at most once.
struct TextFileArguments {
  let function: String
  var paths: [String] = []
  var named: [(name: String, value: TextFileArgument, span: SourceSpan)] = []

  init(_ call: TableFunctionCall, span: SourceSpan) throws(EngineError) {
    function = call.name.last.name.lowercased()
    for argument in call.arguments {
      guard let value = TextFileArgument(argument.value) else {
        throw EngineError.bind("\(function) needs constant arguments", at: argument.span)
      }
      if let name = argument.name {
        named.append((name.name.lowercased(), value, argument.span))
        continue
      }
      switch value {
      case .string(let path): paths.append(path)
      case .list(let items):
        for item in items {
          guard case .string(let path) = item else { throw EngineError.bind("\(function) expects a path or a list of paths", at: argument.span) }
          paths.append(path)
        }
      default: throw EngineError.bind("\(function) expects a path or a list of paths", at: argument.span)
      }
    }
    guard !paths.isEmpty else { throw EngineError.bind("\(function) needs at least one path", at: span) }
  }

  func string(_ value: TextFileArgument, _ option: String, _ span: SourceSpan) throws(EngineError) -> String {
    guard case .string(let s) = value else { throw EngineError.bind("\(function) option \(option) must be a string", at: span) }
    return s
  }

  func boolean(_ value: TextFileArgument, _ option: String, _ span: SourceSpan) throws(EngineError) -> Bool {
    switch value {
    case .boolean(let b): return b
    case .integer(let n): return n != 0
    case .string(let s) where ["true", "false"].contains(s.lowercased()): return s.lowercased() == "true"
    default: throw EngineError.bind("\(function) option \(option) must be a boolean", at: span)
    }
  }

  func integer(_ value: TextFileArgument, _ option: String, _ span: SourceSpan) throws(EngineError) -> Int {
    guard case .integer(let n) = value else { throw EngineError.bind("\(function) option \(option) must be an integer", at: span) }
    return n
  }

  /// `{'name': 'TYPE', …}` as ordered pairs.
  func typeStruct(_ value: TextFileArgument, _ option: String, _ span: SourceSpan) throws(EngineError) -> [(String, String)] {
    guard case .structure(let fields) = value else {
      throw EngineError.bind("\(function) option \(option) must be a struct like {'name': 'BIGINT'}", at: span)
    }
    var pairs: [(String, String)] = []
    for (name, type) in fields {
      guard case .string(let t) = type else { throw EngineError.bind("\(function) option \(option): the type of \(name) must be a string", at: span) }
      pairs.append((name, t))
    }
    return pairs
  }

  func unknown(_ option: String, _ span: SourceSpan) -> EngineError {
    EngineError.bind("Invalid named parameter \"\(option)\" for function \(function)", at: span)
  }
}
