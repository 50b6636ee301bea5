#pragma once
// A scripted MySQL server for the connection tests: one TCP listener on 127.0.0.1, an own
// thread, blocking I/O, optional TLS (its own OpenSSL context via Asio), and an authentication
// script (native, caching_sha2 fast / full, clear password, access denied). It checks what the
// client sent with the test's own crypto (test_crypto.h): the scrambles are verified the way a
// server verifies them and the RSA-encrypted password is decrypted with the test's private key.
// Faults: close the connection after the n-th packet it sends, send a packet with a wrong
// sequence id, or never say anything.

#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "mysql/asio.h"
#include "server_packets.h"
#include "support/tls_certs.h"
#include "test_crypto.h"

namespace b2k::test {

struct ServerScript {
    enum class Auth { native, sha2_fast, sha2_full, clear_password, deny };
    Auth auth = Auth::sha2_fast;
    std::string password = "s3cret-Pa55";
    bool offer_tls = false;
    const TestPki* pki = nullptr;  // required with offer_tls
    bool require_client_cert = false;
    const RsaKeyPem* rsa_key = nullptr;  // for sha2_full without TLS
    bool deprecate_eof = true;           // announce CLIENT_DEPRECATE_EOF
    int close_after_sent = -1;           // close after sending this many packets
    int corrupt_packet = -1;             // send packet number n with a wrong sequence id
    bool silent = false;                 // accept and never send anything
    // Replies to COM_QUERY after authentication: statement -> payloads (server decides seq).
    std::function<std::vector<std::vector<std::byte>>(const std::string& sql, bool deprecate_eof)>
        answer;
};

// What the server saw.
struct ServerRecord {
    bool connected = false;
    bool tls = false;
    bool client_cert = false;
    ClientResponse response;
    std::string password_received;  // what the client proved or sent, decoded by the server
    bool authenticated = false;
    std::vector<std::string> queries;
    bool quit = false;
    std::string error;  // why the script stopped early, if it did
};

// Header-only: the test glob builds each *_test.cpp alone.
class ScriptedServer {
  public:
    explicit ScriptedServer(ServerScript script)
        : script_(std::move(script)),
          acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this] { run(); });
    }
    ~ScriptedServer() {
        const int fd = native_fd_.load();
        if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
        boost::system::error_code ignored;
        // Wake a pending accept with a connection of our own.
        boost::asio::io_context wake;
        boost::asio::ip::tcp::socket s(wake);
        s.connect({boost::asio::ip::make_address("127.0.0.1"), port_}, ignored);
        thread_.join();
    }
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    std::uint16_t port() const noexcept { return port_; }

    // Waits for the session to end (at most 20 s) and returns what the server saw.
    ServerRecord record() {
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, std::chrono::seconds(20), [this] { return done_; });
        if (!done_) record_.error = "the session did not end within 20 s";
        return record_;
    }

  private:
    struct Stop {};  // the script ends here (fault injected or client gone)

    // Blocking packet I/O over the plain socket or TLS.
    struct Io {
        boost::asio::ip::tcp::socket& sock;
        std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>> tls;
        const ServerScript& script;
        std::uint8_t seq = 0;
        int sent = 0;

        template <class Buffers>
        void write_all(const Buffers& b) {
            if (tls) {
                boost::asio::write(*tls, b);
            } else {
                boost::asio::write(sock, b);
            }
        }
        template <class Buffers>
        void read_all(const Buffers& b) {
            if (tls) {
                boost::asio::read(*tls, b);
            } else {
                boost::asio::read(sock, b);
            }
        }
        void send(const std::vector<std::byte>& payload) {
            if (sent == script.close_after_sent) throw Stop{};
            std::vector<std::byte> out;
            std::size_t off = 0;
            for (;;) {  // chunks of 0xffffff, as the spec says
                const std::size_t n = std::min<std::size_t>(payload.size() - off, 0xffffff);
                std::uint8_t s = seq++;
                if (sent == script.corrupt_packet) s = static_cast<std::uint8_t>(s + 7);
                out.push_back(static_cast<std::byte>(n & 0xff));
                out.push_back(static_cast<std::byte>((n >> 8) & 0xff));
                out.push_back(static_cast<std::byte>(n >> 16));
                out.push_back(static_cast<std::byte>(s));
                out.insert(out.end(), payload.begin() + static_cast<std::ptrdiff_t>(off),
                           payload.begin() + static_cast<std::ptrdiff_t>(off + n));
                off += n;
                if (n < 0xffffff) break;
            }
            write_all(boost::asio::buffer(out.data(), out.size()));
            ++sent;
        }
        std::vector<std::byte> receive() {
            std::vector<std::byte> payload;
            for (;;) {
                std::array<std::uint8_t, 4> h{};
                read_all(boost::asio::buffer(h));
                const std::size_t n = h[0] | h[1] << 8 | h[2] << 16;
                if (h[3] != seq)
                    throw std::runtime_error("client sent sequence id " + std::to_string(h[3]) +
                                             ", expected " + std::to_string(seq));
                ++seq;
                const std::size_t old = payload.size();
                payload.resize(old + n);
                if (n > 0) read_all(boost::asio::buffer(payload.data() + old, n));
                if (n < 0xffffff) return payload;
            }
        }
    };

    void run() {
        boost::asio::ip::tcp::socket sock(io_);
        boost::system::error_code ec;
        acceptor_.accept(sock, ec);
        if (!ec) {
            native_fd_ = sock.native_handle();
            timeval tv{20, 0};  // a blocked read gives up eventually
            ::setsockopt(sock.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            try {
                session(sock);
            } catch (const Stop&) {
                record_.error = "stopped by the script";
            } catch (const std::exception& e) {
                record_.error = e.what();
            }
            native_fd_ = -1;
            sock.close(ec);
        }
        std::lock_guard lock(mu_);
        done_ = true;
        cv_.notify_all();
    }

    void session(boost::asio::ip::tcp::socket& sock) {
        namespace ssl = boost::asio::ssl;
        record_.connected = true;
        if (script_.silent) {
            std::array<std::uint8_t, 1> b{};
            boost::system::error_code ec;
            sock.read_some(boost::asio::buffer(b), ec);  // until the client gives up
            return;
        }
        Io io{sock, nullptr, script_};
        std::vector<std::byte> nonce(20);
        for (std::size_t i = 0; i < nonce.size(); ++i)
            nonce[i] = static_cast<std::byte>(0x21 + (i * 7) % 90);  // printable, no NUL
        const std::string plugin = script_.auth == ServerScript::Auth::native
                                       ? "mysql_native_password"
                                       : "caching_sha2_password";
        auto greet = greeting(plugin, script_.offer_tls, nonce, "8.0.99-scripted", 7);
        if (!script_.deprecate_eof) {
            const std::size_t upper = 1 + 16 + 4 + 8 + 1 + 2 + 1 + 2;  // "8.0.99-scripted\0"
            greet[upper + 1] &= ~std::byte{0x01};
        }
        io.send(greet);
        auto first = io.receive();
        ClientResponse resp = parse_client_response(first);
        std::optional<ssl::context> ctx;
        if (resp.ssl_request_only) {
            if (!script_.offer_tls) throw std::runtime_error("SSLRequest without TLS offered");
            ctx.emplace(ssl::context::tls_server);
            ctx->use_certificate_chain_file(script_.pki->server_cert.string());
            ctx->use_private_key_file(script_.pki->server_key.string(), ssl::context::pem);
            if (script_.require_client_cert) {
                ctx->load_verify_file(script_.pki->ca_cert.string());
                ctx->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
            }
            io.tls = std::make_unique<ssl::stream<boost::asio::ip::tcp::socket&>>(sock, *ctx);
            io.tls->handshake(ssl::stream_base::server);
            record_.tls = true;
            record_.client_cert = SSL_get0_peer_certificate(io.tls->native_handle()) != nullptr;
            first = io.receive();
            resp = parse_client_response(first);
        }
        record_.response = resp;
        if (!resp.ok) throw std::runtime_error("malformed HandshakeResponse41");
        const std::string clear_nul = script_.password + std::string(1, '\0');
        switch (script_.auth) {
            case ServerScript::Auth::native:
                if (!native_scramble_matches(script_.password, nonce, resp.auth)) {
                    throw std::runtime_error("wrong native scramble");
                }
                record_.password_received = script_.password;
                break;
            case ServerScript::Auth::sha2_fast:
                if (!sha2_scramble_matches(script_.password, nonce, resp.auth)) {
                    throw std::runtime_error("wrong caching_sha2 scramble");
                }
                record_.password_received = script_.password;
                io.send(more_data(std::vector<std::byte>{std::byte{0x03}}));
                break;
            case ServerScript::Auth::sha2_full: {
                io.send(more_data(std::vector<std::byte>{std::byte{0x04}}));
                auto p = io.receive();
                if (p.size() == 1 && p[0] == std::byte{0x02}) {
                    io.send(more_data(script_.rsa_key->public_pem));
                    p = io.receive();
                }
                std::string got;
                if (record_.tls) {
                    got = std::string(wire::as_chars(p));
                } else {
                    const auto plain =
                        xor_bytes(decrypt_oaep_sha1(script_.rsa_key->private_pem, p), nonce);
                    got = std::string(wire::as_chars(plain));
                }
                if (got.empty() || got.back() != '\0') throw std::runtime_error("no NUL");
                record_.password_received = got.substr(0, got.size() - 1);
                break;
            }
            case ServerScript::Auth::clear_password: {
                io.send(auth_switch("mysql_clear_password", {}));
                const auto p = io.receive();
                const std::string got(wire::as_chars(p));
                if (got.empty() || got.back() != '\0') throw std::runtime_error("no NUL");
                record_.password_received = got.substr(0, got.size() - 1);
                break;
            }
            case ServerScript::Auth::deny:
                io.send(err_packet(1045, "28000",
                                   "Access denied for user '" + resp.user +
                                       "'@'127.0.0.1' (using password: YES)"));
                return;
        }
        if (record_.password_received != script_.password) {
            io.send(err_packet(1045, "28000", "Access denied (wrong password)"));
            return;
        }
        io.send(ok_packet());
        record_.authenticated = true;
        const bool dep = resp.caps.has(Capability::CLIENT_DEPRECATE_EOF);
        for (;;) {
            io.seq = 0;
            const auto cmd = io.receive();
            if (cmd.empty()) throw std::runtime_error("empty command");
            if (cmd[0] == std::byte{0x01}) {
                record_.quit = true;
                return;
            }
            if (cmd[0] != std::byte{0x03}) {
                // Anything else (a "dump"): the answer callback gets the command byte as text.
                const std::string tag = "#" + std::to_string(static_cast<int>(cmd[0]));
                record_.queries.push_back(tag);
                for (const auto& p : script_.answer(tag, dep))
                    io.send(p);
                continue;
            }
            const std::string sql(wire::as_chars(wire::Bytes(cmd).subspan(1)));
            record_.queries.push_back(sql);
            if (!script_.answer) throw std::runtime_error("no answer for " + sql);
            for (const auto& p : script_.answer(sql, dep))
                io.send(p);
        }
    }

    ServerScript script_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::uint16_t port_ = 0;
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool done_ = false;
    ServerRecord record_;
    std::atomic<int> native_fd_{-1};
};

}  // namespace b2k::test
