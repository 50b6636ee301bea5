#pragma once
// Producer: librdkafka's producer, configured from kafka: (DESIGN.md "Pipeline" step 5).
//
// Defaults: enable.idempotence=true (per-partition order survives retries) and
// message.timeout.ms=0 (an outage is waited out, never turned into lost messages); the local
// queue (queue.buffering.max.kbytes / .messages) sized from a memory budget. kafka.properties
// are applied after the defaults, verbatim (after resolving ${env:…}/${file:…}), so they can
// override any of them.
//
// Every message carries the caller's sequence number (>= 1, strictly increasing). Delivery
// reports are served by poll()/flush() (and by produce() while it waits for queue space) on the
// calling thread; they feed acks() — the highest sequence S with every message <= S
// acknowledged, which is what the checkpoint may advance to — and the optional on_delivery
// callback. A permanent delivery failure is recorded in acks().failure(); callers stop on it.
//
// A message larger than message.max.bytes follows kafka.oversize: `fail` returns
// Errc::bad_value naming the topic, the key and the sizes (and records the failure); `skip`
// logs it, counts it in skipped_oversize() and treats it as acknowledged.
//
// Thread-safety: one thread calls everything except request_stop() (any thread) and the log
// callback, which librdkafka may call from its own threads.

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"
#include "config/kafka_config.h"
#include "kafka/ack_tracker.h"

namespace b2k::kafka {

enum class LogLevel { error, warning, info, debug };
using LogFn = std::function<void(LogLevel, std::string_view message)>;

struct ProducerOptions {
    // Overrides kafka.brokers (needed when it is "embedded": the MockCluster's address).
    std::string bootstrap_servers;
    // Memory the local queue may hold: queue.buffering.max.kbytes = budget / 1024 and
    // queue.buffering.max.messages = budget / 64 (at least 1000).
    std::size_t memory_budget_bytes = 64u << 20;
    // Called for every delivery report: error is null on success. After acks() was updated.
    std::function<void(std::uint64_t sequence, const Error* error)> on_delivery;
    // librdkafka's and our own messages; null: stderr. Must be thread-safe.
    LogFn log;
};

struct FreeDeleter {
    void operator()(char* p) const noexcept { std::free(p); }
};
// A block from std::malloc, as librdkafka's RD_KAFKA_MSG_F_FREE takes it.
using MallocBuffer = std::unique_ptr<char, FreeDeleter>;

struct TopicDeleter {
    void operator()(rd_kafka_topic_t* t) const noexcept { rd_kafka_topic_destroy(t); }
};
using TopicPtr = std::unique_ptr<rd_kafka_topic_t, TopicDeleter>;
struct HandleDeleter {
    void operator()(rd_kafka_t* rk) const noexcept { rd_kafka_destroy(rk); }
};
using HandlePtr = std::unique_ptr<rd_kafka_t, HandleDeleter>;

// Resolves kafka.properties (secret references) into plain values. Errc::config naming the
// property (never its value).
[[nodiscard]] Result<std::map<std::string, std::string>> resolve_properties(
    const config::KafkaConfig& config);

// The partition every message of a keyless table goes to: FNV-1a 32 of "db.table" modulo the
// partition count. Stable across restarts and versions.
std::int32_t keyless_partition(std::string_view db, std::string_view table,
                               std::int32_t partition_count) noexcept;

class Producer {
  public:
    [[nodiscard]] static Result<std::unique_ptr<Producer>> create(const config::KafkaConfig& config,
                                                                  ProducerOptions options);
    ~Producer();
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;

    // Queues one message (payload copied). partition: RD_KAFKA_PARTITION_UA lets the
    // partitioner pick from the key. key/value nullopt: a null key / a null value (tombstone).
    // When the local queue is full it serves delivery reports and retries — back-pressure, for
    // as long as it takes — until request_stop() or a permanent failure.
    // Errors: Errc::bad_value (oversize with kafka.oversize: fail), Errc::io (a permanent
    // failure already recorded, stopped, or librdkafka refused the message), Errc::internal
    // (sequence not increasing).
    //
    // `owned` (optional): the std::malloc'ed block that `value` starts at. Then the value is
    // not copied: once librdkafka has taken the message, `owned` is released and librdkafka
    // frees the block after delivery; on any error the caller keeps it.
    [[nodiscard]] Result<void> produce(std::string_view topic, std::int32_t partition,
                                       std::optional<std::string_view> key,
                                       std::optional<std::string_view> value,
                                       std::uint64_t sequence, MallocBuffer* owned = nullptr);

    // Serves delivery reports and errors for up to `timeout`; returns how many were served.
    int poll(std::chrono::milliseconds timeout);
    // Waits until every queued message is delivered or `timeout` passes (Errc::io naming how
    // many are still in flight), then returns the permanent failure if there is one.
    [[nodiscard]] Result<void> flush(std::chrono::milliseconds timeout);

    // The partition count of `topic` from the cluster's metadata, cached per topic. Waits up to
    // `timeout` for the topic to appear (auto-creation). Errc::io on timeout.
    [[nodiscard]] Result<std::int32_t> partition_count(
        std::string_view topic, std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // keyless_partition() with the topic's partition count.
    [[nodiscard]] Result<std::int32_t> partition_for_keyless(std::string_view topic,
                                                             std::string_view db,
                                                             std::string_view table);

    // Makes a produce() waiting for queue space return Errc::io ("stopped"). Any thread.
    void request_stop() noexcept { stop_.store(true, std::memory_order_relaxed); }

    const AckTracker& acks() const noexcept { return acks_; }
    std::uint64_t skipped_oversize() const noexcept { return skipped_oversize_; }
    // Messages queued in librdkafka and not yet delivered (rd_kafka_outq_len).
    int queued() const noexcept;
    // message.max.bytes in force.
    std::size_t message_max_bytes() const noexcept { return message_max_bytes_; }
    rd_kafka_t* handle() const noexcept { return rk_.get(); }

  private:
    Producer(config::Oversize oversize, ProducerOptions options);
    Result<rd_kafka_topic_t*> topic_handle(std::string_view topic);
    static void on_delivery_report(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
    static void on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque);
    void log(LogLevel level, std::string_view message) const;

    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };

    config::Oversize oversize_;
    ProducerOptions options_;
    HandlePtr rk_;
    std::unordered_map<std::string, TopicPtr, StringHash, std::equal_to<>> topics_;
    // The last topic produced to (messages come in runs of one table): no hash per message.
    std::string last_topic_;
    rd_kafka_topic_t* last_rkt_ = nullptr;
    std::unordered_map<std::string, std::int32_t, StringHash, std::equal_to<>> partition_counts_;
    AckTracker acks_;
    std::uint64_t skipped_oversize_ = 0;
    std::size_t message_max_bytes_ = 0;
    std::atomic<bool> stop_{false};
};

// For the stores that write one small record at a time (the Kafka checkpoint store, the schema
// history): a producer of their own with a 1 MiB queue, and a write that returns only once
// Kafka acknowledged the record (or fails naming what it was `doing`).
[[nodiscard]] Result<std::unique_ptr<Producer>> record_store_producer(
    const config::KafkaConfig& config, const std::string& bootstrap_servers);
[[nodiscard]] Result<void> produce_acknowledged(Producer& producer, std::string_view topic,
                                                std::string_view key, std::string_view value,
                                                std::uint64_t sequence,
                                                std::chrono::milliseconds timeout,
                                                std::string_view doing);

}  // namespace b2k::kafka
