#pragma once
// Re-reading one table's definition from today's information_schema while the stream runs
// (issue 4): what the schema tracker needs to decide whether today's definition is the one in
// force at the position it is decoding. The connection work is app/schema_rereader.h.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "replication/logged_statements.h"
#include "schema/table_schema.h"

namespace b2k::schema {

struct TableReread {
    std::optional<TableSchema> table;  // today's definition (nullopt: no such base table)
    // Where the server's binlog ended just after the definition was read.
    std::string end_file;
    std::uint64_t end_pos = 0;
    // The statements logged from the position asked about up to there.
    std::vector<replication::LoggedStatement> statements;
    // False when more than `max_bytes` of binlog lie between (the stream is behind).
    bool reached = false;
    std::uint64_t max_bytes = 0;
};

// (db, table, from_file, from_pos) -> the table's definition and the statements logged after
// from_file:from_pos. Blocks the calling thread while it reads.
using TableRereader =
    std::function<Result<TableReread>(const std::string& db, const std::string& table,
                                      const std::string& from_file, std::uint64_t from_pos)>;

}  // namespace b2k::schema
