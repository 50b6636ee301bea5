#include "replication/replica_session.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "mysql/err_packet.h"
#include "mysql/replication_command.h"
#include "replication/binlog_end.h"

namespace b2k::replication {
namespace {

using boost::asio::awaitable;
using boost::asio::use_awaitable;
namespace asio = boost::asio;

std::string sql_quote(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

bool contains(std::string_view hay, std::string_view needle) {
    return hay.find(needle) != std::string_view::npos;
}

}  // namespace

// Between the decoder and the caller's handler: feeds ReplicaPosition and suppresses the part
// of a transaction that was already delivered before a reconnect replays it.
class ReplicaSession::Tracker final : public binlog::ChangeHandler {
  public:
    Tracker(binlog::ChangeHandler& inner, ReplicaPosition& pos) : inner_(inner), pos_(pos) {}

    // The stream resumes at the start of the group that was cut: the callbacks the caller
    // already had from it are not delivered again.
    void resume_after_cut() { seen_ = 0; }

    Result<void> on_event(const binlog::Event& ev) override {
        B2K_TRY(pos_.get().on_event(ev));
        return inner_.on_event(ev);
    }
    Result<void> on_row(const binlog::RowChange& ch) override {
        if (skip()) return success();
        return inner_.on_row(ch);
    }
    Result<void> on_statement(const binlog::StatementChange& st) override {
        if (skip()) return success();
        return inner_.on_statement(st);
    }
    Result<void> on_transaction(const binlog::TransactionMark& m) override {
        if (m.ends == binlog::GroupEnd::none) {
            if (skip()) return success();
            return inner_.on_transaction(m);
        }
        // The position moves first, so the caller's end-of-group callback can read the resume
        // point that includes this group (the pipeline checkpoints it).
        B2K_TRY(pos_.get().on_group_end(m.source));
        const bool begin_delivered = !m.begins && delivered_ != 0;
        seen_ = 0;
        delivered_ = 0;
        if (begin_delivered) {
            // The replayed group's begin mark was already delivered: deliver only its end.
            return inner_.on_transaction(binlog::TransactionMark{m.source, false, m.ends});
        }
        return inner_.on_transaction(m);
    }
    Result<void> on_incident(const binlog::ChangeSource& s,
                             const binlog::IncidentEvent& i) override {
        return inner_.on_incident(s, i);
    }

  private:
    // Counts a callback of the current group; true when the caller already had it.
    bool skip() {
        ++seen_;
        if (seen_ <= delivered_) return true;
        delivered_ = seen_;
        return false;
    }

