#pragma once
// Checkpoint: the committed position — the last transaction boundary whose messages, and all
// earlier ones, Kafka has acknowledged (DESIGN.md "Checkpoint").
//
// JSON form (to_json/from_json), exactly as DESIGN.md shows:
//   {"flavor": "mysql", "server_uuid": "…" | null, "file": "mysql-bin.000068", "pos": 422,
//    "gtid_set": "3E11FA47-…:1-23", "ts_ms": 1373134322000,
//    "schema": {"version": 17, "ref": "…"}}
// gtid_set is the flavor's text form (MySQL GTID set / MariaDB GTID list), "" when GTIDs are
// off. server_uuid is null for MariaDB (its server_id identifies it).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "binlog/flavor.h"
#include "common/result.h"

namespace b2k::checkpoint {

struct SchemaRef {
    std::uint64_t version = 0;
    std::string ref;  // where that schema history version is stored
    bool operator==(const SchemaRef&) const = default;
};

struct Checkpoint {
    binlog::Flavor flavor = binlog::Flavor::mysql;
    std::optional<std::string> server_uuid;
    std::string file;
    std::uint64_t pos = 4;
    std::string gtid_set;
    std::uint64_t ts_ms = 0;  // commit time of the last transaction, ms since the epoch
    SchemaRef schema;
    bool operator==(const Checkpoint&) const = default;
};

// One line of JSON, keys in the order above.
std::string to_json(const Checkpoint& cp);
// Errc::corrupt naming the missing or ill-typed field (`what` names the source, e.g. a path).
[[nodiscard]] Result<Checkpoint> from_json(std::string_view text, std::string_view what);

}  // namespace b2k::checkpoint
