#include "kafka/producer.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

namespace b2k::kafka {

namespace {

constexpr std::size_t kShownKeyChars = 200;

std::string shown_key(std::optional<std::string_view> key) {
    if (!key) return "null";
    if (key->size() <= kShownKeyChars) return std::string(*key);
    return std::string(key->substr(0, kShownKeyChars)) + "…";
}

Result<void> set_property(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
    std::array<char, 512> errstr{};
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr.data(), errstr.size()) ==
        RD_KAFKA_CONF_OK) {
        return success();
    }
    // librdkafka's message may echo the value: not for credentials.
    std::string why = config::is_sensitive_property(key) ? "invalid name or value" : errstr.data();
    return failure(Errc::config, "kafka.properties." + key + ": " + why);
}

}  // namespace

Result<std::map<std::string, std::string>> resolve_properties(const config::KafkaConfig& config) {
    std::map<std::string, std::string> out;
    for (const auto& [key, ref] : config.properties) {
        auto value = ref.resolve();
        if (!value) return failure(std::move(value).error().context("kafka.properties." + key));
        out.emplace(key, std::move(value).value());
    }
    return out;
}

std::int32_t keyless_partition(std::string_view db, std::string_view table,
                               std::int32_t partition_count) noexcept {
    if (partition_count <= 0) return 0;
    std::uint32_t h = 2166136261u;
    auto mix = [&h](std::string_view s) {
        for (unsigned char c : s) {
            h ^= c;
            h *= 16777619u;
        }
    };
    mix(db);
    mix(".");
    mix(table);
    return static_cast<std::int32_t>(h % static_cast<std::uint32_t>(partition_count));
}

Producer::Producer(config::Oversize oversize, ProducerOptions options)
    : oversize_(oversize), options_(std::move(options)) {}

Producer::~Producer() {
    topics_.clear();
    if (rk_) {
        // Whatever is still queued is abandoned (not delivered, so never checkpointed);
        // without this, destroying a producer cut off from its brokers could wait forever.
        rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    }
    rk_.reset();
}

Result<std::unique_ptr<Producer>> Producer::create(const config::KafkaConfig& config,
                                                   ProducerOptions options) {
    std::string brokers =
        options.bootstrap_servers.empty() ? config.brokers : options.bootstrap_servers;
    if (brokers.empty()) return failure(Errc::config, "kafka.brokers is not set");
    if (brokers == config::kEmbeddedBrokers) {
        return failure(Errc::config,
                       "kafka.brokers is \"embedded\": start the mock cluster and pass its "
                       "address (ProducerOptions::bootstrap_servers)");
    }
    B2K_TRY(auto properties, resolve_properties(config));

    std::unique_ptr<Producer> p(new Producer(config.oversize, std::move(options)));
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    struct ConfGuard {
        rd_kafka_conf_t*& conf;
        ~ConfGuard() {
            if (conf != nullptr) rd_kafka_conf_destroy(conf);
        }
    } guard{conf};

    const std::size_t budget = std::max<std::size_t>(p->options_.memory_budget_bytes, 1u << 20);
    const std::size_t kbytes = std::min<std::size_t>(budget / 1024, 2147483647u);
    const std::size_t messages = std::clamp<std::size_t>(budget / 64, 1000, 10000000);
    const std::pair<const char*, std::string> defaults[] = {
        {"enable.idempotence", "true"},
        {"message.timeout.ms", "0"},
        {"queue.buffering.max.kbytes", std::to_string(kbytes)},
        {"queue.buffering.max.messages", std::to_string(messages)},
    };
    for (const auto& [key, value] : defaults)
        B2K_TRY(set_property(conf, key, value));
    for (const auto& [key, value] : properties)
        B2K_TRY(set_property(conf, key, value));
    B2K_TRY(set_property(conf, "bootstrap.servers", brokers));

    std::array<char, 64> buf{};
    std::size_t size = buf.size();
    if (rd_kafka_conf_get(conf, "message.max.bytes", buf.data(), &size) == RD_KAFKA_CONF_OK) {
        p->message_max_bytes_ = std::strtoull(buf.data(), nullptr, 10);
    }

    rd_kafka_conf_set_opaque(conf, p.get());
    rd_kafka_conf_set_dr_msg_cb(conf, &Producer::on_delivery_report);
    rd_kafka_conf_set_error_cb(conf, &Producer::on_error);
    rd_kafka_conf_set_log_cb(
        conf, [](const rd_kafka_t* rk, int level, const char* fac, const char* text) {
            auto* self = static_cast<Producer*>(rd_kafka_opaque(rk));
            const LogLevel l = level <= 3   ? LogLevel::error
                               : level <= 4 ? LogLevel::warning
                               : level <= 6 ? LogLevel::info
                                            : LogLevel::debug;
            self->log(l, std::string("librdkafka ") + fac + ": " + text);
        });

    std::array<char, 512> errstr{};
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr.data(), errstr.size());
    if (rk == nullptr) {
        return failure(Errc::config, std::string("creating the Kafka producer: ") + errstr.data());
    }
    conf = nullptr;  // owned by rk now
    p->rk_.reset(rk);
    return p;
}

