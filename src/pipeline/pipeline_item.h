#pragma once
// PipelineItem: what the reader thread hands the publisher thread through the ring — an
// encoded Kafka message, or the end of a transaction (the position a checkpoint may take once
// every message before it is acknowledged).
//
// A message is one allocation: topic, key, value (and, for a table without a primary key, its
// database and table names, from which its fixed partition is chosen) back to back in `data`.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "checkpoint/checkpoint.h"

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
    std::string data;
    // boundary: where a restart resumes once this transaction is delivered (while an XA
    // transaction is prepared and not committed: the position before its XA PREPARE).
    std::unique_ptr<checkpoint::Checkpoint> checkpoint;

    std::string_view topic() const noexcept { return {data.data(), topic_len}; }
    std::optional<std::string_view> key() const noexcept {
        if (!has_key) return std::nullopt;
        return std::string_view(data.data() + topic_len, key_len);
    }
    std::optional<std::string_view> value() const noexcept {
        if (!has_value) return std::nullopt;
        return std::string_view(data.data() + topic_len + key_len, value_len);
    }
    std::string_view db() const noexcept {
        return {data.data() + topic_len + key_len + value_len, db_len};
    }
    std::string_view table() const noexcept {
        return {data.data() + topic_len + key_len + value_len + db_len, table_len};
    }
    // What the item costs in the ring's byte budget.
    std::size_t bytes() const noexcept { return sizeof(PipelineItem) + data.capacity(); }

    static PipelineItem message(std::string_view topic, std::optional<std::string_view> key,
                                std::optional<std::string_view> value, bool keyless,
                                std::string_view db, std::string_view table) {
        PipelineItem it;
        it.kind = Kind::message;
        it.has_key = key.has_value();
        it.has_value = value.has_value();
        it.keyless = keyless;
        it.topic_len = static_cast<std::uint32_t>(topic.size());
        it.key_len = key ? static_cast<std::uint32_t>(key->size()) : 0;
        it.value_len = value ? static_cast<std::uint32_t>(value->size()) : 0;
        if (keyless) {
            it.db_len = static_cast<std::uint32_t>(db.size());
            it.table_len = static_cast<std::uint32_t>(table.size());
        }
        it.data.reserve(it.topic_len + it.key_len + it.value_len + it.db_len + it.table_len);
        it.data.append(topic);
        if (key) it.data.append(*key);
        if (value) it.data.append(*value);
        if (keyless) {
            it.data.append(db);
            it.data.append(table);
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
