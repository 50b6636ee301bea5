// The encoders' shortcuts give the text their general paths give: DebeziumEncoder's per-event
// "source" and image-kind caches (keyed by ChangeSource::event_seq), and ValueEncoder's fast
// rendering of text.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fixture_rows.h"
#include "format/debezium_encoder.h"
#include "format/value_encoder.h"

namespace b2k::test {
namespace {

using binlog::ColumnType;
using binlog::RowsKind;
using nlohmann::json;

std::string encode(format::DebeziumEncoder& enc, const binlog::RowChange& ch) {
    std::string out;
    auto r = enc.encode_row(ch, 5, out);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return out;
}

// What a fresh encoder (no cache) writes for the same change.
std::string uncached(const binlog::RowChange& ch) {
    format::DebeziumEncoder fresh(format::EnvelopeOptions{"t"});
    return encode(fresh, ch);
}

struct Table : HandTable {
    Table() {
        add_column("id", ColumnType::MYSQL_TYPE_LONG);
        add_column("v", ColumnType::MYSQL_TYPE_VARCHAR, 40);
        table.primary_key = {0};
    }
};

TEST(EncoderCaches, RowsOfOneEventDifferOnlyInRow) {
    Table t;
    t.source.event_seq = 11;
    t.source.gtid = "0-1-5";
    binlog::RowImage a{t.int_cell(1), t.str_cell("x")};
    binlog::RowImage b{t.int_cell(2), t.str_cell("y")};
    format::DebeziumEncoder enc(format::EnvelopeOptions{"t"});
    auto c0 = t.change(RowsKind::write, nullptr, &a);
    auto c1 = t.change(RowsKind::write, nullptr, &b);
    c1.row = 1;
    EXPECT_EQ(encode(enc, c0), uncached(c0));
    EXPECT_EQ(encode(enc, c1), uncached(c1));
    EXPECT_EQ(json::parse(encode(enc, c1))["source"]["row"], 1);
}

// Every field of "source" that can change between events is seen to change, whether or not
// the event's position does (a new file can repeat an old position; a decoder's reused string
// buffers keep their address).
TEST(EncoderCaches, EachNewEventRefreshesTheSource) {
    Table t;
    binlog::RowImage a{t.int_cell(1), t.str_cell("x")};
    format::DebeziumEncoder enc(format::EnvelopeOptions{"t"});
    std::string file = "bin.000001";
    std::string gtid = "0-1-5";
    t.source.file = file;
    t.source.gtid = gtid;
    std::uint64_t seq = 100;
    const auto check = [&](const char* what) {
        SCOPED_TRACE(what);
        t.source.event_seq = ++seq;
        auto ch = t.change(RowsKind::write, nullptr, &a);
        EXPECT_EQ(encode(enc, ch), uncached(ch));
    };
    check("first");
    file = "bin.000002";  // same length, same buffer, same pos
    check("file");
    gtid = "0-1-6";
    check("gtid");
    t.source.server_id = 9;
    check("server_id");
    t.source.ts_ms += 1000;
    check("ts_ms");
    t.source.pos = 4;
    check("pos");
    t.source.flavor = binlog::Flavor::mariadb;
    check("flavor");
    t.table.map_seq = 2;
    t.table.table = "other";
    check("table");
    t.source.gtid = {};
    check("no gtid");
    // Without an event sequence nothing is assumed: every row is compared in full.
    t.source.event_seq = 0;
    gtid = "0-1-7";
    t.source.gtid = gtid;
    auto ch = t.change(RowsKind::write, nullptr, &a);
    EXPECT_EQ(encode(enc, ch), uncached(ch));
    file = "bin.000003";
    EXPECT_EQ(encode(enc, ch), uncached(ch));
}

TEST(EncoderCaches, ImageKindFollowsTheEvent) {
    Table t;
    binlog::RowImage full{t.int_cell(1), t.str_cell("x")};
    binlog::RowImage minimal{t.int_cell(1), binlog::Cell{}};
    format::DebeziumEncoder enc(format::EnvelopeOptions{"t"});
    t.source.event_seq = 1;
    auto f = t.change(RowsKind::update, &full, &full);
    EXPECT_FALSE(json::parse(encode(enc, f))["source"].contains("row_image"));
    t.source.event_seq = 2;
    auto m = t.change(RowsKind::update, &minimal, &minimal);
    EXPECT_EQ(json::parse(encode(enc, m))["source"]["row_image"], "minimal");
    EXPECT_EQ(encode(enc, m), uncached(m));
    t.source.event_seq = 3;
    EXPECT_EQ(encode(enc, f), uncached(f));
}

// The fast renderings against the general path (the same column with FastRendering::none).
std::string render(const format::ColumnRendering& col, const binlog::Cell& cell) {
    format::ValueEncoder enc;
    std::string out;
    auto r = enc.encode(col, cell, nullptr, out);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return out;
}

void expect_same_as_general(const binlog::ColumnDef& def, const binlog::Cell& cell,
                            format::FastRendering expected_kind) {
    const auto fast = format::resolve_rendering(def, binlog::Flavor::mysql);
    EXPECT_EQ(fast.fast, expected_kind);
    auto general = fast;
    general.fast = format::FastRendering::none;
    EXPECT_EQ(render(fast, cell), render(general, cell));
}

std::vector<std::byte> prefixed(std::string_view s, std::size_t prefix) {
    std::vector<std::byte> b;
    for (std::size_t i = 0; i < prefix; ++i)
        b.push_back(static_cast<std::byte>((s.size() >> (8 * i)) & 0xff));
    for (char c : s)
        b.push_back(static_cast<std::byte>(c));
    return b;
}

TEST(EncoderCaches, FastTextMatchesTheGeneralPath) {
    using F = format::FastRendering;
    const std::string texts[] = {"",
                                 "plain",
                                 "quote \" backslash \\ tab \t nl \n",
                                 "caf\xC3\xA9 \xF0\x9F\x98\x80",
                                 "bad \xC3 utf8 \xFF",
                                 std::string(300, 'a') + "\x01"};
    for (auto type : {ColumnType::MYSQL_TYPE_VARCHAR, ColumnType::MYSQL_TYPE_STRING,
                      ColumnType::MYSQL_TYPE_VAR_STRING}) {
        for (std::uint32_t length : {40u, 1000u}) {
            HandTable t;
            t.add_column("s", type, length);
            const auto& def = t.table.columns[0];
            const std::size_t prefix = length < 256 ? 1 : 2;
            for (const auto& s : texts) {
                if (prefix == 1 && s.size() > 255) continue;
                SCOPED_TRACE(s);
                expect_same_as_general(def, t.cell(prefixed(s, prefix)),
                                       prefix == 1 ? F::text_prefix1 : F::text_prefix2);
            }
        }
    }
}

TEST(EncoderCaches, ConvertedAndBinaryTextTakeTheGeneralPath) {
    HandTable t;
    t.add_column("s", ColumnType::MYSQL_TYPE_VARCHAR, 40);
    auto latin1 = t.table.columns[0];
    latin1.collation = 8;  // latin1_swedish_ci: converted to UTF-8
    EXPECT_EQ(format::resolve_rendering(latin1, binlog::Flavor::mysql).fast,
              format::FastRendering::none);
    auto binary = t.table.columns[0];
    binary.collation = 63;  // binary: base64
    EXPECT_EQ(format::resolve_rendering(binary, binlog::Flavor::mysql).fast,
              format::FastRendering::none);
    auto blob = t.table.columns[0];
    blob.type = blob.wire_type = ColumnType::MYSQL_TYPE_BLOB;
    blob.length = 2;
    EXPECT_EQ(format::resolve_rendering(blob, binlog::Flavor::mysql).fast,
              format::FastRendering::none);
}

}  // namespace
}  // namespace b2k::test
