// b2k-mock-kafka: a librdkafka mock cluster in a process of its own, for tests and benchmarks
// (it outlives a daemon that is killed). Prints the bootstrap address as one line on stdout,
// then runs until SIGTERM or SIGINT.
//
//   b2k-mock-kafka [--brokers N] [--topic NAME:PARTITIONS]...

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kafka/mock_cluster.h"

namespace {

int usage() {
    std::fprintf(stderr, "usage: b2k-mock-kafka [--brokers N] [--topic NAME:PARTITIONS]...\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    int brokers = 1;
    std::vector<std::pair<std::string, int>> topics;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--brokers" && i + 1 < argc) {
            brokers = std::atoi(argv[++i]);
        } else if (arg == "--topic" && i + 1 < argc) {
            const std::string spec = argv[++i];
            const auto colon = spec.rfind(':');
            if (colon == std::string::npos || colon == 0) return usage();
            topics.emplace_back(spec.substr(0, colon), std::atoi(spec.c_str() + colon + 1));
        } else {
            return usage();
        }
    }

    // Block the signals before librdkafka starts its threads, so sigwait() receives them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto cluster = b2k::kafka::MockCluster::start(brokers);
    if (!cluster) {
        std::fprintf(stderr, "b2k-mock-kafka: %s\n", cluster.error().message.c_str());
        return 1;
    }
    for (const auto& [name, partitions] : topics) {
        if (auto r = cluster.value()->create_topic(name, partitions); !r) {
            std::fprintf(stderr, "b2k-mock-kafka: %s\n", r.error().message.c_str());
            return 1;
        }
    }
    std::printf("%s\n", cluster.value()->bootstrap_servers().c_str());
    std::fflush(stdout);

    int sig = 0;
    sigwait(&signals, &sig);
    return 0;
}
