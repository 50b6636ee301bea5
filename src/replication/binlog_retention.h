#pragma once
// How long the server keeps binary logs — what decides how long binlog2kafka may be stopped
// (or fall behind) before the position it needs is purged (issue 6: purge horizon, `check`).
//
//   RDS / Aurora MySQL: mysql.rds_configuration 'binlog retention hours' (NULL: purged as soon
//     as the server no longer needs them, minutes — set it with
//     CALL mysql.rds_set_configuration('binlog retention hours', 24)). Read when the user may
//     SELECT it; it overrides the variables below.
//   MySQL 8 / MariaDB ≥ 10.6: binlog_expire_logs_seconds; older: expire_logs_days. 0 in both:
//     never purged automatically.

#include <chrono>
#include <optional>
#include <string>

#include "common/result.h"
#include "mysql/connection.h"

namespace b2k::replication {

struct BinlogRetention {
    bool known = false;  // false: nothing readable told us
    // nullopt (when known): never purged automatically.
    std::optional<std::chrono::seconds> keep;
    std::string source;  // which setting decided, e.g. "binlog_expire_logs_seconds=604800"
    bool rds = false;    // decided by mysql.rds_configuration
};

boost::asio::awaitable<BinlogRetention> read_binlog_retention(mysql::Connection& conn);

}  // namespace b2k::replication
