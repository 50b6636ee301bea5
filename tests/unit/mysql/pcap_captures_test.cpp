// Real MySQL traffic from Zeek's test captures (MySQL 5.0-9.0, MariaDB 10.0, RDS, TLS), read
// with this project's parsers and compared with what Zeek's own decoder wrote in its baselines:
// the greetings and every authentication packet (plugin, nonce, scramble, auth switch, auth
// more data incl. caching_sha2_password's RSA exchange), logins and their errors, the commands,
// and the rows of each result set. The captures hold no passwords, so scrambles are compared as
// bytes; the full-authentication (RSA) session is replayed through the Handshake state machine,
// which must send the same kinds of packets, with the same lengths, as the real client did.

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "mysql/auth_more_data.h"
#include "mysql/auth_switch_request.h"
#include "mysql/err_packet.h"
#include "mysql/handshake.h"
#include "mysql/handshake_v10.h"
#include "mysql/ok_packet.h"
#include "mysql/result_set_reader.h"
#include "server_packets.h"
#include "support/pcap.h"
#include "support/vectors.h"

namespace b2k::mysql {
namespace {

namespace fs = std::filesystem;
using test::TcpConversation;

// Zeek's escaping of bytes in its logs: printable ASCII as is, the rest as \xNN.
std::string esc(wire::Bytes b) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::byte x : b) {
        const auto c = static_cast<unsigned char>(x);
        if (c >= 0x20 && c < 0x7f) {
            out.push_back(static_cast<char>(c));
        } else {
            out += "\\x";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}
std::string esc(std::string_view s) {
    return esc(wire::as_bytes(s));
}

// COM_QUERY with CLIENT_QUERY_ATTRIBUTES: parameter count, parameter set count, then (with
// parameters) the NULL bitmap, the bind flag, each parameter's type and name, and the values in
// the binary protocol; the statement follows.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query.html
std::optional<wire::Bytes> skip_query_attributes(wire::Bytes p) {
    wire::ByteReader r(p);
    const auto count = r.lenenc_int();
    (void)r.lenenc_int();
    if (count > 0) {
        const auto nulls = r.bytes(static_cast<std::size_t>((count + 7) / 8));
        if (r.u8() != 1) return std::nullopt;
        std::vector<std::uint8_t> types;
        for (std::uint64_t i = 0; i < count && r.ok(); ++i) {
            types.push_back(static_cast<std::uint8_t>(r.u16le()));
            (void)r.lenenc_bytes();
        }
        for (std::size_t i = 0; i < types.size() && r.ok(); ++i) {
            if ((static_cast<std::uint8_t>(nulls[i / 8]) >> (i % 8)) & 1) continue;
            switch (types[i]) {
                case 1:
                    r.skip(1);
                    break;  // TINY
                case 2:
                case 13:
                    r.skip(2);
                    break;  // SHORT, YEAR
                case 3:
                case 9:
                case 4:
                    r.skip(4);
                    break;  // LONG, INT24, FLOAT
                case 5:
                case 8:
                    r.skip(8);
                    break;  // DOUBLE, LONGLONG
                case 6:
                    break;  // NULL
                case 7:
                case 10:
                case 11:
                case 12:
                    r.skip(r.u8());
                    break;  // temporal
                default:
                    (void)r.lenenc_bytes();
                    break;  // strings, decimals, blobs
            }
        }
    }
    if (!r.ok()) return std::nullopt;
    return r.rest();
}

struct Frame {
    bool from_client = false;
    std::uint8_t seq = 0;
    std::vector<std::byte> payload;
};

// Raw packets of one direction (chunks joined; a partial packet at the end is dropped).
std::vector<Frame> split(const std::vector<std::byte>& s, bool from_client) {
    std::vector<Frame> out;
    std::size_t off = 0;
    Frame cur;
    bool in_chunks = false;
    while (off + 4 <= s.size()) {
        const std::size_t len = static_cast<std::size_t>(s[off]) |
                                static_cast<std::size_t>(s[off + 1]) << 8 |
                                static_cast<std::size_t>(s[off + 2]) << 16;
        if (off + 4 + len > s.size()) break;
        if (!in_chunks) cur = Frame{from_client, static_cast<std::uint8_t>(s[off + 3]), {}};
        cur.payload.insert(cur.payload.end(), s.begin() + static_cast<std::ptrdiff_t>(off + 4),
                           s.begin() + static_cast<std::ptrdiff_t>(off + 4 + len));
        off += 4 + len;
        in_chunks = len == 0xffffff;
        if (!in_chunks) out.push_back(std::move(cur));
    }
    return out;
}

bool is_ssl_request(const Frame& f) {
    if (f.payload.size() != 32) return false;
    wire::ByteReader r(f.payload);
    return Capabilities(r.u32le()).has(Capability::CLIENT_SSL);
}

// Both directions in protocol order: the packet carrying the next sequence id goes next; a
// client packet with sequence id 0 starts a new command. Plaintext ends at an SSLRequest.
std::vector<Frame> merge(const TcpConversation& c) {
    auto server = split(c.to_client, false);
    auto client = split(c.to_server, true);
    if (!client.empty() && is_ssl_request(client.front())) {
        client.resize(1);
        if (server.size() > 1) server.resize(1);
    }
    std::vector<Frame> out;
    std::size_t i = 0, j = 0;
    unsigned expected = 0;
    while (i < server.size() || j < client.size()) {
        const bool s_next = i < server.size() && server[i].seq == (expected & 0xff);
        const bool c_next = j < client.size() && client[j].seq == (expected & 0xff);
        const bool c_new = j < client.size() && client[j].seq == 0;
        Frame f;
        if (s_next) {
            f = server[i++];
        } else if (c_next || c_new) {
            f = client[j++];
        } else {
            ADD_FAILURE() << "cannot order the packets of " << c.client << " at sequence id "
                          << expected;
            break;
        }
        expected = f.seq + 1u;
        out.push_back(std::move(f));
    }
    return out;
}

// What this project's parsers make of one conversation, in Zeek's words.
struct Decoded {
    std::vector<std::string> events;  // lines as in Zeek's "out"
    struct LogLine {
        std::string cmd, arg, success, response;
    };
    std::vector<LogLine> log;  // login and query lines as in Zeek's mysql.log
    // For the replay test: the server packets and the client packets of the connection phase.
    std::vector<Frame> connection_phase;
};

std::string plugin_line(const char* who, std::string_view plugin, wire::Bytes data) {
    return std::string("mysql auth plugin, ") + who + ", " + std::string(plugin) + ", " +
           esc(data) + ", " + std::to_string(data.size());
}

Decoded decode(const TcpConversation& c) {
    Decoded d;
    const auto frames = merge(c);
    enum class Phase { greeting, response, auth, command } phase = Phase::greeting;
    Capabilities caps;
    Capabilities server_caps;
    std::string user;
    std::string auth_plugin;  // plugin of the exchange in progress
    bool change_user = false;
    std::uint8_t command = 0;
    std::optional<ResultSetReader> rs;
    bool response_done = true;
    for (std::size_t k = 0; k < frames.size(); ++k) {
        const Frame& f = frames[k];
        const wire::Bytes p(f.payload);
        if (phase != Phase::greeting && phase != Phase::response && f.from_client && f.seq == 0) {
            // A new command.
            phase = Phase::command;
            command = p.empty() ? 0 : static_cast<std::uint8_t>(p[0]);
            rs.reset();
            response_done = false;
            std::string arg = esc(p.subspan(std::min<std::size_t>(1, p.size())));
            if (command == 3 && caps.has(Capability::CLIENT_QUERY_ATTRIBUTES)) {
                // Query attributes come first: Zeek logs the statement only. With no
                // parameters they are two bytes (count 0, one parameter set).
                auto text = skip_query_attributes(p.subspan(1));
                arg = text ? esc(*text) : "<with attributes>" + arg;
            }
            d.events.push_back("mysql request, " + std::to_string(command) + ", " + arg);
            if (command == 3) {
                d.log.push_back({"query", arg, "T", "-"});
                rs.emplace(caps);
            }
            if (command == 0x11) {  // COM_CHANGE_USER: user, auth, db, charset, plugin, attrs
                wire::ByteReader r(p.subspan(1));
                const std::string u(r.null_terminated_str());
                const auto auth = r.bytes(r.u8());
                (void)r.null_terminated_str();
                (void)r.u16le();
                auth_plugin = std::string(r.null_terminated_str());
                EXPECT_TRUE(r.ok());
                d.events.push_back("mysql change user, " + u);
                d.events.push_back(plugin_line("T", auth_plugin, auth));
                change_user = true;
                phase = Phase::auth;
            }
            continue;
        }
        switch (phase) {
            case Phase::greeting: {
                EXPECT_FALSE(f.from_client);
                d.connection_phase.push_back(f);
                if (is_err_packet(p)) {  // e.g. 1130, host not allowed: no greeting at all
                    auto e = parse_err_packet(p);
                    EXPECT_TRUE(e.has_value());
                    d.events.push_back("mysql error, " + std::to_string(e.value().code) + ", " +
                                       esc(e.value().message));
                    return d;
                }
                auto g = parse_handshake_v10(p);
                EXPECT_TRUE(g.has_value()) << (g ? "" : g.error().message);
                if (!g) return d;
                server_caps = g.value().capabilities;
                auth_plugin = g.value().auth_plugin_name;
                if (!auth_plugin.empty()) {
                    std::vector<std::byte> data = g.value().auth_plugin_data_1;
                    data.insert(data.end(), g.value().auth_plugin_data_2.begin(),
                                g.value().auth_plugin_data_2.end());
                    d.events.push_back(plugin_line("F", auth_plugin, data));
                }
                phase = Phase::response;
                break;
            }
            case Phase::response: {
                EXPECT_TRUE(f.from_client);
                d.connection_phase.push_back(f);
                if (is_ssl_request(f)) {
                    d.events.push_back("mysql ssl request");
                    return d;
                }
                const auto r = test::parse_client_response(p, server_caps);
                EXPECT_TRUE(r.ok) << "client response of " << c.client;
                caps = r.caps & server_caps;
                user = r.user;
                d.events.push_back("mysql handshake, " + user);
                if (!r.plugin.empty()) {
                    auth_plugin = r.plugin;
                    d.events.push_back(plugin_line("T", r.plugin, r.auth));
                }
                phase = Phase::auth;
                break;
            }
            case Phase::auth: {
                if (!change_user) d.connection_phase.push_back(f);
                if (f.from_client) {
                    d.events.push_back("mysql auth more data, T, " + esc(p) + ", " +
                                       std::to_string(p.size()));
                    break;
                }
                const auto first = p.empty() ? 0 : static_cast<std::uint8_t>(p[0]);
                if (first == kOkHeader) {
                    if (!change_user) d.log.push_back({"login", user, "T", "-"});
                    phase = Phase::command;
                    change_user = false;
                } else if (first == kErrHeader) {
                    auto e = parse_err_packet(p);
                    EXPECT_TRUE(e.has_value());
                    d.events.push_back("mysql error, " + std::to_string(e.value().code) + ", " +
                                       esc(e.value().message));
                    if (!change_user) d.log.push_back({"login", user, "F", e.value().message});
                    phase = Phase::command;
                } else if (first == kAuthSwitchHeader) {
                    auto sw = parse_auth_switch_request(p);
                    if (sw) {
                        d.events.push_back("mysql auth switch request, " + sw.value().plugin_name +
                                           ", " + esc(sw.value().plugin_data) + ", " +
                                           std::to_string(sw.value().plugin_data.size()));
                    } else {
                        EXPECT_TRUE(sw.error().is(Errc::unsupported)) << sw.error().message;
                    }
                } else if (first == kAuthMoreDataHeader) {
                    auto more = parse_auth_more_data(p);
                    EXPECT_TRUE(more.has_value());
                    d.events.push_back("mysql auth more data, F, " + esc(more.value()) + ", " +
                                       std::to_string(more.value().size()));
                } else {
                    ADD_FAILURE() << "unexpected packet in authentication: " << esc(p);
                }
                break;
            }
            case Phase::command: {
                if (f.from_client || response_done || !rs) break;  // responses we do not model
                auto done = rs->on_packet(p);
                if (!done) {
                    if (const auto code = server_error_code(done.error())) {
                        d.events.push_back("mysql error, " + std::to_string(*code));
                        d.log.back().success = "F";
                    } else {
                        ADD_FAILURE()
                            << "result set of " << d.log.back().arg << ": " << done.error().message;
                    }
                    response_done = true;
                    break;
                }
                if (done.value()) {
                    for (const auto& row : rs->result().rows) {
                        std::string line = "mysql result row, [";
                        for (std::size_t i = 0; i < row.size(); ++i) {
                            if (i > 0) line += ", ";
                            line += esc(row[i].value_or(""));
                        }
                        d.events.push_back(line + "]");
                    }
                    response_done = true;
                }
                break;
            }
        }
    }
    return d;
}

std::vector<std::string> lines(const fs::path& p) {
    std::ifstream in(p);
    EXPECT_TRUE(in.good()) << "cannot read " << p;
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] != '#') out.push_back(line);
    }
    return out;
}

