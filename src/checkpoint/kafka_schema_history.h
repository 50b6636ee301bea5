#pragma once
// KafkaSchemaHistory: the schema history in a topic of its own (schema.history_topic, default
// "{name}.schema-history") beside the Kafka checkpoint store, so a pod that loses its disk
// resumes with the schema of its checkpoint's position, not today's (DESIGN.md "Pipeline"
// step 6).
//
// One record per version: key "<source name>/<version>", value the version's JSON record
// (schema_history.h). Every version has its own key, so a compacted topic keeps them all; the
// topic should be created with cleanup.policy=compact (one that is auto-created is only
// larger). append() produces and waits for the acknowledgement (its own idempotent producer);
// the first load()/highest() reads the topic to its end once and keeps the versions of this
// source in memory (each version holds the whole catalog of captured and uncaptured tables —
// meant for schemas of up to a few thousand tables).

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "config/kafka_config.h"
#include "kafka/producer.h"
#include "schema/schema_history.h"

namespace b2k::checkpoint {

class KafkaSchemaHistory final : public schema::SchemaHistory {
  public:
    // bootstrap_servers: the resolved broker list (the mock cluster's address for "embedded").
    [[nodiscard]] static Result<std::unique_ptr<KafkaSchemaHistory>> create(
        const config::KafkaConfig& kafka, std::string bootstrap_servers, std::string topic,
        std::string source_name, std::chrono::milliseconds timeout = std::chrono::seconds(30));

    const std::string& ref() const noexcept override { return ref_; }
    [[nodiscard]] Result<std::optional<schema::SchemaVersion>> load(std::uint64_t version) override;
    [[nodiscard]] Result<std::uint64_t> highest() override;
    [[nodiscard]] Result<void> append(const schema::SchemaVersion& v) override;

  private:
    KafkaSchemaHistory() = default;
    Result<void> read_once();

    std::unique_ptr<kafka::Producer> producer_;
    std::map<std::string, std::string> properties_;
    std::string bootstrap_;
    std::string topic_;
    std::string ref_;
    std::string key_prefix_;  // "<source name>/"
    std::chrono::milliseconds timeout_{30000};
    std::uint64_t sequence_ = 0;
    bool read_ = false;
    std::map<std::uint64_t, schema::SchemaVersion> versions_;
};

}  // namespace b2k::checkpoint
