#include "kafka/topic_reader.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <array>
#include <memory>

#include "config/kafka_config.h"

namespace b2k::kafka {

namespace {

struct ConsumerDeleter {
    void operator()(rd_kafka_t* rk) const noexcept {
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
    }
};
struct PartitionListDeleter {
    void operator()(rd_kafka_topic_partition_list_t* l) const noexcept {
        rd_kafka_topic_partition_list_destroy(l);
    }
};
struct MessageDeleter {
    void operator()(rd_kafka_message_t* m) const noexcept { rd_kafka_message_destroy(m); }
};

}  // namespace

Result<std::vector<Record>> read_topic(const std::string& bootstrap_servers,
                                       const std::map<std::string, std::string>& properties,
                                       std::string_view topic, std::chrono::milliseconds timeout,
                                       bool missing_is_empty) {
    const std::string name(topic);
    const auto doing = "reading Kafka topic " + name;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto left_ms = [&] {
        return static_cast<int>(
            std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::milliseconds>(
                                          deadline - std::chrono::steady_clock::now())
                                          .count()));
    };

    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    std::array<char, 512> errstr{};
    auto set = [&](const std::string& k, const std::string& v) -> Result<void> {
        if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), errstr.data(), errstr.size()) ==
            RD_KAFKA_CONF_OK) {
            return success();
        }
        rd_kafka_conf_destroy(conf);
        return failure(Errc::config,
                       doing + ": property " + k + ": " +
                           (config::is_sensitive_property(k) ? "invalid" : errstr.data()));
    };
    for (const auto& [k, v] : properties) {
        // Producer-only settings would only make the consumer log warnings.
        if (k == "enable.idempotence" || k == "compression.type" || k == "linger.ms" ||
            k.rfind("queue.buffering", 0) == 0 || k == "message.timeout.ms" || k == "acks" ||
            k == "batch.size" || k == "batch.num.messages") {
            continue;
        }
        B2K_TRY(set(k, v));
    }
    B2K_TRY(set("bootstrap.servers", bootstrap_servers));
    B2K_TRY(set("group.id", "binlog2kafka-reader"));
    B2K_TRY(set("enable.auto.commit", "false"));
    B2K_TRY(set("enable.partition.eof", "false"));
    B2K_TRY(set("allow.auto.create.topics", "false"));
    B2K_TRY(set("log_level", "3"));
    rd_kafka_t* raw = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr.data(), errstr.size());
    if (raw == nullptr) {
        rd_kafka_conf_destroy(conf);
        return failure(Errc::config, doing + ": " + errstr.data());
    }
    std::unique_ptr<rd_kafka_t, ConsumerDeleter> rk(raw);

    // Partition count.
    int partitions = -1;
    std::string last_error;
    while (partitions < 0) {
        const rd_kafka_metadata_t* md = nullptr;
        rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk.get(), name.c_str(), nullptr);
        const auto err =
            rd_kafka_metadata(rk.get(), 0, rkt, &md, std::max(1, std::min(left_ms(), 5000)));
        rd_kafka_topic_destroy(rkt);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_resp_err_t terr = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
            for (int i = 0; i < md->topic_cnt; ++i) {
                if (name == md->topics[i].topic) {
                    terr = md->topics[i].err;
                    if (terr == RD_KAFKA_RESP_ERR_NO_ERROR)
                        partitions = md->topics[i].partition_cnt;
                }
            }
            rd_kafka_metadata_destroy(md);
            if (terr == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                terr == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC) {
                if (missing_is_empty) return std::vector<Record>{};
            }
            if (partitions < 0) last_error = rd_kafka_err2str(terr);
        } else {
            last_error = rd_kafka_err2str(err);
        }
        if (partitions < 0 && left_ms() == 0) {
            return failure(Errc::io, doing + ": metadata: " + last_error);
        }
    }

    // End offsets, then assign every non-empty partition from its start.
    std::vector<std::int64_t> high(static_cast<std::size_t>(partitions), 0);
    std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter> assignment(
        rd_kafka_topic_partition_list_new(partitions));
    std::size_t remaining = 0;
    for (int p = 0; p < partitions; ++p) {
        std::int64_t lo = 0;
        std::int64_t hi = 0;
        const auto err = rd_kafka_query_watermark_offsets(rk.get(), name.c_str(), p, &lo, &hi,
                                                          std::max(1, left_ms()));
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            return failure(Errc::io, doing + ": end offset of partition " + std::to_string(p) +
                                         ": " + rd_kafka_err2str(err));
        }
        high[static_cast<std::size_t>(p)] = hi;
        if (hi > lo) {
            rd_kafka_topic_partition_list_add(assignment.get(), name.c_str(), p)->offset = lo;
            ++remaining;
        }
    }
    std::vector<std::vector<Record>> by_partition(static_cast<std::size_t>(partitions));
    if (remaining == 0) return std::vector<Record>{};
    if (const auto err = rd_kafka_assign(rk.get(), assignment.get()); err) {
        return failure(Errc::io, doing + ": assign: " + rd_kafka_err2str(err));
    }

    while (remaining > 0) {
        if (left_ms() == 0) {
            return failure(Errc::io, doing + ": the end was not reached within " +
                                         std::to_string(timeout.count()) + " ms");
        }
        std::unique_ptr<rd_kafka_message_t, MessageDeleter> msg(
            rd_kafka_consumer_poll(rk.get(), std::min(left_ms(), 200)));
        if (!msg) continue;
        if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) continue;
            return failure(Errc::io, doing + ": " + rd_kafka_message_errstr(msg.get()));
        }
        const auto p = static_cast<std::size_t>(msg->partition);
        if (p >= by_partition.size() || msg->offset >= high[p]) continue;
        Record r;
        r.partition = msg->partition;
        r.offset = msg->offset;
        if (msg->key != nullptr) r.key.emplace(static_cast<const char*>(msg->key), msg->key_len);
        if (msg->payload != nullptr) {
            r.value.emplace(static_cast<const char*>(msg->payload), msg->len);
        }
        by_partition[p].push_back(std::move(r));
        if (msg->offset + 1 >= high[p]) --remaining;
    }
    std::vector<Record> out;
    for (auto& records : by_partition) {
        for (auto& r : records)
            out.push_back(std::move(r));
    }
    return out;
}

}  // namespace b2k::kafka
