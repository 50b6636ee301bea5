// Rows events end to end — parse_table_map, parse_rows_event, RowReader and ValueEncoder —
// against every vector of go-mysql-rows.json (ROWS v2 bodies with their TABLE_MAP bodies).
//
// Convention mapping (go-mysql's RowsEvent.Rows -> our cells rendered by ValueEncoder):
//   a row is an array of column values; NULL -> null; integers -> numbers in both.
//   ENUM/SET without ENUM_STR_VALUE/SET_STR_VALUE metadata (these binlogs are MINIMAL): go-mysql
//   the index / bitmask ("enum index 257", "set bitmask 5"), ours too (a number).
//   DECIMAL: go-mysql a decimal string, ours the same string. The zero TIMESTAMP: ours null.
//   JSON columns: go-mysql the decoded document (or its text), ours a string holding MySQL's
//   text of it, parsed here to compare. A zero-length JSON value (NOT NULL column inserted
//   without a value): go-mysql the empty bytes; ours MySQL's reading of it, JSON null ("null").
//   Update rows: go-mysql [before, after, ...]; ours a before and an after image per row.
//   extra_row_info: go-mysql decodes partition ids and NDB info; ours keeps the field's bytes
//   (RowsEvent::extra_data), decoded here per MySQL's Rows_event::Extra_row_info layout
//   (tag 0 NDB: length, format, data; tag 1 PART: partition id, and for updates the source
//   partition id, 2 bytes each); absent fields are go-mysql's zeros.
//   An event go-mysql must refuse (error) must be refused by ours too.

#include "binlog/rows_event.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "binlog/row_reader.h"
#include "binlog/table_map_event.h"
#include "format/value_encoder.h"
#include "support/vector_ledger.h"
#include "support/vectors.h"

