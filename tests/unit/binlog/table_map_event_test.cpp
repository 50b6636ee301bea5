// TABLE_MAP_EVENT decoding (parse_table_map) against every vector of go-mysql-table-map.json:
// bodies written by MySQL 5.7/8.0 and MariaDB 10.4/10.5, with and without
// binlog_row_metadata=FULL.
//
// Convention mapping (go-mysql's TableMapEvent -> our TableMapEvent/ColumnDef):
//   Schema/Table -> db/table; ColumnType -> wire_type (the code as written); ColumnCount ->
//   columns.size(); Nullable (from NullBitmap) -> nullable.
//   "expect optional metadata" -> optional_kinds != 0.
//   ColumnName (nil without FULL) -> name per column (empty, and no COLUMN_NAME kind).
//   EnumStrValue/SetStrValue (one list per ENUM/SET column, in column order) -> labels of the
//   ENUM/SET columns in order.
//   PrimaryKey/PrimaryKeyPrefix -> primary_key/primary_key_prefix (0 = whole column; empty when
//   the server sent neither SIMPLE_PRIMARY_KEY nor PRIMARY_KEY_WITH_PREFIX).
//   VisibilityMap -> visible per column (absent: nullopt on every column).
//   UnsignedMap (numeric columns only) -> is_unsigned (set exactly on the numeric columns).
//   CollationMap + EnumSetCollationMap (keys are column indexes) -> collation (set exactly on the
//   columns those maps name). GeometryTypeMap -> geometry_type.
//   A null expectation ("no optional metadata in this binlog") -> optional_kinds == 0.
// The flavor is the server's (MariaDB counts JSON and GEOMETRY as character columns).

#include "binlog/table_map_event.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "support/vector_ledger.h"
#include "support/vectors.h"

