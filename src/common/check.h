#pragma once
// B2K_CHECK: an always-on invariant check for the program's own logic (never for wire data,
// which gets a Result). A failed check is a bug: print where and abort.

#include <cstdio>
#include <cstdlib>

#define B2K_CHECK(cond)                                                                       \
    do {                                                                                      \
        if (!(cond)) [[unlikely]] {                                                           \
            std::fprintf(stderr, "binlog2kafka: internal check failed: %s at %s:%d\n", #cond, \
                         __FILE__, __LINE__);                                                 \
            std::abort();                                                                     \
        }                                                                                     \
    } while (false)
