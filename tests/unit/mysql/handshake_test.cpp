// The connection-phase state machine, driven by scripted server transcripts: no sockets.
// Each plugin path, each TLS decision, the errors a user sees, and every truncation of every
// server packet along the way.

#include "mysql/handshake.h"

#include <gtest/gtest.h>

#include <functional>

#include "mysql/auth_scramble.h"
#include "mysql/err_packet.h"
#include "server_packets.h"
#include "support/tls_certs.h"
#include "support/vectors.h"
#include "test_crypto.h"

namespace b2k::mysql {
namespace {

using test::ClientResponse;
using test::kNonce;
using Kind = HandshakeStep::Kind;

const std::string kPassword = "s3cret-Pa55";

HandshakeOptions options(TlsMode mode = TlsMode::disabled) {
    HandshakeOptions o;
    o.user = "cdc";
    o.password = kPassword;
    o.tls_mode = mode;
    o.attributes = {{"_client_name", "binlog2kafka"}};
    return o;
}

HandshakeStep expect_step(Result<HandshakeStep> r, Kind kind) {
    if (!r) {
        ADD_FAILURE() << "handshake failed: " << r.error().message;
        return {};
    }
    EXPECT_EQ(static_cast<int>(r.value().kind), static_cast<int>(kind));
    return std::move(r).value();
}

Error expect_error(Result<HandshakeStep> r) {
    if (r) {
        ADD_FAILURE() << "handshake did not fail (step " << static_cast<int>(r.value().kind) << ")";
        return {};
    }
    EXPECT_EQ(r.error().message.find(kPassword), std::string::npos) << "password in a message";
    return std::move(r).error();
}

TEST(Handshake, NativePasswordWithoutTls) {
    Handshake hs(options());
    auto s = expect_step(hs.on_packet(test::greeting("mysql_native_password", false)), Kind::send);
    const ClientResponse r = test::parse_client_response(s.packet);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.user, "cdc");
    EXPECT_EQ(r.plugin, "mysql_native_password");
    EXPECT_TRUE(test::native_scramble_matches(kPassword, kNonce, r.auth));
    EXPECT_FALSE(r.caps.has(Capability::CLIENT_SSL));
    EXPECT_FALSE(r.caps.has(Capability::CLIENT_COMPRESS));
    EXPECT_FALSE(r.caps.has(Capability::CLIENT_CONNECT_WITH_DB));
    EXPECT_FALSE(r.caps.has(Capability::CLIENT_LOCAL_FILES));
    EXPECT_FALSE(r.caps.has(Capability::CLIENT_MULTI_STATEMENTS));
    EXPECT_FALSE(r.caps.has(Capability::CLIENT_QUERY_ATTRIBUTES));
    EXPECT_TRUE(r.caps.has(Capability::CLIENT_PROTOCOL_41));
    EXPECT_TRUE(r.caps.has(Capability::CLIENT_SECURE_CONNECTION));
    EXPECT_TRUE(r.caps.has(Capability::CLIENT_PLUGIN_AUTH));
    EXPECT_TRUE(r.caps.has(Capability::CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA));
    EXPECT_TRUE(r.caps.has(Capability::CLIENT_DEPRECATE_EOF));
    EXPECT_TRUE(r.caps.has(Capability::CLIENT_CONNECT_ATTRS));
    ASSERT_EQ(r.attributes.size(), 1u);
    EXPECT_EQ(r.attributes[0].second, "binlog2kafka");
    EXPECT_EQ(r.collation, 45);
    expect_step(hs.on_packet(test::ok_packet()), Kind::done);
    EXPECT_TRUE(hs.done());
    EXPECT_FALSE(hs.tls());
    EXPECT_EQ(hs.greeting().connection_id, 42u);
    EXPECT_EQ(hs.capabilities(), r.caps);
}

TEST(Handshake, OptionalCapabilitiesFollowTheOptions) {
    auto o = options();
    o.database = "shop";
    o.deprecate_eof = false;
    o.connect_attributes = false;
    Handshake hs(std::move(o));
    auto s = expect_step(hs.on_packet(test::greeting("mysql_native_password", false)), Kind::send);
    const ClientResponse r = test::parse_client_response(s.packet);
    ASSERT_TRUE(r.ok);
    EXPECT_TRUE(r.caps.has(Capability::CLIENT_CONNECT_WITH_DB));
    EXPECT_EQ(r.database, "shop");
    EXPECT_FALSE(r.caps.has(Capability::CLIENT_DEPRECATE_EOF));
    EXPECT_FALSE(r.caps.has(Capability::CLIENT_CONNECT_ATTRS));
}

TEST(Handshake, CapabilitiesTheServerLacksAreNotRequested) {
    auto g = test::greeting("mysql_native_password", false);
    // Clear CLIENT_DEPRECATE_EOF (bit 24: byte 0 of the upper flags) and CLIENT_CONNECT_ATTRS.
    const std::size_t upper = 1 + 7 + 4 + 8 + 1 + 2 + 1 + 2;
    g[upper + 1] &= ~std::byte{0x01};
    g[upper] &= ~std::byte{0x10};
    Handshake hs(options());
    auto s = expect_step(hs.on_packet(g), Kind::send);
    const ClientResponse r = test::parse_client_response(s.packet);
    ASSERT_TRUE(r.ok);
    EXPECT_FALSE(r.caps.has(Capability::CLIENT_DEPRECATE_EOF));
    EXPECT_FALSE(r.caps.has(Capability::CLIENT_CONNECT_ATTRS));
}

TEST(Handshake, PreferredUsesTlsWhenOffered) {
    Handshake hs(options(TlsMode::preferred));
    auto s =
        expect_step(hs.on_packet(test::greeting("caching_sha2_password", true)), Kind::start_tls);
    const ClientResponse req = test::parse_client_response(s.packet);
    ASSERT_TRUE(req.ok);
    EXPECT_TRUE(req.ssl_request_only);
    EXPECT_TRUE(req.caps.has(Capability::CLIENT_SSL));
    EXPECT_EQ(s.packet.size(), 32u);
    // A packet now would be a protocol violation: the TLS handshake comes first.
    {
        Handshake other(options(TlsMode::preferred));
        (void)other.on_packet(test::greeting("caching_sha2_password", true));
        EXPECT_TRUE(expect_error(other.on_packet(test::ok_packet())).is(Errc::protocol));
    }
    s = expect_step(hs.on_tls_established(), Kind::send);
    const ClientResponse r = test::parse_client_response(s.packet);
    ASSERT_TRUE(r.ok);
    EXPECT_TRUE(r.caps.has(Capability::CLIENT_SSL));
    EXPECT_EQ(r.caps, req.caps);
    EXPECT_TRUE(hs.tls());
}

TEST(Handshake, PreferredFallsBackToPlain) {
    Handshake hs(options(TlsMode::preferred));
    auto s = expect_step(hs.on_packet(test::greeting("mysql_native_password", false)), Kind::send);
    EXPECT_FALSE(test::parse_client_response(s.packet).caps.has(Capability::CLIENT_SSL));
}

TEST(Handshake, DisabledNeverUsesTls) {
    Handshake hs(options(TlsMode::disabled));
    auto s = expect_step(hs.on_packet(test::greeting("mysql_native_password", true)), Kind::send);
    EXPECT_FALSE(test::parse_client_response(s.packet).caps.has(Capability::CLIENT_SSL));
}

TEST(Handshake, RequiredFailsWithoutServerTls) {
    for (TlsMode m : {TlsMode::required, TlsMode::verify_ca, TlsMode::verify_identity}) {
        Handshake hs(options(m));
        const Error e = expect_error(hs.on_packet(test::greeting("mysql_native_password", false)));
        EXPECT_TRUE(e.is(Errc::config));
        EXPECT_NE(e.message.find("the server does not support TLS but tls.mode=" +
                                 std::string(to_string(m))),
                  std::string::npos)
            << e.message;
    }
}

TEST(Handshake, CachingSha2FastPath) {
    Handshake hs(options());
    auto s = expect_step(hs.on_packet(test::greeting("caching_sha2_password", false)), Kind::send);
    const ClientResponse r = test::parse_client_response(s.packet);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.plugin, "caching_sha2_password");
    EXPECT_TRUE(test::sha2_scramble_matches(kPassword, kNonce, r.auth));
    expect_step(hs.on_packet(test::more_data(test::from_hex("03"))), Kind::read);
    expect_step(hs.on_packet(test::ok_packet()), Kind::done);
}