std::string type_of(const std::string& line) {
    // "mysql auth plugin, F, ..." -> "mysql auth plugin"; "mysql ssl request, C..." likewise.
    return line.substr(0, line.find(','));
}

struct Trace {
    const char* pcap;
    const char* baseline_dir;
    const char* out;    // file name of Zeek's event output, or nullptr
    const char* log;    // file name of Zeek's mysql.log, or nullptr
    bool compare_rows;  // the baseline prints rows as "[a, b]"
};

const Trace kTraces[] = {
    {"caching_sha2_password.pcap", "caching_sha2_password", "out", "mysql.log", true},
    {"caching_sha2_password-after-auth-switch.pcapng", "caching_sha2_password-after-auth-switch",
     "out", "mysql.log", true},
    {"mysql8-navicat-login-failed.pcap",
     "caching_sha2_password-auth-switch-to-test-sha256_password", "out", "mysql.log", true},
    {"change-user-success.pcap", "change-user-success", "out", "mysql.log", true},
    {"change-user-error.pcap", "change-user-error", "out", "mysql.log", true},
    {"mysql-9.0.0-query-attributes.pcap", "query-attr-non-string", "out", "mysql.log", true},
    {"many-query-attrs.pcap", "many-query-attr", "out", "mysql.log", true},
    {"query-attr.pcap", "query-attr", "out", "mysql.log", true},
    {"plain-amazon-rds.pcap", "plain-aws-rds", nullptr, "mysql.log", false},
    {"tls-12-amazon-rds.pcap", "encrypted-aws-rds", "tls-12.out", nullptr, false},
    {"tls-13-amazon-rds.pcap", "encrypted-aws-rds", "tls-13.out", nullptr, false},
    {"encrypted.pcap", "encrypted", "out", nullptr, false},
    {"selects_with_new_proto.pcap", "selects_with_new_proto", nullptr, "mysql.log", false},
    {"mysql-show-engine-innodb-status-no-password.pcap", "show-engine-innodb-status", nullptr,
     "mysql.log", false},
    {"mysql.pcap", "wireshark", "out", "mysql.log", true},
    {"auth.pcap", "auth", nullptr, "mysql.log", false},
};

