// DROP statement: DROP TABLE|VIEW [IF EXISTS] name [CASCADE|RESTRICT].

public struct DropStatement: Sendable, Equatable {
  public enum ObjectType: String, Sendable, Hashable {
    case table = "TABLE", view = "VIEW"
  }
  public enum Behavior: String, Sendable, Hashable {
    case cascade = "CASCADE", restrict = "RESTRICT"
  }
  public var objectType: ObjectType
  public var ifExists: Bool
  public var name: QualifiedName
  public var behavior: Behavior?

  public init(_ objectType: ObjectType, name: QualifiedName, ifExists: Bool = false, behavior: Behavior? = nil) {
    self.objectType = objectType
    self.ifExists = ifExists
    self.name = name
    self.behavior = behavior
  }
}
