#include "schema/information_schema_reader.h"

#include "schema/ddl_interpreter.h"

namespace b2k::schema {
namespace {

constexpr const char* kUserSchemas =
    " NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')";

std::string text(const mysql::Row& row, std::size_t i) {
    return i < row.size() && row[i] ? *row[i] : std::string();
}

// COLUMN_TYPE ("enum('a','b')", "int(10) unsigned", "varchar(20)") through the interpreter.
ColumnSchema parse_column_type(const std::string& column_type) {
    SchemaCatalog scratch;
    const auto o = apply_ddl(scratch, "d", "CREATE TABLE t (c " + column_type + ")");
    if (o.kind != DdlKind::applied) return {};
    const TableSchema* t = scratch.find("d", "t");
    return t != nullptr && !t->columns.empty() ? t->columns[0] : ColumnSchema{};
}

// A string as a hex literal: exact (binary) comparison, and nothing to escape whatever the
// session's sql_mode.
std::string hex_literal(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out = "X'";
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out + "'";
}

// The tables `schemas` (" NOT IN (…)" or " = X'…'") and, when given, `table_clause` select.
boost::asio::awaitable<Result<SchemaCatalog>> read_catalog(mysql::Connection& conn,
                                                           const std::string& schemas,
                                                           const std::string& table_clause) {
    SchemaCatalog cat;
    B2K_CO_TRY(auto dbs, co_await conn.query(
                             std::string("SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME FROM "
                                         "information_schema.SCHEMATA WHERE SCHEMA_NAME") +
                             schemas));
    for (const auto& row : dbs.rows)
        cat.set_database_charset(text(row, 0), text(row, 1));

    B2K_CO_TRY(auto tables,
               co_await conn.query(std::string("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_COLLATION "
                                               "FROM information_schema.TABLES WHERE TABLE_TYPE "
                                               "= 'BASE TABLE' AND TABLE_SCHEMA") +
                                   schemas + table_clause));
    for (const auto& row : tables.rows) {
        TableSchema t;
        t.db = text(row, 0);
        t.table = text(row, 1);
        t.charset = charset_of_collation(text(row, 2));
        cat.put(std::move(t));
    }

    B2K_CO_TRY(
        auto cols,
        co_await conn.query(std::string("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, "
                                        "COLUMN_TYPE, CHARACTER_SET_NAME, EXTRA FROM "
                                        "information_schema.COLUMNS WHERE TABLE_SCHEMA") +
                            schemas + table_clause +
                            " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION"));
    for (const auto& row : cols.rows) {
        TableSchema* t = cat.find(text(row, 0), text(row, 1));
        if (t == nullptr) continue;  // a view
        ColumnSchema c = parse_column_type(text(row, 4));
        c.name = text(row, 2);
        c.data_type = text(row, 3);
        if (row.size() > 5 && row[5]) {
            c.charset = *row[5];
        } else if (c.data_type == "binary" || c.data_type == "varbinary" ||
                   c.data_type.ends_with("blob")) {
            c.charset = "binary";
        }
        c.invisible = text(row, 6).find("INVISIBLE") != std::string::npos;
        t->columns.push_back(std::move(c));
    }

    B2K_CO_TRY(auto keys,
               co_await conn.query(
                   std::string("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM "
                               "information_schema.STATISTICS WHERE INDEX_NAME = 'PRIMARY' AND "
                               "TABLE_SCHEMA") +
                   schemas + table_clause + " ORDER BY TABLE_SCHEMA, TABLE_NAME, SEQ_IN_INDEX"));
    for (const auto& row : keys.rows) {
        if (TableSchema* t = cat.find(text(row, 0), text(row, 1))) {
            t->primary_key.push_back(text(row, 2));
        }
    }
    co_return cat;
}

}  // namespace

boost::asio::awaitable<Result<SchemaCatalog>> read_information_schema(mysql::Connection& conn) {
    co_return co_await read_catalog(conn, kUserSchemas, "");
}

boost::asio::awaitable<Result<std::optional<TableSchema>>> read_table_definition(
    mysql::Connection& conn, const std::string& db, const std::string& table) {
    B2K_CO_TRY(const SchemaCatalog cat,
               co_await read_catalog(conn, " = " + hex_literal(db),
                                     " AND TABLE_NAME = " + hex_literal(table)));
    const TableSchema* t = cat.find(db, table);
    if (t == nullptr) co_return std::optional<TableSchema>{};
    co_return std::optional<TableSchema>{*t};
}

boost::asio::awaitable<Result<ServerCharsets>> read_server_charsets(mysql::Connection& conn) {
    ServerCharsets out;
    B2K_CO_TRY(auto cs, co_await conn.query("SELECT @@character_set_server"));
    if (!cs.rows.empty()) out.server_charset = text(cs.rows[0], 0);
    B2K_CO_TRY(auto ids, co_await conn.query(
                             "SELECT CHARACTER_SET_NAME, ID FROM information_schema.COLLATIONS "
                             "WHERE IS_DEFAULT = 'Yes'"));
    for (const auto& row : ids.rows) {
        out.default_ids[text(row, 0)] = static_cast<std::uint32_t>(std::stoul(text(row, 1)));
    }
    co_return out;
}

}  // namespace b2k::schema
