// Pages written by pyarrow: Tarn's decoders read them, and Tarn's encoders write the same bytes.

import Foundation
import Testing
import TarnCore
@testable import TarnParquet

func base64Bytes(_ text: String) -> [UInt8] {
  [UInt8](Data(base64Encoded: text)!)
}

extension PyArrowFixture {
  var bodyBytes: [UInt8] { base64Bytes(body) }
  func expectedBytes(_ key: String) -> [UInt8] { base64Bytes(expected[key]!) }
  /// The values section: a v2 page's levels come first with their lengths in the header.
  var valueBytes: [UInt8] { Array(bodyBytes[(max(definitionLevelsLength, 0) + max(repetitionLevelsLength, 0))...]) }
  func expectedArray<T: BitwiseCopyable>(_ key: String, as _: T.Type) -> [T] {
    let bytes = expectedBytes(key)
    return (0..<bytes.count / MemoryLayout<T>.size).map { i in
      bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self) }
    }
  }
  /// Expected byte arrays from the `values` bytes and Int32 `lengths`.
  var expectedByteArrays: ByteArrays {
    let bytes = expectedBytes("values")
    var arrays = ByteArrays()
    var start = 0
    for length in expectedArray("lengths", as: Int32.self) {
      arrays.append(Array(bytes[start..<start + Int(length)]))
      start += Int(length)
    }
    return arrays
  }
}

func rleEncode<T: FixedWidthInteger & UnsignedInteger>(_ values: [T], bitWidth: Int, prefix: RLEBitPackedHybridEncoder.Prefix) -> [UInt8] {
  var encoder = RLEBitPackedHybridEncoder(bitWidth: bitWidth)
  values.withUnsafeBufferPointer { encoder.append($0) }
  let out = ByteBuffer(capacity: 0)
  encoder.finish(into: out, prefix: prefix)
  return out.array
}

