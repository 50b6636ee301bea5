// Server greetings captured from real servers (rust_mysql_common's test data) and every
// truncation of one.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html

#include "mysql/handshake_v10.h"

#include <gtest/gtest.h>

#include "support/vector_ledger.h"
#include "support/vectors.h"

namespace b2k::mysql {
namespace {

std::string text(const std::vector<std::byte>& b) {
    return std::string(wire::as_chars(b));
}

// The vectors write a trailing NUL as the 4 characters "\x00".
std::string unescape(std::string s) {
    const std::string nul = "\\x00";
    for (auto pos = s.find(nul); pos != std::string::npos; pos = s.find(nul)) {
        s.replace(pos, nul.size(), std::string(1, '\0'));
    }
    return s;
}

std::uint64_t hex_number(const std::string& s) {
    return std::stoull(s, nullptr, 16);
}

TEST(HandshakeV10, RustMysqlCommonGreetings) {
    const auto doc = test::load_json(test::vector_path("rust_mysql_common-protocol.json"));
    int checked = 0;
    for (const auto& v : doc["vectors"]) {
        if (v["event_type"].get<std::string>().find("HandshakeV10") == std::string::npos) continue;
        SCOPED_TRACE(v["source"].get<std::string>());
        const auto bytes = test::from_hex(v["hex"].get<std::string>());
        auto hs = parse_handshake_v10(bytes);
        ASSERT_TRUE(hs.has_value()) << hs.error().message;
        const auto& e = v["expected"];
        const HandshakeV10& g = hs.value();
        EXPECT_EQ(g.protocol_version, 10);
        EXPECT_EQ(g.server_version, e["server_version"].get<std::string>());
        EXPECT_EQ(g.connection_id, e["connection_id"].get<std::uint32_t>());
        if (e.contains("scramble_1")) {
            EXPECT_EQ(text(g.auth_plugin_data_1), e["scramble_1"].get<std::string>());
            EXPECT_EQ(text(g.auth_plugin_data_2), unescape(e["scramble_2"].get<std::string>()));
            EXPECT_EQ(g.nonce().size(), 20u);
        }
        if (e.contains("capabilities_lower")) {
            EXPECT_EQ(g.capabilities.lower32() & 0xffff,
                      hex_number(e["capabilities_lower"].get<std::string>()));
        }
        if (e.contains("capabilities")) {
            EXPECT_EQ(g.capabilities.lower32(), hex_number(e["capabilities"].get<std::string>()));
        }
        if (e.contains("collation")) {
            EXPECT_EQ(g.character_set, e["collation"].get<int>());
        }
        if (e.contains("status")) {
            EXPECT_EQ(g.status_flags, e["status"].get<int>());
        }
        if (e.contains("auth_plugin")) {
            const std::string want =
                e["auth_plugin"].is_null() ? "" : e["auth_plugin"].get<std::string>();
            EXPECT_EQ(g.auth_plugin_name, want);
        }
        if (e.contains("mariadb_ext_capabilities")) {
            // "MARIADB_CLIENT_CACHE_METADATA|MARIADB_CLIENT_STMT_BULK_OPERATIONS (0x14)"
            EXPECT_EQ(g.capabilities.upper32(), 0x14u);
            EXPECT_TRUE(g.capabilities.has(Capability::MARIADB_CLIENT_CACHE_METADATA));
            EXPECT_TRUE(g.capabilities.has(Capability::MARIADB_CLIENT_STMT_BULK_OPERATIONS));
            EXPECT_FALSE(g.capabilities.has(Capability::MARIADB_CLIENT_PROGRESS));
        } else {
            EXPECT_EQ(g.capabilities.upper32(), 0u);
        }
        EXPECT_EQ(g.is_mariadb(), g.server_version.find("MariaDB") != std::string::npos);
        test::mark_checked("rust_mysql_common-protocol.json", v);
        ++checked;
    }
    EXPECT_EQ(checked, 3);
}

TEST(HandshakeV10, MariadbVersionWithoutPrefix) {
    HandshakeV10 g;
    g.server_version = "5.5.5-10.11.6-MariaDB-0+deb12u1-log";
    EXPECT_TRUE(g.is_mariadb());
    EXPECT_EQ(g.version(), "10.11.6-MariaDB-0+deb12u1-log");
    g.server_version = "8.0.32";
    EXPECT_FALSE(g.is_mariadb());
    EXPECT_EQ(g.version(), "8.0.32");
}

const char* kMysql8Greeting =
    "0a382e302e3332000a000000704a0b652526145d00ffffff0200ffdf15000000000000000000000831200d72"
    "72336c666b761e0063616368696e675f736861325f70617373776f726400";

TEST(HandshakeV10, Mysql8CachingSha2) {
    auto hs = parse_handshake_v10(test::from_hex(kMysql8Greeting));
    ASSERT_TRUE(hs.has_value());
    EXPECT_EQ(hs.value().server_version, "8.0.32");
    EXPECT_EQ(hs.value().connection_id, 10u);
    EXPECT_EQ(hs.value().auth_plugin_name, "caching_sha2_password");
    EXPECT_EQ(hs.value().auth_plugin_data_len, 21);
    EXPECT_TRUE(hs.value().capabilities.has(Capability::CLIENT_SSL));
    EXPECT_TRUE(hs.value().capabilities.has(Capability::CLIENT_DEPRECATE_EOF));
    EXPECT_EQ(hs.value().nonce().size(), 20u);
}

// Every truncation: an error, or — where the greeting may legally stop early (after the
// capability flags, or inside the optional tail) — a parse whose fields are what it read.
TEST(HandshakeV10, EveryTruncation) {
    const auto full = test::from_hex(kMysql8Greeting);
    // protocol(1) version "8.0.32\0"(7) id(4) data1(8) filler(1) caps(2) = 23 bytes: the shortest
    // valid greeting. Then 1+2+2+1+10 = 16 fixed bytes must come whole.
    for (std::size_t n = 0; n < full.size(); ++n) {
        auto hs = parse_handshake_v10(wire::Bytes(full).first(n));
        if (n < 23 || (n > 23 && n < 39)) {
            EXPECT_FALSE(hs.has_value()) << n;
        } else if (hs.has_value()) {
            EXPECT_LE(hs.value().auth_plugin_data_2.size(), 13u) << n;
        }
    }
}

TEST(HandshakeV10, RejectsOtherProtocolVersions) {
    auto bytes = test::from_hex(kMysql8Greeting);
    bytes[0] = std::byte{9};
    auto hs = parse_handshake_v10(bytes);
    ASSERT_FALSE(hs.has_value());
    EXPECT_TRUE(hs.error().is(Errc::unsupported));
}

}  // namespace
}  // namespace b2k::mysql
