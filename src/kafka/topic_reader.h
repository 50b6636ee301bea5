#pragma once
// read_topic(): every record of a topic, from each partition's start to its end as of the
// call (high watermarks read first). No consumer group, nothing committed.
//
// Used by the Kafka checkpoint store (load = last value for our key) and by tests. It keeps
// everything in memory: meant for small topics (checkpoints) and test volumes.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace b2k::kafka {

struct Record {
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::optional<std::string> key;    // nullopt: null key
    std::optional<std::string> value;  // nullopt: null value (tombstone)
};

// Records in partition order, partition by partition (ascending). A topic that does not exist
// yet reads as empty when `missing_is_empty`, else Errc::io. Errc::io when the end is not
// reached within `timeout`. `properties` are librdkafka settings (security…), applied verbatim.
[[nodiscard]] Result<std::vector<Record>> read_topic(
    const std::string& bootstrap_servers, const std::map<std::string, std::string>& properties,
    std::string_view topic, std::chrono::milliseconds timeout = std::chrono::seconds(30),
    bool missing_is_empty = true);

}  // namespace b2k::kafka
