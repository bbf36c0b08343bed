// xxHash, inlined: XXH64 for Parquet bloom filters and XXH3 for hash tables; and a prefetch hint for their probes.
#define XXH_INLINE_ALL
#include <xxhash.h>

/// Asks the CPU to start loading the cache line at `address` (hash-table probes issue these a batch ahead).
static inline void tarn_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
