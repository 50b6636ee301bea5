#pragma once
// What the replica needs to know about its source before asking for the binlog: flavor and
// version, checksum, whether binary logging in ROW format is on, the GTID mode, identity.

#include <array>
#include <cstdint>
#include <string>

#include "binlog/flavor.h"
#include "common/result.h"
#include "mysql/connection.h"

namespace b2k::replication {

struct ServerInfo {
    binlog::Flavor flavor = binlog::Flavor::mysql;
    std::string version;  // as the server reports it ("10.11.6-MariaDB-log")
    std::array<int, 3> version_number{0, 0, 0};
    std::uint32_t server_id = 0;
    std::string server_uuid;      // MySQL only
    std::string binlog_checksum;  // "CRC32" or "NONE"
    bool log_bin = false;
    std::string binlog_format;        // "ROW", "MIXED", "STATEMENT"
    std::string binlog_row_image;     // "FULL", "MINIMAL", "NOBLOB"
    std::string binlog_row_metadata;  // "FULL", "MINIMAL", "NO_LOG" (MariaDB)
    bool gtid_mode = false;           // MySQL gtid_mode=ON; MariaDB always has GTIDs

    bool is_mariadb() const noexcept { return flavor == binlog::Flavor::mariadb; }
    bool at_least(int major, int minor, int patch) const noexcept {
        return version_number >= std::array<int, 3>{major, minor, patch};
    }
};

// Flavor and version from the handshake's server version string.
ServerInfo server_info_from_version(std::string_view version);

// Reads the variables over `conn` (a user with REPLICATION CLIENT can read them all).
boost::asio::awaitable<Result<ServerInfo>> probe_server(mysql::Connection& conn);

// Checks that the server writes a binlog we can follow: log_bin on, binlog_format ROW.
// The error names the variable and the fix (self-managed and RDS).
Result<void> check_binlog_settings(const ServerInfo& info);

}  // namespace b2k::replication
