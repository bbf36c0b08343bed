// The JSON byte scanner: strings and escapes, numbers, skipping, and random documents read back exactly.
import TarnCore
import Testing

@testable import TarnFormats

@Suite struct JSONScannerTests {
  func unescaped(_ json: String) throws -> String {
    let bytes = Array(json.utf8)
    return try bytes.withUnsafeBufferPointer { (b) throws -> String in
      var s = JSONScanner(b.baseAddress!, start: 0, end: b.count)
      let (start, end, _) = try s.string()
      #expect(s.atEnd)
      var out = [UInt8](repeating: 0, count: end - start + 1)
      let n = out.withUnsafeMutableBufferPointer { JSONScanner.unescape(b.baseAddress!, start, end, into: $0.baseAddress!) }
      return String(decoding: out[0..<n], as: UTF8.self)
    }
  }

  @Test func stringEscapes() throws {
    #expect(try unescaped(#""plain""#) == "plain")
    #expect(try unescaped(#""a\"b\\c\/d""#) == "a\"b\\c/d")
    #expect(try unescaped(#""\b\f\n\r\t""#) == "\u{8}\u{c}\n\r\t")
    #expect(try unescaped(#""\u00e9\u4e2d""#) == "é中")
    #expect(try unescaped(#""\ud83d\ude00""#) == "😀")
    #expect(try unescaped(#""\uD83D\uDE00x""#) == "😀x")
    // Lone surrogates cannot be UTF-8: U+FFFD.
    #expect(try unescaped(#""\ud83dx""#) == "\u{FFFD}x")
    #expect(try unescaped(#""\ude00""#) == "\u{FFFD}")
    #expect(try unescaped(#""\ud83d\u0041""#) == "\u{FFFD}A")
    #expect(try unescaped("\"long string without escapes, over eight bytes\"") == "long string without escapes, over eight bytes")
    for bad in [#""\x""#, #""\u12""#, #""\u12g4""#, "\"abc", "\"a\u{1}b\"", #""\"#] {
      #expect(throws: JSONIssue.self, "\(bad)") { try unescaped(bad) }
    }
  }

  @Test func numbersFollowTheGrammar() throws {
    func number(_ text: String) -> Bool {
      let bytes = Array(text.utf8)
      return bytes.withUnsafeBufferPointer { b in
        var s = JSONScanner(b.baseAddress!, start: 0, end: b.count)
        guard (try? s.number()) != nil else { return false }
        return s.atEnd
      }
    }
    for good in ["0", "-0", "12", "-3.5", "1e5", "1E-5", "2.5e+10", "0.0"] { #expect(number(good), "\(good)") }
    for bad in ["01", "-", "1.", ".5", "+1", "1e", "1e+", "0x1", "NaN", "1.5.2"] { #expect(!number(bad), "\(bad)") }
  }

  /// Random nested documents, written by a tiny serializer, read back as the same values.
  @Test func randomDocumentsRoundTrip() throws {
    var rng = SplitMix(seed: 17)
    print("randomDocumentsRoundTrip seed 17")
    func string() -> String {
      let pieces = ["a", "é", "😀", "\"", "\\", "\n", "\t", "x y", "\u{1}", "/"]
      return (0..<rng.below(5)).map { _ in pieces[rng.below(pieces.count)] }.joined()
    }
    func quoted(_ s: String) -> String {
      var out = "\""
      for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\u{1}": out += "\\u0001"
        case "😀": out += rng.below(2) == 0 ? "\\ud83d\\ude00" : "😀"
        default: out += String(scalar)
        }
      }
      return out + "\""
    }
    var lines: [String] = []
    var expected: [[String?]] = []
    for i in 0..<500 {
      let s = string()
      let n = rng.below(2) == 0 ? "null" : String(Int64(bitPattern: rng.next()) >> rng.below(64))
      let list = (0..<rng.below(4)).map { _ in String(Double(rng.below(1000)) / 8) }
      let inner = rng.below(3) == 0 ? "null" : "{\"k\":\(quoted(s)),\"b\":\(rng.below(2) == 0)}"
      lines.append("{\"i\":\(i),\"s\":\(quoted(s)),\"n\":\(n),\"l\":[\(list.joined(separator: ","))],\"o\":\(inner)}")
      let innerText: String? =
        inner == "null" ? nil : "{k: \(s), b: \(inner.contains("true"))}"
      expected.append([
        String(i), s, n == "null" ? nil : n, "[" + list.map { String(Double($0)!) }.joined(separator: ", ") + "]", innerText,
      ])
    }
    let path = FormatFixtures.scratchDirectory("json") + "/random.ndjson"
    writeFile(path, lines.joined(separator: "\n"))
    let (schema, rows, _) = try readJSON(path)
    #expect(typeNames(schema) == ["i BIGINT", "s VARCHAR", "n BIGINT", "l DOUBLE[]", "o STRUCT(k VARCHAR, b BOOLEAN)"])
    #expect(rows == expected)
  }
}
