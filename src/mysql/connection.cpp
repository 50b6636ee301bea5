#include "mysql/connection.h"

#include <openssl/ssl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "mysql/auth_scramble.h"
#include "mysql/command.h"
#include "mysql/err_packet.h"
#include "mysql/handshake.h"
#include "mysql/result_set_reader.h"
#include "mysql/tls_context.h"

namespace b2k::mysql {
namespace {

namespace asio = boost::asio;
using asio::redirect_error;
using asio::use_awaitable;

// Smallest read we issue: reading a few bytes at a time would cost a system call each.
constexpr std::size_t kMinRead = 16 * 1024;

std::string shorten(std::string_view sql) {
    constexpr std::size_t kMax = 120;
    if (sql.size() <= kMax) return std::string(sql);
    return std::string(sql.substr(0, kMax)) + "...";
}

bool is_closed_by_peer(const boost::system::error_code& ec) {
    return ec == asio::error::eof || ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated;
}

}  // namespace

Connection::Connection(Executor executor)
    : executor_(executor), socket_(executor), resolver_(executor), timer_(executor) {}

Connection::~Connection() {
    close();
}

bool Connection::is_open() const noexcept {
    return socket_.is_open();
}

void Connection::close() noexcept {
    disarm_timer();
    boost::system::error_code ignored;
    resolver_.cancel();
    if (socket_.is_open()) {
        socket_.shutdown(Socket::shutdown_both, ignored);
        socket_.close(ignored);
    }
    // The TLS stream and context are released by the next connect() or the destructor: a
    // pending operation may still refer to them until it has completed with an error.
    reader_.reset();
    writer_.clear();
}

std::string Connection::tls_description() const {
    if (!tls_stream_ || !is_open()) return "";
    SSL* ssl = tls_stream_->native_handle();
    return std::string(SSL_get_version(ssl)) + " " + SSL_get_cipher_name(ssl);
}

void Connection::arm_timer(std::chrono::milliseconds t) {
    timed_out_ = false;
    if (t.count() <= 0) return;
    const auto gen = ++timer_generation_;
    timer_duration_ = t;
    timer_.expires_after(t);
    timer_.async_wait(
        [this, gen, alive = std::weak_ptr<char>(alive_)](const boost::system::error_code& ec) {
            if (ec || alive.expired() || gen != timer_generation_) return;
            timed_out_ = true;
            boost::system::error_code ignored;
            socket_.cancel(ignored);
            resolver_.cancel();
        });
}

void Connection::disarm_timer() noexcept {
    ++timer_generation_;
    timer_.cancel();
}

Error Connection::io_error(const boost::system::error_code& ec, std::string_view doing) {
    std::string msg;
    if (timed_out_) {
        msg = "timed out after " + std::to_string(timer_duration_.count()) + " ms " +
              std::string(doing) + " " + endpoint_;
    } else if (is_closed_by_peer(ec)) {
        msg = "the server closed the connection (" + std::string(doing) + " " + endpoint_ + ": " +
              ec.message() + ")";
    } else if (ec == asio::error::operation_aborted) {
        msg = "cancelled while " + std::string(doing) + " " + endpoint_;
    } else {
        msg = std::string(doing) + " " + endpoint_ + ": " + ec.message();
    }
    close();
    return {Errc::io, std::move(msg)};
}

Connection::Awaitable<Result<void>> Connection::connect(ConnectOptions options) {
    close();
    tls_stream_.reset();
    tls_context_.reset();
    reader_ = PacketReader(options.read_buffer_size, options.max_packet_size);
    server_ = HandshakeV10{};
    caps_ = Capabilities{};
    io_timeout_ = options.io_timeout;
    const bool v6 = options.host.find(':') != std::string::npos;
    endpoint_ = (v6 ? "[" + options.host + "]" : options.host) + ":" + std::to_string(options.port);
    if (options.host.empty()) {
        wipe(options.password);
        co_return failure(Errc::config, "no host to connect to (source.host is empty)");
    }
    // Settings errors (unreadable CA or key files) before any network traffic.
    if (options.tls.mode != TlsMode::disabled) {
        auto ctx = TlsContext::create(options.tls);
        if (!ctx) {
            wipe(options.password);
            co_return failure(std::move(ctx).error());
        }
        tls_context_ = std::move(ctx).value();
    }

    in_phase_deadline_ = true;
    arm_timer(options.connect_timeout);
    auto result = co_await connect_tcp(options);
    if (result) result = co_await run_handshake(options);
    in_phase_deadline_ = false;
    disarm_timer();
    wipe(options.password);
    if (!result) {
        close();
        co_return failure(std::move(result).error());
    }
    co_return success();
}

Connection::Awaitable<Result<void>> Connection::connect_tcp(const ConnectOptions& options) {
    boost::system::error_code ec;
    auto endpoints = co_await resolver_.async_resolve(options.host, std::to_string(options.port),
                                                      redirect_error(use_awaitable, ec));
    if (ec) {
        if (timed_out_) co_return failure(io_error(ec, "resolving"));
        close();
        co_return failure(
            Errc::io, "cannot resolve " + endpoint_ + ": " + ec.message() + " (check source.host)");
    }
    std::string tried;
    for (const auto& e : endpoints) {
        if (!tried.empty()) tried += ", ";
        tried += e.endpoint().address().to_string();
    }
    co_await asio::async_connect(socket_, endpoints, redirect_error(use_awaitable, ec));
    if (ec) {
        if (timed_out_) co_return failure(io_error(ec, "connecting to"));
        close();
        co_return failure(Errc::io, "cannot connect to " + endpoint_ + " (address " + tried +
                                        "): " + ec.message());
    }
    boost::system::error_code ignored;
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
    socket_.set_option(asio::socket_base::keep_alive(true), ignored);
    co_return success();
}

Connection::Awaitable<Result<void>> Connection::run_handshake(const ConnectOptions& options) {
    HandshakeOptions ho;
    ho.user = options.user;
    ho.password = options.password;
    ho.database = options.database;
    ho.tls_mode = options.tls.mode;
    ho.allow_public_key_request = options.allow_public_key_request;
    ho.deprecate_eof = options.deprecate_eof;
    ho.connect_attributes = options.connect_attributes;
    if (!options.tls.server_public_key.empty()) {
        std::ifstream in(options.tls.server_public_key, std::ios::binary);
        if (!in) {
            co_return fail<void>(Error(Errc::config, "cannot read tls.server_public_key " +
                                                         options.tls.server_public_key));
        }
        ho.server_public_key_pem.assign(std::istreambuf_iterator<char>(in),
                                        std::istreambuf_iterator<char>());
        ho.server_public_key_source = "tls.server_public_key " + options.tls.server_public_key;
    }
    ho.attributes = {{"_client_name", "binlog2kafka"},
                     {"_client_version", B2K_VERSION},
                     {"_pid", std::to_string(::getpid())},
                     {"program_name", "binlog2kafka"}};
    ho.attributes.insert(ho.attributes.end(), options.attributes.begin(), options.attributes.end());
    Handshake hs(std::move(ho));

    seq_ = 0;
    auto first = co_await read_packet();
    if (!first) {
        co_return failure(std::move(first).error().context(
            "waiting for the server greeting (is " + endpoint_ + " a MySQL or MariaDB server?)"));
    }
    auto step = hs.on_packet(first.value());
    for (;;) {
        if (!step) co_return fail<void>(std::move(step).error());
        HandshakeStep& s = step.value();
        switch (s.kind) {
            case HandshakeStep::Kind::start_tls: {
                auto sent = co_await write_packet(s.packet);
                if (!sent) co_return failure(std::move(sent).error().context("requesting TLS"));
                B2K_CO_TRY(co_await start_tls(options));
                step = hs.on_tls_established();
                continue;
            }
            case HandshakeStep::Kind::send: {
                auto sent = co_await write_packet(s.packet);
                wipe(s.packet);
                if (!sent) co_return failure(std::move(sent).error().context("authenticating"));
                break;
            }
            case HandshakeStep::Kind::read:
                break;
            case HandshakeStep::Kind::done:
                server_ = hs.greeting();
                caps_ = hs.capabilities();
                co_return success();
        }
        auto next = co_await read_packet();
        if (!next) {
            co_return failure(std::move(next).error().context("authenticating as '" + options.user +
                                                              "' with " + hs.auth_plugin()));
        }
        step = hs.on_packet(next.value());
    }
}

Connection::Awaitable<Result<void>> Connection::start_tls(const ConnectOptions& options) {
    if (reader_.buffered() != 0) {
        co_return fail<void>(
            Error(Errc::protocol, "the server sent data before the TLS handshake"));
    }
    if (!tls_context_) {
        co_return fail<void>(Error(Errc::internal, "TLS requested without a TLS context"));
    }
    tls_stream_ = std::make_unique<TlsStream>(socket_, tls_context_->context());
    auto prepared = tls_context_->prepare(tls_stream_->native_handle(), options.host);
    if (!prepared) co_return fail<void>(std::move(prepared).error());
    boost::system::error_code ec;
    co_await tls_stream_->async_handshake(asio::ssl::stream_base::client,
                                          redirect_error(use_awaitable, ec));
    if (ec) {
        if (timed_out_) co_return failure(io_error(ec, "in the TLS handshake with"));
        co_return fail<void>(
            tls_context_->handshake_error(ec, tls_stream_->native_handle(), endpoint_));
    }
    co_return success();
}

Connection::Awaitable<Result<std::size_t>> Connection::read_some(std::span<std::byte> into) {
    // The phase deadline may have passed while no operation was pending to be cancelled.
    if (in_phase_deadline_ && timed_out_) {
        co_return failure(io_error(asio::error::timed_out, "reading from"));
    }
    const bool timed = !in_phase_deadline_ && io_timeout_.count() > 0;
    if (timed) arm_timer(io_timeout_);
    boost::system::error_code ec;
    std::size_t n = 0;
    if (tls_stream_) {
        n = co_await tls_stream_->async_read_some(asio::buffer(into.data(), into.size()),
                                                  redirect_error(use_awaitable, ec));
    } else {
        n = co_await socket_.async_read_some(asio::buffer(into.data(), into.size()),
                                             redirect_error(use_awaitable, ec));
    }
    if (timed) disarm_timer();
    if (ec) co_return failure(io_error(ec, "reading from"));
    co_return n;
}

Connection::Awaitable<Result<void>> Connection::write_pending() {
    if (in_phase_deadline_ && timed_out_) {
        writer_.clear();
        co_return failure(io_error(asio::error::timed_out, "writing to"));
    }
    const bool timed = !in_phase_deadline_ && io_timeout_.count() > 0;
    if (timed) arm_timer(io_timeout_);
    boost::system::error_code ec;
    const wire::Bytes data = writer_.pending();
    if (tls_stream_) {
        co_await asio::async_write(*tls_stream_, asio::buffer(data.data(), data.size()),
                                   redirect_error(use_awaitable, ec));
    } else {
        co_await asio::async_write(socket_, asio::buffer(data.data(), data.size()),
                                   redirect_error(use_awaitable, ec));
    }
    if (timed) disarm_timer();
    writer_.clear();
    if (ec) co_return failure(io_error(ec, "writing to"));
    co_return success();
}

Result<std::optional<wire::Bytes>> Connection::try_read_buffered() {
    auto next = reader_.next(seq_);
    if (!next)
        return fail<std::optional<wire::Bytes>>(
            std::move(next).error().context("reading from " + endpoint_));
    return next;
}

Connection::Awaitable<Result<wire::Bytes>> Connection::read_packet() {
    for (;;) {
        auto next = reader_.next(seq_);
        if (!next) {
            co_return fail<wire::Bytes>(
                std::move(next).error().context("reading from " + endpoint_));
        }
        if (next.value()) co_return *next.value();
        if (!socket_.is_open()) {
            co_return failure(
                Errc::io,
                "not connected to " + (endpoint_.empty() ? std::string("a server") : endpoint_));
        }
        auto buf = reader_.prepare(std::max(reader_.needed(), kMinRead));
        auto n = co_await read_some(buf);
        if (!n) co_return failure(std::move(n).error());
        reader_.commit(n.value());
    }
}

Connection::Awaitable<Result<void>> Connection::write_packet(wire::Bytes payload) {
    if (!socket_.is_open()) {
        co_return failure(Errc::io, "not connected to " +
                                        (endpoint_.empty() ? std::string("a server") : endpoint_));
    }
    writer_.clear();
    writer_.append(payload, seq_);
    co_return co_await write_pending();
}

Connection::Awaitable<Result<void>> Connection::send_command(wire::Bytes payload) {
    seq_ = 0;
    co_return co_await write_packet(payload);
}

Connection::Awaitable<Result<ResultSet>> Connection::query(std::string sql) {
    const std::string doing = "query '" + shorten(sql) + "'";
    const auto packet = encode_com_query(sql);
    auto sent = co_await send_command(packet);
    if (!sent) co_return failure(std::move(sent).error().context(doing));
    ResultSetReader reader(caps_);
    for (;;) {
        auto p = co_await read_packet();
        if (!p) co_return failure(std::move(p).error().context(doing));
        auto done = reader.on_packet(p.value());
        if (!done) {
            // A server ERR ends the response: the connection stays in step and usable.
            if (!server_error_code(done.error())) close();
            co_return failure(std::move(done).error().context(doing));
        }
        if (done.value()) co_return std::move(reader).take();
    }
}

Connection::Awaitable<void> Connection::quit() {
    if (socket_.is_open()) {
        const auto packet = encode_com_quit();
        (void)co_await send_command(packet);
    }
    close();
}

}  // namespace b2k::mysql
