#pragma once
// Handshake: the connection phase (greeting → optional TLS → authentication) as a sans-I/O
// state machine. The caller reads packets and feeds their payloads in; each call returns the
// next step: a packet to send, a TLS handshake to run, nothing (read the next packet), or done.
// No sockets, so whole exchanges can be replayed from byte transcripts.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html
//
// Grammar (S: server, C: client; sequence ids run on through the whole phase):
//
//   S: ERR                                       → failed (e.g. too many connections)
//   S: HandshakeV10
//   [C: SSLRequest   <TLS handshake>]            when TLS is chosen (TlsMode, server's CLIENT_SSL)
//   C: HandshakeResponse41(plugin P, data)
//   auth*:
//     S: AuthSwitchRequest(P', nonce')  C: data'  (at most once; P := P')
//     S: AuthMoreData(...)              plugin-specific, below
//   S: OK → done  |  S: ERR → failed (access denied, ...)
//
//   P = mysql_native_password:  data = SHA1 scramble; no more data.
//   P = caching_sha2_password:  data = SHA256 scramble, then
//       S: MoreData(0x03)  fast auth succeeded            → S: OK/ERR
//       S: MoreData(0x04)  full auth needed:
//          over TLS:          C: password NUL             → S: OK/ERR
//          with a key file:   C: RSA(password NUL ^ nonce) → S: OK/ERR
//          otherwise:         C: 0x02 (key request)  S: MoreData(PEM)  C: RSA(...) → S: OK/ERR
//   P = sha256_password:        over TLS: data = password NUL; with a key: data = RSA(...);
//                               otherwise data = 0x01 (key request), S: MoreData(PEM), C: RSA(...)
//   P = mysql_clear_password:   data = password NUL, over TLS only (RDS IAM tokens).
//
// RSA is OAEP with SHA-1 (what the server decrypts with). The initial plugin is the server's
// default when we know it, else mysql_native_password (the server switches us to the account's
// plugin). Capabilities requested: LONG_PASSWORD, LONG_FLAG, PROTOCOL_41, TRANSACTIONS,
// SECURE_CONNECTION, PLUGIN_AUTH, PLUGIN_AUTH_LENENC_CLIENT_DATA, and optionally
// DEPRECATE_EOF, CONNECT_ATTRS, CONNECT_WITH_DB, SSL — each only if the server has it; never
// COMPRESS, LOCAL_FILES, MULTI_STATEMENTS or MariaDB's extensions.
//
// The password is never put in an error message, and the copy held here is wiped on
// destruction. Not thread-safe.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "mysql/capabilities.h"
#include "mysql/handshake_response.h"
#include "mysql/handshake_v10.h"
#include "mysql/ok_packet.h"
#include "mysql/tls_options.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

inline constexpr std::string_view kNativePassword = "mysql_native_password";
inline constexpr std::string_view kCachingSha2Password = "caching_sha2_password";
inline constexpr std::string_view kSha256Password = "sha256_password";
inline constexpr std::string_view kClearPassword = "mysql_clear_password";

struct HandshakeOptions {
    std::string user;
    std::string password;
    std::string database;  // empty: none
    TlsMode tls_mode = TlsMode::preferred;
    // PEM text of the server's RSA public key (the contents of tls.server_public_key), and
    // where it came from, for messages.
    std::string server_public_key_pem;
    std::string server_public_key_source = "tls.server_public_key";
    // Without TLS and without a key, may we ask the server for its key? (An active attacker
    // could answer with their own; the same attacker could read a connection without TLS.)
    bool allow_public_key_request = true;
    bool deprecate_eof = true;
    bool connect_attributes = true;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::uint8_t collation = kDefaultCollation;
};

struct HandshakeStep {
    enum class Kind {
        send,       // send `packet`, then feed the next packet received
        read,       // nothing to send: feed the next packet received
        start_tls,  // send `packet` (SSLRequest), run the TLS handshake, call on_tls_established
        done,       // authenticated; the connection is in the command phase
    };
    Kind kind = Kind::read;
    std::vector<std::byte> packet;
};

class Handshake {
  public:
    explicit Handshake(HandshakeOptions options);
    ~Handshake();
    Handshake(const Handshake&) = delete;
    Handshake& operator=(const Handshake&) = delete;

    // The next packet from the server. An error ends the handshake (the connection must be
    // closed): a server ERR keeps its code (server_error_code()); the rest are Errc::config
    // (TLS/auth settings that cannot work with this server), Errc::unsupported (plugin or
    // server we cannot talk to) or Errc::protocol / Errc::truncated (malformed packets).
    [[nodiscard]] Result<HandshakeStep> on_packet(wire::Bytes payload);
    // After a start_tls step, once the TLS handshake succeeded.
    [[nodiscard]] Result<HandshakeStep> on_tls_established();

    bool done() const noexcept { return state_ == State::done; }
    // Valid once the greeting was read.
    const HandshakeV10& greeting() const noexcept { return greeting_; }
    // The capabilities both sides use (valid once the greeting was read).
    Capabilities capabilities() const noexcept { return caps_; }
    bool tls() const noexcept { return tls_; }
    // The auth plugin in use (after any switch).
    const std::string& auth_plugin() const noexcept { return plugin_; }
    // The final OK packet (valid when done()).
    const OkPacket& ok() const noexcept { return ok_; }

  private:
    enum class State { greeting, tls, auth, done, failed };
    // Where a multi-step plugin is.
    enum class AuthStage { initial, fast_auth_ok, key_requested, sent_password };

    Result<HandshakeStep> fail(Error e);
    Result<HandshakeStep> on_greeting(wire::Bytes payload);
    Result<HandshakeStep> on_auth_packet(wire::Bytes payload);
    Result<HandshakeStep> on_more_data(wire::Bytes data);
    Result<HandshakeStep> send_response();
    // The first data a plugin sends (in the response or after a switch).
    Result<std::vector<std::byte>> initial_auth_data();
    Result<std::vector<std::byte>> rsa_encrypted_password(wire::Bytes pem, std::string_view src);
    Result<std::vector<std::byte>> full_auth_data(std::uint8_t key_request_byte);
    Error auth_error(wire::Bytes err_payload) const;
    std::string doing() const;

    HandshakeOptions options_;
    State state_ = State::greeting;
    AuthStage stage_ = AuthStage::initial;
    HandshakeV10 greeting_;
    Capabilities caps_;
    bool tls_ = false;
    bool switched_ = false;
    std::string plugin_;
    std::vector<std::byte> nonce_;
    OkPacket ok_;
};

}  // namespace b2k::mysql
