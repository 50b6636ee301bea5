#pragma once
// Where a replica stream starts when there is no stored checkpoint (config source.start).

#include <cstdint>
#include <string>
#include <variant>

namespace b2k::replication {

struct StartLatest {  // the server's current end (SHOW MASTER STATUS / SHOW BINARY LOG STATUS)
    bool operator==(const StartLatest&) const = default;
};
struct StartEarliest {  // the oldest binlog the server still has
    bool operator==(const StartEarliest&) const = default;
};
struct StartGtid {
    std::string set;  // MySQL GTID set or MariaDB GTID list: everything after it
    bool operator==(const StartGtid&) const = default;
};
struct StartFilePos {
    std::string file;
    std::uint64_t pos = 4;  // 0 or 4: the start of the file
    // The GTID state at that position, when known (a `latest` pinned before the schema
    // tracker's first snapshot: docs/schema-tracker.md); the stream still starts by position.
    std::string gtid_state;
    bool operator==(const StartFilePos&) const = default;
};

using StartPosition = std::variant<StartLatest, StartEarliest, StartGtid, StartFilePos>;

}  // namespace b2k::replication
