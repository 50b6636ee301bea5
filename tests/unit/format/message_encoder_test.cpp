// MessageEncoder: keys, the primary-key split, tombstone decisions and excluded columns, for
// all three formats, on the MariaDB fixture full-full.000001 and hand-built rows.

#include "format/message_encoder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config/filter_config.h"
#include "fixture_rows.h"

namespace b2k::test {
namespace {

using binlog::ColumnType;
using binlog::RowsKind;
using config::MessageFormat;

format::MessageOptions options(MessageFormat f, bool tombstones = true) {
    format::MessageOptions o;
    o.format = f;
    o.name = "prod";
    o.tombstones = tombstones;
    return o;
}

std::string opt(const std::optional<std::string>& s) {
    return s ? *s : "<null>";
}

TEST(MessageEncoder, KeyIsThePrimaryKeyJson) {
    auto all = encode_fixture(options(MessageFormat::debezium));
    auto ms = messages_of(all, "t_int", 19740, 1);
    ASSERT_EQ(ms.size(), 1u);
    EXPECT_EQ(opt(ms[0].key), R"({"id":2})");
    ms = messages_of(all, "t_composite", 56279, 0);
    ASSERT_EQ(ms.size(), 1u);
    ASSERT_TRUE(ms[0].key);
    auto k = nlohmann::json::parse(*ms[0].key);
    EXPECT_EQ(k["a"], 1);
    EXPECT_EQ(k["b"], "x");
}

TEST(MessageEncoder, KeylessTableHasNullKeyAndNoTombstone) {
    for (auto f : {MessageFormat::debezium, MessageFormat::maxwell, MessageFormat::invalidation}) {
        SCOPED_TRACE(std::string(config::to_string(f)));
        auto all = encode_fixture(options(f, true));
        for (const auto& m : all) {
            if (m.table != "t_nopk") continue;
            EXPECT_FALSE(m.key.has_value()) << *m.key;
            EXPECT_TRUE(m.value.has_value()) << "tombstone for a keyless table";
        }
        auto del = messages_of(all, "t_nopk", 54473, 0);
        ASSERT_EQ(del.size(), 1u);  // the delete, and no tombstone
    }
}

TEST(MessageEncoder, DeleteIsFollowedByATombstoneUnlessDisabled) {
    auto with =
        messages_of(encode_fixture(options(MessageFormat::debezium, true)), "t_int", 64905, 0);
    ASSERT_EQ(with.size(), 2u);
    EXPECT_EQ(opt(with[0].key), R"({"id":3})");
    EXPECT_EQ(nlohmann::json::parse(*with[0].value)["op"], "d");
    EXPECT_EQ(opt(with[1].key), R"({"id":3})");
    EXPECT_FALSE(with[1].value.has_value());

    auto without =
        messages_of(encode_fixture(options(MessageFormat::debezium, false)), "t_int", 64905, 0);
    ASSERT_EQ(without.size(), 1u);
    EXPECT_TRUE(without[0].value.has_value());

    // Inserts and updates never get one.
    auto all = encode_fixture(options(MessageFormat::maxwell, true));
    EXPECT_EQ(messages_of(all, "t_int", 19740, 0).size(), 1u);
    EXPECT_EQ(messages_of(all, "t_int", 63703, 0).size(), 1u);
    EXPECT_EQ(messages_of(all, "t_int", 64905, 0).size(), 2u);
}

TEST(MessageEncoder, PrimaryKeyChangeIsDeleteThenCreate) {
    // t_dml: UPDATE ... SET id = 101 WHERE id = 1 (event at 154293).
    auto ms =
        messages_of(encode_fixture(options(MessageFormat::debezium, true)), "t_dml", 154293, 0);
    ASSERT_EQ(ms.size(), 3u);
    EXPECT_EQ(opt(ms[0].key), R"({"id":1})");
    auto del = nlohmann::json::parse(*ms[0].value);
    EXPECT_EQ(del["op"], "d");
    EXPECT_EQ(del["before"]["id"], 1);
    EXPECT_TRUE(del["after"].is_null());
    EXPECT_EQ(opt(ms[1].key), R"({"id":1})");  // tombstone of the old key
    EXPECT_FALSE(ms[1].value.has_value());
    EXPECT_EQ(opt(ms[2].key), R"({"id":101})");
    auto cre = nlohmann::json::parse(*ms[2].value);
    EXPECT_EQ(cre["op"], "c");
    EXPECT_TRUE(cre["before"].is_null());
    EXPECT_EQ(cre["after"], nlohmann::json::parse(R"({"id":101,"name":"one","qty":1,"pad":null})"));

    ms = messages_of(encode_fixture(options(MessageFormat::invalidation, false)), "t_dml", 154293,
                     0);
    ASSERT_EQ(ms.size(), 2u);
    EXPECT_EQ(opt(ms[0].value), R"({"db":"b2k","table":"t_dml","op":"d","key":{"id":1}})");
    EXPECT_EQ(opt(ms[1].value), R"({"db":"b2k","table":"t_dml","op":"c","key":{"id":101}})");

    // maxwell: "commit" only on the last part.
    ms = messages_of(encode_fixture(options(MessageFormat::maxwell, false)), "t_dml", 154293, 0);
    ASSERT_EQ(ms.size(), 2u);
    auto m0 = nlohmann::json::parse(*ms[0].value);
    auto m1 = nlohmann::json::parse(*ms[1].value);
    EXPECT_EQ(m0["type"], "delete");
    EXPECT_FALSE(m0.contains("commit"));
    EXPECT_EQ(m1["type"], "insert");
    EXPECT_EQ(m1["commit"], true);
    EXPECT_EQ(m1["data"]["id"], 101);
}

TEST(MessageEncoder, SplitHelper) {
    HandTable t;
    t.add_column("id", ColumnType::MYSQL_TYPE_LONG);
    t.add_column("v", ColumnType::MYSQL_TYPE_LONG);
    t.table.primary_key = {0};
    binlog::RowImage b{t.int_cell(1), t.int_cell(10)};
    binlog::RowImage same_key{t.int_cell(1), t.int_cell(11)};
    binlog::RowImage new_key{t.int_cell(2), t.int_cell(10)};
    binlog::Cell absent;
    binlog::RowImage minimal_after{absent, t.int_cell(12)};

    EXPECT_FALSE(format::primary_key_changed(t.change(RowsKind::update, &b, &same_key)));
    EXPECT_FALSE(format::primary_key_changed(t.change(RowsKind::update, &b, &minimal_after)));
    EXPECT_FALSE(format::primary_key_changed(t.change(RowsKind::write, nullptr, &new_key)));
    auto ch = t.change(RowsKind::update, &b, &new_key);
    ASSERT_TRUE(format::primary_key_changed(ch));
    auto parts = format::split_row(ch);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].kind, RowsKind::del);
    EXPECT_EQ(parts[0].before, &b);
    EXPECT_EQ(parts[0].after, nullptr);
    EXPECT_EQ(parts[1].kind, RowsKind::write);
    EXPECT_EQ(parts[1].before, nullptr);
    EXPECT_EQ(parts[1].after, &new_key);
    EXPECT_TRUE(format::tombstone_follows(parts[0], true));
    EXPECT_FALSE(format::tombstone_follows(parts[0], false));
    EXPECT_FALSE(format::tombstone_follows(parts[1], true));

