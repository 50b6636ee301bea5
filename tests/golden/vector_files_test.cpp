// Golden tests over every binlog file in ../shared/vectors: each valid file decodes completely,
// its event counts, tables, optional metadata and GTIDs match INVENTORY.json (an independent
// decoder's inventory), and the files the vectors README names as invalid are rejected with a
// clear error instead of a crash.

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "binlog/binlog_decoder.h"
#include "support/vectors.h"

namespace b2k::test {
namespace {

using binlog::EventType;

// INVENTORY.json's event names -> ours.
std::string inventory_name(std::uint8_t code) {
    switch (static_cast<EventType>(code)) {
        case EventType::FORMAT_DESCRIPTION_EVENT:
            return "FORMAT_DESCRIPTION";
        case EventType::QUERY_EVENT:
            return "QUERY";
        case EventType::STOP_EVENT:
            return "STOP";
        case EventType::ROTATE_EVENT:
            return "ROTATE";
        case EventType::INTVAR_EVENT:
            return "INTVAR";
        case EventType::RAND_EVENT:
            return "RAND";
        case EventType::USER_VAR_EVENT:
            return "USER_VAR";
        case EventType::XID_EVENT:
            return "XID";
        case EventType::APPEND_BLOCK_EVENT:
            return "APPEND_BLOCK";
        case EventType::BEGIN_LOAD_QUERY_EVENT:
            return "BEGIN_LOAD_QUERY";
        case EventType::EXECUTE_LOAD_QUERY_EVENT:
            return "EXECUTE_LOAD_QUERY";
        case EventType::TABLE_MAP_EVENT:
            return "TABLE_MAP";
        case EventType::PRE_GA_WRITE_ROWS_EVENT:
            return "PRE_GA_WRITE_ROWS";
        case EventType::PRE_GA_UPDATE_ROWS_EVENT:
            return "PRE_GA_UPDATE_ROWS";
        case EventType::PRE_GA_DELETE_ROWS_EVENT:
            return "PRE_GA_DELETE_ROWS";
        case EventType::WRITE_ROWS_EVENT_V1:
            return "WRITE_ROWS_V1";
        case EventType::UPDATE_ROWS_EVENT_V1:
            return "UPDATE_ROWS_V1";
        case EventType::DELETE_ROWS_EVENT_V1:
            return "DELETE_ROWS_V1";
        case EventType::WRITE_ROWS_EVENT:
            return "WRITE_ROWS_V2";
        case EventType::UPDATE_ROWS_EVENT:
            return "UPDATE_ROWS_V2";
        case EventType::DELETE_ROWS_EVENT:
            return "DELETE_ROWS_V2";
        case EventType::PARTIAL_UPDATE_ROWS_EVENT:
            return "PARTIAL_UPDATE_ROWS";
        case EventType::INCIDENT_EVENT:
            return "INCIDENT";
        case EventType::GTID_LOG_EVENT:
            return "GTID";
        case EventType::ANONYMOUS_GTID_LOG_EVENT:
            return "ANONYMOUS_GTID";
        case EventType::GTID_TAGGED_LOG_EVENT:
            return "GTID_TAGGED";
        case EventType::PREVIOUS_GTIDS_LOG_EVENT:
            return "PREVIOUS_GTIDS";
        case EventType::TRANSACTION_PAYLOAD_EVENT:
            return "TRANSACTION_PAYLOAD";
        case EventType::ANNOTATE_ROWS_EVENT:
            return "MARIA_ANNOTATE_ROWS";
        case EventType::BINLOG_CHECKPOINT_EVENT:
            return "MARIA_BINLOG_CHECKPOINT";
        case EventType::GTID_EVENT:
            return "MARIA_GTID";
        case EventType::GTID_LIST_EVENT:
            return "MARIA_GTID_LIST";
        default:
            return "T" + std::to_string(code);
    }
}

std::string optional_name(unsigned k) {
    static const char* kNames[] = {"",
                                   "SIGNEDNESS",
                                   "DEFAULT_CHARSET",
                                   "COLUMN_CHARSET",
                                   "COLUMN_NAME",
                                   "SET_STR_VALUE",
                                   "ENUM_STR_VALUE",
                                   "GEOMETRY_TYPE",
                                   "SIMPLE_PRIMARY_KEY",
                                   "PRIMARY_KEY_WITH_PREFIX",
                                   "ENUM_AND_SET_DEFAULT_CHARSET",
                                   "ENUM_AND_SET_COLUMN_CHARSET",
                                   "COLUMN_VISIBILITY",
                                   "VECTOR_DIMENSIONALITY"};
    return k < std::size(kNames) ? kNames[k] : "UNKNOWN_" + std::to_string(k);
}

// Collects what INVENTORY.json records, as our decoder sees it.
class Inventory final : public binlog::ChangeHandler {
  public:
    std::map<std::string, int> events;
    std::map<std::string, int> payload_inner;
    std::map<std::string, nlohmann::json> tables;
    std::vector<std::string> gtids;
    std::uint64_t rows = 0;
    std::uint64_t incidents = 0;

