// Robustness: truncated and mutated SQL must parse or throw SQLError, never trap; random cases print their seed.
import Testing
@testable import TarnSQL

/// Parses `sql`, ignoring the outcome: the test fails only if parsing traps.
private func parseSomehow(_ sql: String) {
  if let statements = try? Parser.parse(script: sql) {
    // Whatever parses must also print and parse back.
    let printed = SQLPrinter.script(statements)
    #expect((try? Parser.parse(script: printed)) == statements, "\(sql) printed as \(printed)")
  }
}

@Test func everyPrefixOfTheCorpusParsesOrThrows() {
  for sql in roundTripCorpus {
    var prefix = ""
    for character in sql {
      prefix.append(character)
      parseSomehow(prefix)
    }
  }
}

/// SplitMix64: a tiny seeded generator so failures reproduce.
private struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Test func randomTokenMutationsParseOrThrow() throws {
  let seed = UInt64.random(in: 0...UInt64.max)
  print("randomTokenMutationsParseOrThrow seed: \(seed)")
  var generator = SeededGenerator(state: seed)
  let fragments = [
    "(", ")", ",", "SELECT", "FROM", "WHERE", "JOIN", "ON", "AS", "*", "-", "+", "::", "[", "]", "{", "}", ":",
    "'x'", "1", "a", "t.a", "NOT", "AND", "OR", "IN", "BETWEEN", "LIKE", "IS", "NULL", "CASE", "WHEN", "THEN",
    "END", "UNION", "ORDER", "BY", "LIMIT", "WITH", "INTERVAL", "CAST", "INT", "EXCLUDE", "FILTER", ";", "--",
    "/*", "*/", "\"q\"", "E'\\n'", "$$", "é", "ALL", "DISTINCT", "||", "=", "<>",
  ]
  for sql in roundTripCorpus {
    let tokens = try Lexer.tokenize(sql).dropLast().map { $0.span.text(in: sql) }
    for _ in 0..<20 {
      var mutated = tokens
      switch Int.random(in: 0..<3, using: &generator) {
      case 0 where !mutated.isEmpty:
        mutated.remove(at: Int.random(in: 0..<mutated.count, using: &generator))
      case 1:
        mutated.insert(fragments.randomElement(using: &generator)!, at: Int.random(in: 0...mutated.count, using: &generator))
      default:
        if !mutated.isEmpty {
          mutated[Int.random(in: 0..<mutated.count, using: &generator)] = fragments.randomElement(using: &generator)!
        }
      }
      parseSomehow(mutated.joined(separator: " "))
    }
  }
}
