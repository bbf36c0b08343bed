// Copying a contiguous run of rows into a vector of its own, for values kept past their chunk.
import TarnCore

enum VectorSlice {
  /// Rows `start..<start+length` of `vector`, with their values copied so they do not pin the vector's buffers
  /// (`ColumnVector.slice` shares them instead). Dictionary vectors keep their dictionary.
  static func slice(_ vector: ColumnVector, _ start: Int, _ length: Int) -> ColumnVector {
    var out = vector.slice(start, length)
    if out.values.isView { out.values = ByteBuffer(copying: out.values.bytes) }
    return out
  }
}