    Result<void> on_event(const binlog::Event& ev) override {
        // Inner payload events carry log_pos 0 (they take the payload's position).
        auto& counts = ev.in_payload ? payload_inner : events;
        ++counts[inventory_name(ev.header.type_code)];
        if (const auto* tm = std::get_if<binlog::TableMapEvent>(&ev.body)) {
            nlohmann::json t;
            std::vector<std::string> types;
            std::vector<std::string> names;
            for (const auto& c : tm->columns) {
                types.emplace_back(binlog::column_type_name(c.wire_type));
                names.push_back(c.name);
            }
            t["types"] = types;
            std::vector<std::string> kinds;
            for (unsigned k = 1; k < 32; ++k) {
                if (tm->optional_kinds & (1u << k)) kinds.push_back(optional_name(k));
            }
            t["optional_metadata"] = kinds;
            if (tm->has_column_names()) t["column_names"] = names;
            tables[tm->db + "." + tm->table] = t;
        }
        if (const auto* g = std::get_if<binlog::MysqlGtidEvent>(&ev.body); g && !g->anonymous) {
            std::string s = g->uuid.to_string() + ":";
            if (!g->tag.empty()) s += g->tag + ":";
            gtids.push_back(s + std::to_string(g->gno));
        }
        if (const auto* m = std::get_if<binlog::MariadbGtidEvent>(&ev.body)) {
            gtids.push_back(std::to_string(m->domain) + "-" + std::to_string(ev.header.server_id) +
                            "-" + std::to_string(m->seq));
        }
        return success();
    }
    Result<void> on_row(const binlog::RowChange&) override {
        ++rows;
        return success();
    }
    Result<void> on_incident(const binlog::ChangeSource&, const binlog::IncidentEvent&) override {
        ++incidents;
        return success();
    }
};

struct FileCase {
    std::string path;
    nlohmann::json expected;
};

std::vector<FileCase> inventory_files() {
    std::vector<FileCase> out;
    const auto inv = load_json(vector_path("INVENTORY.json"));
    for (const auto& f : inv["files"])
        out.push_back({f["path"].get<std::string>(), f});
    return out;
}

// The files the vectors README names as not valid binlogs, with a word the error must contain.
const std::map<std::string, std::string>& invalid_files() {
    static const std::map<std::string, std::string> kInvalid = {
        {"canal/parse/binlog/tsdb/mysql-bin.000001", "not a binlog file"},
        {"rust_mysql_common/test-data/binlogs/binlog_truncated_event.000001", "truncated"},
        {"rust_mysql_common/test-data/binlogs/binlog_truncated_prev_gtid_event.000001",
         "truncated"},
        {"rust_mysql_common/test-data/binlogs/corrupt-relay-bin.000624", "offset"},
    };
    return kInvalid;
}

Result<void> decode_file(const std::string& path, Inventory& inv) {
    B2K_TRY(auto src, binlog::FileEventSource::open(path));
    binlog::BinlogDecoder decoder(inv, binlog::DecoderOptions{});
    return decoder.run(*src, path);
}

// The a_drop5p/6p pre-release trees numbered events differently (MySQL 5.1's
// event_type_permutation). INVENTORY.json's decoder used today's numbering for them, so its
// names are translated back here: its "XID" (code 16) is that tree's TABLE_MAP, and so on.
bool is_drop_tree_file(const std::string& path) {
    return path.find("wl2325") != std::string::npos;
}

std::map<std::string, int> as_inventory_numbering(const std::map<std::string, int>& ours) {
    static const std::map<std::string, std::string> kToRawCode = {
        {"TABLE_MAP", "XID"},                          // 16
        {"PRE_GA_WRITE_ROWS", "BEGIN_LOAD_QUERY"},     // 17
        {"PRE_GA_UPDATE_ROWS", "EXECUTE_LOAD_QUERY"},  // 18
        {"PRE_GA_DELETE_ROWS", "TABLE_MAP"},           // 19
        {"XID", "PRE_GA_WRITE_ROWS"},                  // 20
        {"BEGIN_LOAD_QUERY", "PRE_GA_UPDATE_ROWS"},    // 21
        {"EXECUTE_LOAD_QUERY", "PRE_GA_DELETE_ROWS"},  // 22
    };
    std::map<std::string, int> out;
    for (const auto& [k, v] : ours) {
        auto it = kToRawCode.find(k);
        out[it == kToRawCode.end() ? k : it->second] += v;
    }
    return out;
}

// INVENTORY.json could not decode the tagged GTID (it records "tagged GTID event (60 bytes)");
// rust_mysql_common's EXPECTED.json states its content: uuid 55778904-…, tag mytag, gno 3.
const std::map<std::string, std::string> kGtidOverrides = {
    {"tagged GTID event (60 bytes)", "55778904-0299-11f1-b1b8-4ef0c4956feb:mytag:3"},
};

class VectorFile : public ::testing::TestWithParam<FileCase> {};

TEST_P(VectorFile, MatchesInventory) {
    const auto& fc = GetParam();
    const std::string path = vector_path(fc.path).string();
    Inventory inv;
    auto r = decode_file(path, inv);
    auto bad = invalid_files().find(fc.path);
    if (bad != invalid_files().end()) {
        ASSERT_FALSE(r.has_value()) << fc.path << " is invalid but decoded";
        EXPECT_NE(r.error().message.find(bad->second), std::string::npos)
            << "error for " << fc.path << " should mention '" << bad->second
            << "': " << r.error().message;
        return;
    }
    ASSERT_TRUE(r.has_value()) << fc.path << ": " << r.error().message;

    std::map<std::string, int> want_events;
    for (auto& [k, v] : fc.expected["events"].items())
        want_events[k] = v.get<int>();
    if (is_drop_tree_file(fc.path)) {
        EXPECT_EQ(as_inventory_numbering(inv.events), want_events) << fc.path;
        // Its TABLE_MAP is "index out of range" to the inventory; ours must name test.t1.
        if (inv.events.count("TABLE_MAP") != 0) {
            EXPECT_TRUE(inv.tables.count("test.t1")) << fc.path;
        }
        if (inv.events.count("PRE_GA_WRITE_ROWS") != 0) {
            EXPECT_GT(inv.rows, 0u) << fc.path;
        }
        return;
    }
    EXPECT_EQ(inv.events, want_events) << fc.path;
    if (fc.expected.contains("payload_inner")) {
        std::map<std::string, int> want_inner;
        for (auto& [k, v] : fc.expected["payload_inner"].items())
            want_inner[k] = v.get<int>();
        EXPECT_EQ(inv.payload_inner, want_inner) << fc.path;
    }
    if (fc.expected.contains("tables")) {
        for (auto& [name, t] : fc.expected["tables"].items()) {
            ASSERT_TRUE(inv.tables.count(name)) << fc.path << ": table " << name << " not mapped";
            const auto& got = inv.tables[name];
            EXPECT_EQ(got["types"], t["types"]) << fc.path << " " << name;
            std::set<std::string> want_kinds(t["optional_metadata"].begin(),
                                             t["optional_metadata"].end());
            std::set<std::string> got_kinds(got["optional_metadata"].begin(),
                                            got["optional_metadata"].end());
            EXPECT_EQ(got_kinds, want_kinds) << fc.path << " " << name;
            if (t.contains("column_names")) {
                EXPECT_EQ(got["column_names"], t["column_names"]) << name;
            }
        }
        EXPECT_EQ(inv.tables.size(), fc.expected["tables"].size()) << fc.path;
    }
    if (fc.expected.contains("gtids")) {
        const auto& want = fc.expected["gtids"];
        ASSERT_GE(inv.gtids.size(), want.size()) << fc.path;
        for (std::size_t i = 0; i < want.size(); ++i) {
            std::string w = want[i].get<std::string>();
            if (auto it = kGtidOverrides.find(w); it != kGtidOverrides.end()) w = it->second;
            EXPECT_EQ(inv.gtids[i], w) << fc.path;
        }
    }
}

std::string case_name(const ::testing::TestParamInfo<FileCase>& info) {
    std::string n = info.param.path;
    for (auto& c : n) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return n;
}

INSTANTIATE_TEST_SUITE_P(Inventory, VectorFile, ::testing::ValuesIn(inventory_files()), case_name);

// corrupt-relay-bin.000624 is not in the inventory: it must be rejected all the same.
TEST(VectorFiles, CorruptRelayLogIsRejected) {
    Inventory inv;
    auto r = decode_file(
        vector_path("rust_mysql_common/test-data/binlogs/corrupt-relay-bin.000624").string(), inv);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("offset"), std::string::npos) << r.error().message;
}

TEST(VectorFiles, IncidentIsReported) {
    Inventory inv;
    auto r = decode_file(
        vector_path("rust_mysql_common/test-data/binlogs/bug40482-bin.000001").string(), inv);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(inv.incidents, 1u);
}

}  // namespace
}  // namespace b2k::test
