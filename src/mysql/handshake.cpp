#include "mysql/handshake.h"

#include "mysql/auth_more_data.h"
#include "mysql/auth_scramble.h"
#include "mysql/auth_switch_request.h"
#include "mysql/err_packet.h"
#include "mysql/rsa_public_key.h"

namespace b2k::mysql {
namespace {

// caching_sha2_password's AuthMoreData codes and key request.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html
constexpr std::uint8_t kFastAuthSuccess = 0x03;
constexpr std::uint8_t kPerformFullAuthentication = 0x04;
constexpr std::uint8_t kCachingSha2RequestPublicKey = 0x02;
// sha256_password asks for the key with 0x01.
constexpr std::uint8_t kSha256RequestPublicKey = 0x01;
// Every server since 4.1 sends a 20-byte nonce ("scramble").
constexpr std::size_t kNonceSize = 20;

bool known_plugin(std::string_view p) {
    return p == kNativePassword || p == kCachingSha2Password || p == kSha256Password ||
           p == kClearPassword;
}

HandshakeStep send(std::vector<std::byte> packet) {
    return {HandshakeStep::Kind::send, std::move(packet)};
}

}  // namespace

Handshake::Handshake(HandshakeOptions options) : options_(std::move(options)) {}

Handshake::~Handshake() {
    wipe(options_.password);
}

Result<HandshakeStep> Handshake::fail(Error e) {
    state_ = State::failed;
    return failure(std::move(e));
}

std::string Handshake::doing() const {
    std::string s = "authenticating as '" + options_.user + "'";
    if (!plugin_.empty()) s += " with " + plugin_;
    return s;
}

Result<HandshakeStep> Handshake::on_packet(wire::Bytes payload) {
    switch (state_) {
        case State::greeting:
            return on_greeting(payload);
        case State::auth:
            return on_auth_packet(payload);
        case State::tls:
            return fail(Error(Errc::protocol,
                              "the server sent a packet where a TLS handshake was expected"));
        case State::done:
            return fail(Error(Errc::internal, "handshake fed a packet after it completed"));
        case State::failed:
            return fail(Error(Errc::internal, "handshake fed a packet after it failed"));
    }
    return fail(Error(Errc::internal, "bad handshake state"));
}

Result<HandshakeStep> Handshake::on_greeting(wire::Bytes payload) {
    if (is_err_packet(payload)) {
        auto err = parse_err_packet(payload);
        if (!err) return fail(std::move(err).error().context("reading the server greeting"));
        return fail(server_error(err.value(), "the server refused the connection"));
    }
    auto hs = parse_handshake_v10(payload);
    if (!hs) return fail(std::move(hs).error());
    greeting_ = std::move(hs).value();
    const Capabilities server = greeting_.capabilities;
    if (!server.has(Capability::CLIENT_PROTOCOL_41)) {
        return fail(Error(Errc::unsupported,
                          "the server (" + greeting_.server_version +
                              ") does not speak protocol 4.1; binlog2kafka needs MySQL 5.0+ "
                              "or MariaDB"));
    }
    Capabilities want = Capability::CLIENT_LONG_FLAG | Capability::CLIENT_PROTOCOL_41;
    want.set(Capability::CLIENT_TRANSACTIONS)
        .set(Capability::CLIENT_SECURE_CONNECTION)
        .set(Capability::CLIENT_PLUGIN_AUTH)
        .set(Capability::CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)
        .set(Capability::CLIENT_DEPRECATE_EOF, options_.deprecate_eof)
        .set(Capability::CLIENT_CONNECT_ATTRS, options_.connect_attributes)
        .set(Capability::CLIENT_CONNECT_WITH_DB, !options_.database.empty());
    caps_ = Capabilities((want & server).lower32());
    // CLIENT_LONG_PASSWORD is MariaDB's CLIENT_MYSQL: set, it says "no MariaDB extensions".
    caps_.set(Capability::CLIENT_LONG_PASSWORD);
    if (!options_.database.empty() && !caps_.has(Capability::CLIENT_CONNECT_WITH_DB)) {
        return fail(
            Error(Errc::unsupported, "the server does not accept a database name at connect time"));
    }

    const bool server_tls = server.has(Capability::CLIENT_SSL);
    if (tls_required(options_.tls_mode) && !server_tls) {
        return fail(Error(Errc::config, "the server does not support TLS but tls.mode=" +
                                            std::string(to_string(options_.tls_mode)) +
                                            " (use tls.mode: preferred or disabled, or enable "
                                            "TLS on the server)"));
    }
    nonce_ = greeting_.nonce();
    plugin_ = greeting_.auth_plugin_name;
    if (!caps_.has(Capability::CLIENT_PLUGIN_AUTH) || plugin_.empty()) {
        plugin_ = kNativePassword;
    } else if (!known_plugin(plugin_) || plugin_ == kClearPassword) {
        // The server switches us to the account's plugin if it differs.
        plugin_ = kNativePassword;
    }
    if (options_.tls_mode != TlsMode::disabled && server_tls) {
        caps_.set(Capability::CLIENT_SSL);
        state_ = State::tls;
        return HandshakeStep{HandshakeStep::Kind::start_tls,
                             encode_ssl_request(caps_, kClientMaxPacketSize, options_.collation)};
    }
    return send_response();
}

Result<HandshakeStep> Handshake::on_tls_established() {
    if (state_ != State::tls) {
        return fail(Error(Errc::internal, "on_tls_established() without a start_tls step"));
    }
    tls_ = true;
    return send_response();
}

Result<HandshakeStep> Handshake::send_response() {
    auto data = initial_auth_data();
    if (!data) return fail(std::move(data).error());
    HandshakeResponse41 r;
    r.capabilities = caps_;
    r.collation = options_.collation;
    r.user = options_.user;
    r.auth_response = std::move(data).value();
    r.database = options_.database;
    r.auth_plugin_name = plugin_;
    if (caps_.has(Capability::CLIENT_CONNECT_ATTRS)) r.attributes = options_.attributes;
    auto packet = encode_handshake_response(r);
    wipe(r.auth_response);
    if (!packet) return fail(std::move(packet).error());
    state_ = State::auth;
    return send(std::move(packet).value());
}

Result<std::vector<std::byte>> Handshake::initial_auth_data() {
    stage_ = AuthStage::initial;
    if (plugin_ != kClearPassword && known_plugin(plugin_) && nonce_.size() != kNonceSize) {
        return failure(Errc::protocol, "the server sent a " + std::to_string(nonce_.size()) +
                                           "-byte nonce for " + plugin_ + " (expected " +
                                           std::to_string(kNonceSize) + ")");
    }
    if (plugin_ == kNativePassword) return native_password_scramble(options_.password, nonce_);
    if (plugin_ == kCachingSha2Password) return caching_sha2_scramble(options_.password, nonce_);
    if (plugin_ == kSha256Password) {
        if (options_.password.empty()) return std::vector<std::byte>{std::byte{0}};
        return full_auth_data(kSha256RequestPublicKey);
    }
    if (plugin_ == kClearPassword) {
        if (!tls_) {
            return failure(Errc::config,
                           "the server asked for mysql_clear_password (e.g. an RDS IAM user), "
                           "which sends the password unencrypted: refused without TLS; set "
                           "tls.mode to required, verify_ca or verify_identity");
        }
        stage_ = AuthStage::sent_password;
        return password_with_nul(options_.password);
    }
    return failure(Errc::unsupported,
                   "the server asked for the authentication plugin '" + plugin_ +
                       "', which binlog2kafka does not support (supported: "
                       "mysql_native_password, caching_sha2_password, sha256_password, "
                       "mysql_clear_password); give the user '" +
                       options_.user + "' one of those");
}

// The password for full authentication: in clear over TLS, else RSA-encrypted with the
// configured key, else a request for the server's key.
Result<std::vector<std::byte>> Handshake::full_auth_data(std::uint8_t key_request_byte) {
    if (tls_) {
        stage_ = AuthStage::sent_password;
        return password_with_nul(options_.password);
    }
    if (!options_.server_public_key_pem.empty()) {
        return rsa_encrypted_password(wire::as_bytes(options_.server_public_key_pem),
                                      options_.server_public_key_source);
    }
    if (!options_.allow_public_key_request) {
        return failure(Errc::config,
                       "server requires " + plugin_ +
                           " full authentication: enable TLS or set tls.server_public_key (the "
                           "server has not cached the password of '" +
                           options_.user + "' since it started, or the account uses " + plugin_ +
                           " without a cache)");
    }
    stage_ = AuthStage::key_requested;
    return std::vector<std::byte>{static_cast<std::byte>(key_request_byte)};
}

Result<std::vector<std::byte>> Handshake::rsa_encrypted_password(wire::Bytes pem,
                                                                 std::string_view src) {
    B2K_TRY(auto key, RsaPublicKey::from_pem(pem, src));
    auto plain = xor_password_with_nonce(options_.password, nonce_);
    auto encrypted = key.encrypt_oaep_sha1(plain);
    wipe(plain);
    if (!encrypted) return failure(std::move(encrypted).error());
    stage_ = AuthStage::sent_password;
    return encrypted;
}

Error Handshake::auth_error(wire::Bytes err_payload) const {
    auto err = parse_err_packet(err_payload);
    if (!err) return std::move(err).error().context(doing());
    Error e = server_error(err.value(), doing());
    switch (err.value().code) {
        case server_errc::ER_ACCESS_DENIED_ERROR:
            e.message +=
                "; check the user name and password (source.user, source.password) "
                "and that the account may connect from this host";
            break;
        case server_errc::ER_DBACCESS_DENIED_ERROR:
        case server_errc::ER_BAD_DB_ERROR:
            e.message += "; check the database name";
            break;
        case server_errc::ER_SECURE_TRANSPORT_REQUIRED:
            e.message += "; the server requires TLS: set tls.mode to required or stricter";
            break;
        case server_errc::ER_MUST_CHANGE_PASSWORD_LOGIN:
            e.message += "; the account's password has expired: set a new one";
            break;
        default:
            break;
    }
    return e;
}

Result<HandshakeStep> Handshake::on_auth_packet(wire::Bytes payload) {
    if (payload.empty()) return fail(Error(Errc::protocol, "empty packet during " + doing()));
    switch (static_cast<std::uint8_t>(payload[0])) {
        case kOkHeader: {
            auto ok = parse_ok_packet(payload, caps_);
            if (!ok) return fail(std::move(ok).error().context(doing()));
            ok_ = std::move(ok).value();
            state_ = State::done;
            return HandshakeStep{HandshakeStep::Kind::done, {}};
        }
        case kErrHeader:
            return fail(auth_error(payload));
        case kAuthSwitchHeader: {
            if (switched_) {
                return fail(Error(Errc::protocol,
                                  "the server asked to switch the authentication plugin twice"));
            }
            auto req = parse_auth_switch_request(payload);
            if (!req) return fail(std::move(req).error().context(doing()));
            switched_ = true;
            plugin_ = req.value().plugin_name;
            const auto n = req.value().nonce();
            nonce_.assign(n.begin(), n.end());
            auto data = initial_auth_data();
            if (!data) return fail(std::move(data).error());
            return send(std::move(data).value());
        }
        case kAuthMoreDataHeader: {
            auto data = parse_auth_more_data(payload);
            if (!data) return fail(std::move(data).error().context(doing()));
            return on_more_data(data.value());
        }
        default:
            return fail(Error(Errc::protocol, "unexpected packet (first byte " +
                                                  std::to_string(static_cast<int>(payload[0])) +
                                                  ") during " + doing()));
    }
}

Result<HandshakeStep> Handshake::on_more_data(wire::Bytes data) {
    const bool sha2 = plugin_ == kCachingSha2Password;
    if (stage_ == AuthStage::key_requested && (sha2 || plugin_ == kSha256Password)) {
        auto enc = rsa_encrypted_password(data, "the public key the server sent");
        if (!enc) {
            return fail(Error(Errc::config, "the server sent no usable RSA public key for " +
                                                plugin_ + " full authentication (" +
                                                enc.error().message +
                                                "): enable TLS or set tls.server_public_key"));
        }
        return send(std::move(enc).value());
    }
    if (sha2 && stage_ == AuthStage::initial && data.size() == 1) {
        const auto code = static_cast<std::uint8_t>(data[0]);
        if (code == kFastAuthSuccess) {
            stage_ = AuthStage::fast_auth_ok;
            return HandshakeStep{HandshakeStep::Kind::read, {}};
        }
        if (code == kPerformFullAuthentication) {
            auto full = full_auth_data(kCachingSha2RequestPublicKey);
            if (!full) return fail(std::move(full).error());
            return send(std::move(full).value());
        }
    }
    return fail(Error(Errc::protocol, "unexpected auth more data (" + std::to_string(data.size()) +
                                          " bytes) during " + doing()));
}

}  // namespace b2k::mysql