TEST(Handshake, CachingSha2FullAuthOverTlsSendsThePasswordInClear) {
    Handshake hs(options(TlsMode::required));
    expect_step(hs.on_packet(test::greeting("caching_sha2_password", true)), Kind::start_tls);
    expect_step(hs.on_tls_established(), Kind::send);
    auto s = expect_step(hs.on_packet(test::more_data(test::from_hex("04"))), Kind::send);
    EXPECT_EQ(std::string(wire::as_chars(s.packet)), kPassword + std::string(1, '\0'));
    expect_step(hs.on_packet(test::ok_packet()), Kind::done);
}

TEST(Handshake, CachingSha2FullAuthRequestsTheServerKey) {
    const auto key = test::make_rsa_key(2048);
    Handshake hs(options());
    expect_step(hs.on_packet(test::greeting("caching_sha2_password", false)), Kind::send);
    auto s = expect_step(hs.on_packet(test::more_data(test::from_hex("04"))), Kind::send);
    EXPECT_EQ(test::to_hex(s.packet), "02");
    s = expect_step(hs.on_packet(test::more_data(key.public_pem)), Kind::send);
    ASSERT_EQ(s.packet.size(), 256u);
    const auto plain = test::decrypt_oaep_sha1(key.private_pem, s.packet);
    EXPECT_EQ(test::xor_bytes(plain, kNonce), test::bytes_of(kPassword + std::string(1, '\0')));
    expect_step(hs.on_packet(test::ok_packet()), Kind::done);
}