    auto one = format::split_row(t.change(RowsKind::update, &b, &same_key));
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].kind, RowsKind::update);

    t.table.primary_key.clear();  // keyless: no split, no tombstone
    EXPECT_FALSE(format::primary_key_changed(t.change(RowsKind::update, &b, &new_key)));
    EXPECT_FALSE(format::tombstone_follows(t.change(RowsKind::del, &b, nullptr), true));
}

TEST(MessageEncoder, ExcludedColumnsDroppedInEveryFormatButKeptInTheKey) {
    config::FilterConfig filter;
    filter.exclude_columns.push_back(config::NamePattern::parse_column("b2k.t_int.b*").value());
    filter.exclude_columns.push_back(config::NamePattern::parse_column("b2k.t_int.id").value());
    for (auto f : {MessageFormat::debezium, MessageFormat::maxwell, MessageFormat::invalidation}) {
        SCOPED_TRACE(std::string(config::to_string(f)));
        auto o = options(f);
        o.filter = &filter;
        auto all = encode_fixture(o);
        auto ms = messages_of(all, "t_int", 63703, 1);
        ASSERT_EQ(ms.size(), 1u);
        EXPECT_EQ(opt(ms[0].key), R"({"id":2})");
        auto v = nlohmann::json::parse(*ms[0].value);
        nlohmann::json image;
        if (f == MessageFormat::debezium) image = v["after"];
        if (f == MessageFormat::maxwell) image = v["data"];
        if (f == MessageFormat::invalidation) {
            EXPECT_EQ(v["key"], nlohmann::json::parse(R"({"id":2})"));
            continue;
        }
        EXPECT_FALSE(image.contains("id")) << image.dump();
        EXPECT_FALSE(image.contains("bi")) << image.dump();
        EXPECT_FALSE(image.contains("biu")) << image.dump();
        EXPECT_FALSE(image.contains("bo")) << image.dump();
        EXPECT_EQ(image["rev"], 1) << image.dump();
        EXPECT_EQ(image["iu"], 4294967295u) << image.dump();
        if (f == MessageFormat::debezium) {
            EXPECT_FALSE(v["before"].contains("bi")) << v.dump();
            EXPECT_EQ(v["source"].value("row_image", "full"), "full") << v.dump();
        }
        // Other tables are untouched.
        auto other = messages_of(all, "t_bit", 0, 0);
        for (const auto& m : all) {
            if (m.table == "t_bit" && m.value && f != MessageFormat::invalidation) {
                EXPECT_NE(m.value->find("\"b1\""), std::string::npos) << *m.value;
                break;
            }
        }
    }
}

TEST(MessageEncoder, EncodeKeyAndValueIntoCallerBuffers) {
    HandTable t;
    t.add_column("id", ColumnType::MYSQL_TYPE_LONG);
    t.add_column("name", ColumnType::MYSQL_TYPE_VARCHAR, 40);
    t.table.primary_key = {0};
    binlog::RowImage after{t.int_cell(42), t.str_cell("x")};
    format::MessageEncoder enc(options(MessageFormat::debezium));
    std::string key = "prefix:";
    auto has = enc.encode_key(t.change(RowsKind::write, nullptr, &after), key);
    ASSERT_TRUE(has);
    EXPECT_TRUE(has.value());
    EXPECT_EQ(key, R"(prefix:{"id":42})");
    std::string value;
    ASSERT_TRUE(
        enc.encode_value(t.change(RowsKind::write, nullptr, &after), {5, {}, false}, value));
    auto v = nlohmann::json::parse(value);
    EXPECT_EQ(v["after"], nlohmann::json::parse(R"({"id":42,"name":"x"})"));
    EXPECT_EQ(v["ts_ms"], 5);
    EXPECT_EQ(v["source"]["name"], "prod");

    t.table.primary_key.clear();
    key.clear();
    has = enc.encode_key(t.change(RowsKind::write, nullptr, &after), key);
    ASSERT_TRUE(has);
    EXPECT_FALSE(has.value());
    EXPECT_EQ(key, "");
}

}  // namespace
}  // namespace b2k::test
