// Pages of files in shared/parquet-testing (parquet-mr, parquet-cpp, …): levels and values decode to what pyarrow reads.

import Testing
import TarnCore
@testable import TarnParquet

/// Decoded values of one column: fixed-width values as raw little-endian bytes, byte arrays as such.
struct DecodedColumn {
  var fixed: [UInt8] = []
  var arrays = ByteArrays()
}

@Suite struct ParquetTestingTests {
  @Test(arguments: parquetTestingColumns)
  func pagesDecodeToPyArrowsValues(_ column: ParquetTestingColumn) throws {
    let isByteArray = column.physicalType == "BYTE_ARRAY"
    let width = switch column.physicalType {
    case "BOOLEAN": 1
    case "INT32", "FLOAT": 4
    case "INT64", "DOUBLE": 8
    case "INT96": 12
    default: column.typeLength
    }
    var dictionary = DecodedColumn()
    var decoded = DecodedColumn()
    let levelWidth = RLEBitPackedHybridDecoder.bitWidth(forMaxValue: column.maxDefinitionLevel)
    for page in column.pages {
      let body = base64Bytes(page.body)
      if page.kind == .dictionary {
        try body.withUnsafeBytes { raw in
          var decoder = PlainDecoder(raw)
          dictionary = try decodeValues(&decoder, count: page.numValues, isByteArray: isByteArray, width: width)
        }
        continue
      }
      // Definition levels: v1 has them in the body, v2 in the uncompressed levels section.
      var levels = [UInt16](repeating: 0, count: page.numValues)
      var valuesStart = 0
      if column.maxDefinitionLevel > 0 {
        if page.kind == .v1 {
          try body.withUnsafeBytes { raw in
            if page.definitionLevelEncoding == 3 {
              var (decoder, byteCount) = try RLEBitPackedHybridDecoder.lengthPrefixed(raw, bitWidth: levelWidth)
              try levels.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: page.numValues) }
              valuesStart = byteCount
            } else {
              var decoder = try BitPackedDecoder(raw, bitWidth: levelWidth)
              try levels.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: page.numValues) }
              valuesStart = BitPackedDecoder.byteCount(valueCount: page.numValues, bitWidth: levelWidth)
            }
          }
        } else {
          let levelBytes = Array(base64Bytes(page.levels)[page.repetitionLevelsLength...])
          #expect(levelBytes.count == page.definitionLevelsLength)
          try levelBytes.withUnsafeBytes { raw in
            var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: levelWidth)
            try levels.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: page.numValues) }
          }
        }
      }
      let nonNull = column.maxDefinitionLevel == 0
        ? page.numValues : levels.count { Int($0) == column.maxDefinitionLevel }
      let values = Array(body[valuesStart...])
      try values.withUnsafeBytes { raw in
        // Two calls per page, so state carries across calls on real data.
        let first = nonNull / 3
        switch page.encoding {
        case 0:
          var decoder = PlainDecoder(raw)
          for n in [first, nonNull - first] { try append(&decoded, decodeValues(&decoder, count: n, isByteArray: isByteArray, width: width)) }
        case 2, 8:
          var decoder = try RLEBitPackedHybridDecoder.dictionaryIndices(raw)
          var indices = [UInt32](repeating: 0, count: nonNull)
          let dictionaryCount = isByteArray ? dictionary.arrays.count : dictionary.fixed.count / width
          try indices.withUnsafeMutableBufferPointer {
            try decoder.decodeDictionaryIndices(into: $0.baseAddress!, count: first, dictionaryCount: dictionaryCount)
            try decoder.decodeDictionaryIndices(into: $0.baseAddress! + first, count: nonNull - first, dictionaryCount: dictionaryCount)
          }
          for index in indices.map(Int.init) {
            if isByteArray { decoded.arrays.append(dictionary.arrays[index]) }
            else { decoded.fixed += dictionary.fixed[(index * width)..<((index + 1) * width)] }
          }
        case 3:
          var (decoder, _) = try RLEBitPackedHybridDecoder.lengthPrefixed(raw, bitWidth: 1)
          var flags = [UInt8](repeating: 0, count: nonNull)
          try flags.withUnsafeMutableBufferPointer {
            try decoder.decode(into: $0.baseAddress!, count: first)
            try decoder.decode(into: $0.baseAddress! + first, count: nonNull - first)
          }
          decoded.fixed += flags
        case 5:
          if width == 4 { decoded.fixed += try deltaDecode(raw, count: nonNull, split: first, as: Int32.self) }
          else { decoded.fixed += try deltaDecode(raw, count: nonNull, split: first, as: Int64.self) }
        case 6:
          var decoder = try DeltaLengthByteArrayDecoder(raw)
          let out = (values: ByteBuffer(capacity: 0), offsets: ByteBuffer.offsetsStartingAtZero())
          try decoder.decodeByteArrays(count: first, values: out.values, offsets: out.offsets)
          try decoder.decodeByteArrays(count: nonNull - first, values: out.values, offsets: out.offsets)
          for value in ByteArrays(values: out.values, offsets: out.offsets).values { decoded.arrays.append(value) }
          #expect(decoder.byteCount == raw.count)
        case 7:
          var decoder = try DeltaByteArrayDecoder(raw)
          let out = (values: ByteBuffer(capacity: 0), offsets: ByteBuffer.offsetsStartingAtZero())
          if isByteArray {
            try decoder.decodeByteArrays(count: first, values: out.values, offsets: out.offsets)
            try decoder.skip(0)
            try decoder.decodeByteArrays(count: nonNull - first, values: out.values, offsets: out.offsets)
            for value in ByteArrays(values: out.values, offsets: out.offsets).values { decoded.arrays.append(value) }
          } else {
            try decoder.decodeFixedLength(count: nonNull, width: width, values: out.values)
            decoded.fixed += out.values.array
          }
          #expect(decoder.byteCount == raw.count)
        case 9:
          var decoder = try ByteStreamSplitDecoder(raw, width: width)
          #expect(decoder.totalCount == nonNull)
          var out = [UInt8](repeating: 0, count: nonNull * width)
          try out.withUnsafeMutableBytes {
            try decoder.decode(into: $0.baseAddress!, count: first)
            try decoder.decode(into: $0.baseAddress! + first * width, count: nonNull - first)
          }
          decoded.fixed += out
        default:
          Issue.record("no test for encoding \(page.encoding)")
        }
      }
    }
    if isByteArray {
      let bytes = base64Bytes(column.expected["values"]!)
      let lengths = base64Bytes(column.expected["lengths"]!)
      var expected = ByteArrays()
      var start = 0
      for i in 0..<lengths.count / 4 {
        let length = Int(lengths.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: i * 4, as: Int32.self) })
        expected.append(Array(bytes[start..<start + length]))
        start += length
      }
      #expect(decoded.arrays == expected)
    } else {
      #expect(decoded.fixed == base64Bytes(column.expected["values"]!))
    }
  }

  func decodeValues(_ decoder: inout PlainDecoder, count: Int, isByteArray: Bool, width: Int) throws -> DecodedColumn {
    var result = DecodedColumn()
    if isByteArray {
      let values = ByteBuffer(capacity: 0)
      let offsets = ByteBuffer.offsetsStartingAtZero()
      try decoder.decodeByteArrays(count: count, values: values, offsets: offsets)
      result.arrays = ByteArrays(values: values, offsets: offsets)
    } else if width == 1 {
      result.fixed = [UInt8](repeating: 0, count: count)
      try result.fixed.withUnsafeMutableBufferPointer { try decoder.decodeBooleans(into: $0.baseAddress!, count: count) }
    } else {
      result.fixed = [UInt8](repeating: 0, count: count * width)
      try result.fixed.withUnsafeMutableBytes { try decoder.decodeFixedWidth(into: $0.baseAddress!, count: count, width: width) }
    }
    return result
  }

  func append(_ column: inout DecodedColumn, _ more: DecodedColumn) {
    column.fixed += more.fixed
    for value in more.arrays.values { column.arrays.append(value) }
  }

  func deltaDecode<V: FixedWidthInteger & SignedInteger>(_ raw: UnsafeRawBufferPointer, count: Int, split: Int, as _: V.Type) throws -> [UInt8] {
    var decoder = try DeltaBinaryPackedDecoder<V>(raw)
    #expect(try decoder.encodedByteCount() == raw.count)
    var out = [V](repeating: 0, count: count)
    try out.withUnsafeMutableBufferPointer {
      try decoder.decode(into: $0.baseAddress!, count: split)
      try decoder.decode(into: $0.baseAddress! + split, count: count - split)
    }
    return out.withUnsafeBytes { Array($0) }
  }
}