namespace b2k::binlog {
namespace {

using nlohmann::json;

constexpr std::uint8_t kPostHeaderLength = 8;  // 6-byte table ids (MySQL 5.6+, MariaDB 10+)

Flavor flavor_of(const json& v) {
    return v.at("mysql_version").get<std::string>().starts_with("MariaDB") ? Flavor::mariadb
                                                                           : Flavor::mysql;
}

// {"3": x, ...} -> {3: x, ...}
std::map<std::size_t, json> by_column(const json& m) {
    std::map<std::size_t, json> out;
    for (const auto& [k, x] : m.items())
        out[std::stoul(k)] = x;
    return out;
}

std::vector<std::vector<std::string>> labels_of(const TableMapEvent& tm, ColumnType t) {
    std::vector<std::vector<std::string>> out;
    for (const auto& c : tm.columns) {
        if (c.type == t) out.push_back(c.labels);
    }
    return out;
}

void check_names(const TableMapEvent& tm, const json& names) {
    if (names.is_null()) {
        EXPECT_FALSE(tm.has_column_names());
        for (const auto& c : tm.columns)
            EXPECT_EQ(c.name, "");
        return;
    }
    ASSERT_TRUE(tm.has_column_names());
    ASSERT_EQ(tm.columns.size(), names.size());
    for (std::size_t i = 0; i < names.size(); ++i)
        EXPECT_EQ(tm.columns[i].name, names[i].get<std::string>()) << "column " << i;
}

void check_labels(const TableMapEvent& tm, const json& want, ColumnType t) {
    if (want.is_null()) {
        for (const auto& l : labels_of(tm, t))
            EXPECT_TRUE(l.empty());
        return;
    }
    EXPECT_EQ(json(labels_of(tm, t)), want);
}

// Metadata keyed by column index (go-mysql's *Map accessors).
void check_column_maps(const TableMapEvent& tm, const json& e) {
    const auto unsigned_map = by_column(e.at("unsigned_map"));
    auto collations = by_column(e.at("collation_map"));
    for (const auto& [i, c] : by_column(e.at("enum_set_collation_map")))
        collations[i] = c;
    const auto geometry = by_column(e.at("geometry_type_map"));
    const auto enums = by_column(e.at("enum_str_value_map"));
    const auto sets = by_column(e.at("set_str_value_map"));
    for (std::size_t i = 0; i < tm.columns.size(); ++i) {
        SCOPED_TRACE("column " + std::to_string(i));
        const ColumnDef& c = tm.columns[i];
        if (const auto it = unsigned_map.find(i); it != unsigned_map.end()) {
            ASSERT_TRUE(c.is_unsigned.has_value());
            EXPECT_EQ(*c.is_unsigned, it->second.get<bool>());
        } else {
            EXPECT_FALSE(c.is_unsigned.has_value());
        }
        if (const auto it = collations.find(i); it != collations.end()) {
            ASSERT_TRUE(c.collation.has_value());
            EXPECT_EQ(*c.collation, it->second.get<std::uint32_t>());
        } else {
            EXPECT_FALSE(c.collation.has_value()) << *c.collation;
        }
        if (const auto it = geometry.find(i); it != geometry.end()) {
            ASSERT_TRUE(c.geometry_type.has_value());
            EXPECT_EQ(*c.geometry_type, it->second.get<std::uint32_t>());
        } else {
            EXPECT_FALSE(c.geometry_type.has_value());
        }
        if (const auto it = enums.find(i); it != enums.end()) {
            EXPECT_EQ(c.type, ColumnType::MYSQL_TYPE_ENUM);
            EXPECT_EQ(json(c.labels), it->second);
        } else if (const auto st = sets.find(i); st != sets.end()) {
            EXPECT_EQ(c.type, ColumnType::MYSQL_TYPE_SET);
            EXPECT_EQ(json(c.labels), st->second);
        } else {
            EXPECT_TRUE(c.labels.empty());
        }
    }
}

TEST(TableMapEventVectors, GoMysqlTableMaps) {
    const json file = test::load_json(test::vector_path("go-mysql-table-map.json"));
    const json& vectors = file.at("vectors");
    std::size_t checked = 0;
    for (const json& v : vectors) {
        SCOPED_TRACE(v.at("source").get<std::string>() + " | " +
                     v.at("mysql_version").get<std::string>());
        const auto body = test::from_hex(v.at("hex").get<std::string>());
        const auto parsed =
            parse_table_map(wire::Bytes(body.data(), body.size()), kPostHeaderLength, flavor_of(v));
        ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
        const TableMapEvent& tm = parsed.value();
        const json& e = v.at("expected");
        if (v.contains("expect_optional_metadata")) {
            EXPECT_EQ(tm.optional_kinds != 0, v.at("expect_optional_metadata").get<bool>());
        }
        if (e.is_null()) {
            // No optional metadata in this binlog: nothing beyond the types and nullability.
            EXPECT_EQ(tm.optional_kinds, 0U);
            for (const auto& c : tm.columns) {
                EXPECT_FALSE(c.is_unsigned.has_value());
                EXPECT_FALSE(c.collation.has_value());
                EXPECT_FALSE(c.geometry_type.has_value());
            }
        } else {
            if (e.contains("schema")) {
                EXPECT_EQ(tm.db, e.at("schema").get<std::string>());
            }
            if (e.contains("table")) {
                EXPECT_EQ(tm.table, e.at("table").get<std::string>());
            }
            if (e.contains("column_types")) {
                std::vector<unsigned> types;
                for (const auto& c : tm.columns)
                    types.push_back(static_cast<unsigned>(c.wire_type));
                EXPECT_EQ(json(types), e.at("column_types"));
            }
            if (e.contains("nullable")) {
                std::vector<bool> nullable;
                for (const auto& c : tm.columns)
                    nullable.push_back(c.nullable);
                EXPECT_EQ(json(nullable), e.at("nullable"));
            }
            if (e.contains("column_count")) {
                EXPECT_EQ(tm.columns.size(), e.at("column_count").get<std::size_t>());
            }
            if (e.contains("column_names")) check_names(tm, e.at("column_names"));
            if (e.contains("enum_str_values")) {
                check_labels(tm, e.at("enum_str_values"), ColumnType::MYSQL_TYPE_ENUM);
            }
            if (e.contains("set_str_values")) {
                check_labels(tm, e.at("set_str_values"), ColumnType::MYSQL_TYPE_SET);
            }
            if (e.contains("primary_key_columns")) {
                const json& pk = e.at("primary_key_columns");
                EXPECT_EQ(json(tm.primary_key), pk.is_null() ? json::array() : pk);
                const json& prefix = e.at("primary_key_prefix_lengths");
                EXPECT_EQ(json(tm.primary_key_prefix), prefix.is_null() ? json::array() : prefix);
            }
            if (e.contains("visible")) {
                const json& vis = e.at("visible");
                EXPECT_EQ(tm.has(OptionalMetadata::COLUMN_VISIBILITY), !vis.is_null());
                for (std::size_t i = 0; i < tm.columns.size(); ++i) {
                    if (vis.is_null()) {
                        EXPECT_FALSE(tm.columns[i].visible.has_value()) << "column " << i;
                    } else {
                        ASSERT_TRUE(tm.columns[i].visible.has_value()) << "column " << i;
                        EXPECT_EQ(*tm.columns[i].visible, vis.at(std::to_string(i)).get<bool>())
                            << "column " << i;
                    }
                }
            }
            if (e.contains("unsigned_map")) check_column_maps(tm, e);
        }
        test::mark_checked("go-mysql-table-map.json", v);
        ++checked;
    }
    std::printf("go-mysql-table-map.json: %zu TABLE_MAP bodies checked, 0 excluded\n", checked);
    EXPECT_EQ(checked, vectors.size());
    EXPECT_EQ(checked, 25U);
}

}  // namespace
}  // namespace b2k::binlog
