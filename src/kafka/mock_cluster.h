#pragma once
// MockCluster: librdkafka's in-process mock Kafka cluster (rdkafka_mock.h) on 127.0.0.1.
//
// The broker for tests, benchmarks and `kafka.brokers: embedded`. Its limits (librdkafka
// 2.0.2, see DESIGN.md "Kafka in tests and the demo"): topics are auto-created with 4
// partitions unless create_topic() says otherwise, no compaction, each partition keeps only its
// last ~5 MiB / 100k batches (older data is dropped silently), transactions are not fenced.
// The brokers listen on random loopback ports: read bootstrap_servers().
//
// Fault injection for tests: broker_down()/broker_up() (connections to the broker are closed
// and refused), push_request_errors() (the next requests of one API get these errors). While a
// broker is down its port is held by a bound socket of ours: librdkafka re-binds the same port
// at broker_up() and aborts the process when an outgoing connection took it meanwhile as its
// local port (the kernel picks those from the same ephemeral range, and skips bound ports).
// Broker ids are 1..brokers.
//
// Thread-safety: the cluster runs its own thread; the methods here may be called from any
// thread.

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace b2k::kafka {

class MockCluster {
  public:
    // Starts `brokers` brokers (1..64). Errc::io if librdkafka cannot start them.
    [[nodiscard]] static Result<std::unique_ptr<MockCluster>> start(int brokers = 3);
    ~MockCluster();
    MockCluster(const MockCluster&) = delete;
    MockCluster& operator=(const MockCluster&) = delete;

    // "127.0.0.1:port,127.0.0.1:port,…" for bootstrap.servers.
    const std::string& bootstrap_servers() const noexcept { return bootstrap_; }
    int broker_count() const noexcept { return brokers_; }

    // Creates a topic with a partition count of our choosing (auto-created topics get 4).
    [[nodiscard]] Result<void> create_topic(std::string_view topic, int partitions,
                                            int replication_factor = 1);
    [[nodiscard]] Result<void> broker_down(std::int32_t broker_id);
    [[nodiscard]] Result<void> broker_up(std::int32_t broker_id);
    // The next errors.size() requests of `api_key` (e.g. RD_KAFKAP_Produce = 0) to any broker
    // fail with these errors, in order.
    void push_request_errors(std::int16_t api_key, const std::vector<rd_kafka_resp_err_t>& errors);
    // Moves a partition's leadership (-1: no leader).
    [[nodiscard]] Result<void> set_partition_leader(std::string_view topic, std::int32_t partition,
                                                    std::int32_t broker_id);

    // For anything else in rdkafka_mock.h.
    rd_kafka_mock_cluster_t* handle() const noexcept { return cluster_; }

  private:
    MockCluster() = default;

    rd_kafka_t* rk_ = nullptr;  // the dummy handle that owns the cluster's thread
    rd_kafka_mock_cluster_t* cluster_ = nullptr;
    std::string bootstrap_;
    int brokers_ = 0;
    std::mutex held_mutex_;
    std::map<std::int32_t, int> held_;  // broker id -> the socket holding its port while down
};

}  // namespace b2k::kafka