    binlog::ChangeHandler& inner_;
    std::reference_wrapper<ReplicaPosition> pos_;
    std::uint64_t seen_ = 0;       // callbacks of the current group in this connection
    std::uint64_t delivered_ = 0;  // callbacks of the current group the caller has had
};

ReplicaSession::ReplicaSession(asio::any_io_executor ex, ReplicaOptions opts,
                               binlog::ChangeHandler& handler)
    : ex_(std::move(ex)), opts_(std::move(opts)), handler_(handler) {}

ReplicaSession::~ReplicaSession() = default;

void ReplicaSession::stop() {
    stopping_ = true;
    if (conn_) conn_->cancel();
}

std::string ReplicaSession::replica_uuid(std::string_view name, std::uint32_t server_id,
                                         std::string_view host, std::uint16_t port) {
    // A name-based UUID (RFC 4122 version 5 layout over SHA-1): the same config always
    // announces the same replica UUID, so the server replaces our own stale dump thread.
    const std::string key = std::string(name) + '\0' + std::to_string(server_id) + '\0' +
                            std::string(host) + '\0' + std::to_string(port);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(key.data(), key.size(), md, &len, EVP_sha1(), nullptr);
    md[6] = static_cast<unsigned char>((md[6] & 0x0f) | 0x50);
    md[8] = static_cast<unsigned char>((md[8] & 0x3f) | 0x80);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(kHex[md[i] >> 4]);
        out.push_back(kHex[md[i] & 15]);
    }
    return out;
}

bool ReplicaSession::is_same_server_id_error(const Error& e) {
    // MySQL 1236 "A slave with the same server_uuid/server_id as this slave has connected";
    // MariaDB 4052 (ER_SLAVE_SAME_ID) to the older and the newer connection alike.
    return mysql::server_error_code(e) == 4052 ||
           (mysql::server_error_code(e).has_value() &&
            (contains(e.message, "same server_uuid") || contains(e.message, "same server_id")));
}

Error ReplicaSession::same_server_id_error(const Error& e) const {
    return Error(Errc::config, "another replica uses server_id " + std::to_string(opts_.server_id) +
                                   " on this server (" + e.message +
                                   "). Give each replica its own source.server_id");
}

Error ReplicaSession::classify(const Error& e) const {
    const auto code = mysql::server_error_code(e);
    const std::string sid = std::to_string(opts_.server_id);
    if (code == mysql::server_errc::ER_MASTER_FATAL_ERROR_READING_BINLOG) {
        const std::string& m = e.message;
        if (is_same_server_id_error(e)) return e;  // counted by run(): one may be our own
        if (contains(m, "purged") || contains(m, "Could not find first log file") ||
            contains(m, "Could not find GTID state") || contains(m, "could not find next log")) {
            const std::string where = position_ ? position_->file() : std::string();
            return Error(Errc::config,
                         "the binlog this replica needs is no longer on the server" +
                             (where.empty() ? std::string() : " (needed: " + where + ")") + ": " +
                             m +
                             ". Start again from a position the server still has (source.start: "
                             "earliest, or latest) and keep binlogs longer: on RDS/Aurora "
                             "CALL mysql.rds_set_configuration('binlog retention hours', 24); "
                             "elsewhere raise binlog_expire_logs_seconds / expire_logs_days");
        }
        return Error(Errc::protocol, "the server stopped the binlog stream: " + m);
    }
    if (code == mysql::server_errc::ER_SPECIFIC_ACCESS_DENIED_ERROR) {
        return Error(Errc::config, e.message +
                                       ". The replication user needs: GRANT REPLICATION SLAVE, "
                                       "REPLICATION CLIENT ON *.* TO '" +
                                       opts_.connect.user +
                                       "'@'%'; and SELECT on the tables to capture");
    }
    if (code == mysql::server_errc::ER_ACCESS_DENIED_ERROR) {
        return Error(Errc::config, e.message + ". Check source.user and source.password");
    }
    return e;
}

awaitable<std::string> ReplicaSession::replicas_in_use() {
    // Listing replicas needs a grant the least-privilege user usually lacks (MariaDB >= 10.5.2:
    // REPLICATION MASTER ADMIN; MySQL: REPLICATION SLAVE suffices for SHOW REPLICAS).
    mysql::Connection conn(ex_);
    mysql::ConnectOptions co = opts_.connect;
    if (opts_.password) {
        auto pw = opts_.password();
        if (!pw) co_return std::string();
        co.password = std::move(pw).value();
    }
    if (!co_await conn.connect(std::move(co))) co_return std::string();
    const bool replicas = !server_.is_mariadb() && server_.at_least(8, 0, 22);
    auto rs = co_await conn.query(replicas ? "SHOW REPLICAS" : "SHOW SLAVE HOSTS");
    co_await conn.quit();
    if (!rs) {
        co_return std::string(
            ". (With the optional grant REPLICATION MASTER ADMIN on MariaDB, this message "
            "would list the server_ids in use.)");
    }
    const auto col = rs.value().column_index("Server_id");
    std::string ids;
    for (const auto& row : rs.value().rows) {
        if (!col || !row[*col]) continue;
        if (!ids.empty()) ids += ", ";
        ids += *row[*col];
    }
    co_return ". Replicas registered now: server_id " + (ids.empty() ? std::string("(none)") : ids);
}

awaitable<Result<void>> ReplicaSession::prepare_session(mysql::Connection& conn) {
    std::vector<std::string> sql;
    // Tell the server we understand its checksums (it refuses checksum-unaware replicas).
    sql.push_back(
        "SET @master_binlog_checksum = @@global.binlog_checksum, "
        "@source_binlog_checksum = @@global.binlog_checksum");
    const auto period_ns = static_cast<std::uint64_t>(opts_.heartbeat.count()) * 1'000'000'000ULL;
    sql.push_back("SET @master_heartbeat_period = " + std::to_string(period_ns) +
                  ", @source_heartbeat_period = " + std::to_string(period_ns));
    const std::string uuid =
        replica_uuid(opts_.name, opts_.server_id, opts_.connect.host, opts_.connect.port);
    sql.push_back("SET @slave_uuid = " + sql_quote(uuid) + ", @replica_uuid = " + sql_quote(uuid));
    // While Kafka pushes back we stop reading; the server must wait rather than drop the dump.
    sql.push_back("SET SESSION net_write_timeout = 31536000, net_read_timeout = 31536000");
    if (server_.is_mariadb()) sql.push_back("SET @mariadb_slave_capability = 4");
    for (const auto& s : sql) {
        auto r = co_await conn.query(s);
        if (!r)
            co_return failure(r.error().context("preparing the replication session (" + s + ")"));
    }
    co_return success();
}

awaitable<Result<void>> ReplicaSession::resolve_start(mysql::Connection& conn) {
    position_ = std::make_unique<ReplicaPosition>(server_.flavor);
    if (const auto* g = std::get_if<StartGtid>(&opts_.start)) {
        B2K_CO_TRY(position_->start_at_gtid(g->set));
        co_return success();
    }
    if (const auto* fp = std::get_if<StartFilePos>(&opts_.start)) {
        position_->start_at_file(fp->file, fp->pos);
        if (!fp->gtid_state.empty()) B2K_CO_TRY(position_->start_at_gtid(fp->gtid_state));
        co_return success();
    }
    if (std::holds_alternative<StartEarliest>(opts_.start)) {
        B2K_CO_TRY(auto rs, co_await conn.query("SHOW BINARY LOGS"));
        if (rs.rows.empty() || rs.rows[0].empty() || !rs.rows[0][0]) {
            co_return failure(Errc::config, "the server lists no binary logs (SHOW BINARY LOGS)");
        }
        position_->start_at_file(*rs.rows[0][0], 4);
        co_return success();
    }
    // latest
    B2K_CO_TRY(auto end, co_await read_binlog_end(conn, server_));
    position_->start_at_file(end.file, end.pos);
    if (!end.gtid.empty()) B2K_CO_TRY(position_->start_at_gtid(end.gtid));
    co_return success();
}

awaitable<Result<void>> ReplicaSession::send_dump(mysql::Connection& conn) {
    const std::uint16_t flags =
        opts_.follow ? 0 : static_cast<std::uint16_t>(mysql::BinlogDumpFlag::BINLOG_DUMP_NON_BLOCK);
    // Resume by GTID where the state is complete (it survives a failover to a new primary);
    // a first start by file/position stays by position as asked.
    const bool by_gtid = position_->has_gtid_state() &&
                         (started_ || std::holds_alternative<StartGtid>(opts_.start)) &&
                         (server_.is_mariadb() || server_.gtid_mode);
    std::vector<std::byte> cmd;
    if (by_gtid && server_.is_mariadb()) {
        const std::string state = position_->gtid_text();
        B2K_CO_TRY(co_await conn.query(
            "SET @slave_connect_state = " + sql_quote(state) +
            ", @slave_gtid_strict_mode = 1, @slave_gtid_ignore_duplicates = 0"));
        mysql::BinlogDump d;
        d.flags = flags;
        d.server_id = opts_.server_id;
        cmd = mysql::encode_binlog_dump(d);
    } else if (by_gtid) {
        B2K_CO_TRY(auto set, position_->mysql_gtids().encode(position_->mysql_gtids().has_tags()));
        mysql::BinlogDumpGtid d;
        d.flags = flags;
        d.server_id = opts_.server_id;
        d.gtid_set = std::move(set);
        cmd = mysql::encode_binlog_dump_gtid(d);
    } else {
        if (position_->pos() > 0xffffffffULL) {
            co_return failure(Errc::unsupported,
                              "position " + std::to_string(position_->pos()) + " in " +
                                  position_->file() +
                                  " does not fit COM_BINLOG_DUMP's 4-byte field; start by GTID");
        }
        mysql::BinlogDump d;
        d.flags = flags;
        d.server_id = opts_.server_id;
        d.filename = position_->file();
        d.position = static_cast<std::uint32_t>(position_->pos());
        cmd = mysql::encode_binlog_dump(d);
    }
    B2K_CO_TRY(co_await conn.send_command(cmd));
    co_return success();
}

awaitable<Result<ReplicaSession::Outcome>> ReplicaSession::read_stream(mysql::Connection& conn) {
    std::uint64_t next_pos = position_->pos();
    for (;;) {
        // stop() from a callback takes effect before the next event, buffered or not.
        if (stopping_) co_return Outcome::stopped;
        // Drain what is already buffered without a suspension per packet; read when empty.
        wire::Bytes p;
        auto buffered = conn.try_read_buffered();
        if (!buffered) co_return failure(std::move(buffered).error());
        if (buffered.value()) {
            p = *buffered.value();
        } else {
            auto packet = co_await conn.read_packet();
            if (!packet) {
                if (stopping_) co_return Outcome::stopped;
                co_return failure(std::move(packet).error());
            }
            p = packet.value();
        }
        if (p.empty()) co_return failure(Errc::protocol, "empty packet in the binlog stream");
        const auto head = static_cast<std::uint8_t>(p[0]);
        if (head == 0xff) {
            auto err = mysql::parse_err_packet(p);
            if (!err) co_return failure(err.error());
            co_return failure(mysql::server_error(err.value(), "reading the binlog stream"));
        }
        if (head == 0xfe && p.size() < 9) co_return Outcome::end_of_stream;  // non-blocking end
        if (head != 0x00) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02x", head);
            co_return failure(Errc::protocol,
                              std::string("unexpected packet ") + hex + " in the binlog stream");
        }
        const wire::Bytes ev = p.subspan(1);
        wire::ByteReader hr(ev);
        const binlog::EventHeader h = binlog::read_event_header(hr);
        if (!hr.ok()) co_return failure(Errc::protocol, "binlog event shorter than its header");
        std::uint64_t offset = next_pos;
        if (h.log_pos != 0 && h.log_pos >= h.event_size) {
            offset = h.log_pos - h.event_size;
            next_pos = h.log_pos;
        }
        B2K_CO_TRY(decoder_->feed(ev, offset));
        if (h.type() == binlog::EventType::ROTATE_EVENT) next_pos = position_->pos();
    }
}

