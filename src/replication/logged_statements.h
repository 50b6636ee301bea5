#pragma once
// The statements (QUERY events) the server's binlog holds between two positions, read with SHOW
// BINLOG EVENTS over an ordinary connection (a user with REPLICATION SLAVE — MySQL — or BINLOG
// MONITOR/REPLICATION CLIENT — MariaDB 10.5+ — may run it). The schema tracker uses it to learn
// whether any DDL follows the position it is decoding before it trusts today's
// information_schema for that position (docs/schema-tracker.md, "Re-reading a definition").

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "mysql/connection.h"

namespace b2k::replication {

struct LoggedStatement {
    std::string file;
    std::uint64_t pos = 0;
    std::string db;     // the statement's default database ("" when none)
    std::string query;  // the statement as logged
};

struct StatementScan {
    std::vector<LoggedStatement> statements;
    bool reached = false;     // the scan got to the `to` position within the byte budget
    std::uint64_t bytes = 0;  // binlog bytes scanned
};

// The Info column of a Query event ("use `db`; statement", or the statement alone) split into
// the default database and the statement.
LoggedStatement parse_query_info(std::string_view info);

// QUERY events from `from_file`:`from_pos` (an event's start) up to `to_file`:`to_pos`,
// following rotations; stops unreached once more than `max_bytes` were scanned.
boost::asio::awaitable<Result<StatementScan>> read_logged_statements(
    mysql::Connection& conn, const std::string& from_file, std::uint64_t from_pos,
    const std::string& to_file, std::uint64_t to_pos, std::uint64_t max_bytes);

}  // namespace b2k::replication
