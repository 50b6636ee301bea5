// binlog2kafka: command line only; everything else lives in binlog2kafka_core.
#include "app/cli.h"

#if defined(B2K_JEMALLOC)
// jemalloc's options, read at start-up (MALLOC_CONF in the environment adds to them): one
// arena. The reader thread allocates every message and librdkafka's broker thread frees it;
// with one arena the freed blocks serve the next messages instead of collecting in another
// arena, which kept peak RSS higher (bench/RESULTS.md, docs/decisions.md).
extern "C" {
// NOLINTNEXTLINE(readability-identifier-naming): the name jemalloc looks for
const char* malloc_conf = "narenas:1";
}
#endif

int main(int argc, char** argv) {
    return b2k::app::run_cli(argc, argv);
}