void Producer::log(LogLevel level, std::string_view message) const {
    if (options_.log) {
        options_.log(level, message);
        return;
    }
    static constexpr const char* kNames[] = {"error", "warning", "info", "debug"};
    std::fprintf(stderr, "%s: %.*s\n", kNames[static_cast<int>(level)],
                 static_cast<int>(message.size()), message.data());
}

Result<rd_kafka_topic_t*> Producer::topic_handle(std::string_view topic) {
    if (last_rkt_ != nullptr && topic == last_topic_) return last_rkt_;
    if (auto it = topics_.find(topic); it != topics_.end()) {
        last_topic_.assign(topic);
        last_rkt_ = it->second.get();
        return last_rkt_;
    }
    std::string name(topic);
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk_.get(), name.c_str(), nullptr);
    if (rkt == nullptr) {
        return failure(Errc::io,
                       "Kafka topic " + name + ": " + rd_kafka_err2str(rd_kafka_last_error()));
    }
    auto [it, inserted] = topics_.emplace(std::move(name), TopicPtr(rkt));
    return it->second.get();
}

Result<void> Producer::produce(std::string_view topic, std::int32_t partition,
                               std::optional<std::string_view> key,
                               std::optional<std::string_view> value, std::uint64_t sequence,
                               MallocBuffer* owned) {
    if (acks_.has_failure()) return failure(*acks_.failure());
    if (!acks_.can_send(sequence)) {
        return failure(Errc::internal, "message sequence " + std::to_string(sequence) +
                                           " is not greater than the previous one (" +
                                           std::to_string(acks_.last_sent()) + ")");
    }
    B2K_TRY(rd_kafka_topic_t * rkt, topic_handle(topic));

    auto* key_ptr = key ? const_cast<char*>(key->data()) : nullptr;
    const std::size_t key_len = key ? key->size() : 0;
    auto* value_ptr = value ? const_cast<char*>(value->data()) : nullptr;
    const std::size_t value_len = value ? value->size() : 0;
    // Hand over the caller's block instead of copying when the value is its start.
    const bool give = owned != nullptr && *owned && value_ptr == owned->get() && value_len > 0;
    auto last_warning = std::chrono::steady_clock::time_point{};
    for (;;) {
        const rd_kafka_resp_err_t err = rd_kafka_producev(
            rk_.get(), RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_PARTITION(partition),
            RD_KAFKA_V_MSGFLAGS(give ? RD_KAFKA_MSG_F_FREE : RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(key_ptr, key_len), RD_KAFKA_V_VALUE(value_ptr, value_len),
            RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<std::uintptr_t>(sequence))),
            RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (give) (void)owned->release();  // librdkafka frees it after delivery
            return acks_.sent(sequence);
        }
        if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            // Back-pressure: wait for deliveries to make room.
            if (stop_.load(std::memory_order_relaxed)) {
                return failure(Errc::io, "stopped while waiting for Kafka to take messages");
            }
            const auto now = std::chrono::steady_clock::now();
            if (now - last_warning > std::chrono::seconds(10)) {
                if (last_warning != std::chrono::steady_clock::time_point{}) {
                    log(LogLevel::warning, "the Kafka producer queue is full (" +
                                               std::to_string(queued()) +
                                               " messages): waiting for the brokers");
                }
                last_warning = now;
            }
            rd_kafka_poll(rk_.get(), 100);
            if (acks_.has_failure()) return failure(*acks_.failure());
            continue;
        }
        if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) {
            std::string what = "message for topic " + std::string(topic) + " with key " +
                               shown_key(key) + " is " + std::to_string(key_len + value_len) +
                               " bytes (key " + std::to_string(key_len) + ", value " +
                               std::to_string(value_len) + "), over message.max.bytes (" +
                               std::to_string(message_max_bytes_) + ")";
            if (oversize_ == config::Oversize::skip) {
                log(LogLevel::warning, "skipped (kafka.oversize: skip): " + what);
                ++skipped_oversize_;
                B2K_TRY(acks_.sent(sequence));
                acks_.acked(sequence);
                return success();
            }
            Error e(Errc::bad_value,
                    what +
                        "; raise message.max.bytes in kafka.properties (and the topic's "
                        "max.message.bytes) or set kafka.oversize: skip");
            acks_.fail_all(e);
            return failure(std::move(e));
        }
        return failure(Errc::io, "producing to Kafka topic " + std::string(topic) + ": " +
                                     rd_kafka_err2str(err));
    }
}

