// LZ4 block and frame APIs, for Parquet's LZ4_RAW and Hadoop LZ4 codecs and lz4 frame inputs.
#include <lz4.h>
#include <lz4hc.h>
#include <lz4frame.h>
