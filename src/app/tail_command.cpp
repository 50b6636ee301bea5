#include "app/tail_command.h"

#include <csignal>
#include <cstdio>

#include "app/json_lines_printer.h"
#include "app/replica_options.h"
#include "app/schema_rereader.h"
#include "app/schema_setup.h"
#include "config/config_loader.h"
#include "replication/replica_session.h"

namespace b2k::app {
namespace {

constexpr const char* kUsage = "usage: binlog2kafka tail -c CONFIG.yaml [-f]\n";

// Prints as the decoder does, flushing at each transaction end so a follower sees changes
// as they commit.
class LivePrinter final : public binlog::ChangeHandler {
  public:
    LivePrinter(JsonLinesPrinter& p, bool live, schema::SchemaTracker& tracker)
        : p_(p), live_(live), tracker_(tracker) {}
    Result<void> on_row(const binlog::RowChange& c) override { return p_.on_row(c); }
    Result<void> on_statement(const binlog::StatementChange& s) override {
        B2K_TRY(tracker_.on_statement(s));
        return p_.on_statement(s);
    }
    Result<void> on_transaction(const binlog::TransactionMark& m) override {
        B2K_TRY(p_.on_transaction(m));
        if (live_ && m.ends != binlog::GroupEnd::none) return p_.flush();
        return success();
    }
    Result<void> on_incident(const binlog::ChangeSource& s,
                             const binlog::IncidentEvent& i) override {
        return p_.on_incident(s, i);
    }

  private:
    JsonLinesPrinter& p_;
    bool live_;
    schema::SchemaTracker& tracker_;
};

// The schema tracker's starting point (today's information_schema), read before the session
// starts; connection errors are left to the session, which reports them with their fix.
boost::asio::awaitable<Result<void>> prepare_tracker(const config::Config& cfg,
                                                     schema::SchemaTracker& tracker,
                                                     replication::ReplicaSession& session) {
    mysql::Connection conn(co_await boost::asio::this_coro::executor);
    replication::ReplicaOptions ro = replica_options(cfg, true);
    mysql::ConnectOptions co = ro.connect;
    auto password = ro.password();
    if (!password) co_return success();
    co.password = std::move(password).value();
    SchemaStart start;
    start.reread = make_schema_rereader(co);
    start.reread_on_mismatch = cfg.schema.on_mismatch == config::OnMismatch::reread_once;
    if (!co_await conn.connect(std::move(co))) co_return success();
    start.warn = [](const std::string& m) {
        std::fprintf(stderr, "binlog2kafka tail: %s\n", m.c_str());
    };
    // `latest` is read together with the snapshot, so no DDL falls between the two.
    if (std::holds_alternative<replication::StartLatest>(ro.start)) start.pin_latest = &session;
    auto t = co_await start_schema_tracker(conn, start);
    co_await conn.quit();
    if (!t) co_return failure(std::move(t).error());
    tracker = std::move(t).value();
    co_return success();
}

}  // namespace

int tail_command(std::span<const std::string> args) {
    std::string config_path;
    bool follow = false;
    bool transactions = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-c" || args[i] == "--config") && i + 1 < args.size()) {
            config_path = args[++i];
        } else if (args[i] == "-f" || args[i] == "--follow") {
            follow = true;
        } else if (args[i] == "--transactions") {
            transactions = true;
        } else {
            std::fprintf(stderr, "binlog2kafka tail: unexpected argument %s\n%s", args[i].c_str(),
                         kUsage);
            return 2;
        }
    }
    if (config_path.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    auto cfg = config::load_config_file(config_path, config::ConfigUse::source_only);
    if (!cfg) {
        std::fprintf(stderr, "binlog2kafka tail: %s\n", cfg.error().message.c_str());
        return 2;
    }
    static char out_buf[1 << 16];
    std::setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
    PrinterOptions popts;
    popts.transactions = transactions;
    popts.name = cfg.value().source.name;
    JsonLinesPrinter printer(stdout, popts);
    schema::SchemaTracker tracker(schema::SchemaCatalog{}, 1, schema::TrackerOptions{});
    LivePrinter live(printer, follow, tracker);

    boost::asio::io_context io;
    replication::ReplicaOptions ropts = replica_options(cfg.value(), follow);
    ropts.resolver = &tracker;
    replication::ReplicaSession session(io.get_executor(), std::move(ropts), live);
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (!ec) session.stop();
    });
    Result<void> result = success();
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            result = co_await prepare_tracker(cfg.value(), tracker, session);
            if (result) result = co_await session.run();
            signals.cancel();
        },
        boost::asio::detached);
    io.run();
    auto flushed = printer.flush();
    if (!result) {
        std::fprintf(stderr, "binlog2kafka tail: %s\n", result.error().message.c_str());
        return 1;
    }
    if (!flushed) {
        std::fprintf(stderr, "binlog2kafka tail: %s\n", flushed.error().message.c_str());
        return 1;
    }
    return 0;
}

}  // namespace b2k::app
