#include "replication/server_info.h"

#include <charconv>

namespace b2k::replication {
namespace {

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

ServerInfo server_info_from_version(std::string_view version) {
    ServerInfo info;
    info.version = std::string(version);
    std::string_view v = version;
    if (v.find("MariaDB") != std::string_view::npos) {
        info.flavor = binlog::Flavor::mariadb;
        if (v.starts_with("5.5.5-")) v.remove_prefix(6);  // the replication-compatible prefix
    }
    const char* p = v.data();
    const char* end = v.data() + v.size();
    for (int i = 0; i < 3 && p < end; ++i) {
        auto res = std::from_chars(p, end, info.version_number[i]);
        p = res.ptr;
        if (p < end && *p == '.')
            ++p;
        else
            break;
    }
    return info;
}

boost::asio::awaitable<Result<ServerInfo>> probe_server(mysql::Connection& conn) {
    ServerInfo info = server_info_from_version(conn.server().server_version);
    const bool mysql = !info.is_mariadb();
    std::string sql =
        "SELECT @@GLOBAL.server_id, @@GLOBAL.log_bin, @@GLOBAL.binlog_format, "
        "@@GLOBAL.binlog_checksum, @@GLOBAL.binlog_row_image, ";
    sql += info.is_mariadb() || info.at_least(8, 0, 1) ? "@@GLOBAL.binlog_row_metadata, "
                                                       : "'MINIMAL', ";
    sql += mysql && info.at_least(5, 6, 5) ? "@@GLOBAL.gtid_mode, " : "'OFF', ";
    sql += mysql && info.at_least(5, 6, 0) ? "@@GLOBAL.server_uuid" : "''";
    B2K_CO_TRY(auto rs, co_await conn.query(sql));
    if (rs.rows.size() != 1 || rs.rows[0].size() != 8) {
        co_return failure(Errc::protocol,
                          "reading the server's variables returned an unexpected result");
    }
    const auto& row = rs.rows[0];
    auto text = [&](std::size_t i) { return row[i].value_or(""); };
    std::uint32_t id = 0;
    const std::string sid = text(0);
    std::from_chars(sid.data(), sid.data() + sid.size(), id);
    info.server_id = id;
    info.log_bin = text(1) == "1" || upper(text(1)) == "ON";
    info.binlog_format = upper(text(2));
    info.binlog_checksum = upper(text(3));
    info.binlog_row_image = upper(text(4));
    info.binlog_row_metadata = upper(text(5));
    info.gtid_mode = info.is_mariadb() || upper(text(6)) == "ON";
    info.server_uuid = text(7);
    co_return info;
}

Result<void> check_binlog_settings(const ServerInfo& info) {
    if (!info.log_bin) {
        return failure(Errc::config,
                       "the server does not write a binary log (log_bin=OFF): start it with "
                       "--log-bin (RDS/Aurora: enable automated backups, which turns binary "
                       "logging on; Aurora MySQL: set binlog_format in the DB cluster parameter "
                       "group)");
    }
    if (info.binlog_format != "ROW") {
        return failure(Errc::config,
                       "the server logs in binlog_format=" + info.binlog_format +
                           "; row changes need binlog_format=ROW: SET GLOBAL binlog_format='ROW' "
                           "and in my.cnf (RDS/Aurora: binlog_format=ROW in the DB parameter "
                           "group, then reboot)");
    }
    return success();
}

}  // namespace b2k::replication
