// xxHash, inlined: XXH64 for Parquet bloom filters and XXH3 for hash tables.
#define XXH_INLINE_ALL
#include <xxhash.h>