awaitable<Result<ReplicaSession::Outcome>> ReplicaSession::run_once(bool first) {
    conn_ = std::make_unique<mysql::Connection>(ex_);
    mysql::ConnectOptions co = opts_.connect;
    if (opts_.password) {
        B2K_CO_TRY(co.password, opts_.password());
    }
    auto connected = co_await conn_->connect(std::move(co));
    if (!connected) co_return failure(classify(connected.error()));
    if (first || server_.version.empty()) {
        B2K_CO_TRY(server_, co_await probe_server(*conn_));
        B2K_CO_TRY(check_binlog_settings(server_));
    }
    B2K_CO_TRY(co_await prepare_session(*conn_));
    if (!started_) {
        B2K_CO_TRY(co_await resolve_start(*conn_));
        tracker_ = std::make_unique<Tracker>(handler_, *position_);
    }
    // Register, then dump.
    mysql::RegisterSlave reg;
    reg.server_id = opts_.server_id;
    reg.hostname = opts_.name;
    reg.user = opts_.connect.user;
    B2K_CO_TRY(auto reg_cmd, mysql::encode_register_slave(reg));
    B2K_CO_TRY(co_await conn_->send_command(reg_cmd));
    B2K_CO_TRY(auto ack, co_await conn_->read_packet());
    if (!ack.empty() && static_cast<std::uint8_t>(ack[0]) == 0xff) {
        B2K_CO_TRY(auto err, mysql::parse_err_packet(ack));
        const Error e = mysql::server_error(err, "registering as a replica");
        // Logged in already, so "access denied" here (MariaDB sends 1045, MySQL 1227) is the
        // missing replication privilege, not the password.
        if (mysql::server_error_code(e) == mysql::server_errc::ER_ACCESS_DENIED_ERROR ||
            mysql::server_error_code(e) == mysql::server_errc::ER_SPECIFIC_ACCESS_DENIED_ERROR) {
            co_return failure(Errc::config, e.message + ". The user '" + opts_.connect.user +
                                                "' lacks REPLICATION SLAVE: GRANT REPLICATION "
                                                "SLAVE, REPLICATION CLIENT ON *.* TO '" +
                                                opts_.connect.user + "'@'%';");
        }
        co_return failure(classify(e));
    }
    B2K_CO_TRY(co_await send_dump(*conn_));
    started_ = true;
    if (opts_.on_streaming) opts_.on_streaming();

    decoder_ = std::make_unique<binlog::BinlogDecoder>(
        *tracker_, binlog::DecoderOptions{opts_.verify_checksums, false, opts_.resolver});
    decoder_->parser().set_checksum(server_.binlog_checksum == "CRC32" ? binlog::ChecksumAlg::crc32
                                                                       : binlog::ChecksumAlg::off);
    decoder_->parser().set_verify_checksums(opts_.verify_checksums);
    decoder_->set_file(position_->file());
    if (opts_.heartbeat.count() > 0) {
        conn_->set_io_timeout(
            std::chrono::duration_cast<std::chrono::milliseconds>(opts_.heartbeat * 2));
    }
    auto out = co_await read_stream(*conn_);
    if (!out) co_return failure(classify(out.error()));
    co_return out.value();
}

