// PCRE2 (8-bit code units) for the engine's regexp_* functions; Swift calls the `_8` names.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
