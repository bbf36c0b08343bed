// zstd, for Parquet's ZSTD codec and zstd-compressed inputs.
#include <zstd.h>
