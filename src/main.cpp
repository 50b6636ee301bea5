// binlog2kafka: command line only; everything else lives in binlog2kafka_core.
#include "app/cli.h"

int main(int argc, char** argv) {
    return b2k::app::run_cli(argc, argv);
}
