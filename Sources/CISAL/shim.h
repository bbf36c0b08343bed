// ISA-L igzip: the fastest streaming gzip inflate on x86.
#include <isa-l/igzip_lib.h>