@Suite struct PyArrowFixtureTests {
  @Test(arguments: pyArrowFixtures)
  func decodeAndReencode(_ fixture: PyArrowFixture) throws {
    let data = fixture.valueBytes
    switch fixture.kind {
    case "deltaInt32": try checkDelta(data, fixture.expectedArray("values", as: Int32.self))
    case "deltaInt64":
      // Arrow C++ writes Int64 in blocks of 256 values.
      try checkDelta(data, fixture.expectedArray("values", as: Int64.self), blockSize: 256)
    case "deltaLength":
      try data.withUnsafeBytes { raw in
        var decoder = try DeltaLengthByteArrayDecoder(raw)
        let values = ByteBuffer(capacity: 0)
        let offsets = ByteBuffer.offsetsStartingAtZero()
        try decoder.decodeByteArrays(count: fixture.numValues, values: values, offsets: offsets)
        #expect(ByteArrays(values: values, offsets: offsets) == fixture.expectedByteArrays)
        #expect(decoder.byteCount == data.count)
      }
      #expect(deltaLengthEncode(fixture.expectedByteArrays) == data)
    case "deltaByteArray":
      try data.withUnsafeBytes { raw in
        var decoder = try DeltaByteArrayDecoder(raw)
        let values = ByteBuffer(capacity: 0)
        let offsets = ByteBuffer.offsetsStartingAtZero()
        try decoder.decodeByteArrays(count: fixture.numValues, values: values, offsets: offsets)
        #expect(ByteArrays(values: values, offsets: offsets) == fixture.expectedByteArrays)
        #expect(decoder.byteCount == data.count)
      }
      #expect(deltaByteArrayEncode(fixture.expectedByteArrays) == data)
    case "deltaByteArrayFixed":
      let width = Int(fixture.expectedBytes("width")[0])
      let expected = fixture.expectedBytes("values")
      try data.withUnsafeBytes { raw in
        var decoder = try DeltaByteArrayDecoder(raw)
        let values = ByteBuffer(capacity: 0)
        try decoder.decodeFixedLength(count: fixture.numValues, width: width, values: values)
        #expect(values.array == expected)
      }
      var encoder = DeltaByteArrayEncoder()
      expected.withUnsafeBytes { encoder.append(fixedLength: $0, width: width) }
      let out = ByteBuffer(capacity: 0)
      encoder.finish(into: out)
      #expect(out.array == data)
    case "plainByteArray":
      try data.withUnsafeBytes { raw in
        var decoder = PlainDecoder(raw)
        let values = ByteBuffer(capacity: 0)
        let offsets = ByteBuffer.offsetsStartingAtZero()
        try decoder.decodeByteArrays(count: fixture.numValues, values: values, offsets: offsets)
        #expect(ByteArrays(values: values, offsets: offsets) == fixture.expectedByteArrays)
        #expect(decoder.bytesLeft == 0)
      }
      let out = ByteBuffer(capacity: 0)
      fixture.expectedByteArrays.withBuffers { PlainEncoder().encodeByteArrays(values: $0, offsets: $1, into: out) }
      #expect(out.array == data)
    case "byteStreamSplit":
      let width = Int(fixture.expectedBytes("width")[0])
      let expected = fixture.expectedBytes("values")
      try data.withUnsafeBytes { raw in
        var decoder = try ByteStreamSplitDecoder(raw, width: width)
        #expect(decoder.totalCount == fixture.numValues)
        var out = [UInt8](repeating: 0, count: expected.count)
        try out.withUnsafeMutableBytes { try decoder.decode(into: $0.baseAddress!, count: fixture.numValues) }
        #expect(out == expected)
      }
      let encoder = ByteStreamSplitEncoder(width: width)
      expected.withUnsafeBytes { encoder.append($0) }
      let out = ByteBuffer(capacity: 0)
      encoder.finish(into: out)
      #expect(out.array == data)
    case "rleBooleans":
      let expected = fixture.expectedBytes("values")
      try data.withUnsafeBytes { raw in
        var (decoder, byteCount) = try RLEBitPackedHybridDecoder.lengthPrefixed(raw, bitWidth: 1)
        #expect(byteCount == data.count)
        var out = [UInt8](repeating: 9, count: expected.count)
        try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: fixture.numValues) }
        #expect(out == expected)
      }
      #expect(rleEncode(expected, bitWidth: 1, prefix: .byteLength) == data)
    case "plainBooleans":
      let expected = fixture.expectedBytes("values")
      try data.withUnsafeBytes { raw in
        var decoder = PlainDecoder(raw)
        var out = [UInt8](repeating: 9, count: expected.count)
        try out.withUnsafeMutableBufferPointer { try decoder.decodeBooleans(into: $0.baseAddress!, count: fixture.numValues) }
        #expect(out == expected)
        #expect(decoder.bytesLeft == 0)
      }
      var encoder = PlainEncoder()
      let out = ByteBuffer(capacity: 0)
      expected.withUnsafeBufferPointer { encoder.encodeBooleans($0, into: out) }
      encoder.finish(into: out)
      #expect(out.array == data)
    case "definitionLevels": try checkDefinitionLevels(fixture)
    case "dictionaryIndices": try checkDictionaryIndices(fixture)
    case "listLevels": try checkListLevels(fixture)
    default: Issue.record("unknown fixture kind \(fixture.kind)")
    }
  }

  func checkDelta<V: FixedWidthInteger & SignedInteger>(_ data: [UInt8], _ expected: [V], blockSize: Int = 128) throws {
    try data.withUnsafeBytes { raw in
      var decoder = try DeltaBinaryPackedDecoder<V>(raw)
      #expect(try decoder.encodedByteCount() == data.count)
      var out = [V](repeating: 0, count: expected.count)
      try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: expected.count) }
      #expect(out == expected)
    }
    #expect(deltaEncode(expected, blockSize: blockSize) == data)
  }

  func checkDefinitionLevels(_ fixture: PyArrowFixture) throws {
    let body = fixture.bodyBytes
    let levels = fixture.expectedBytes("levels")
    let values = fixture.expectedArray("values", as: Int32.self)
    let isV1 = fixture.definitionLevelsLength < 0
    try body.withUnsafeBytes { raw in
      var decoder: RLEBitPackedHybridDecoder
      let levelBytes: Int
      if isV1 {
        (decoder, levelBytes) = try RLEBitPackedHybridDecoder.lengthPrefixed(raw, bitWidth: 1)
      } else {
        levelBytes = fixture.definitionLevelsLength
        decoder = try RLEBitPackedHybridDecoder(UnsafeRawBufferPointer(rebasing: raw[0..<levelBytes]), bitWidth: 1)
      }
      var out = [UInt16](repeating: 9, count: levels.count)
      try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: fixture.numValues) }
      #expect(out == levels.map(UInt16.init))
      var plain = PlainDecoder(UnsafeRawBufferPointer(rebasing: raw[levelBytes...]))
      var decoded = [Int32](repeating: 0, count: values.count)
      try decoded.withUnsafeMutableBufferPointer { try plain.decode(into: $0.baseAddress!, count: values.count) }
      #expect(decoded == values)
      #expect(plain.bytesLeft == 0)
      #expect(rleEncode(levels, bitWidth: 1, prefix: isV1 ? .byteLength : .none) == Array(body[0..<levelBytes]))
    }
  }

  func checkDictionaryIndices(_ fixture: PyArrowFixture) throws {
    let dictionaryCount = Int(fixture.expectedArray("dictionaryCount", as: Int32.self)[0])
    let values = ByteBuffer(capacity: 0)
    let offsets = ByteBuffer.offsetsStartingAtZero()
    try fixture.expectedBytes("dictionary").withUnsafeBytes { raw in
      var decoder = PlainDecoder(raw)
      try decoder.decodeByteArrays(count: dictionaryCount, values: values, offsets: offsets)
      #expect(decoder.bytesLeft == 0)
    }
    let dictionary = ByteArrays(values: values, offsets: offsets)
    let body = fixture.bodyBytes
    var indices = [UInt32](repeating: 0, count: fixture.numValues)
    try body.withUnsafeBytes { raw in
      var decoder = try RLEBitPackedHybridDecoder.dictionaryIndices(raw)
      try indices.withUnsafeMutableBufferPointer {
        try decoder.decodeDictionaryIndices(into: $0.baseAddress!, count: fixture.numValues, dictionaryCount: dictionaryCount)
      }
    }
    #expect(ByteArrays(indices.map { dictionary[Int($0)] }) == fixture.expectedByteArrays)
    #expect(rleEncode(indices, bitWidth: Int(body[0]), prefix: .bitWidth) == body)
  }

  func checkListLevels(_ fixture: PyArrowFixture) throws {
    let body = fixture.bodyBytes
    let repetition = fixture.expectedBytes("repetition")
    let definition = fixture.expectedBytes("definition")
    let values = fixture.expectedArray("values", as: Int32.self)
    try body.withUnsafeBytes { raw in
      var (repetitionDecoder, repetitionBytes) = try RLEBitPackedHybridDecoder.lengthPrefixed(raw, bitWidth: 1)
      let rest = UnsafeRawBufferPointer(rebasing: raw[repetitionBytes...])
      var (definitionDecoder, definitionBytes) = try RLEBitPackedHybridDecoder.lengthPrefixed(rest, bitWidth: 2)
      var out = [UInt16](repeating: 9, count: fixture.numValues)
      try out.withUnsafeMutableBufferPointer { try repetitionDecoder.decode(into: $0.baseAddress!, count: fixture.numValues) }
      #expect(out == repetition.map(UInt16.init))
      try out.withUnsafeMutableBufferPointer { try definitionDecoder.decode(into: $0.baseAddress!, count: fixture.numValues) }
      #expect(out == definition.map(UInt16.init))
      var plain = PlainDecoder(UnsafeRawBufferPointer(rebasing: rest[definitionBytes...]))
      var decoded = [Int32](repeating: 0, count: values.count)
      try decoded.withUnsafeMutableBufferPointer { try plain.decode(into: $0.baseAddress!, count: values.count) }
      #expect(decoded == values)
      #expect(plain.bytesLeft == 0)
      #expect(rleEncode(repetition, bitWidth: 1, prefix: .byteLength) == Array(body[0..<repetitionBytes]))
      #expect(rleEncode(definition, bitWidth: 2, prefix: .byteLength) == Array(body[repetitionBytes..<(repetitionBytes + definitionBytes)]))
    }
  }
}
