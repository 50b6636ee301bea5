// The facts other decoders' test suites assert about the shared binlog files
// (../shared/vectors/{rust_mysql_common,mysql-binlog-connector-java,BinlogVisualizer}/
// EXPECTED.json), checked against our decode of the same files. Each expectation is mapped
// explicitly onto our conventions (DESIGN.md "Message format", docs/); the mapping is written next
// to the check. Values are read from EXPECTED.json wherever they are stated there, so a change
// to the file shows up here; a final test makes sure every expectation in the three files is
// either checked or listed as not applicable, with the reason.

#include <gtest/gtest.h>

#include <cctype>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "binlog/binlog_decoder.h"
#include "binlog/charset.h"
#include "format/debezium_encoder.h"
#include "gtid/mysql_gtid_set.h"
#include "support/vectors.h"

namespace b2k::test {
namespace {

using binlog::EventType;
using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Decoding a file into what the checks need.

struct EventRec {
    int index = 0;  // 1-based among the file's top-level events (1 = FORMAT_DESCRIPTION)
    binlog::Event ev;
};

struct RowRec {
    int event_index = 0;  // the top-level event that carried the row (a payload's, for inner)
    json msg;             // the Debezium envelope we emit
};

struct Decoded {
    std::vector<EventRec> events;      // top-level events
    std::vector<binlog::Event> inner;  // events that came out of TRANSACTION_PAYLOADs
    std::vector<RowRec> rows;
    std::vector<std::string> statements;  // QUERY texts that are not BEGIN/COMMIT/ROLLBACK
    std::string error;

    const binlog::TableMapEvent* table_map(const std::string& db, const std::string& t) const {
        for (const auto& e : events) {
            if (const auto* tm = std::get_if<binlog::TableMapEvent>(&e.ev.body)) {
                if (tm->db == db && tm->table == t) return tm;
            }
        }
        for (const auto& e : inner) {
            if (const auto* tm = std::get_if<binlog::TableMapEvent>(&e.body)) {
                if (tm->db == db && tm->table == t) return tm;
            }
        }
        return nullptr;
    }
    std::vector<const RowRec*> rows_of_event(int index) const {
        std::vector<const RowRec*> out;
        for (const auto& r : rows) {
            if (r.event_index == index) out.push_back(&r);
        }
        return out;
    }
};

class Collect final : public binlog::ChangeHandler {
  public:
    Collect(Decoded& d, bool rows) : d_(d), rows_(rows) {}
    Result<void> on_event(const binlog::Event& ev) override {
        if (ev.in_payload) {
            d_.inner.push_back(ev);
        } else {
            d_.events.push_back({static_cast<int>(d_.events.size()) + 1, ev});
        }
        return success();
    }
    Result<void> on_row(const binlog::RowChange& ch) override {
        if (!rows_) return success();
        buf_.clear();
        B2K_TRY(enc_.encode_row(ch, 0, buf_));
        d_.rows.push_back({static_cast<int>(d_.events.size()), json::parse(buf_)});
        return success();
    }
    Result<void> on_statement(const binlog::StatementChange& st) override {
        d_.statements.push_back(st.query.query);
        return success();
    }

