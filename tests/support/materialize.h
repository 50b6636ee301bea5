#pragma once
// Test support: folds a topic of debezium messages into the table they describe, the way a
// consumer would — per key, in partition order.
//
//   auto t = materialize_debezium(kafka.read_all("e2e.shop.items"));
//   EXPECT_TRUE(t.problems.empty()) << t.problems_text();
//   t.rows  // key JSON (canonical) -> row, t.keyless_rows for a table without a primary key
//
// Rules: `c`/`r` put the after image; `u` merges the after image into the row (with MINIMAL
// images the after image holds only the logged columns, so merging keeps the others); `d`
// removes the row. A table without a primary key (null keys) is a multiset: `u` and `d` find
// their row by the before image. Anything a correct stream would not contain is recorded in
// `problems` (not thrown), so a test can show all of them at once: a tombstone that does not
// follow a delete of its key, an update or delete of an unknown row, a create of an existing
// key, one key in two partitions, a key that disagrees with the row's key columns, a keyed and
// a null-keyed message in one topic, an unparsable value.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kafka/topic_reader.h"

namespace b2k::test {

struct MaterializedTable {
    std::map<std::string, nlohmann::json> rows;  // key (nlohmann dump of the key JSON) -> row
    std::map<std::string, nlohmann::json> keys;  // the same key, parsed
    std::vector<nlohmann::json> keyless_rows;    // tables without a primary key
    bool keyless = false;                        // every message had a null key

    std::size_t messages = 0;
    std::size_t creates = 0;
    std::size_t updates = 0;
    std::size_t deletes = 0;
    std::size_t tombstones = 0;
    std::map<std::int32_t, std::size_t> per_partition;  // messages per partition
    std::vector<std::string> problems;

    std::string problems_text(std::size_t max = 20) const;
};

MaterializedTable materialize_debezium(const std::vector<kafka::Record>& records);

}  // namespace b2k::test
