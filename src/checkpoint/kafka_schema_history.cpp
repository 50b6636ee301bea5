#include "checkpoint/kafka_schema_history.h"

#include "kafka/topic_reader.h"

namespace b2k::checkpoint {

Result<std::unique_ptr<KafkaSchemaHistory>> KafkaSchemaHistory::create(
    const config::KafkaConfig& kafka, std::string bootstrap_servers, std::string topic,
    std::string source_name, std::chrono::milliseconds timeout) {
    std::unique_ptr<KafkaSchemaHistory> h(new KafkaSchemaHistory());
    B2K_TRY(h->properties_, kafka::resolve_properties(kafka));
    B2K_TRY(h->producer_, kafka::record_store_producer(kafka, bootstrap_servers));
    h->bootstrap_ = std::move(bootstrap_servers);
    h->ref_ = "kafka:" + topic;
    h->topic_ = std::move(topic);
    h->key_prefix_ = std::move(source_name) + "/";
    h->timeout_ = timeout;
    return h;
}

Result<void> KafkaSchemaHistory::read_once() {
    if (read_) return success();
    B2K_TRY(auto records, kafka::read_topic(bootstrap_, properties_, topic_, timeout_));
    for (const auto& r : records) {
        if (!r.key || !r.key->starts_with(key_prefix_) || !r.value) continue;
        const std::string where = "schema history in Kafka topic " + topic_ + " (partition " +
                                  std::to_string(r.partition) + ", offset " +
                                  std::to_string(r.offset) + ", key " + *r.key + ")";
        const nlohmann::json j = nlohmann::json::parse(*r.value, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            return failure(Errc::corrupt, where + " is not a version record");
        }
        B2K_TRY(auto v, schema::version_from_json(j, where));
        const std::uint64_t n = v.version;
        versions_[n] = std::move(v);  // a later record for the same version wins
    }
    read_ = true;
    return success();
}

Result<std::optional<schema::SchemaVersion>> KafkaSchemaHistory::load(std::uint64_t version) {
    B2K_TRY(read_once());
    auto it = versions_.find(version);
    if (it == versions_.end()) return std::optional<schema::SchemaVersion>{};
    return std::optional<schema::SchemaVersion>(it->second);
}

Result<std::uint64_t> KafkaSchemaHistory::highest() {
    B2K_TRY(read_once());
    return versions_.empty() ? std::uint64_t{0} : versions_.rbegin()->first;
}

Result<void> KafkaSchemaHistory::append(const schema::SchemaVersion& v) {
    B2K_TRY(kafka::produce_acknowledged(
        *producer_, topic_, key_prefix_ + std::to_string(v.version),
        schema::version_to_json(v).dump(), ++sequence_, timeout_,
        "saving schema version " + std::to_string(v.version) + " to Kafka topic " + topic_));
    versions_[v.version] = v;
    return success();
}

}  // namespace b2k::checkpoint