class ZeekCapture : public ::testing::TestWithParam<Trace> {};

TEST_P(ZeekCapture, MatchesZeeksBaseline) {
    const Trace& t = GetParam();
    const auto dir = test::vector_path("zeek-mysql-pcaps");
    const auto convs = test::read_tcp_conversations(dir / "Traces" / t.pcap, 3306);
    ASSERT_FALSE(convs.empty());
    std::vector<std::string> events;
    std::vector<Decoded::LogLine> log;
    for (const auto& c : convs) {
        auto d = decode(c);
        events.insert(events.end(), d.events.begin(), d.events.end());
        log.insert(log.end(), d.log.begin(), d.log.end());
    }
    const auto base =
        dir / "Baseline" / ("scripts.base.protocols.mysql." + std::string(t.baseline_dir));
    if (t.out != nullptr) {
        // Compare the event types the baseline's script prints (those it shows at least once);
        // "mysql ok"/"mysql eof" are Zeek's own bookkeeping and skipped, rows only where the
        // script prints them as lists.
        const auto want_all = lines(base / t.out);
        std::set<std::string> types;
        for (const auto& l : want_all)
            types.insert(type_of(l));
        types.erase("mysql ok");
        types.erase("mysql eof");
        if (!t.compare_rows) types.erase("mysql result row");
        auto keep = [&](const std::vector<std::string>& in) {
            std::vector<std::string> out;
            for (const auto& l : in) {
                if (!types.count(type_of(l))) continue;
                std::string v = l;
                // Zeek writes the connection uid after "ssl request" and the message after the
                // error code: compare what both sides know.
                if (type_of(l) == "mysql ssl request") v = "mysql ssl request";
                if (type_of(l) == "mysql error") v = l.substr(0, l.find(',', l.find(',') + 1));
                out.push_back(v);
            }
            return out;
        };
        auto want = keep(want_all);
        auto got = keep(events);
        EXPECT_EQ(got, want);
        EXPECT_FALSE(want.empty());
    }
    if (t.log != nullptr) {
        std::vector<std::string> want, got;
        for (const auto& l : lines(base / t.log)) {
            std::vector<std::string> f;
            std::stringstream ss(l);
            std::string field;
            while (std::getline(ss, field, '\t'))
                f.push_back(field);
            ASSERT_GE(f.size(), 11u) << l;
            if (f[6] == "login") want.push_back("login " + f[7] + " " + f[8] + " " + f[10]);
            if (f[6] == "query") want.push_back("query " + f[7] + " " + f[8]);
        }
        for (const auto& l : log) {
            if (l.cmd == "login") {
                got.push_back("login " + l.arg + " " + l.success + " " + l.response);
            } else {
                got.push_back("query " + l.arg + " " + l.success);
            }
        }
        EXPECT_EQ(got, want);
    }
}

