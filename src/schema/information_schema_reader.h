#pragma once
// Reads today's table definitions from information_schema over an ordinary connection — the
// schema tracker's starting point when it has no history (issue 4). Every base table outside
// the server's own schemas (mysql, sys, performance_schema, information_schema): columns in
// ordinal order with their types (COLUMN_TYPE parsed by the DDL interpreter, so ENUM/SET
// labels, UNSIGNED, lengths and precisions come out as for a CREATE TABLE), charsets,
// visibility, and the primary key; plus every database's default charset.

#include <map>
#include <optional>
#include <string>

#include "common/result.h"
#include "mysql/connection.h"
#include "schema/table_schema.h"

namespace b2k::schema {

struct ServerCharsets {
    std::string server_charset;                        // @@character_set_server
    std::map<std::string, std::uint32_t> default_ids;  // charset -> its default collation id
};

boost::asio::awaitable<Result<SchemaCatalog>> read_information_schema(mysql::Connection& conn);
// One table's definition today (nullopt: no such base table).
boost::asio::awaitable<Result<std::optional<TableSchema>>> read_table_definition(
    mysql::Connection& conn, const std::string& db, const std::string& table);
boost::asio::awaitable<Result<ServerCharsets>> read_server_charsets(mysql::Connection& conn);

}  // namespace b2k::schema
