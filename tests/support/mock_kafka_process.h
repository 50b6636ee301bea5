#pragma once
// Test support: the librdkafka mock cluster in a process of its own (the b2k-mock-kafka
// target), so it outlives a daemon under test (DESIGN.md "Kafka in tests and the demo").
//
//   MockKafkaProcess kafka({"--topic", "e2e.shop.bulk:16"});  // started here
//   kafka.bootstrap()                                          // "127.0.0.1:port"
//   // SIGTERM and reaped by the destructor
//
// Mind the mock's limits: topics auto-create with 4 partitions, and a partition keeps only its
// last ~5 MiB / 100k batches — read_all() checks that every partition still starts at offset
// 0, so a test whose volume overflowed the mock fails instead of comparing partial data.
// A binary that is missing or does not print its address throws std::runtime_error.
// Not thread-safe.

#include <sys/types.h>

#include <string>
#include <vector>

#include "kafka/topic_reader.h"

namespace b2k::test {

class MockKafkaProcess {
  public:
    // `args` are passed to b2k-mock-kafka (--brokers N, --topic NAME:PARTITIONS).
    explicit MockKafkaProcess(std::vector<std::string> args = {});
    ~MockKafkaProcess();
    MockKafkaProcess(const MockKafkaProcess&) = delete;
    MockKafkaProcess& operator=(const MockKafkaProcess&) = delete;

    const std::string& bootstrap() const noexcept { return bootstrap_; }

    // Freezes the cluster (SIGSTOP): connections stay open and requests go unanswered, as
    // with a broker that hangs. resume() (SIGCONT) lets it answer them.
    void pause() const;
    void resume() const;

    // Every topic's name (rd_kafka_metadata), sorted; internal topics ("__…") left out.
    std::vector<std::string> topics() const;
    // Every record of `topic`, partition by partition; throws when the topic cannot be read or
    // when the mock dropped a partition's oldest records (first offset not 0).
    std::vector<kafka::Record> read_all(const std::string& topic) const;

  private:
    pid_t pid_ = -1;
    std::string bootstrap_;
};

// Path of the b2k-mock-kafka binary (B2K_MOCK_KAFKA_BINARY from the build).
std::string mock_kafka_binary();

}  // namespace b2k::test
