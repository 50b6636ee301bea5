#pragma once
// Where the server's binlog ends now (source.start: latest): file and position from SHOW
// MASTER STATUS (SHOW BINARY LOG STATUS on MySQL 8.2+), and the GTID state there (MariaDB's
// gtid_binlog_pos, MySQL's Executed_Gtid_Set with gtid_mode=ON). A user with REPLICATION
// CLIENT may read both.

#include <cstdint>
#include <string>

#include "common/result.h"
#include "mysql/connection.h"
#include "replication/server_info.h"

namespace b2k::replication {

struct BinlogEnd {
    std::string file;
    std::uint64_t pos = 0;
    std::string gtid;  // "" when the server has no GTID state to report

    bool operator==(const BinlogEnd&) const = default;
};

boost::asio::awaitable<Result<BinlogEnd>> read_binlog_end(mysql::Connection& conn,
                                                          const ServerInfo& server);

}  // namespace b2k::replication
