// DictionaryEntryCache: a result per dictionary entry, kept while batches share one dictionary.
import TarnCore

/// Per-entry ids for the dictionary of the batches seen last (a Parquet column chunk's pages share one), so a
/// dictionary-encoded key is looked up once per entry instead of once per row; reset when another dictionary comes.
///
/// It holds the dictionary, not just its address: a freed dictionary's address is reused by the next one, and a
/// cache keyed by address alone gave wrong GROUP BY and count(DISTINCT) answers.
struct DictionaryEntryCache {
  private var dictionary: ColumnVector?
  /// One per entry of the current dictionary.
  var ids: [Int32] = []

  /// Makes this the cache of `dictionary`; true when it was another's, every id now `unknown`.
  mutating func use(_ dictionary: ColumnVector, unknown: Int32) -> Bool {
    if let held = self.dictionary, held.values === dictionary.values, held.offsets === dictionary.offsets,
      ids.count == dictionary.count
    {
      return false
    }
    self.dictionary = dictionary
    ids = [Int32](repeating: unknown, count: dictionary.count)
    return true
  }
}
