// VectorTake: the engine's gather, for callers outside the engine (tarn convert --partition-by).
import TarnCore

/// Copies chosen rows of a vector, any type, nulls kept.
public enum VectorTake {
  /// The rows at `rows`, in that order.
  public static func take(_ vector: ColumnVector, _ rows: UnsafeBufferPointer<UInt32>) -> ColumnVector {
    Gather.take(vector, rows)
  }
}
