#pragma once
// checkpoint: — where the committed position (and the schema history) is stored.

#include <array>
#include <cstdint>
#include <string>

#include "config/enum_names.h"
#include "config/topic_template.h"

namespace b2k::config {

enum class CheckpointStore {
    file,   // a local file (temp + fsync + rename); the schema history beside it
    kafka,  // a compacted topic; survives a pod losing its disk
};
inline constexpr std::array<EnumName<CheckpointStore>, 2> kCheckpointStoreNames{{
    {"file", CheckpointStore::file},
    {"kafka", CheckpointStore::kafka},
}};
constexpr std::string_view to_string(CheckpointStore v) noexcept {
    return name_of(kCheckpointStoreNames, v);
}

struct CheckpointConfig {
    CheckpointStore store = CheckpointStore::file;
    std::string path = "/var/lib/binlog2kafka/checkpoint.json";  // with store: file
    TopicTemplate topic =                                        // with store: kafka
        TopicTemplate::parse("{name}.checkpoints", TopicTemplate::Scope::source).value();
    std::uint32_t interval_ms = 1000;  // at most one commit per interval; 10..3600000
    bool operator==(const CheckpointConfig&) const = default;
};

}  // namespace b2k::config
