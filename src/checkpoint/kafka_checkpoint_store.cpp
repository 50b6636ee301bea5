#include "checkpoint/kafka_checkpoint_store.h"

#include "kafka/topic_reader.h"

namespace b2k::checkpoint {

Result<std::unique_ptr<KafkaCheckpointStore>> KafkaCheckpointStore::create(
    const config::KafkaConfig& kafka, std::string bootstrap_servers, std::string topic,
    std::string source_name, std::chrono::milliseconds timeout) {
    std::unique_ptr<KafkaCheckpointStore> store(new KafkaCheckpointStore());
    B2K_TRY(store->properties_, kafka::resolve_properties(kafka));
    B2K_TRY(store->producer_, kafka::record_store_producer(kafka, bootstrap_servers));
    store->bootstrap_ = std::move(bootstrap_servers);
    store->topic_ = std::move(topic);
    store->key_ = std::move(source_name);
    store->timeout_ = timeout;
    return store;
}

Result<std::optional<Checkpoint>> KafkaCheckpointStore::load() {
    B2K_TRY(auto records, kafka::read_topic(bootstrap_, properties_, topic_, timeout_));
    const kafka::Record* last = nullptr;
    for (const auto& r : records) {
        if (r.key && *r.key == key_) last = &r;  // one key lives in one partition: in order
    }
    if (last == nullptr || !last->value) return std::optional<Checkpoint>{};
    B2K_TRY(auto cp, from_json(*last->value, "in Kafka topic " + topic_ + " (key " + key_ + ")"));
    return std::optional<Checkpoint>(std::move(cp));
}

Result<void> KafkaCheckpointStore::save(const Checkpoint& checkpoint) {
    const std::string value = to_json(checkpoint);
    return kafka::produce_acknowledged(*producer_, topic_, key_, value, ++sequence_, timeout_,
                                       "saving the checkpoint to Kafka topic " + topic_);
}

}  // namespace b2k::checkpoint