TEST(Handshake, CachingSha2FullAuthWithAConfiguredKey) {
    const auto key = test::make_rsa_key(2048);
    auto o = options();
    o.server_public_key_pem = key.public_pem;
    Handshake hs(std::move(o));
    expect_step(hs.on_packet(test::greeting("caching_sha2_password", false)), Kind::send);
    auto s = expect_step(hs.on_packet(test::more_data(test::from_hex("04"))), Kind::send);
    ASSERT_EQ(s.packet.size(), 256u);
    const auto plain = test::decrypt_oaep_sha1(key.private_pem, s.packet);
    EXPECT_EQ(test::xor_bytes(plain, kNonce), test::bytes_of(kPassword + std::string(1, '\0')));
    expect_step(hs.on_packet(test::ok_packet()), Kind::done);
}

TEST(Handshake, CachingSha2FullAuthWithoutAnyWayToProtectThePassword) {
    auto o = options();
    o.allow_public_key_request = false;
    Handshake hs(std::move(o));
    expect_step(hs.on_packet(test::greeting("caching_sha2_password", false)), Kind::send);
    const Error e = expect_error(hs.on_packet(test::more_data(test::from_hex("04"))));
    EXPECT_TRUE(e.is(Errc::config));
    EXPECT_NE(e.message.find("server requires caching_sha2_password full authentication: enable "
                             "TLS or set tls.server_public_key"),
              std::string::npos)
        << e.message;
}

TEST(Handshake, CachingSha2GarbageKeyFromTheServer) {
    Handshake hs(options());
    expect_step(hs.on_packet(test::greeting("caching_sha2_password", false)), Kind::send);
    expect_step(hs.on_packet(test::more_data(test::from_hex("04"))), Kind::send);
    const Error e = expect_error(hs.on_packet(test::more_data(std::string("nonsense"))));
    EXPECT_TRUE(e.is(Errc::config));
    EXPECT_NE(e.message.find("enable TLS or set tls.server_public_key"), std::string::npos);
}

TEST(Handshake, Sha256PasswordRequestsTheKeyWith0x01) {
    const auto key = test::make_rsa_key(2048);
    Handshake hs(options());
    expect_step(hs.on_packet(test::greeting("caching_sha2_password", false)), Kind::send);
    const auto nonce2 =
        test::from_hex("28 3a 31 01 74 4b 37 77 56 2d 42 41 2e 17 68 66 29 44 0b 28");
    auto s = expect_step(hs.on_packet(test::auth_switch("sha256_password", nonce2)), Kind::send);
    EXPECT_EQ(test::to_hex(s.packet), "01");
    s = expect_step(hs.on_packet(test::more_data(key.public_pem)), Kind::send);
    const auto plain = test::decrypt_oaep_sha1(key.private_pem, s.packet);
    EXPECT_EQ(test::xor_bytes(plain, nonce2), test::bytes_of(kPassword + std::string(1, '\0')));
    expect_step(hs.on_packet(test::ok_packet()), Kind::done);
    EXPECT_EQ(hs.auth_plugin(), "sha256_password");
}

