#pragma once
// Test support: what a table holds on the server, rendered cell by cell into the same text as
// the JSON the daemon publishes, so the two can be compared exactly.
//
//   TableSnapshot s = snapshot_table(db, "shop", "items");   // SELECT of every row
//   render_json_cell(s.columns[i], after["title"])            // the published value, same text
//
// Each side is rendered independently: the server renders its value with SQL (CAST, DATE_FORMAT,
// HEX … in a UTC session), the JSON side is read per DESIGN.md's value table — numbers as exact
// digits, DECIMAL/temporal/text as strings, binary as base64 (decoded here), SET as an array
// (joined with ','), BIT as a number, GEOMETRY as {"srid","wkb"}. FLOAT and DOUBLE are compared
// as the float/double they parse to. Zero dates render as SQL NULL on the server side, as the
// daemon publishes null for them. A JSON value of the wrong type renders as a "!…" text that
// matches nothing, so it shows up as a mismatch with the value in the message.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/mariadb_server.h"

namespace b2k::test {

using Cell = std::optional<std::string>;  // nullopt: SQL NULL / JSON null

struct ColumnInfo {
    std::string name;
    std::string data_type;    // information_schema DATA_TYPE: int, decimal, datetime, set …
    std::string column_type;  // COLUMN_TYPE: "int(10) unsigned", "enum('a','b')" …
    int fsp = 0;              // DATETIME_PRECISION
};

struct TableSnapshot {
    std::string db;
    std::string table;
    std::vector<ColumnInfo> columns;       // in table order
    std::vector<std::size_t> primary_key;  // indices into columns, in key order; empty: none
    std::vector<std::vector<Cell>> rows;

    std::size_t column_index(const std::string& name) const;  // npos when absent
};

TableSnapshot snapshot_table(const MariadbServer& db, const std::string& schema,
                             const std::string& table);
// The base tables of a database, sorted.
std::vector<std::string> list_tables(const MariadbServer& db, const std::string& schema);

Cell render_json_cell(const ColumnInfo& column, const nlohmann::json& value);
std::string show(const Cell& c);  // for messages: NULL or the text, quoted

}  // namespace b2k::test