INSTANTIATE_TEST_SUITE_P(Traces, ZeekCapture, ::testing::ValuesIn(kTraces),
                         [](const ::testing::TestParamInfo<Trace>& p) {
                             std::string n = p.param.pcap;
                             for (auto& ch : n)
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return n;
                         });

// The caching_sha2_password capture's second session is a full authentication without TLS:
// 0x04 (perform full authentication), the client's 0x02 (request the public key), the server's
// PEM key, the client's 256-byte RSA ciphertext, OK. Our state machine, fed the same server
// packets, must answer with the same kinds of packets.
TEST(ZeekCapture, FullRsaAuthenticationReplaysThroughTheStateMachine) {
    const auto convs = test::read_tcp_conversations(
        test::vector_path("zeek-mysql-pcaps") / "Traces" / "caching_sha2_password.pcap", 3306);
    ASSERT_EQ(convs.size(), 3u);
    const auto d = decode(convs[1]);
    const auto& frames = d.connection_phase;
    // greeting, response, 0x04, 0x02, PEM, ciphertext, OK
    ASSERT_EQ(frames.size(), 7u);
    HandshakeOptions o;
    o.user = "root";
    o.password = "not-the-real-password";
    o.database = "test";
    o.tls_mode = TlsMode::preferred;  // the server offers TLS; the capture's client declined
    // Clear CLIENT_SSL in the greeting so that our client, too, stays in plaintext.
    auto greeting = frames[0].payload;
    Handshake hs(std::move(o));
    {
        auto g = parse_handshake_v10(frames[0].payload);
        ASSERT_TRUE(g.has_value());
    }
    // Find the capability bytes: after version, id, 8 bytes, filler.
    std::size_t caps_at = 1;
    while (frames[0].payload[caps_at] != std::byte{0})
        ++caps_at;
    caps_at += 1 + 4 + 8 + 1;
    greeting[caps_at + 1] &= ~std::byte{0x08};  // CLIENT_SSL is bit 11
    auto step = hs.on_packet(greeting);
    ASSERT_TRUE(step.has_value()) << step.error().message;
    ASSERT_EQ(step.value().kind, HandshakeStep::Kind::send);
    const auto ours = test::parse_client_response(step.value().packet);
    const auto theirs = test::parse_client_response(frames[1].payload);
    ASSERT_TRUE(ours.ok && theirs.ok);
    EXPECT_EQ(ours.plugin, theirs.plugin);
    EXPECT_EQ(ours.auth.size(), theirs.auth.size());
    EXPECT_EQ(ours.user, theirs.user);
    EXPECT_EQ(ours.database, theirs.database);

    step = hs.on_packet(frames[2].payload);  // 0x01 0x04
    ASSERT_TRUE(step.has_value()) << step.error().message;
    EXPECT_EQ(step.value().packet, frames[3].payload);  // 0x02
    step = hs.on_packet(frames[4].payload);             // the PEM key
    ASSERT_TRUE(step.has_value()) << step.error().message;
    EXPECT_EQ(step.value().packet.size(), frames[5].payload.size());
    EXPECT_EQ(step.value().packet.size(), 256u);
    step = hs.on_packet(frames[6].payload);  // OK
    ASSERT_TRUE(step.has_value()) << step.error().message;
    EXPECT_TRUE(hs.done());
}

}  // namespace
}  // namespace b2k::mysql