TEST(Handshake, AuthSwitchToNativeUsesTheNewNonce) {
    Handshake hs(options());
    expect_step(hs.on_packet(test::greeting("caching_sha2_password", false)), Kind::send);
    const auto nonce2 = test::from_hex("0102030405060708090a0b0c0d0e0f1011121314");
    auto s =
        expect_step(hs.on_packet(test::auth_switch("mysql_native_password", nonce2)), Kind::send);
    EXPECT_TRUE(test::native_scramble_matches(kPassword, nonce2, s.packet));
    expect_step(hs.on_packet(test::ok_packet()), Kind::done);
    EXPECT_EQ(hs.auth_plugin(), "mysql_native_password");
}

TEST(Handshake, ASecondSwitchIsRefused) {
    Handshake hs(options());
    expect_step(hs.on_packet(test::greeting("caching_sha2_password", false)), Kind::send);
    expect_step(hs.on_packet(test::auth_switch("mysql_native_password", kNonce)), Kind::send);
    EXPECT_TRUE(expect_error(hs.on_packet(test::auth_switch("mysql_native_password", kNonce)))
                    .is(Errc::protocol));
}

TEST(Handshake, ClearPasswordOnlyOverTls) {
    {
        Handshake hs(options(TlsMode::preferred));
        expect_step(hs.on_packet(test::greeting("mysql_native_password", false)), Kind::send);
        const Error e = expect_error(hs.on_packet(test::auth_switch("mysql_clear_password", {})));
        EXPECT_TRUE(e.is(Errc::config));
        EXPECT_NE(e.message.find("refused without TLS"), std::string::npos) << e.message;
    }
    {
        Handshake hs(options(TlsMode::verify_identity));
        expect_step(hs.on_packet(test::greeting("mysql_native_password", true)), Kind::start_tls);
        expect_step(hs.on_tls_established(), Kind::send);
        // An RDS IAM token: long, so it must go lenenc in the switch response as-is.
        auto s =
            expect_step(hs.on_packet(test::auth_switch("mysql_clear_password", {})), Kind::send);
        EXPECT_EQ(std::string(wire::as_chars(s.packet)), kPassword + std::string(1, '\0'));
        expect_step(hs.on_packet(test::ok_packet()), Kind::done);
    }
}

TEST(Handshake, AccessDenied) {
    Handshake hs(options());
    expect_step(hs.on_packet(test::greeting("mysql_native_password", false)), Kind::send);
    const Error e = expect_error(hs.on_packet(test::err_packet(
        1045, "28000", "Access denied for user 'cdc'@'10.0.0.5' (using password: YES)")));
    EXPECT_EQ(server_error_code(e), 1045);
    EXPECT_EQ(e.message,
              "authenticating as 'cdc' with mysql_native_password: Access denied for user "
              "'cdc'@'10.0.0.5' (using password: YES) (server error 1045, SQLSTATE 28000); check "
              "the user name and password (source.user, source.password) and that the account "
              "may connect from this host");
}

TEST(Handshake, ErrInsteadOfAGreeting) {
    Handshake hs(options());
    wire::ByteWriter w;  // 1040 without a SQL state, as sent before capabilities are known
    w.u8(0xff);
    w.u16le(1040);
    w.str("Too many connections");
    const Error e = expect_error(hs.on_packet(std::move(w).take()));
    EXPECT_EQ(server_error_code(e), 1040);
    EXPECT_NE(e.message.find("Too many connections"), std::string::npos);
}

TEST(Handshake, UnknownPluginsAreNamed) {
    Handshake hs(options());
    // An unknown default plugin: we start with mysql_native_password.
    auto s = expect_step(hs.on_packet(test::greeting("client_ed25519", false)), Kind::send);
    EXPECT_EQ(test::parse_client_response(s.packet).plugin, "mysql_native_password");
    const Error e = expect_error(hs.on_packet(test::auth_switch("client_ed25519", kNonce)));
    EXPECT_TRUE(e.is(Errc::unsupported));
    EXPECT_NE(e.message.find("'client_ed25519'"), std::string::npos);
}

TEST(Handshake, UnexpectedMoreData) {
    Handshake hs(options());
    expect_step(hs.on_packet(test::greeting("mysql_native_password", false)), Kind::send);
    EXPECT_TRUE(
        expect_error(hs.on_packet(test::more_data(test::from_hex("03")))).is(Errc::protocol));
}

