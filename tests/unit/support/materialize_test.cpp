// The end-to-end tests' materializer (tests/support/materialize.h) must itself be right: it
// folds per key, merges MINIMAL after images, and reports what a correct stream never holds.

#include "support/materialize.h"

#include <gtest/gtest.h>

namespace b2k::test {
namespace {

using nlohmann::json;

kafka::Record rec(std::int32_t partition, std::int64_t offset, std::optional<std::string> key,
                  std::optional<std::string> value) {
    return kafka::Record{partition, offset, std::move(key), std::move(value)};
}

std::string env(const char* op, const char* before, const char* after) {
    return std::string("{\"before\":") + before + ",\"after\":" + after + ",\"op\":\"" + op +
           "\",\"source\":{}}";
}

TEST(Materialize, FoldsCreatesUpdatesDeletesPerKey) {
    const auto t = materialize_debezium({
        rec(0, 0, R"({"id":1})", env("c", "null", R"({"id":1,"a":"x","b":1})")),
        rec(1, 0, R"({"id":2})", env("c", "null", R"({"id":2,"a":"y","b":2})")),
        // MINIMAL: the after image holds only the changed column; b stays.
        rec(0, 1, R"({"id":1})", env("u", R"({"id":1})", R"({"a":"z"})")),
        rec(1, 1, R"({"id":2})", env("d", R"({"id":2,"a":"y","b":2})", "null")),
        rec(1, 2, R"({"id":2})", std::nullopt),
    });
    EXPECT_TRUE(t.problems.empty()) << t.problems_text();
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows.at(R"({"id":1})"), json::parse(R"({"id":1,"a":"z","b":1})"));
    EXPECT_EQ(t.creates, 2u);
    EXPECT_EQ(t.updates, 1u);
    EXPECT_EQ(t.deletes, 1u);
    EXPECT_EQ(t.tombstones, 1u);
    EXPECT_FALSE(t.keyless);
}

TEST(Materialize, KeylessRowsAreAMultiset) {
    const auto t = materialize_debezium({
        rec(2, 0, std::nullopt, env("c", "null", R"({"a":1})")),
        rec(2, 1, std::nullopt, env("c", "null", R"({"a":1})")),
        rec(2, 2, std::nullopt, env("u", R"({"a":1})", R"({"a":2})")),
        rec(2, 3, std::nullopt, env("d", R"({"a":1})", "null")),
    });
    EXPECT_TRUE(t.problems.empty()) << t.problems_text();
    EXPECT_TRUE(t.keyless);
    ASSERT_EQ(t.keyless_rows.size(), 1u);
    EXPECT_EQ(t.keyless_rows[0], json::parse(R"({"a":2})"));
}

TEST(Materialize, ReportsWhatACorrectStreamNeverHolds) {
    const auto t = materialize_debezium({
        rec(0, 0, R"({"id":1})", std::nullopt),                            // tombstone, no delete
        rec(0, 1, R"({"id":2})", env("u", R"({"id":2})", R"({"id":2})")),  // unknown key
        rec(0, 2, R"({"id":3})", env("c", "null", R"({"id":3})")),         //
        rec(1, 0, R"({"id":3})", env("c", "null", R"({"id":3})")),         // exists; 2 partitions
        rec(0, 3, R"({"id":4})", env("c", "null", R"({"id":5})")),         // key != row
        rec(0, 4, R"({"id":9})", env("d", R"({"id":9})", "null")),         // unknown key
        rec(0, 5, std::nullopt, env("c", "null", R"({"id":6})")),          // mixed keys
        rec(0, 6, R"({"id":7})", "not json"),                              // bad value
    });
    EXPECT_EQ(t.problems.size(), 8u) << t.problems_text();
}

}  // namespace
}  // namespace b2k::test
