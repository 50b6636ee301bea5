#pragma once
// KafkaCheckpointStore: the checkpoint as the latest record under key = source name in a
// compacted topic (checkpoint.store: kafka), so a pod that loses its disk loses nothing.
//
// save(): produce (key = source name, value = checkpoint JSON) and wait for the ack (its own
// idempotent producer, separate from the data producer). load(): read the topic to its end
// and take the last value for our key (a tombstone means "none"). The topic should be created
// with cleanup.policy=compact; a broker that auto-creates it will not compact it (nor does the
// mock cluster) — correct, only larger.
//
// lock(): Kafka offers nothing to detect a running daemon from another host, so this store
// does not lock; `checkpoint set` with this store cannot refuse while a daemon runs (say so).

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "checkpoint/checkpoint_store.h"
#include "config/kafka_config.h"
#include "kafka/producer.h"

namespace b2k::checkpoint {

class KafkaCheckpointStore final : public CheckpointStore {
  public:
    // bootstrap_servers: the resolved broker list (the mock cluster's address for "embedded").
    [[nodiscard]] static Result<std::unique_ptr<KafkaCheckpointStore>> create(
        const config::KafkaConfig& kafka, std::string bootstrap_servers, std::string topic,
        std::string source_name, std::chrono::milliseconds timeout = std::chrono::seconds(30));

    [[nodiscard]] Result<void> lock() override { return success(); }
    [[nodiscard]] Result<std::optional<Checkpoint>> load() override;
    [[nodiscard]] Result<void> save(const Checkpoint& checkpoint) override;
    std::string describe() const override { return "Kafka topic " + topic_; }

  private:
    KafkaCheckpointStore() = default;

    std::unique_ptr<kafka::Producer> producer_;
    std::map<std::string, std::string> properties_;
    std::string bootstrap_;
    std::string topic_;
    std::string key_;
    std::chrono::milliseconds timeout_{30000};
    std::uint64_t sequence_ = 0;
};

}  // namespace b2k::checkpoint
