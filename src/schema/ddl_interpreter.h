#pragma once
// DdlInterpreter: applies one QUERY event's statement to a SchemaCatalog as the server applied
// it (issue 4) — CREATE TABLE (incl. LIKE, and AS SELECT for the explicit columns), ALTER TABLE
// (ADD/DROP/MODIFY/CHANGE/RENAME COLUMN with FIRST/AFTER, ADD/DROP PRIMARY KEY, CONVERT TO
// CHARACTER SET, table charset, RENAME TO), RENAME TABLE (multi), DROP TABLE, TRUNCATE,
// CREATE/ALTER/DROP DATABASE — with the statement's default database, qualified and quoted
// names, comments, and MySQL/MariaDB executable comments (/*!50100 … */, /*M!100100 … */,
// whose content the server executes). Grammar: the MySQL 8.0 and MariaDB 10.11 manuals,
// "CREATE TABLE Statement" / "ALTER TABLE Statement" and the data type chapters.
//
// Statements that change no table shape (DML, GRANT, views, routines, indexes) are reported as
// not_schema_change and leave the catalog untouched. A statement it cannot interpret leaves the
// catalog untouched and is reported as `unknown`, naming what it could not parse — the caller
// decides; nothing is guessed. TEMPORARY tables are never in the binlog's row events with a
// ROW format and are ignored.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "binlog/flavor.h"
#include "schema/table_schema.h"

namespace b2k::schema {

enum class DdlKind {
    not_schema_change,
    applied,
    unknown,  // a schema change it could not interpret (message says what)
};

struct DdlOutcome {
    DdlKind kind = DdlKind::not_schema_change;
    std::string message;
    // Tables whose definition changed (db, table); a rename lists the old and the new name.
    std::vector<std::pair<std::string, std::string>> tables;
    // CREATE TABLE … SELECT: the columns that come from the SELECT are not known.
    bool needs_reread = false;
};

struct DdlOptions {
    // The server's default charset (character_set_server), for tables and databases created
    // without one.
    std::string server_charset = "utf8mb4";
    bool ansi_quotes = false;  // sql_mode ANSI_QUOTES: "x" is an identifier
    // MariaDB's JSON is an alias of LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin (with a
    // json_valid check), and information_schema says so; MySQL's is a type of its own.
    binlog::Flavor flavor = binlog::Flavor::mysql;
};

DdlOutcome apply_ddl(SchemaCatalog& catalog, std::string_view default_db,
                     std::string_view statement, const DdlOptions& options = {});

// The charset a collation belongs to: the part before the first '_' ("utf8mb4_bin" ->
// "utf8mb4"); "binary" stays "binary".
std::string charset_of_collation(std::string_view collation);

}  // namespace b2k::schema