awaitable<Result<void>> ReplicaSession::run() {
    std::mt19937_64 rng(std::random_device{}());
    auto backoff = opts_.reconnect_min;
    bool first = true;
    for (;;) {
        auto r = co_await run_once(first);
        first = false;
        if (r) {
            if (r.value() == Outcome::end_of_stream && !opts_.follow) co_return success();
            if (r.value() == Outcome::stopped) co_return success();
        } else {
            if (stopping_) co_return success();
            const Error& e = r.error();
            // Errors a person must fix are final; so is a first connection that fails when not
            // following (a one-shot tail should say at once that the host is unreachable).
            const bool retryable =
                e.is(Errc::io) || (mysql::server_error_code(e).has_value() && !e.is(Errc::config) &&
                                   e.code.category() != b2k_category());
            // Without -f a failure before the stream started is final (say at once that the
            // host is unreachable); while following, only errors a person must fix are.
            if (!retryable || (!opts_.follow && !started_)) co_return failure(e);
            if (is_same_server_id_error(e)) {
                // Our own stale dump thread after a cut can cause one of these; a replica with
                // the same server_id elsewhere causes a kill loop: several within a minute.
                const auto now = std::chrono::steady_clock::now();
                std::erase_if(same_id_errors_,
                              [&](auto t) { return now - t > std::chrono::seconds(60); });
                same_id_errors_.push_back(now);
                if (same_id_errors_.size() >= 3) {
                    Error fatal = same_server_id_error(e);
                    fatal.message += co_await replicas_in_use();
                    co_return failure(std::move(fatal));
                }
            }
            if (opts_.on_connection_lost) {
                opts_.on_connection_lost(e);
            } else {
                std::fprintf(stderr,
                             "binlog2kafka: replication connection lost (%s); reconnecting\n",
                             e.message.c_str());
            }
        }
        if (conn_) conn_->close();
        if (tracker_) tracker_->resume_after_cut();
        ++reconnects_;
        // Capped exponential backoff with full jitter.
        std::uniform_int_distribution<std::int64_t> jitter(0, backoff.count());
        asio::steady_timer t(ex_);
        t.expires_after(std::chrono::milliseconds(backoff.count() / 2 + jitter(rng) / 2));
        co_await t.async_wait(use_awaitable);
        backoff = std::min(opts_.reconnect_max, backoff * 2);
        if (stopping_) co_return success();
    }
}

}  // namespace b2k::replication
