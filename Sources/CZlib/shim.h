// zlib, for Parquet's GZIP codec. Swift does not import zlib's init macros, so they are wrapped here.
#include <zlib.h>
static inline int czlib_inflateInit2(z_streamp stream, int windowBits) { return inflateInit2(stream, windowBits); }
static inline int czlib_deflateInit2(z_streamp stream, int level, int method, int windowBits, int memLevel, int strategy) {
  return deflateInit2(stream, level, method, windowBits, memLevel, strategy);
}
