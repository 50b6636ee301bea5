#include "app/schema_rereader.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "replication/binlog_end.h"
#include "replication/logged_statements.h"
#include "replication/server_info.h"
#include "schema/information_schema_reader.h"

namespace b2k::app {
namespace {

constexpr std::chrono::seconds kIoTimeout{30};

boost::asio::awaitable<Result<schema::TableReread>> reread(mysql::ConnectOptions options,
                                                           std::string db, std::string table,
                                                           std::string from_file,
                                                           std::uint64_t from_pos) {
    mysql::Connection conn(co_await boost::asio::this_coro::executor);
    B2K_CO_TRY(co_await conn.connect(std::move(options)));
    // Flavor and version decide how the binlog's end is read (the GTID state is not used).
    const replication::ServerInfo server =
        replication::server_info_from_version(conn.server().server_version);
    schema::TableReread out;
    B2K_CO_TRY(out.table, co_await schema::read_table_definition(conn, db, table));
    // Read after the definition: any DDL the definition reflects was logged before this end
    // (the DDL holds the table's metadata lock until it is logged, and information_schema
    // waits for that lock).
    B2K_CO_TRY(const replication::BinlogEnd end,
               co_await replication::read_binlog_end(conn, server));
    out.end_file = end.file;
    out.end_pos = end.pos;
    out.max_bytes = kRereadMaxBehindBytes;
    B2K_CO_TRY(replication::StatementScan scan,
               co_await replication::read_logged_statements(conn, from_file, from_pos, end.file,
                                                            end.pos, kRereadMaxBehindBytes));
    out.statements = std::move(scan.statements);
    out.reached = scan.reached;
    co_await conn.quit();
    co_return out;
}

}  // namespace

schema::TableRereader make_schema_rereader(mysql::ConnectOptions options) {
    options.io_timeout = kIoTimeout;
    return [options](const std::string& db, const std::string& table, const std::string& from_file,
                     std::uint64_t from_pos) -> Result<schema::TableReread> {
        // Its own io_context, run to completion on this thread (connect and every read have a
        // timeout, so it ends).
        boost::asio::io_context io;
        Result<schema::TableReread> out =
            failure(Errc::internal, "the schema re-read did not complete");
        boost::asio::co_spawn(
            io,
            [&]() -> boost::asio::awaitable<void> {
                out = co_await reread(options, db, table, from_file, from_pos);
            },
            boost::asio::detached);
        io.run();
        return out;
    };
}

}  // namespace b2k::app
