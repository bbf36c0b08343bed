// libdeflate: whole-buffer gzip/deflate, faster than zlib for in-memory members.
#include <libdeflate.h>
