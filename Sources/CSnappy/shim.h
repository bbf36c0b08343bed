// snappy's C API, for Parquet's SNAPPY codec.
#include <snappy-c.h>
