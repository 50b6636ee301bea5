#pragma once
// Connection: one client connection to a MySQL or MariaDB server over TCP, optionally TLS, on
// Boost.Asio. It drives the sans-I/O pieces (PacketReader/PacketWriter framing, the Handshake
// state machine, ResultSetReader) with real sockets.
//
// Style: C++20 coroutines. Every operation is a boost::asio::awaitable returning a Result
// (I/O errors never throw: they come back as Errc::io errors naming host:port and the OS
// error). Run them with co_spawn on the executor given to the constructor, e.g.
//
//   Connection c(io.get_executor());
//   auto r = co_await c.connect(options);          // resolve, TCP, TLS, authentication
//   auto rs = co_await c.query("SELECT @@server_id");
//   co_await c.send_command(encode_binlog_dump(...));
//   for (;;) { auto p = co_await c.read_packet(); ... }   // raw packets (the binlog stream)
//
// Threading: not thread-safe. Use it from one thread (or strand) at a time, one operation at a
// time; cancel()/close() may be called from a handler on the same executor to abort a pending
// operation, which then fails.
//
// Errors: Errc::io for network trouble (unreachable, refused, reset, closed by the server,
// timeouts), Errc::config for settings that cannot work (TLS required but not offered,
// certificate verification failures, clear password without TLS), a server_error_category()
// code for ERR packets (access denied, unknown database, ...), Errc::protocol for malformed
// traffic. After any error other than a server ERR in answer to query(), the connection is
// closed. The password never appears in an error.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "mysql/asio.h"
#include "mysql/capabilities.h"
#include "mysql/handshake_v10.h"
#include "mysql/packet_reader.h"
#include "mysql/packet_writer.h"
#include "mysql/result_set.h"
#include "mysql/tls_options.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

class TlsContext;

struct ConnectOptions {
    std::string host;
    std::uint16_t port = 3306;
    std::string user;
    std::string password;
    std::string database;  // empty: none
    TlsOptions tls;
    // Covers resolving, connecting, TLS and authentication together.
    std::chrono::milliseconds connect_timeout{10'000};
    // Per read or write after connecting; zero: none (the replication session watches the
    // stream's liveness itself).
    std::chrono::milliseconds io_timeout{0};
    // caching_sha2_password/sha256_password without TLS and without tls.server_public_key:
    // may the server be asked for its RSA key?
    bool allow_public_key_request = true;
    bool deprecate_eof = true;
    // Connection attributes (performance_schema.session_connect_attrs): _client_name,
    // _client_version, _os, _pid and program_name are sent, then these.
    bool connect_attributes = true;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::size_t read_buffer_size = 256 * 1024;
    std::size_t max_packet_size = kDefaultMaxPayload;
};

class Connection {
  public:
    using Executor = boost::asio::any_io_executor;
    template <class T>
    using Awaitable = boost::asio::awaitable<T>;

    explicit Connection(Executor executor);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Resolves host:port, connects (trying every address), runs TLS per options.tls and
    // authenticates. On failure the connection is closed and may be connected again.
    Awaitable<Result<void>> connect(ConnectOptions options);

    // COM_QUERY and the whole text result set. A server ERR (e.g. a missing privilege) is
    // returned as a server error and leaves the connection usable.
    Awaitable<Result<ResultSet>> query(std::string sql);

    // (Spans passed to these operations must stay valid until the operation completes.)
    // The command phase's raw pieces, for commands the connection does not model
    // (COM_REGISTER_SLAVE, COM_BINLOG_DUMP...):
    // send_command starts a new command (sequence id 0) and sends `payload`;
    Awaitable<Result<void>> send_command(wire::Bytes payload);
    // write_packet sends the next packet of the current exchange;
    Awaitable<Result<void>> write_packet(wire::Bytes payload);
    // read_packet returns the next payload (multi-chunk payloads joined), valid until the next
    // read. No copy, and no allocation once the buffer has grown to the largest packet seen.
    Awaitable<Result<wire::Bytes>> read_packet();
    // A payload that is already buffered, without any I/O (std::nullopt: none is complete).
    // Lets a stream reader drain a full buffer without a suspension per packet.
    Result<std::optional<wire::Bytes>> try_read_buffered();

    // COM_QUIT, then close. Errors are ignored: the server may already be gone.
    Awaitable<void> quit();
    // Closes the socket; pending operations fail. Safe to call at any time.
    void close() noexcept;
    // Aborts pending operations (they fail with an Errc::io "cancelled" error) by closing.
    void cancel() noexcept { close(); }

    bool is_open() const noexcept;
    bool tls_active() const noexcept { return tls_stream_ != nullptr && is_open(); }
    const HandshakeV10& server() const noexcept { return server_; }
    Capabilities capabilities() const noexcept { return caps_; }
    std::uint32_t connection_id() const noexcept { return server_.connection_id; }
    // "host:port", for messages.
    const std::string& endpoint() const noexcept { return endpoint_; }
    void set_io_timeout(std::chrono::milliseconds t) noexcept { io_timeout_ = t; }
    // The negotiated TLS version and cipher ("TLSv1.3 TLS_AES_256_GCM_SHA384"), empty without.
    std::string tls_description() const;

  private:
    using Socket = boost::asio::ip::tcp::socket;
    using TlsStream = boost::asio::ssl::stream<Socket&>;

    Awaitable<Result<void>> connect_tcp(const ConnectOptions& options);
    Awaitable<Result<void>> run_handshake(const ConnectOptions& options);
    Awaitable<Result<void>> start_tls(const ConnectOptions& options);
    Awaitable<Result<std::size_t>> read_some(std::span<std::byte> into);
    Awaitable<Result<void>> write_pending();
    Error io_error(const boost::system::error_code& ec, std::string_view doing);
    template <class T>
    Result<T> fail(Error e) {
        close();
        return failure(std::move(e));
    }

    // A deadline for whatever I/O is pending: on expiry the socket is cancelled.
    void arm_timer(std::chrono::milliseconds t);
    void disarm_timer() noexcept;

    Executor executor_;
    Socket socket_;
    boost::asio::ip::tcp::resolver resolver_;
    boost::asio::steady_timer timer_;
    std::unique_ptr<TlsContext> tls_context_;
    std::unique_ptr<TlsStream> tls_stream_;  // declared after the context it uses
    PacketReader reader_;
    PacketWriter writer_;
    std::uint8_t seq_ = 0;
    HandshakeV10 server_;
    Capabilities caps_;
    std::string endpoint_;
    std::chrono::milliseconds io_timeout_{0};
    std::chrono::milliseconds timer_duration_{0};
    bool in_phase_deadline_ = false;  // connect(): one deadline for the whole phase
    bool timed_out_ = false;
    std::uint64_t timer_generation_ = 0;
    std::shared_ptr<char> alive_ = std::make_shared<char>();
};

}  // namespace b2k::mysql
