#pragma once
// PipelineItem: what the reader thread hands the publisher thread through the ring — an
// encoded Kafka message, or the end of a transaction (the position a checkpoint may take once
// every message before it is acknowledged).
//
// A message is one std::malloc'ed block: value, topic, key (and, for a table without a
// primary key, its database and table names, from which its fixed partition is chosen) back to
// back. The value comes first so the block can be handed to librdkafka as the payload without
// a copy (kafka::Producer::produce's `owned`; librdkafka frees it after delivery).

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>

#include "checkpoint/checkpoint.h"
#include "kafka/producer.h"

namespace b2k::pipeline {

struct PipelineItem {
    enum class Kind : std::uint8_t {
        message,
        boundary,  // a transaction ended; `checkpoint` is where a restart would resume
    };

    Kind kind = Kind::message;
    bool has_key = false;
    bool has_value = false;  // false: a tombstone
    bool keyless = false;    // table without a primary key: partition from db and table
    std::uint32_t topic_len = 0;
    std::uint32_t key_len = 0;
    std::uint32_t value_len = 0;
    std::uint32_t db_len = 0;
    std::uint32_t table_len = 0;
    kafka::MallocBuffer data;
    // boundary: where a restart resumes once this transaction is delivered (while an XA
    // transaction is prepared and not committed: the position before its XA PREPARE).
    std::unique_ptr<checkpoint::Checkpoint> checkpoint;

    std::optional<std::string_view> value() const noexcept {
        if (!has_value) return std::nullopt;
        return std::string_view(data.get(), value_len);
    }
    std::string_view topic() const noexcept { return {data.get() + value_len, topic_len}; }
    std::optional<std::string_view> key() const noexcept {
        if (!has_key) return std::nullopt;
        return std::string_view(data.get() + value_len + topic_len, key_len);
    }
    std::string_view db() const noexcept {
        return {data.get() + value_len + topic_len + key_len, db_len};
    }
    std::string_view table() const noexcept {
        return {data.get() + value_len + topic_len + key_len + db_len, table_len};
    }
    std::size_t size() const noexcept {
        return std::size_t{value_len} + topic_len + key_len + db_len + table_len;
    }
    // What the item costs in the ring's byte budget.
    std::size_t bytes() const noexcept { return sizeof(PipelineItem) + size(); }

    static PipelineItem message(std::string_view topic, std::optional<std::string_view> key,
                                std::optional<std::string_view> value, bool keyless,
                                std::string_view db, std::string_view table) {
        PipelineItem it;
        it.kind = Kind::message;
        it.has_key = key.has_value();
        it.has_value = value.has_value();
        it.keyless = keyless;
        it.value_len = value ? static_cast<std::uint32_t>(value->size()) : 0;
        it.topic_len = static_cast<std::uint32_t>(topic.size());
        it.key_len = key ? static_cast<std::uint32_t>(key->size()) : 0;
        if (keyless) {
            it.db_len = static_cast<std::uint32_t>(db.size());
            it.table_len = static_cast<std::uint32_t>(table.size());
        }
        const std::size_t n = it.size();
        it.data.reset(static_cast<char*>(std::malloc(n == 0 ? 1 : n)));
        if (!it.data) throw std::bad_alloc();
        char* p = it.data.get();
        const auto put = [&p](std::string_view s) {
            if (!s.empty()) std::memcpy(p, s.data(), s.size());
            p += s.size();
        };
        if (value) put(*value);
        put(topic);
        if (key) put(*key);
        if (keyless) {
            put(db);
            put(table);
        }
        return it;
    }

    static PipelineItem boundary(std::unique_ptr<checkpoint::Checkpoint> cp) {
        PipelineItem it;
        it.kind = Kind::boundary;
        it.checkpoint = std::move(cp);
        return it;
    }
};

}  // namespace b2k::pipeline