namespace b2k::binlog {
namespace {

using nlohmann::json;

const std::string kFile = "go-mysql-rows.json";

wire::Bytes span_of(const std::vector<std::byte>& b) {
    return wire::Bytes(b.data(), b.size());
}

void put(std::vector<std::byte>& out, std::uint64_t v, int n = 1) {
    for (int i = 0; i < n; ++i)
        out.push_back(static_cast<std::byte>(v >> (8 * i)));
}

// A TABLE_MAP body for go-mysql's table_map_struct (its ColumnMeta is the decoded metadata:
// VARCHAR's max length, BLOB's length-prefix size), so it goes through our metadata decoding.
std::vector<std::byte> table_map_from_struct(const json& s) {
    std::vector<std::byte> b;
    put(b, s.at("table_id").get<std::uint64_t>(), 6);
    put(b, 1, 2);
    const std::vector<std::string> names = {s.value("schema", "test"), s.value("table", "t")};
    for (const std::string& name : names) {
        put(b, name.size());
        for (char ch : name)
            put(b, static_cast<std::uint8_t>(ch));
        put(b, 0);
    }
    const json& types = s.at("column_types");
    const json& meta = s.at("column_meta");
    put(b, types.size());
    std::vector<std::byte> m;
    for (std::size_t i = 0; i < types.size(); ++i) {
        const auto t = static_cast<ColumnType>(types[i].get<unsigned>());
        const auto x = meta[i].get<std::uint64_t>();
        put(b, static_cast<std::uint8_t>(t));
        if (t == ColumnType::MYSQL_TYPE_VARCHAR) {
            put(m, x, 2);
        } else if (t == ColumnType::MYSQL_TYPE_BLOB) {
            put(m, x, 1);
        } else {
            EXPECT_EQ(x, 0U) << "metadata for type " << static_cast<unsigned>(t);
        }
    }
    put(b, m.size());
    b.insert(b.end(), m.begin(), m.end());
    for (std::size_t i = 0; i < (types.size() + 7) / 8; ++i)
        put(b, 0xff);  // all nullable
    return b;
}

struct Row {
    json before;  // array of column values; absent columns are "<absent>", cells our
    json after;   // renderer refuses {"<error>": message}
};

struct Decoded {
    std::string error;  // first error, if any
    RowsEvent event;
    std::vector<Row> rows;
};

json image_json(const TableMapEvent& tm, const RowImage& image) {
    json out = json::array();
    format::ValueEncoder enc;
    for (std::size_t i = 0; i < image.size(); ++i) {
        if (!image[i].present) {
            out.push_back("<absent>");
            continue;
        }
        const auto rendering = format::resolve_rendering(tm.columns[i], Flavor::mysql);
        std::string text;
        auto r = enc.encode(rendering, image[i], nullptr, text);
        out.push_back(r ? json::parse(text) : json{{"<error>", r.error().message}});
    }
    return out;
}

Decoded decode(const TableMapEvent& tm, EventType type, const std::vector<std::byte>& body) {
    Decoded d;
    auto ev = parse_rows_event(type, span_of(body), 0);
    if (!ev) {
        d.error = ev.error().message;
        return d;
    }
    d.event = std::move(ev).value();
    EXPECT_EQ(d.event.table_id, tm.table_id);
    RowReader reader(d.event, tm);
    RowImage before, after;
    while (!reader.done()) {
        auto r = reader.next(before, after);
        if (!r) {
            d.error = r.error().message;
            return d;
        }
        Row row;
        if (!before.empty()) row.before = image_json(tm, before);
        if (!after.empty()) row.after = image_json(tm, after);
        d.rows.push_back(std::move(row));
    }
    return d;
}

EventType type_of(const std::string& label) {
    if (label.starts_with("ROWS v1")) return EventType::WRITE_ROWS_EVENT_V1;
    if (label.starts_with("UPDATE_ROWS v2")) return EventType::UPDATE_ROWS_EVENT;
    return EventType::WRITE_ROWS_EVENT;  // "WRITE_ROWS v2", "UPDATE/WRITE_ROWS v2 body ..."
}

// A JSON column's value in ours (a string of MySQL's text) as the document.
json document(const json& ours) {
    EXPECT_TRUE(ours.is_string()) << ours;
    return ours.is_string() ? json::parse(ours.get<std::string>()) : ours;
}

// Rows_event::Extra_row_info as go-mysql reports it.
struct ExtraRowInfo {
    std::uint64_t partition_id = 0;
    std::uint64_t source_partition_id = 0;
    std::uint64_t ndb_format = 0;
    json ndb_data_hex = nullptr;
};

ExtraRowInfo extra_row_info(const RowsEvent& ev) {
    ExtraRowInfo x;
    wire::ByteReader r(span_of(ev.extra_data));
    while (r.ok() && !r.empty()) {
        const auto tag = r.u8();
        if (tag == 0) {  // NDB
            const auto len = r.u8();
            x.ndb_format = r.u8();
            const auto data = r.bytes(len >= 2 ? len - 2 : 0);
            x.ndb_data_hex = test::to_hex(std::vector<std::byte>(data.begin(), data.end()));
        } else if (tag == 1) {  // PART
            x.partition_id = r.u16le();
            if (ev.is_update()) x.source_partition_id = r.u16le();
        } else {
            ADD_FAILURE() << "unknown extra_row_info tag " << static_cast<unsigned>(tag);
            break;
        }
    }
    EXPECT_TRUE(r.ok()) << "extra_row_info truncated";
    return x;
}

// The column values in go-mysql's expectation for the JSON-compatibility update vectors:
// "{}" / "{\"a\":1234}", with go-mysql's commentary after a space.
json go_mysql_json_text(const std::string& s) {
    return json::parse(s.substr(0, s.find(' ')));
}

TEST(RowsEventVectors, GoMysqlRows) {
    const json file = test::load_json(test::vector_path(kFile));
    const json& vectors = file.at("vectors");
    std::size_t checked = 0;
    for (const json& v : vectors) {
        const std::string name = v.at("test").get<std::string>();
        const std::string label = v.at("event_type").get<std::string>();
        SCOPED_TRACE(v.at("source").get<std::string>() + " | " + name + " | " + label);
        const auto tm_body = v.value("table_map_hex", json()).is_string()
                                 ? test::from_hex(v.at("table_map_hex").get<std::string>())
                                 : table_map_from_struct(v.at("table_map_struct"));
        const auto tm = parse_table_map(span_of(tm_body), 8, Flavor::mysql);
        ASSERT_TRUE(tm.has_value()) << tm.error().message;
        std::vector<Decoded> events;
        for (const auto& hex : v.at("rows_events_hex")) {
            events.push_back(
                decode(tm.value(), type_of(label), test::from_hex(hex.get<std::string>())));
        }
        const json& e = v.at("expected");

        if (e.contains("error")) {
            // TestInvalidEvent: a v1 body that go-mysql must refuse.
            ASSERT_TRUE(e.at("error").get<bool>());
            ASSERT_EQ(events.size(), 1U);
            bool refused = events[0].error != "";
            for (const auto& row : events[0].rows) {
                for (const auto& cell : row.after)
                    refused = refused || (cell.is_object() && cell.contains("<error>"));
            }
            EXPECT_TRUE(refused) << "decoded as "
                                 << (events[0].rows.empty() ? json() : events[0].rows[0].after);
            test::mark_checked(kFile, v);
            ++checked;
            continue;
        }
        for (const auto& d : events)
            ASSERT_EQ(d.error, "");

        if (name == "TestLastNull") {
            // go-mysql asserts 3 rows per event. The file's "values" come from the upstream
            // comments, which list the two INSERTs in the other order than the events' bytes
            // (fe01 ff fe02 is 1, NULL, 2): compared as a set of events.
            ASSERT_EQ(events.size(), e.at("values").size());
            std::multiset<std::string> got;
            std::multiset<std::string> want;
            for (std::size_t k = 0; k < events.size(); ++k) {
                ASSERT_EQ(events[k].rows.size(), e.at("rows_per_event").get<std::size_t>());
                json values = json::array();
                for (const auto& row : events[k].rows)
                    values.push_back(row.after);
                got.insert(values.dump());
                want.insert(e.at("values")[k].dump());
            }
            EXPECT_EQ(got, want);
        } else if (name == "TestParseJson") {
            // One row per event: [c1 JSON, c2 DECIMAL(10,0)].
            ASSERT_EQ(events.size(), e.at("rows").size());
            for (std::size_t k = 0; k < events.size(); ++k) {
                ASSERT_EQ(events[k].rows.size(), 1U);
                const json& got = events[k].rows[0].after;
                const json& want = e.at("rows")[k];
                EXPECT_EQ(got[0].is_null() ? json() : document(got[0]), want[0]);
                EXPECT_EQ(got[1], want[1]);
            }
        } else if (name == "TestEnum" || name == "TestMultiBytesEnum" || name == "TestSet") {
            // "enum index 257", "set bitmask 5 (= '1,3')": ours is that number.
            ASSERT_EQ(events.size(), 1U);
            ASSERT_EQ(events[0].rows.size(), e.at("rows").size());
            for (std::size_t i = 0; i < e.at("rows").size(); ++i) {
                const json& want = e.at("rows")[i];
                const std::string text = want[1].get<std::string>();
                const auto digits = text.find_first_of("0123456789");
                ASSERT_NE(digits, std::string::npos);
                EXPECT_EQ(events[0].rows[i].after,
                          json::array({want[0], std::stoull(text.substr(digits))}));
            }
        } else if (name == "TestJsonNull") {
            ASSERT_EQ(events.size(), 1U);
            ASSERT_EQ(events[0].rows.size(), 1U);
            json want = e.at("rows")[0];
            ASSERT_EQ(want[3], "<zero-length JSON value>");
            want[3] = "null";  // MySQL reads an empty JSON value as JSON null
            // go-mysql asserts only the empty JSON. The file's "timestamp 1479983995" for the
            // last column repeats add_time; the TIMESTAMP(0) bytes are 00000000, the zero
            // timestamp '0000-00-00 00:00:00', which ours renders as null.
            ASSERT_EQ(want[6], "timestamp 1479983995");
            EXPECT_EQ(want[5], 1479983995);
            want[6] = nullptr;
            EXPECT_EQ(events[0].rows[0].after, want);
        } else if (name == "TestJsonCompatibility" && e.contains("rows")) {
            // [id, cfg VARCHAR "{}", cfg_json JSON "{}", age NULL]
            ASSERT_EQ(events.size(), 1U);
            ASSERT_EQ(events[0].rows.size(), 1U);
            const json& got = events[0].rows[0].after;
            const json& want = e.at("rows")[0];
            ASSERT_EQ(got.size(), 4U);
            EXPECT_EQ(got[0], want[0]);
            EXPECT_EQ(got[1], want[1]);
            EXPECT_EQ(document(got[2]), json::parse(want[2].get<std::string>()));
            EXPECT_EQ(got[3], want[3]);
        } else if (name == "TestJsonCompatibility") {
            // The JSON column (index 2) before and after the update.
            ASSERT_EQ(events.size(), 1U);
            ASSERT_EQ(events[0].rows.size(), 1U);
            const Row& row = events[0].rows[0];
            const json& want = e.at("json_col_before_after");
            const std::string before = want[0].get<std::string>();
            if (before.starts_with("null (decode error ignored)")) {
                // A pre-5.7.22 server's wrong before-image of a virtual JSON column (a small
                // object claiming 256 members in 5 bytes). go-mysql, told to ignore JSON errors,
                // gives null; ours never makes up a value: the cell is refused as corrupt.
                ASSERT_TRUE(row.before[2].is_object()) << row.before[2];
                EXPECT_NE(row.before[2].at("<error>").get<std::string>().find("corrupt"),
                          std::string::npos);
            } else {
                EXPECT_EQ(document(row.before[2]), go_mysql_json_text(before));
            }
            EXPECT_EQ(document(row.after[2]), go_mysql_json_text(want[1].get<std::string>()));
        } else if (name == "TestRowsDataExtraData") {
            ASSERT_EQ(events.size(), 1U);
            const ExtraRowInfo x = extra_row_info(events[0].event);
            EXPECT_EQ(x.partition_id, e.at("partition_id").get<std::uint64_t>());
            EXPECT_EQ(x.source_partition_id, e.at("source_partition_id").get<std::uint64_t>());
            EXPECT_EQ(x.ndb_format, e.at("ndb_format").get<std::uint64_t>());
            EXPECT_EQ(x.ndb_data_hex, e.at("ndb_data_hex"));
            EXPECT_FALSE(events[0].rows.empty());
        } else if (name == "TestParseRowPanic") {
            // Only some columns are in the image; go-mysql asserts the first value.
            ASSERT_EQ(events.size(), 1U);
            ASSERT_EQ(events[0].rows.size(), e.at("rows").size());
            const json& got = events[0].rows[0].after;
            ASSERT_EQ(got.size(), 26U);
            EXPECT_EQ(got[0], e.at("rows")[0][0]);
        } else {
            ADD_FAILURE() << "no mapping for " << name;
            continue;
        }
        test::mark_checked(kFile, v);
        ++checked;
    }
    std::printf("%s: %zu rows vectors checked, 0 excluded\n", kFile.c_str(), checked);
    EXPECT_EQ(checked, vectors.size());
    EXPECT_EQ(checked, 18U);
}

}  // namespace
}  // namespace b2k::binlog
