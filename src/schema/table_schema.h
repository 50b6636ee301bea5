#pragma once
// The schema tracker's model of tables (issue 4): what information_schema says about a table,
// kept as a catalog that DDL statements from the binlog change. Only what decoding needs:
// column names and order, base types with their parameters, signedness, charsets, ENUM/SET
// labels, visibility, and the primary key.
//
// Names are compared exactly (case-sensitive), as on Linux servers with
// lower_case_table_names=0; column names case-insensitively, as the server does.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace b2k::schema {

struct ColumnSchema {
    std::string name;
    std::string data_type;  // lowercase, as information_schema.COLUMNS.DATA_TYPE: "int", "enum"
    bool is_unsigned = false;
    std::optional<std::string> charset;    // character and ENUM/SET columns
    std::vector<std::string> enum_values;  // ENUM/SET labels, unquoted
    std::uint32_t length = 0;              // CHAR/VARCHAR/BINARY/VARBINARY/BIT length
    std::uint32_t precision = 0;           // DECIMAL
    std::uint32_t scale = 0;               // DECIMAL
    std::uint32_t fsp = 0;                 // TIME/DATETIME/TIMESTAMP fractional digits
    bool invisible = false;

    bool is_character() const noexcept;  // CHAR/VARCHAR/TEXT family/ENUM/SET
    bool operator==(const ColumnSchema&) const = default;
};

struct TableSchema {
    std::string db;
    std::string table;
    std::vector<ColumnSchema> columns;
    std::vector<std::string> primary_key;  // column names, in key order
    std::string charset;                   // table default
    // Non-empty: the definition is not known since this statement, which the tracker could
    // not interpret (the columns are what they were before it, or none). Kept in the history
    // and carried along by renames and ALTERs, so a restart after the statement still knows;
    // cleared only by a statement that defines the table whole (CREATE TABLE) or by accepting
    // information_schema's definition (schema.accept_current).
    std::string unknown_since;

    // Index of a column by name (case-insensitive); nullopt when absent.
    std::optional<std::size_t> column_index(std::string_view name) const;
    bool operator==(const TableSchema&) const = default;
};

class SchemaCatalog {
  public:
    using Key = std::pair<std::string, std::string>;  // db, table

    const TableSchema* find(std::string_view db, std::string_view table) const;
    TableSchema* find(std::string_view db, std::string_view table);
    void put(TableSchema t);
    bool erase(std::string_view db, std::string_view table);
    void drop_database(std::string_view db);
    // A database's default charset ("" when unknown: the server default applies).
    std::string database_charset(std::string_view db) const;
    void set_database_charset(std::string db, std::string charset);

    const std::map<Key, TableSchema>& tables() const noexcept { return tables_; }
    bool operator==(const SchemaCatalog&) const = default;

    nlohmann::json to_json() const;
    static SchemaCatalog from_json(const nlohmann::json& j);

  private:
    std::map<Key, TableSchema> tables_;
    std::map<std::string, std::string> db_charsets_;
};

}  // namespace b2k::schema
