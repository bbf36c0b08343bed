// brotli encoder and decoder, for Parquet's BROTLI codec.
#include <brotli/decode.h>
#include <brotli/encode.h>