TEST(Handshake, EmptyPasswordSendsAnEmptyScramble) {
    auto o = options();
    o.password.clear();
    Handshake hs(std::move(o));
    auto s = expect_step(hs.on_packet(test::greeting("caching_sha2_password", false)), Kind::send);
    EXPECT_TRUE(test::parse_client_response(s.packet).auth.empty());
}

// A transcript: the server packets of one successful exchange, and how to start it.
struct Transcript {
    const char* name;
    std::function<HandshakeOptions()> make_options;
    std::vector<std::vector<std::byte>> server;  // packets in order
    bool tls_after_greeting;
};

std::vector<Transcript> transcripts() {
    static const auto key = test::make_rsa_key(1024);
    return {
        {"native",
         [] { return options(); },
         {test::greeting("mysql_native_password", false), test::ok_packet()},
         false},
        {"sha2-fast",
         [] { return options(); },
         {test::greeting("caching_sha2_password", false), test::more_data(test::from_hex("03")),
          test::ok_packet()},
         false},
        {"sha2-full-tls",
         [] { return options(TlsMode::required); },
         {test::greeting("caching_sha2_password", true), test::more_data(test::from_hex("04")),
          test::ok_packet()},
         true},
        {"sha2-full-rsa",
         [] { return options(); },
         {test::greeting("caching_sha2_password", false), test::more_data(test::from_hex("04")),
          test::more_data(key.public_pem), test::ok_packet()},
         false},
        {"switch-native",
         [] { return options(); },
         {test::greeting("caching_sha2_password", false),
          test::auth_switch("mysql_native_password", kNonce), test::ok_packet()},
         false},
    };
}

TEST(Handshake, TranscriptsRunToTheEnd) {
    for (const auto& t : transcripts()) {
        SCOPED_TRACE(t.name);
        Handshake hs(t.make_options());
        for (std::size_t i = 0; i < t.server.size(); ++i) {
            auto step = hs.on_packet(t.server[i]);
            ASSERT_TRUE(step.has_value()) << step.error().message;
            if (i == 0 && t.tls_after_greeting) {
                ASSERT_EQ(step.value().kind, Kind::start_tls);
                step = hs.on_tls_established();
                ASSERT_TRUE(step.has_value());
            }
        }
        EXPECT_TRUE(hs.done());
    }
}

// Every truncation of every server packet, at its place in each transcript: an error (never a
// crash, never "done"), and the password never in the message. Also a garbage byte in place of
// each packet's header.
TEST(Handshake, EveryTruncationOfEveryServerPacket) {
    int cases = 0;
    for (const auto& t : transcripts()) {
        for (std::size_t at = 0; at < t.server.size(); ++at) {
            const auto& packet = t.server[at];
            for (std::size_t len = 0; len <= packet.size(); ++len) {
                SCOPED_TRACE(std::string(t.name) + " packet " + std::to_string(at) + " cut to " +
                             std::to_string(len));
                Handshake hs(t.make_options());
                bool failed = false;
                for (std::size_t i = 0; i <= at && !failed; ++i) {
                    auto bytes = i == at ? std::vector<std::byte>(
                                               packet.begin(),
                                               packet.begin() + static_cast<std::ptrdiff_t>(len))
                                         : t.server[i];
                    if (len == packet.size() && i == at && !bytes.empty()) {
                        bytes[0] = std::byte{0x7f};  // the "garbage header" case
                    }
                    auto step = hs.on_packet(bytes);
                    if (!step) {
                        failed = true;
                        EXPECT_EQ(step.error().message.find(kPassword), std::string::npos);
                        break;
                    }
                    if (i == 0 && t.tls_after_greeting && step.value().kind == Kind::start_tls) {
                        // A greeting cut short of its nonce fails only here.
                        if (!hs.on_tls_established()) failed = true;
                    }
                }
                ++cases;
                // Nothing cut may complete the handshake. Cutting a greeting inside its
                // optional tail may still parse; so may dropping only the last byte of a packet
                // whose end is a terminator the parser does not need (the NUL after an auth
                // switch nonce, the newline after a PEM key). Any other cut must fail.
                EXPECT_FALSE(hs.done());
                if (at > 0 && len + 1 < packet.size()) {
                    EXPECT_TRUE(failed);
                }
            }
        }
    }
    EXPECT_GT(cases, 500);
}

}  // namespace
}  // namespace b2k::mysql