  private:
    Decoded& d_;
    bool rows_;
    format::DebeziumEncoder enc_{format::EnvelopeOptions{"test"}};
    std::string buf_;
};

// `rows`: render the row changes too (not needed for event counts; Sakila has 47,273).
Decoded decode(const std::string& rel, bool rows = true) {
    Decoded d;
    Collect c(d, rows);
    const std::string path = vector_path(rel).string();
    auto src = binlog::FileEventSource::open(path);
    if (!src) {
        d.error = src.error().message;
        return d;
    }
    binlog::BinlogDecoder dec(c, binlog::DecoderOptions{});
    auto r = dec.run(*src.value(), std::filesystem::path(path).filename().string());
    if (!r) d.error = r.error().message;
    return d;
}

// The expectation for `file` in <dir>/EXPECTED.json (fails the test when absent).
json expectation(const std::string& dir, const std::string& file) {
    const json all = load_json(vector_path(dir + "/EXPECTED.json"));
    for (const auto& e : all["expectations"]) {
        if (e["file"] == file) return e;
    }
    ADD_FAILURE() << dir << "/EXPECTED.json has no expectation for " << file;
    return json::object();
}

// MySQL's canonical JSON text (docs/json-values.md): ", " between items, ": " after keys.
std::string mysql_json_text(const json& v) {
    if (v.is_array()) {
        std::string s = "[";
        for (std::size_t i = 0; i < v.size(); ++i)
            s += (i ? ", " : "") + mysql_json_text(v[i]);
        return s + "]";
    }
    if (v.is_object()) {
        std::string s = "{";
        bool first = true;
        for (const auto& [k, x] : v.items()) {
            s += (first ? "" : ", ") + json(k).dump() + ": " + mysql_json_text(x);
            first = false;
        }
        return s + "}";
    }
    return v.dump();
}

std::vector<float> floats_of_hex(const std::string& hex) {
    const auto bytes = from_hex(hex);
    std::vector<float> out(bytes.size() / 4);
    std::memcpy(out.data(), bytes.data(), out.size() * 4);  // little-endian host
    return out;
}

// ---------------------------------------------------------------------------------------------
// rust_mysql_common (blackbeam/rust_mysql_common src/binlog/mod.rs tests)

const std::string kRust = "rust_mysql_common";
const std::string kRustDir = "rust_mysql_common/test-data/binlogs/";

TEST(RustMysqlCommonExpected, JsonOpaqueRowsPerEventIndex) {
    // Their row values are the JSON documents' members as rust_mysql_common renders them. Ours
    // is the column as a string holding MySQL's canonical text of the whole document
    // ({"a": ...}). Mapping: opaque VARCHAR "base64:type15:VQ==", DATE, DATETIME and TIME are
    // JSON strings in both; opaque DECIMAL, which rust_mysql_common turns into a string
    // ("123.456"), is a number in MySQL's text (the file's own note says so).
    const json e = expectation(kRust, "test-data/binlogs/json-opaque.binlog");
    ASSERT_EQ(e["event_index_base"], "1 = FORMAT_DESCRIPTION (first event after magic)");
    const std::set<std::string> decimal_members = {"d", "e"};
    const Decoded d = decode(kRustDir + "json-opaque.binlog");
    ASSERT_EQ(d.error, "");
    std::size_t checked = 0;
    for (const auto& [idx, members] : e["expected_rows"].items()) {
        const auto rows = d.rows_of_event(std::stoi(idx));
        ASSERT_EQ(rows.size(), 1u) << "event " << idx;
        std::string want = "{";
        for (const auto& [k, v] : members.items()) {
            const bool decimal = decimal_members.count(k) != 0 && v.is_string();
            want += (want.size() > 1 ? ", " : "") + json(k).dump() + ": " +
                    (decimal ? v.get<std::string>() : mysql_json_text(v));
        }
        want += "}";
        EXPECT_EQ(rows[0]->msg["after"]["a"], want) << "event " << idx;
        EXPECT_EQ(rows[0]->msg["op"], "c") << "event " << idx;
        ++checked;
    }
    EXPECT_EQ(checked, 8u);
    EXPECT_EQ(d.rows.size(), checked);
}

TEST(RustMysqlCommonExpected, VectorDimensionsAndFloat32Values) {
    // VECTOR (MySQL 9, type 242): ours is an array of float32 numbers (shortest round-trip
    // text), VECTOR_DIMENSIONALITY is TABLE_MAP metadata per VECTOR column.
    const json e = expectation(kRust, "test-data/binlogs/vector.binlog")["expected"];
    const Decoded d = decode(kRustDir + "vector.binlog");
    ASSERT_EQ(d.error, "");
    for (const auto& t : {"foo", "bar"}) {
        const auto* tm = d.table_map("dtb", t);
        ASSERT_NE(tm, nullptr) << "dtb." << t;
        std::vector<unsigned> dims;
        for (const auto& c : tm->columns) {
            if (c.type == binlog::ColumnType::MYSQL_TYPE_VECTOR) {
                ASSERT_TRUE(c.vector_dimensions.has_value()) << c.name;
                dims.push_back(*c.vector_dimensions);
            }
        }
        EXPECT_EQ(json(dims), e[std::string("table_map dtb.") + t + " VECTOR_DIMENSIONALITY"]);
    }
    const json& want_rows = e["event 12 rows"];
    const auto rows = d.rows_of_event(12);
    ASSERT_EQ(rows.size(), want_rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const json& after = rows[i]->msg["after"];
        EXPECT_EQ(rows[i]->msg["source"]["table"], "foo");
        EXPECT_EQ(after["id"], want_rows[i]["id"]);
        const json& got = after["vector_column"];
        const auto from_hex_floats = floats_of_hex(want_rows[i]["vector_column_hex"]);
        ASSERT_TRUE(got.is_array());
        ASSERT_EQ(got.size(), want_rows[i]["as_float32"].size());
        ASSERT_EQ(got.size(), from_hex_floats.size());
        for (std::size_t k = 0; k < got.size(); ++k) {
            const float ours = static_cast<float>(got[k].get<double>());
            EXPECT_EQ(ours, static_cast<float>(want_rows[i]["as_float32"][k].get<double>()))
                << "row " << i << " element " << k;
            EXPECT_EQ(ours, from_hex_floats[k]) << "row " << i << " element " << k;
        }
    }
}

TEST(RustMysqlCommonExpected, EnumStringSetRows) {
    // Their values are per column position; ENUM as its 1-based index, SET as the bitmask
    // byte. Ours (binlog_row_metadata=FULL here): the ENUM's label and the SET's labels, taken
    // from the TABLE_MAP's ENUM_STR_VALUE / SET_STR_VALUE lists.
    const json e = expectation(kRust, "test-data/binlogs/mysql-enum-string-set.000001");
    ASSERT_TRUE(e.contains("expected"));
    // The full strings (EXPECTED.json abbreviates them; these are the upstream test's literals).
    const std::string s100 =
        "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567"
        "890123456789";
    const std::string s298 =
        "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567"
        "8901234567890123456789012345678901234567801234567890123456789012345678901234567890123456"
        "7890123456789012345678901234567890123456789012345678901234567890123456789012345678012345"
        "6789012345678901234567890123456789";
    ASSERT_EQ(s100.size(), 100u);
    ASSERT_EQ(s298.size(), 298u);
    const Decoded d = decode(kRustDir + "mysql-enum-string-set.000001");
    ASSERT_EQ(d.error, "");
    const auto* tm = d.table_map("mysql", "t");
    ASSERT_NE(tm, nullptr);
    ASSERT_EQ(tm->columns.size(), 5u);
    const auto& enum_labels = tm->columns[2].labels;
    const auto& set_labels = tm->columns[3].labels;
    ASSERT_GE(enum_labels.size(), 2u);
    auto set_of = [&](unsigned mask) {
        json a = json::array();
        for (std::size_t b = 0; b < set_labels.size(); ++b) {
            if (mask & (1u << b)) a.push_back(set_labels[b]);
        }
        return a;
    };
    auto image = [&](const std::string& f1, const std::string& f2, unsigned idx, unsigned mask,
                     const std::string& f5) {
        return json{
            {"f1", f1}, {"f2", f2}, {"f3", enum_labels[idx - 1]}, {"f4", set_of(mask)}, {"f5", f5}};
    };
    // write_row: [s100, s298, 1, 0b00000101, "0123456789"]; update: before = the written row,
    // after = ["field1", "field_2", 2, 0b00001010, s298]; delete_before = that after-image.
    const json written = image(s100, s298, 1, 0b101, "0123456789");
    const json updated = image("field1", "field_2", 2, 0b1010, s298);
    EXPECT_EQ(e["expected"]["write_row"][2], 1);
    EXPECT_EQ(e["expected"]["update_after"][2], 2);
    EXPECT_EQ(e["expected"]["update_after"][0], "field1");
    EXPECT_EQ(e["expected"]["update_after"][1], "field_2");
    ASSERT_EQ(d.rows.size(), 3u);
    EXPECT_EQ(d.rows[0].msg["op"], "c");
    EXPECT_EQ(d.rows[0].msg["after"], written);
    EXPECT_EQ(d.rows[1].msg["op"], "u");
    EXPECT_EQ(d.rows[1].msg["before"], written);
    EXPECT_EQ(d.rows[1].msg["after"], updated);
    EXPECT_EQ(d.rows[2].msg["op"], "d");
    EXPECT_EQ(d.rows[2].msg["before"], updated);
}

TEST(RustMysqlCommonExpected, BitValues) {
    // Their values: BIT bytes 0x04, bytes "foo", BIT bytes 0x20. Ours: BIT(n) is a number;
    // the middle column is a string column, text (or base64 if its charset is binary).
    const json e = expectation(kRust, "test-data/binlogs/mysql_type_bit.000001");
    ASSERT_EQ(e["expected"]["every_write_row"].size(), 3u);
    const Decoded d = decode(kRustDir + "mysql_type_bit.000001");
    ASSERT_EQ(d.error, "");
    ASSERT_FALSE(d.rows.empty());
    for (const auto& r : d.rows) {
        EXPECT_EQ(r.msg["op"], "c");
        const json& a = r.msg["after"];
        ASSERT_EQ(a.size(), 3u);
        auto it = a.begin();
        EXPECT_EQ(*it, 4);  // 0x04
        ++it;
        EXPECT_TRUE(*it == "foo" || *it == "Zm9v") << *it;
        ++it;
        EXPECT_EQ(*it, 32);  // 0x20
    }
}

TEST(RustMysqlCommonExpected, MinimalRowMetadataUnsignedAndCharset) {
    // Their column numbers are 0-based: "@2" is our third column ("@3" in decode's names, as
    // mysqlbinlog numbers them from 1), "@4" our fifth ("@5").
    const json e = expectation(kRust, "test-data/binlogs/minimal_row_metadata.000001");
    ASSERT_EQ(e["expected"]["column @2 charset"], "utf8mb4_0900_ai_ci (255)");
    const Decoded d = decode(kRustDir + "minimal_row_metadata.000001");
    ASSERT_EQ(d.error, "");
    const auto* tm = d.table_map("noria", "t1");
    ASSERT_NE(tm, nullptr);
    ASSERT_EQ(tm->columns.size(), 5u);
    ASSERT_TRUE(tm->columns[2].collation.has_value());
    EXPECT_EQ(*tm->columns[2].collation, 255u);
    EXPECT_EQ(binlog::collation_name(binlog::Flavor::mysql, 255), "utf8mb4_0900_ai_ci");
    EXPECT_EQ(tm->columns[4].is_unsigned, std::optional<bool>(true));
    ASSERT_EQ(d.rows.size(), 1u);
    EXPECT_EQ(d.rows[0].msg["after"]["@5"], e["expected"]["column @4 value"]);
    EXPECT_EQ(d.rows[0].msg["after"]["@5"], 3230202323u);
}

TEST(RustMysqlCommonExpected, NegativeTimeBeyondOneDay) {
    // Theirs: -21 days 03:48:27 => '-507:48:27'. Ours: TIME as "[-]hh:mm:ss" (hours to 838).
    const json e = expectation(kRust, "test-data/binlogs/time_issue.000001");
    ASSERT_NE(e["expected"]["time_value"].get<std::string>().find("'-507:48:27'"),
              std::string::npos);
    const Decoded d = decode(kRustDir + "time_issue.000001");
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.rows.size(), 1u);
    EXPECT_EQ(d.rows[0].msg["after"]["@1"], "-507:48:27");
}

// Their intervals are [start, end) as stored; the text form closes them.
std::string gtid_text_of(const json& sets) {
    std::string s;
    std::string last_uuid;
    for (const auto& set : sets) {
        const std::string uuid = set["uuid"];
        if (uuid != last_uuid) s += (s.empty() ? "" : ",") + uuid;
        last_uuid = uuid;
        if (!set["tag"].is_null()) s += ":" + set["tag"].get<std::string>();
        for (const auto& iv : set["intervals"]) {
            const auto a = iv[0].get<std::int64_t>();
            const auto b = iv[1].get<std::int64_t>() - 1;
            s += ":" + std::to_string(a) + (a == b ? "" : "-" + std::to_string(b));
        }
    }
    return s;
}

std::string previous_gtids_of(const Decoded& d) {
    for (const auto& e : d.events) {
        if (const auto* p = std::get_if<binlog::PreviousGtidsEvent>(&e.ev.body)) {
            auto set = gtid::MysqlGtidSet::decode(p->encoded);
            if (!set) return "error: " + set.error().message;
            return set.value().to_string();
        }
    }
    return "no PREVIOUS_GTIDS event";
}

TEST(RustMysqlCommonExpected, TaggedGtids) {
    const json e = expectation(kRust, "test-data/binlogs/binlog_transaction_with_GTID_TAG.000001");
    const json& x = e["expected"];
    EXPECT_EQ(gtid_text_of(x["previous_gtids"]), x["previous_gtids_text"]);
    const Decoded d = decode(kRustDir + "binlog_transaction_with_GTID_TAG.000001");
    ASSERT_EQ(d.error, "");
    EXPECT_EQ(previous_gtids_of(d), x["previous_gtids_text"]);
    bool found = false;
    for (const auto& ev : d.events) {
        const auto* g = std::get_if<binlog::MysqlGtidEvent>(&ev.ev.body);
        if (g == nullptr || g->tag.empty()) continue;
        EXPECT_EQ(ev.ev.header.type(), EventType::GTID_TAGGED_LOG_EVENT);
        EXPECT_EQ(g->uuid.to_string(), x["gtid_tagged_event"]["uuid"]);
        EXPECT_EQ(g->tag, x["gtid_tagged_event"]["tag"]);
        EXPECT_EQ(g->gno, x["gtid_tagged_event"]["gno"]);
        found = true;
    }
    EXPECT_TRUE(found);
}

TEST(RustMysqlCommonExpected, PreviousGtidsWithoutTag) {
    const json e =
        expectation(kRust, "test-data/binlogs/binlog_transaction_previous_GTID_no_tag.000001");
    const json& x = e["expected"];
    EXPECT_EQ(gtid_text_of(x["previous_gtids"]), x["previous_gtids_text"]);
    const Decoded d = decode(kRustDir + "binlog_transaction_previous_GTID_no_tag.000001");
    ASSERT_EQ(d.error, "");
    EXPECT_EQ(previous_gtids_of(d), x["previous_gtids_text"]);
}

std::string name_of(std::uint8_t code) {
    switch (static_cast<EventType>(code)) {
        case EventType::QUERY_EVENT:
            return "QUERY";
        case EventType::TABLE_MAP_EVENT:
            return "TABLE_MAP";
        case EventType::WRITE_ROWS_EVENT:
            return "WRITE_ROWS";  // v2, as rust_mysql_common names it
        case EventType::UPDATE_ROWS_EVENT:
            return "UPDATE_ROWS_V2";
        case EventType::XID_EVENT:
            return "XID";
        default:
            return "T" + std::to_string(code);
    }
}

TEST(RustMysqlCommonExpected, CompressedPayloadInnerEvents) {
    const json e = expectation(kRust, "test-data/binlogs/transaction_compression.000001");
    const Decoded d = decode(kRustDir + "transaction_compression.000001");
    ASSERT_EQ(d.error, "");
    json inner = json::array();
    for (const auto& ev : d.inner)
        inner.push_back(name_of(ev.header.type_code));
    EXPECT_EQ(inner, e["expected"]["payload_inner_events"]);
}

TEST(RustMysqlCommonExpected, MariadbFullMetadata) {
    // Their column charsets are collation ids (UNKNOWN for non-character columns): ours is
    // ColumnDef::collation, absent for those, named through the MariaDB collation table.
    const json e = expectation(kRust, "test-data/binlogs/mariadb-bin.000001");
    const json& x = e["expected"];
    const Decoded d = decode(kRustDir + "mariadb-bin.000001");
    ASSERT_EQ(d.error, "");
    const auto* tm = d.table_map(x["schema"], x["table"]);
    ASSERT_NE(tm, nullptr);
    ASSERT_EQ(tm->columns.size(), x["column_names"].size());
    for (std::size_t i = 0; i < tm->columns.size(); ++i) {
        const auto& c = tm->columns[i];
        EXPECT_EQ(c.name, x["column_names"][i]);
        const std::string cs = x["column_charsets"][i];
        if (cs == "n/a") {
            EXPECT_FALSE(c.collation.has_value()) << c.name;
        } else {
            ASSERT_TRUE(c.collation.has_value()) << c.name;
            EXPECT_EQ(binlog::collation_name(binlog::Flavor::mariadb, *c.collation), cs) << c.name;
        }
    }
    // Their pk is the column flagged PRI_KEY_FLAG: ours is the TABLE_MAP's SIMPLE_PRIMARY_KEY.
    ASSERT_EQ(tm->primary_key.size(), 1u);
    EXPECT_EQ(tm->columns[tm->primary_key[0]].name, x["pk"]);
    ASSERT_FALSE(d.rows.empty());
    for (const auto& r : d.rows) {
        EXPECT_EQ(r.msg["source"]["db"], x["schema"]);
        EXPECT_EQ(r.msg["source"]["connector"], "mariadb");
    }
    // "rotate event name must not contain extra bytes": the upstream check is on the ROTATE
    // event a server sends at the start of a dump; this file holds none. Its only file name is
    // in the BINLOG_CHECKPOINT event, which must be exactly the name, without trailing bytes.
    std::size_t checkpoints = 0;
    for (const auto& ev : d.events) {
        EXPECT_FALSE(std::holds_alternative<binlog::RotateEvent>(ev.ev.body));
        if (const auto* cp = std::get_if<binlog::BinlogCheckpointEvent>(&ev.ev.body)) {
            ++checkpoints;
            EXPECT_EQ(cp->file, "mariadb-bin.000001");
        }
    }
    EXPECT_EQ(checkpoints, 1u);
}

TEST(RustMysqlCommonExpected, InvisibleColumnsMetadataParses) {
    const json e = expectation(kRust, "test-data/binlogs/binlog-invisible-columns.000001");
    EXPECT_EQ(e["expected"]["optional_metadata_parses"], true);
    const Decoded d = decode(kRustDir + "binlog-invisible-columns.000001");
    ASSERT_EQ(d.error, "");
    std::size_t maps = 0;
    std::size_t invisible = 0;
    for (const auto& ev : d.events) {
        const auto* tm = std::get_if<binlog::TableMapEvent>(&ev.ev.body);
        if (tm == nullptr) continue;
        ++maps;
        EXPECT_TRUE(tm->has(binlog::OptionalMetadata::COLUMN_VISIBILITY));
        for (const auto& c : tm->columns) {
            ASSERT_TRUE(c.visible.has_value()) << tm->table << "." << c.name;
            if (!*c.visible) ++invisible;
        }
    }
    EXPECT_GT(maps, 0u);
    EXPECT_GT(invisible, 0u);
}

TEST(RustMysqlCommonExpected, BrokenEventsDoNotCrash) {
    // ver_5_1-wl2325_r.001: "a broken XID event of size 0x26". It is not broken to us: the file
    // comes from the a_drop5p tree that numbered events differently, and its code-16 event is
    // that tree's TABLE_MAP (see vector_files_test.cpp). So it decodes, rows included.
    {
        const json e = expectation(kRust, "test-data/binlogs/ver_5_1-wl2325_r.001");
        ASSERT_NE(e["expected"]["note"].get<std::string>().find("0x26"), std::string::npos);
        const Decoded d = decode(kRustDir + "ver_5_1-wl2325_r.001");
        EXPECT_EQ(d.error, "");
        EXPECT_FALSE(d.rows.empty());
    }
    // corrupt-relay-bin.000624: "a truncated QUERY event of size 171" (152 body bytes after
    // the 19-byte header): refused with an error that names it.
    {
        const json e = expectation(kRust, "test-data/binlogs/corrupt-relay-bin.000624");
        ASSERT_NE(e["expected"]["note"].get<std::string>().find("171"), std::string::npos);
        const Decoded d = decode(kRustDir + "corrupt-relay-bin.000624");
        ASSERT_NE(d.error, "");
        EXPECT_NE(d.error.find("QUERY_EVENT is truncated"), std::string::npos) << d.error;
        EXPECT_NE(d.error.find("152 bytes"), std::string::npos) << d.error;
    }
}

// ---------------------------------------------------------------------------------------------
// mysql-binlog-connector-java (BinaryLogFileReaderIntegrationTest and friends)

const std::string kJava = "mysql-binlog-connector-java";

// Their event counts are every event the reader returns, the FORMAT_DESCRIPTION included,
// without the events inside a TRANSACTION_PAYLOAD: our top-level events.
TEST(ConnectorJavaExpected, EventCountsAndChecksums) {
    struct Case {
        std::string file;
        std::optional<binlog::ChecksumAlg> checksum;
    };
    const std::vector<Case> cases = {
        {"mysql-bin.sakila.gz", std::nullopt},
        {"mysql-bin.compressed", std::nullopt},
        {"mysql-bin.checksum-none", binlog::ChecksumAlg::off},
        {"mysql-bin.checksum-crc32", binlog::ChecksumAlg::crc32},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        const json e = expectation(kJava, c.file)["expected"];
        const Decoded d = decode(kJava + "/" + c.file, /*rows=*/false);
        ASSERT_EQ(d.error, "");
        EXPECT_EQ(json(d.events.size()), e["event_count"]);
        ASSERT_FALSE(d.events.empty());
        const auto* fd = std::get_if<binlog::FormatDescription>(&d.events[0].ev.body);
        ASSERT_NE(fd, nullptr);
        if (e.contains("checksum")) {
            ASSERT_TRUE(c.checksum.has_value());
            EXPECT_EQ(e["checksum"], *c.checksum == binlog::ChecksumAlg::crc32 ? "CRC32" : "NONE");
            EXPECT_EQ(fd->checksum, *c.checksum);
        }
        if (e.value("gzip", false)) {
            const auto raw = read_file(vector_path(kJava + "/" + c.file));
            ASSERT_GE(raw.size(), 2u);
            EXPECT_EQ(raw[0], std::byte{0x1f});
            EXPECT_EQ(raw[1], std::byte{0x8b});
        }
    }
}

TEST(ConnectorJavaExpected, CompressedPayload) {
    // Their inner events: "QUERY BEGIN", "TABLE_MAP demo.movies", "UPDATE_ROWS_V2", "XID 31".
    const json e = expectation(kJava, "mysql-bin.compressed")["expected"];
    const Decoded d = decode(kJava + "/mysql-bin.compressed");
    ASSERT_EQ(d.error, "");
    json inner = json::array();
    for (const auto& ev : d.inner) {
        std::string s = name_of(ev.header.type_code);
        if (const auto* q = std::get_if<binlog::QueryEvent>(&ev.body)) s += " " + q->query;
        if (const auto* tm = std::get_if<binlog::TableMapEvent>(&ev.body))
            s += " " + tm->db + "." + tm->table;
        if (const auto* x = std::get_if<binlog::XidEvent>(&ev.body))
            s += " " + std::to_string(x->xid);
        inner.push_back(s);
    }
    EXPECT_EQ(inner, e["payload_inner"]);
    // The row change inside is one of ours, positioned at the payload event.
    ASSERT_EQ(d.rows.size(), 1u);
    EXPECT_EQ(d.rows[0].msg["op"], "u");
    EXPECT_EQ(d.rows[0].msg["source"]["table"], "movies");
    const auto& payload = d.events[static_cast<std::size_t>(d.rows[0].event_index) - 1];
    EXPECT_EQ(payload.ev.header.type(), EventType::TRANSACTION_PAYLOAD_EVENT);
    EXPECT_EQ(d.rows[0].msg["source"]["pos"], payload.ev.offset);
}

TEST(ConnectorJavaExpected, AuroraPaddingEventsAndPositions) {
    // Their listing: [name, start, end, info] as SHOW BINLOG EVENTS prints it. Ours: the event's
    // offset and its log_pos (the next event's position); the padding is type 100 with
    // LOG_EVENT_IGNORABLE_F, which we skip (IgnoredEvent) and go on.
    const json want = expectation(kJava, "mysql-bin.aurora-padding")["expected"]["events"];
    const Decoded d = decode(kJava + "/mysql-bin.aurora-padding");
    ASSERT_EQ(d.error, "");
    ASSERT_GE(d.events.size(), want.size());
    const std::vector<std::uint8_t> types = {15, 35, 34, 100, 2};
    ASSERT_EQ(want.size(), types.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        SCOPED_TRACE(want[i][0].get<std::string>());
        const auto& ev = d.events[i].ev;
        EXPECT_EQ(ev.header.type_code, types[i]);
        EXPECT_EQ(json(ev.offset), want[i][1]);
        EXPECT_EQ(json(ev.header.log_pos), want[i][2]);
        const std::string info = want[i][3];
        switch (i) {
            case 0: {
                const auto* fd = std::get_if<binlog::FormatDescription>(&ev.body);
                ASSERT_NE(fd, nullptr);
                EXPECT_EQ(info, "Server ver: " + fd->server_version +
                                    ", Binlog ver: " + std::to_string(fd->binlog_version));
                break;
            }
            case 1:
                EXPECT_TRUE(std::holds_alternative<binlog::PreviousGtidsEvent>(ev.body));
                EXPECT_EQ(info, "");
                break;
            case 2: {
                const auto* g = std::get_if<binlog::MysqlGtidEvent>(&ev.body);
                ASSERT_NE(g, nullptr);
                EXPECT_TRUE(g->anonymous);
                EXPECT_EQ(info, "SET @@SESSION.GTID_NEXT= 'ANONYMOUS'");
                break;
            }
            case 3:
                EXPECT_TRUE(std::holds_alternative<binlog::IgnoredEvent>(ev.body));
                EXPECT_NE(ev.header.flags & 0x80, 0) << "LOG_EVENT_IGNORABLE_F";
                EXPECT_EQ(info, "Ignorable");
                break;
            case 4: {
                const auto* q = std::get_if<binlog::QueryEvent>(&ev.body);
                ASSERT_NE(q, nullptr);
                EXPECT_EQ(q->query, info);
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// BinlogVisualizer (Fanduzi/BinlogVisualizer internal/binlog/testdata/minimal.binlog)

TEST(BinlogVisualizerExpected, SqlEffects) {
    // Their facts are the SQL that made the file. Mapped to what we emit for each statement
    // (MySQL 5.7 with no column metadata: columns are "@1", "@2"; VARCHAR is UTF-8 text):
    const json e = expectation("BinlogVisualizer", "minimal.binlog");
    const json sql = e["sql"];
    ASSERT_EQ(sql.size(), 5u);
    EXPECT_EQ(sql[0], "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(100))");
    EXPECT_EQ(sql[1], "INSERT INTO users VALUES (1, 'alice')");
    EXPECT_EQ(sql[2], "INSERT INTO users VALUES (2, 'bob')");
    EXPECT_EQ(sql[3], "UPDATE users SET name = 'alice_updated' WHERE id = 1");
    EXPECT_EQ(sql[4], "DELETE FROM users WHERE id = 2");
    const json alice = {{"@1", 1}, {"@2", "alice"}};
    const json bob = {{"@1", 2}, {"@2", "bob"}};
    const json alice2 = {{"@1", 1}, {"@2", "alice_updated"}};
    const std::vector<std::tuple<std::string, json, json>> effects = {
        {"c", nullptr, alice},  // sql[1]
        {"c", nullptr, bob},    // sql[2]
        {"u", alice, alice2},   // sql[3]
        {"d", bob, nullptr},    // sql[4]
    };

    const Decoded d = decode("BinlogVisualizer/minimal.binlog");
    ASSERT_EQ(d.error, "");
    // sql[0]: the DDL, in the expected schema (whitespace aside: the server logs it as typed).
    ASSERT_EQ(d.statements.size(), 1u);
    std::string ddl;
    for (char ch : d.statements[0]) {
        if (!std::isspace(static_cast<unsigned char>(ch))) ddl.push_back(ch);
    }
    EXPECT_EQ(ddl, "CREATETABLEusers(idINTPRIMARYKEY,nameVARCHAR(100))");
    ASSERT_EQ(d.rows.size(), effects.size());
    for (std::size_t i = 0; i < effects.size(); ++i) {
        SCOPED_TRACE(sql[i + 1].get<std::string>());
        const json& m = d.rows[i].msg;
        EXPECT_EQ(m["op"], std::get<0>(effects[i]));
        EXPECT_EQ(m["before"], std::get<1>(effects[i]));
        EXPECT_EQ(m["after"], std::get<2>(effects[i]));
        EXPECT_EQ(m["source"]["db"], e["schema"]);
        EXPECT_EQ(m["source"]["table"], "users");
    }
}

// ---------------------------------------------------------------------------------------------
// Every expectation of the three files is checked above or listed here with the reason.

TEST(VectorExpectations, EveryExpectationIsMapped) {
    const std::map<std::string, std::set<std::string>> checked = {
        {"rust_mysql_common",
         {"test-data/binlogs/json-opaque.binlog", "test-data/binlogs/vector.binlog",
          "test-data/binlogs/mysql-enum-string-set.000001",
          "test-data/binlogs/mysql_type_bit.000001",
          "test-data/binlogs/minimal_row_metadata.000001", "test-data/binlogs/time_issue.000001",
          "test-data/binlogs/binlog_transaction_with_GTID_TAG.000001",
          "test-data/binlogs/binlog_transaction_previous_GTID_no_tag.000001",
          "test-data/binlogs/transaction_compression.000001",
          "test-data/binlogs/mariadb-bin.000001",
          "test-data/binlogs/binlog-invisible-columns.000001",
          "test-data/binlogs/ver_5_1-wl2325_r.001", "test-data/binlogs/corrupt-relay-bin.000624"}},
        {"mysql-binlog-connector-java",
         {"mysql-bin.sakila.gz", "mysql-bin.compressed", "mysql-bin.checksum-none",
          "mysql-bin.checksum-crc32", "mysql-bin.aurora-padding"}},
        {"BinlogVisualizer", {"minimal.binlog"}},
    };
    const std::map<std::string, std::string> not_applicable = {
        {"ALL test-data/binlogs/*",
         "every event re-serialises byte-identically: we never serialise events; that every file "
         "decodes is golden_vector_files_test's job"},
    };
    for (const auto& [dir, files] : checked) {
        const json all = load_json(vector_path(dir + "/EXPECTED.json"));
        std::set<std::string> seen;
        for (const auto& e : all["expectations"]) {
            const std::string f = e["file"];
            seen.insert(f);
            EXPECT_TRUE(files.count(f) || not_applicable.count(f))
                << dir << "/EXPECTED.json: expectation for " << f << " is not checked";
        }
        for (const auto& f : files)
            EXPECT_TRUE(seen.count(f)) << dir << "/EXPECTED.json lost its expectation for " << f;
    }
}

}  // namespace
}  // namespace b2k::test
