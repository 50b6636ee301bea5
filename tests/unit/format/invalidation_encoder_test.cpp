// Invalidation format goldens: {"db","table","op","key"} from the MariaDB fixture and by hand.

#include "format/invalidation_encoder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fixture_rows.h"

namespace b2k::test {
namespace {

using binlog::ColumnType;
using binlog::RowsKind;

const std::vector<FixtureMessage>& fixture() {
    static const auto all = [] {
        format::MessageOptions o;
        o.format = config::MessageFormat::invalidation;
        o.tombstones = false;
        return encode_fixture(o);
    }();
    return all;
}

std::string value_of(std::string_view table, std::uint64_t pos, std::uint32_t row) {
    auto ms = messages_of(fixture(), table, pos, row);
    if (ms.empty() || !ms[0].value) return "<no message>";
    return *ms[0].value;
}

TEST(InvalidationEncoder, InsertUpdateDelete) {
    EXPECT_EQ(value_of("t_int", 19740, 1),
              R"({"db":"b2k","table":"t_int","op":"c","key":{"id":2}})");
    EXPECT_EQ(value_of("t_int", 63703, 1),
              R"({"db":"b2k","table":"t_int","op":"u","key":{"id":2}})");
    EXPECT_EQ(value_of("t_int", 64905, 1),
              R"({"db":"b2k","table":"t_int","op":"d","key":{"id":4}})");
}

TEST(InvalidationEncoder, CompositeKey) {
    auto v = nlohmann::json::parse(value_of("t_composite", 56279, 1));
    EXPECT_EQ(v["op"], "u");
    ASSERT_TRUE(v["key"].is_object()) << v.dump();
    EXPECT_GE(v["key"].size(), 2u) << v.dump();
    EXPECT_EQ(v["key"]["a"], 2) << v.dump();
    EXPECT_EQ(v["key"]["b"], "x") << v.dump();
    EXPECT_FALSE(v["key"].contains("c")) << v.dump();
}

TEST(InvalidationEncoder, KeylessTableHasNullKey) {
    EXPECT_EQ(value_of("t_nopk", 53965, 0), R"({"db":"b2k","table":"t_nopk","op":"c","key":null})");
    EXPECT_EQ(value_of("t_nopk", 54473, 0), R"({"db":"b2k","table":"t_nopk","op":"d","key":null})");
}

TEST(InvalidationEncoder, MinimalUpdateTakesTheKeyFromTheBeforeImage) {
    HandTable t;
    t.add_column("id", ColumnType::MYSQL_TYPE_LONG);
    t.add_column("name", ColumnType::MYSQL_TYPE_VARCHAR, 40);
    t.table.primary_key = {0};
    binlog::Cell absent;
    binlog::RowImage before{t.int_cell(9), absent};
    binlog::RowImage after{absent, t.str_cell("x")};
    format::InvalidationEncoder enc;
    std::string out;
    ASSERT_TRUE(enc.encode_row(t.change(RowsKind::update, &before, &after), out));
    EXPECT_EQ(out, R"({"db":"shop","table":"items","op":"u","key":{"id":9}})");
}

TEST(InvalidationEncoder, KeyColumnInNeitherImageIsAnError) {
    HandTable t;
    t.add_column("id", ColumnType::MYSQL_TYPE_LONG);
    t.add_column("name", ColumnType::MYSQL_TYPE_VARCHAR, 40);
    t.table.primary_key = {0};
    binlog::Cell absent;
    binlog::RowImage after{absent, t.str_cell("x")};
    format::InvalidationEncoder enc;
    std::string out;
    auto r = enc.encode_row(t.change(RowsKind::write, nullptr, &after), out);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("\"id\""), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace b2k::test
