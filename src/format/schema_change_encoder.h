#pragma once
// The record a schema change (DDL) is announced with — printed by `decode`/`tail` and published
// by `run` to `{name}.schema-changes` (issue 4, DESIGN.md "Message format"):
//   {"op":"ddl","db":"shop","table":"items","ddl":"ALTER TABLE items ...",
//    ["error_code":N,] "source":{...debezium source block...}}
// "db" is the statement's qualifier, else its default database; "table" is null for database
// statements. error_code appears for a statement the server logged as failed.

#include <string>
#include <string_view>

#include "binlog/change_handler.h"
#include "format/debezium_encoder.h"
#include "schema/ddl_statement.h"

namespace b2k::format {

// The database a DDL statement acts on: its qualifier, else the session's default database.
inline std::string_view ddl_database(const binlog::StatementChange& st,
                                     const schema::DdlClassification& ddl) noexcept {
    return ddl.db.empty() ? std::string_view(st.query.db) : std::string_view(ddl.db);
}

// Appends the record for `st`, which `ddl` classified as a schema change.
void encode_schema_change(const binlog::StatementChange& st, const schema::DdlClassification& ddl,
                          DebeziumEncoder& encoder, std::string& out);

}  // namespace b2k::format
