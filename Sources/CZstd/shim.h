// zstd, for Parquet's ZSTD codec and zstd-compressed inputs.
#include <zstd.h>
#include <zstd_errors.h>  // ZSTD_getErrorCode and ZSTD_ErrorCode, to tell "output too small" from corrupt input