void Producer::on_delivery_report(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    auto* self = static_cast<Producer*>(opaque);
    const auto sequence =
        static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(msg->_private));
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        self->acks_.acked(sequence);
        if (self->options_.on_delivery) self->options_.on_delivery(sequence, nullptr);
        return;
    }
    const std::string topic = msg->rkt ? rd_kafka_topic_name(msg->rkt) : "?";
    if (msg->err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE &&
        self->oversize_ == config::Oversize::skip) {
        // The broker's own limit (the topic's max.message.bytes) is lower than ours.
        self->log(LogLevel::warning, "skipped (kafka.oversize: skip): the broker refused a " +
                                         std::to_string(msg->key_len + msg->len) +
                                         "-byte message for topic " + topic + " as too large");
        ++self->skipped_oversize_;
        self->acks_.acked(sequence);
        if (self->options_.on_delivery) self->options_.on_delivery(sequence, nullptr);
        return;
    }
    Error e(msg->err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE ? Errc::bad_value : Errc::io,
            "Kafka refused a message for topic " + topic + " partition " +
                std::to_string(msg->partition) + " (" + std::to_string(msg->key_len + msg->len) +
                " bytes): " + rd_kafka_err2str(msg->err));
    self->acks_.failed(sequence, e);
    if (self->options_.on_delivery) self->options_.on_delivery(sequence, &e);
}

void Producer::on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
    auto* self = static_cast<Producer*>(opaque);
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        std::array<char, 512> buf{};
        const rd_kafka_resp_err_t orig = rd_kafka_fatal_error(rk, buf.data(), buf.size());
        self->acks_.fail_all(Error(Errc::io, std::string("Kafka producer fatal error (") +
                                                 rd_kafka_err2name(orig) + "): " + buf.data()));
        self->log(LogLevel::error, std::string("Kafka producer fatal error: ") + buf.data());
        return;
    }
    // Transient (a broker down, all brokers down…): librdkafka keeps retrying.
    self->log(LogLevel::warning, std::string("Kafka: ") +
                                     rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)) +
                                     ": " + reason);
}

int Producer::poll(std::chrono::milliseconds timeout) {
    return rd_kafka_poll(rk_.get(), static_cast<int>(timeout.count()));
}

Result<void> Producer::flush(std::chrono::milliseconds timeout) {
    const rd_kafka_resp_err_t err = rd_kafka_flush(rk_.get(), static_cast<int>(timeout.count()));
    if (acks_.has_failure()) return failure(*acks_.failure());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return failure(Errc::io, "Kafka flush: " + std::to_string(queued()) +
                                     " messages still undelivered after " +
                                     std::to_string(timeout.count()) + " ms");
    }
    return success();
}

int Producer::queued() const noexcept {
    return rd_kafka_outq_len(rk_.get());
}

Result<std::int32_t> Producer::partition_count(std::string_view topic,
                                               std::chrono::milliseconds timeout) {
    if (auto it = partition_counts_.find(topic); it != partition_counts_.end()) return it->second;
    B2K_TRY(rd_kafka_topic_t * rkt, topic_handle(topic));
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string last_error = "no answer";
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        const rd_kafka_metadata_t* md = nullptr;
        const rd_kafka_resp_err_t err = rd_kafka_metadata(
            rk_.get(), 0, rkt, &md, static_cast<int>(std::min<std::int64_t>(left.count(), 5000)));
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR && md != nullptr) {
            std::int32_t count = 0;
            rd_kafka_resp_err_t topic_err = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
            for (int i = 0; i < md->topic_cnt; ++i) {
                if (topic == md->topics[i].topic) {
                    topic_err = md->topics[i].err;
                    count = md->topics[i].partition_cnt;
                }
            }
            rd_kafka_metadata_destroy(md);
            if (topic_err == RD_KAFKA_RESP_ERR_NO_ERROR && count > 0) {
                partition_counts_.emplace(std::string(topic), count);
                return count;
            }
            last_error = rd_kafka_err2str(topic_err);
        } else {
            last_error = rd_kafka_err2str(err);
        }
        rd_kafka_poll(rk_.get(), 100);
    }
    return failure(Errc::io, "reading the partition count of Kafka topic " + std::string(topic) +
                                 ": " + last_error + " (after " + std::to_string(timeout.count()) +
                                 " ms)");
}

Result<std::int32_t> Producer::partition_for_keyless(std::string_view topic, std::string_view db,
                                                     std::string_view table) {
    B2K_TRY(auto count, partition_count(topic));
    return keyless_partition(db, table, count);
}

Result<std::unique_ptr<Producer>> record_store_producer(const config::KafkaConfig& config,
                                                        const std::string& bootstrap_servers) {
    ProducerOptions options;
    options.bootstrap_servers = bootstrap_servers;
    options.memory_budget_bytes = 1u << 20;
    return Producer::create(config, std::move(options));
}

Result<void> produce_acknowledged(Producer& producer, std::string_view topic, std::string_view key,
                                  std::string_view value, std::uint64_t sequence,
                                  std::chrono::milliseconds timeout, std::string_view doing) {
    auto r = producer.produce(topic, RD_KAFKA_PARTITION_UA, key, value, sequence);
    if (!r) return failure(std::move(r).error().context(doing));
    auto f = producer.flush(timeout);
    if (!f) return failure(std::move(f).error().context(doing));
    if (producer.acks().acked_through() != sequence) {
        return failure(Errc::io, std::string(doing) + ": not acknowledged");
    }
    return success();
}

}  // namespace b2k::kafka
