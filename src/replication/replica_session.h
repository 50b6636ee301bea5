#pragma once
// ReplicaSession: follows a MySQL/MariaDB server as a replica and feeds every event to a
// BinlogDecoder whose changes go to the caller's ChangeHandler.
//
// One session = many connections: connect, probe the server, set the session variables a
// replica needs, COM_REGISTER_SLAVE, COM_BINLOG_DUMP(_GTID), then read the stream. When the
// connection breaks it reconnects with capped exponential backoff and jitter, resuming from the
// end of the last complete transaction (ReplicaPosition). Rows of the transaction that was cut
// are not handed to the handler twice: the replay of that transaction is suppressed up to
// where the handler had got. Errors a person must fix (access denied, purged binlog, duplicate
// server_id, binlog not in ROW format...) stop the session with a message naming the fix.
//
// Threading: run() is a coroutine on one io_context; the handler is called on that thread.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "binlog/binlog_decoder.h"
#include "mysql/connection.h"
#include "replication/replica_position.h"
#include "replication/server_info.h"
#include "replication/start_position.h"

namespace b2k::replication {

struct ReplicaOptions {
    mysql::ConnectOptions connect;  // host, port, user, TLS (password comes from below)
    // Called before every connection: secrets (${env:}, ${file:}) are re-read each time, as
    // RDS IAM tokens expire after 15 minutes.
    std::function<Result<std::string>()> password;
    std::uint32_t server_id = 0;
    StartPosition start = StartLatest{};
    bool follow = true;  // false: stop at the server's current end (non-blocking dump)
    std::chrono::seconds heartbeat{5};
    std::chrono::milliseconds reconnect_min{100};
    std::chrono::milliseconds reconnect_max{30'000};
    std::string name = "binlog2kafka";  // for the stable replica UUID and REGISTER_SLAVE
    bool verify_checksums = true;
    // Completes TABLE_MAP events from the schema tracker (null: taken as they are). Must
    // outlive the session; called on the session's thread.
    binlog::TableResolver* resolver = nullptr;
    // Observers (optional), called on the session's thread: the dump request of a connection
    // succeeded (the stream is live); a connection broke and the session will reconnect (the
    // error says why; without this hook the session prints it to stderr).
    std::function<void()> on_streaming;
    std::function<void(const Error&)> on_connection_lost;
};

class ReplicaSession {
  public:
    ReplicaSession(boost::asio::any_io_executor ex, ReplicaOptions opts,
                   binlog::ChangeHandler& handler);
    ~ReplicaSession();
    ReplicaSession(const ReplicaSession&) = delete;
    ReplicaSession& operator=(const ReplicaSession&) = delete;

    // Runs until the end of the stream (follow=false), a fatal error, or stop().
    boost::asio::awaitable<Result<void>> run();
    void stop();
    // Before run(): where a first start begins instead of ReplicaOptions::start (a `latest`
    // the caller pinned before reading the schema tracker's snapshot).
    void set_start(StartPosition start) { opts_.start = std::move(start); }

    const ReplicaPosition* position() const noexcept { return position_.get(); }
    const ServerInfo& server() const noexcept { return server_; }
    std::uint64_t reconnects() const noexcept { return reconnects_; }
    // The UUID this replica announces (@slave_uuid / @replica_uuid), derived from the config.
    static std::string replica_uuid(std::string_view name, std::uint32_t server_id,
                                    std::string_view host, std::uint16_t port);

  private:
    class Tracker;  // the ChangeHandler between decoder and caller
    enum class Outcome { end_of_stream, retry, stopped };

    boost::asio::awaitable<Result<Outcome>> run_once(bool first);
    boost::asio::awaitable<Result<void>> prepare_session(mysql::Connection& conn);
    boost::asio::awaitable<Result<void>> resolve_start(mysql::Connection& conn);
    boost::asio::awaitable<Result<void>> send_dump(mysql::Connection& conn);
    boost::asio::awaitable<Result<Outcome>> read_stream(mysql::Connection& conn);
    Error classify(const Error& e) const;
    static bool is_same_server_id_error(const Error& e);
    Error same_server_id_error(const Error& e) const;
    // ". Replicas registered now: ..." where the grants allow listing them, else a hint.
    boost::asio::awaitable<std::string> replicas_in_use();

    boost::asio::any_io_executor ex_;
    ReplicaOptions opts_;
    binlog::ChangeHandler& handler_;
    std::unique_ptr<Tracker> tracker_;
    std::unique_ptr<binlog::BinlogDecoder> decoder_;
    std::unique_ptr<ReplicaPosition> position_;
    std::unique_ptr<mysql::Connection> conn_;
    ServerInfo server_;
    bool stopping_ = false;
    bool started_ = false;  // the start position has been resolved
    std::uint64_t reconnects_ = 0;
    std::vector<std::chrono::steady_clock::time_point> same_id_errors_;
};

}  // namespace b2k::replication
