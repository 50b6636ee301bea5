#include "replication/binlog_end.h"

namespace b2k::replication {

boost::asio::awaitable<Result<BinlogEnd>> read_binlog_end(mysql::Connection& conn,
                                                          const ServerInfo& server) {
    const bool new_syntax = !server.is_mariadb() && server.at_least(8, 2, 0);
    B2K_CO_TRY(auto rs,
               co_await conn.query(new_syntax ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS"));
    if (rs.rows.empty()) {
        co_return failure(Errc::config, "the server reports no binlog position (is log_bin on?)");
    }
    const auto file = rs.column_index("File");
    const auto pos = rs.column_index("Position");
    if (!file || !pos || !rs.rows[0][*file] || !rs.rows[0][*pos]) {
        co_return failure(Errc::protocol, "SHOW MASTER STATUS returned no File/Position");
    }
    BinlogEnd end;
    end.file = *rs.rows[0][*file];
    try {
        end.pos = std::stoull(*rs.rows[0][*pos]);
    } catch (const std::exception&) {
        co_return failure(Errc::protocol,
                          "SHOW MASTER STATUS returned the position '" + *rs.rows[0][*pos] + "'");
    }
    if (server.is_mariadb()) {
        B2K_CO_TRY(auto g, co_await conn.query("SELECT @@GLOBAL.gtid_binlog_pos"));
        if (!g.rows.empty() && !g.rows[0].empty() && g.rows[0][0]) end.gtid = *g.rows[0][0];
    } else if (server.gtid_mode) {
        if (auto eg = rs.column_index("Executed_Gtid_Set"); eg && rs.rows[0][*eg]) {
            end.gtid = *rs.rows[0][*eg];
        }
    }
    co_return end;
}

}  // namespace b2k::replication
