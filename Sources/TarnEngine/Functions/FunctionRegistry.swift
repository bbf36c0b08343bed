// FunctionRegistry: scalar functions by name; each family file registers binders that pick a kernel for argument types.
import TarnCore

/// What binding a call produced: the kernel, the result type and the types the arguments must be cast to.
struct FunctionChoice {
  var argumentTypes: [DataType]
  var returnType: DataType
  var kernel: ScalarKernel
  var isDeterministic = true

  init(_ argumentTypes: [DataType], _ returnType: DataType, isDeterministic: Bool = true,
       _ body: @escaping ([ColumnVector], Int) throws(EngineError) -> ColumnVector) {
    self.argumentTypes = argumentTypes
    self.returnType = returnType
    self.kernel = ClosureKernel(body)
    self.isDeterministic = isDeterministic
  }

  init(_ argumentTypes: [DataType], _ returnType: DataType, kernel: ScalarKernel) {
    self.argumentTypes = argumentTypes
    self.returnType = returnType
    self.kernel = kernel
  }
}

/// Arguments as the binder sees them: types, plus constant values when known (patterns, formats, units).
struct FunctionArguments {
  var types: [DataType]
  /// One-row vectors for constant arguments, nil for the rest.
  var constants: [ColumnVector?]
  var count: Int { types.count }

  func constantInteger(_ i: Int) -> Int64? {
    guard i < constants.count, let c = constants[i], !c.isNull(0) else { return nil }
    switch c.type {
    case .int8: return Int64(c.value(at: 0, as: Int8.self))
    case .int16: return Int64(c.value(at: 0, as: Int16.self))
    case .int32: return Int64(c.value(at: 0, as: Int32.self))
    case .int64: return c.value(at: 0, as: Int64.self)
    default: return nil
    }
  }

  func constantString(_ i: Int) -> String? {
    guard i < constants.count, let c = constants[i], !c.isNull(0), c.type == .string else { return nil }
    return c.string(at: 0)
  }
}

/// Picks a kernel for the argument types, or returns nil when the types don't fit (the binder then reports).
typealias FunctionBinder = (FunctionArguments) throws(EngineError) -> FunctionChoice?

enum FunctionRegistry {
  nonisolated(unsafe) static let scalars: [String: FunctionBinder] = {
    var table: [String: FunctionBinder] = [:]
    ArithmeticFunctions.register(&table)
    StringFunctions.register(&table)
    MathFunctions.register(&table)
    DateFunctions.register(&table)
    RegexFunctions.register(&table)
    ConditionalFunctions.register(&table)
    HashFunctions.register(&table)
    ListFunctions.register(&table)
    return table
  }()

  /// Names for "did you mean" suggestions: scalars and aggregates.
  static var allNames: [String] { Array(scalars.keys) + AggregateFunction.allNames }
}

/// Gives a closure literal its binder type before it goes into the table (assigning a typed-throws
/// literal straight into a dictionary subscript crashes Swift 6.3's SILGen).
func binder(_ f: @escaping FunctionBinder) -> FunctionBinder { f }
