// Spreads densely decoded values over the slots a validity bitmap marks valid: Parquet stores no value for a null.
import TarnCore

/// Builds the validity bitmap `level[i] >= threshold` over `count` levels; nil when every level passes.
///
/// - Complexity: O(count), branch-free inside each 64-level word.
package func validityFromLevels(
  _ levels: UnsafePointer<UInt16>, count: Int, threshold: UInt16
) -> ValidityBitmap? {
  let bitmap = ValidityBitmap(allNull: count)
  let words = bitmap.words
  var allValid = true
  var start = 0
  var w = 0
  while start < count {
    let end = min(start &+ 64, count)
    var word: UInt64 = 0
    for i in start..<end {
      word |= UInt64(unsafeBitCast(levels[i] >= threshold, to: UInt8.self)) &<< UInt64(i &- start)
    }
    words[w] = word
    let full: UInt64 = end &- start == 64 ? ~0 : (1 &<< UInt64(end &- start)) &- 1
    allValid = allValid && word == full
    w &+= 1
    start = end
  }
  return allValid ? nil : bitmap
}

/// Validity over gathered slots: slot `j` is valid when `levels[slots[j]] >= threshold`.
package func validityFromLevels(
  _ levels: UnsafePointer<UInt16>, slots: [Int32], threshold: UInt16
) -> ValidityBitmap? {
  let bitmap = ValidityBitmap(allNull: slots.count)
  var nulls = 0
  for (j, slot) in slots.enumerated() {
    if levels[Int(slot)] >= threshold { bitmap.set(j) } else { nulls &+= 1 }
  }
  return nulls == 0 ? nil : bitmap
}

/// Returns `dense` (one entry per valid slot) spread over `validity.count` slots; null slots hold zeros.
///
/// - Precondition: `dense.count == validity.validCount`.
package func expandDense(_ dense: ColumnVector, validity: ValidityBitmap) -> ColumnVector {
  let count = validity.count
  if dense.isDictionaryEncoded {
    let indices = spreadFixedWidth(dense.values, width: 4, validity: validity)
    return ColumnVector(
      type: dense.type, count: count, values: indices, validity: validity, dictionary: dense.dictionary)
  }
  switch dense.type {
  case .string, .binary:
    let offsets = ByteBuffer(capacity: (count &+ 1) &* 8)
    offsets.count = (count &+ 1) &* 8
    let out = offsets.pointer(Int64.self)
    let source = dense.offsets!.pointer(Int64.self)
    let words = validity.words
    var k = 0
    out[0] = source[0]
    for j in 0..<count {
      let valid = Int((words[j >> 6] >> UInt64(j & 63)) & 1)
      k &+= valid
      out[j &+ 1] = source[k]
    }
    return ColumnVector(type: dense.type, count: count, values: dense.values, offsets: offsets, validity: validity)
  default:
    let width = dense.type.fixedWidth ?? 0
    let values = spreadFixedWidth(dense.values, width: width, validity: validity)
    return ColumnVector(type: dense.type, count: count, values: values, validity: validity)
  }
}

/// Copies `width`-byte values from `dense` to the valid positions of a new buffer of `validity.count` values.
private func spreadFixedWidth(_ dense: ByteBuffer, width: Int, validity: ValidityBitmap) -> ByteBuffer {
  let count = validity.count
  let out = ByteBuffer(capacity: count &* width, zeroed: true)
  out.count = count &* width
  guard width > 0 else { return out }
  let words = validity.words
  let source = dense.base
  let target = out.base
  var k = 0  // next dense value
  var row = 0
  while row < count {
    let word = words[row >> 6]
    let span = min(64, count &- row)
    if word == ~0 && span == 64 {
      // Safe: 64 valid slots consume 64 dense values, which exist by the precondition.
      (target + row &* width).copyMemory(from: source + k &* width, byteCount: 64 &* width)
      k &+= 64
    } else if word != 0 {
      var bits = word
      while bits != 0 {
        let bit = bits.trailingZeroBitCount
        (target + (row &+ bit) &* width).copyMemory(from: source + k &* width, byteCount: width)
        k &+= 1
        bits &= bits &- 1
      }
    }
    row &+= span
  }
  return out
}
