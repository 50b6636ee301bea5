// Connection over loopback against a scripted server (scripted_server.h): every auth path with
// and without TLS, certificate verification, timeouts, unreachable hosts, faults injected at
// every step of the connection phase, queries and large packets, the raw packet stream.
// The server checks what the client sent with the test's own OpenSSL calls.

#include "mysql/connection.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "mysql/err_packet.h"
#include "mysql/ok_packet.h"
#include "mysql/replication_command.h"
#include "scripted_server.h"
#include "support/tls_certs.h"
#include "support/vectors.h"

namespace b2k::mysql {
namespace {

namespace asio = boost::asio;
using test::ScriptedServer;
using test::ServerRecord;
using test::ServerScript;
using Auth = ServerScript::Auth;

const std::string kPassword = "s3cret-Pa55";

// Runs one coroutine to completion on a fresh io_context (at most 30 s).
template <class T>
T run(std::function<asio::awaitable<T>(Connection&)> body, Connection*& out_conn,
      asio::io_context& io) {
    std::optional<T> result;
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { result.emplace(co_await body(*out_conn)); },
        asio::detached);
    io.run_for(std::chrono::seconds(30));
    io.restart();
    if (!result) throw std::runtime_error("the client coroutine did not finish within 30 s");
    return std::move(*result);
}

class Client {
  public:
    Client() : conn_(io_.get_executor()), ptr_(&conn_) {}
    template <class F>
    auto operator()(F f) {
        using Aw = decltype(f(conn_));
        using T = typename Aw::value_type;
        return run<T>(std::function<asio::awaitable<T>(Connection&)>(f), ptr_, io_);
    }
    Connection& conn() { return conn_; }
    Result<void> connect(ConnectOptions o) {
        return (*this)([o](Connection& c) { return c.connect(o); });
    }
    Result<ResultSet> query(std::string sql) {
        return (*this)([sql](Connection& c) { return c.query(sql); });
    }
    void quit() {
        (*this)([](Connection& c) -> asio::awaitable<bool> {
            co_await c.quit();
            co_return true;
        });
    }

  private:
    asio::io_context io_;
    Connection conn_;
    Connection* ptr_;
};

ConnectOptions opts(std::uint16_t port, TlsMode mode = TlsMode::disabled) {
    ConnectOptions o;
    o.host = "127.0.0.1";
    o.port = port;
    o.user = "cdc";
    o.password = kPassword;
    o.tls.mode = mode;
    o.connect_timeout = std::chrono::milliseconds(5000);
    return o;
}

void expect_no_password(const Error& e) {
    EXPECT_EQ(e.message.find(kPassword), std::string::npos) << e.message;
}

// Shows the message a user would see in the test log.
void show(const Error& e) {
    std::cout << "    error: " << e.message << "\n";
}

class ConnectionTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new std::filesystem::path(test::make_temp_dir("b2k-tls"));
        pki_ = new test::TestPki(test::make_test_pki(*dir_ / "pki"));
        rsa_ = new test::RsaKeyPem(test::make_rsa_key(2048));
    }
    static void TearDownTestSuite() {
        std::filesystem::remove_all(*dir_);
        delete rsa_;
        delete pki_;
        delete dir_;
    }
    static ServerScript script(Auth auth) {
        ServerScript s;
        s.auth = auth;
        s.password = kPassword;
        s.pki = pki_;
        s.rsa_key = rsa_;
        return s;
    }
    static std::filesystem::path* dir_;
    static test::TestPki* pki_;
    static test::RsaKeyPem* rsa_;
};
std::filesystem::path* ConnectionTest::dir_ = nullptr;
test::TestPki* ConnectionTest::pki_ = nullptr;
test::RsaKeyPem* ConnectionTest::rsa_ = nullptr;

TEST_F(ConnectionTest, NativePassword) {
    ScriptedServer server(script(Auth::native));
    Client client;
    auto r = client.connect(opts(server.port()));
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(client.conn().server().server_version, "8.0.99-scripted");
    EXPECT_EQ(client.conn().connection_id(), 7u);
    EXPECT_FALSE(client.conn().tls_active());
    client.quit();
    const ServerRecord rec = server.record();
    EXPECT_TRUE(rec.authenticated) << rec.error;
    EXPECT_TRUE(rec.quit);
    EXPECT_EQ(rec.response.user, "cdc");
    EXPECT_EQ(rec.response.plugin, "mysql_native_password");
    bool has_name = false;
    for (const auto& [k, v] : rec.response.attributes)
        has_name |= k == "_client_name" && v == "binlog2kafka";
    EXPECT_TRUE(has_name);
}

TEST_F(ConnectionTest, CachingSha2FastPath) {
    ScriptedServer server(script(Auth::sha2_fast));
    Client client;
    auto r = client.connect(opts(server.port()));
    ASSERT_TRUE(r.has_value()) << r.error().message;
    client.quit();
    EXPECT_TRUE(server.record().authenticated) << server.record().error;
}

TEST_F(ConnectionTest, CachingSha2FullAuthOverTls) {
    auto s = script(Auth::sha2_full);
    s.offer_tls = true;
    ScriptedServer server(s);
    Client client;
    auto o = opts(server.port(), TlsMode::verify_identity);
    o.tls.ca = pki_->ca_cert.string();
    auto r = client.connect(o);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_TRUE(client.conn().tls_active());
    EXPECT_NE(client.conn().tls_description().find("TLSv1."), std::string::npos);
    client.quit();
    const ServerRecord rec = server.record();
    EXPECT_TRUE(rec.tls);
    EXPECT_TRUE(rec.authenticated) << rec.error;
    EXPECT_EQ(rec.password_received, kPassword);
}

TEST_F(ConnectionTest, CachingSha2FullAuthWithTheServersRsaKey) {
    ScriptedServer server(script(Auth::sha2_full));
    Client client;
    auto r = client.connect(opts(server.port()));
    ASSERT_TRUE(r.has_value()) << r.error().message;
    client.quit();
    const ServerRecord rec = server.record();
    EXPECT_FALSE(rec.tls);
    EXPECT_TRUE(rec.authenticated) << rec.error;
    EXPECT_EQ(rec.password_received, kPassword) << "decrypted by the server with its own key";
}

TEST_F(ConnectionTest, CachingSha2FullAuthWithAKeyFile) {
    const auto key_file = *dir_ / "server-public.pem";
    std::ofstream(key_file) << rsa_->public_pem;
    ScriptedServer server(script(Auth::sha2_full));
    Client client;
    auto o = opts(server.port());
    o.tls.server_public_key = key_file.string();
    o.allow_public_key_request = false;
    auto r = client.connect(o);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    client.quit();
    EXPECT_EQ(server.record().password_received, kPassword);
}

TEST_F(ConnectionTest, CachingSha2FullAuthRefusedWithoutProtection) {
    ScriptedServer server(script(Auth::sha2_full));
    Client client;
    auto o = opts(server.port());
    o.allow_public_key_request = false;
    auto r = client.connect(o);
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_TRUE(r.error().is(Errc::config));
    EXPECT_NE(r.error().message.find("enable TLS or set tls.server_public_key"), std::string::npos);
    expect_no_password(r.error());
    EXPECT_FALSE(client.conn().is_open());
}

TEST_F(ConnectionTest, ClearPasswordOverTls) {
    auto s = script(Auth::clear_password);
    s.offer_tls = true;
    ScriptedServer server(s);
    Client client;
    auto r = client.connect(opts(server.port(), TlsMode::required));
    ASSERT_TRUE(r.has_value()) << r.error().message;
    client.quit();
    const ServerRecord rec = server.record();
    EXPECT_TRUE(rec.tls);
    EXPECT_EQ(rec.password_received, kPassword);
}

TEST_F(ConnectionTest, ClearPasswordRefusedWithoutTls) {
    ScriptedServer server(script(Auth::clear_password));
    Client client;
    auto r = client.connect(opts(server.port(), TlsMode::preferred));
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_TRUE(r.error().is(Errc::config));
    EXPECT_NE(r.error().message.find("mysql_clear_password"), std::string::npos);
    expect_no_password(r.error());
}

TEST_F(ConnectionTest, AccessDenied) {
    ScriptedServer server(script(Auth::deny));
    Client client;
    auto r = client.connect(opts(server.port()));
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_EQ(server_error_code(r.error()), 1045);
    EXPECT_NE(r.error().message.find("Access denied for user 'cdc'@'127.0.0.1'"), std::string::npos)
        << r.error().message;
    expect_no_password(r.error());
}

TEST_F(ConnectionTest, VerifyIdentityPassesForTheRightNames) {
    for (const std::string host : {"127.0.0.1", "localhost"}) {
        auto s = script(Auth::sha2_fast);
        s.offer_tls = true;
        ScriptedServer server(s);
        Client client;
        auto o = opts(server.port(), TlsMode::verify_identity);
        o.host = host;
        o.tls.ca = pki_->ca_cert.string();
        auto r = client.connect(o);
        ASSERT_TRUE(r.has_value()) << host << ": " << r.error().message;
        client.quit();
    }
}

TEST_F(ConnectionTest, VerifyIdentityFailsForAWrongName) {
    auto s = script(Auth::sha2_fast);
    s.offer_tls = true;
    ScriptedServer server(s);
    Client client;
    auto o = opts(server.port(), TlsMode::verify_identity);
    o.tls.ca = pki_->ca_cert.string();
    o.tls.server_name = "db.example.com";
    auto r = client.connect(o);
    ASSERT_FALSE(r.has_value());
    show(r.error());
    const std::string& m = r.error().message;
    EXPECT_TRUE(r.error().is(Errc::config)) << m;
    EXPECT_NE(m.find("hostname mismatch"), std::string::npos) << m;
    EXPECT_NE(m.find("does not name 'db.example.com'"), std::string::npos) << m;
    EXPECT_NE(m.find("DNS:localhost, IP:127.0.0.1"), std::string::npos) << m;
    EXPECT_NE(m.find("127.0.0.1:" + std::to_string(server.port())), std::string::npos) << m;
}

TEST_F(ConnectionTest, VerifyCaIgnoresTheNameButChecksTheChain) {
    {
        auto s = script(Auth::sha2_fast);
        s.offer_tls = true;
        ScriptedServer server(s);
        Client client;
        auto o = opts(server.port(), TlsMode::verify_ca);
        o.tls.ca = pki_->ca_cert.string();
        o.tls.server_name = "db.example.com";
        auto r = client.connect(o);
        EXPECT_TRUE(r.has_value()) << r.error().message;
    }
    {
        auto s = script(Auth::sha2_fast);
        s.offer_tls = true;
        ScriptedServer server(s);
        Client client;
        auto o = opts(server.port(), TlsMode::verify_ca);
        o.tls.ca = pki_->other_ca_cert.string();
        auto r = client.connect(o);
        ASSERT_FALSE(r.has_value());
        show(r.error());
        const std::string& m = r.error().message;
        EXPECT_TRUE(r.error().is(Errc::config)) << m;
        EXPECT_NE(m.find("certificate verification failed"), std::string::npos) << m;
        EXPECT_NE(m.find("unable to get local issuer certificate"), std::string::npos) << m;
        EXPECT_NE(m.find("CN=b2k-test-server"), std::string::npos) << m;
        EXPECT_NE(m.find("issued by 'CN=b2k test CA"), std::string::npos) << m;
        EXPECT_NE(m.find(pki_->other_ca_cert.string()), std::string::npos) << m;
    }
}

TEST_F(ConnectionTest, PreferredAndRequiredDoNotVerify) {
    for (TlsMode mode : {TlsMode::preferred, TlsMode::required}) {
        auto s = script(Auth::sha2_fast);
        s.offer_tls = true;
        ScriptedServer server(s);
        Client client;
        auto o = opts(server.port(), mode);
        o.tls.server_name = "db.example.com";  // neither the name nor the CA is known
        auto r = client.connect(o);
        ASSERT_TRUE(r.has_value()) << r.error().message;
        EXPECT_TRUE(client.conn().tls_active());
    }
}

TEST_F(ConnectionTest, RequiredFailsCleanlyWithoutServerTls) {
    ScriptedServer server(script(Auth::sha2_fast));
    Client client;
    auto r = client.connect(opts(server.port(), TlsMode::required));
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_TRUE(r.error().is(Errc::config));
    EXPECT_NE(r.error().message.find("the server does not support TLS but tls.mode=required"),
              std::string::npos)
        << r.error().message;
    EXPECT_FALSE(client.conn().is_open());
}

TEST_F(ConnectionTest, ClientCertificate) {
    auto s = script(Auth::sha2_fast);
    s.offer_tls = true;
    s.require_client_cert = true;
    {
        ScriptedServer server(s);
        Client client;
        auto o = opts(server.port(), TlsMode::verify_identity);
        o.tls.ca = pki_->ca_cert.string();
        o.tls.cert = pki_->client_cert.string();
        o.tls.key = pki_->client_key.string();
        auto r = client.connect(o);
        ASSERT_TRUE(r.has_value()) << r.error().message;
        client.quit();
        EXPECT_TRUE(server.record().client_cert);
    }
    {
        Client client;
        auto o = opts(1, TlsMode::verify_identity);
        o.tls.cert = pki_->client_cert.string();  // no key
        auto r = client.connect(o);
        ASSERT_FALSE(r.has_value());
        show(r.error());
        EXPECT_TRUE(r.error().is(Errc::config));
        o.tls.key = (*dir_ / "missing.pem").string();
        r = client.connect(o);
        ASSERT_FALSE(r.has_value());
        show(r.error());
        EXPECT_NE(r.error().message.find("missing.pem"), std::string::npos);
        o = opts(1, TlsMode::verify_ca);
        o.tls.ca = (*dir_ / "no-ca.pem").string();
        r = client.connect(o);
        ASSERT_FALSE(r.has_value());
        show(r.error());
        EXPECT_NE(r.error().message.find("cannot load tls.ca"), std::string::npos);
    }
}

TEST_F(ConnectionTest, UnreachableHost) {
    // A port nobody listens on: bind one, note it, close it.
    std::uint16_t port = 0;
    {
        asio::io_context io;
        asio::ip::tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
        port = a.local_endpoint().port();
    }
    Client client;
    auto r = client.connect(opts(port));
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_TRUE(r.error().is(Errc::io));
    EXPECT_NE(r.error().message.find("cannot connect to 127.0.0.1:" + std::to_string(port)),
              std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("refused"), std::string::npos) << r.error().message;

    auto o = opts(3306);
    o.host = "no-such-host.invalid";
    r = client.connect(o);
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_NE(r.error().message.find("cannot resolve no-such-host.invalid:3306"), std::string::npos)
        << r.error().message;
}

TEST_F(ConnectionTest, ConnectTimeout) {
    auto s = script(Auth::sha2_fast);
    s.silent = true;
    ScriptedServer server(s);
    Client client;
    auto o = opts(server.port());
    o.connect_timeout = std::chrono::milliseconds(300);
    const auto start = std::chrono::steady_clock::now();
    auto r = client.connect(o);
    const auto took = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_TRUE(r.error().is(Errc::io));
    EXPECT_NE(r.error().message.find("timed out after 300 ms"), std::string::npos)
        << r.error().message;
    EXPECT_LT(took, std::chrono::seconds(3));
}

// The server closes the connection after its n-th packet, for every n of each exchange, or
// sends its n-th packet with a wrong sequence id: the client fails with an error naming the
// server (never hangs, never succeeds), and is closed.
TEST_F(ConnectionTest, FaultAtEveryStep) {
    struct Case {
        Auth auth;
        bool tls;
        int packets;  // packets the server sends in a successful exchange
    };
    int runs = 0;
    for (const Case c : {Case{Auth::native, false, 2}, Case{Auth::sha2_fast, false, 3},
                         Case{Auth::sha2_full, false, 4}, Case{Auth::sha2_full, true, 3},
                         Case{Auth::clear_password, true, 3}}) {
        for (int n = 0; n < c.packets; ++n) {
            for (const bool corrupt : {false, true}) {
                SCOPED_TRACE("auth " + std::to_string(static_cast<int>(c.auth)) + " tls " +
                             std::to_string(c.tls) + " fault at packet " + std::to_string(n) +
                             (corrupt ? " (wrong sequence id)" : " (connection closed)"));
                auto s = script(c.auth);
                s.offer_tls = c.tls;
                if (corrupt) {
                    s.corrupt_packet = n;
                } else {
                    s.close_after_sent = n;
                }
                ScriptedServer server(s);
                Client client;
                auto r = client.connect(
                    opts(server.port(), c.tls ? TlsMode::required : TlsMode::disabled));
                ASSERT_FALSE(r.has_value());
                show(r.error());
                EXPECT_TRUE(r.error().is(corrupt ? Errc::protocol : Errc::io)) << r.error().message;
                EXPECT_NE(r.error().message.find("127.0.0.1:" + std::to_string(server.port())),
                          std::string::npos)
                    << r.error().message;
                expect_no_password(r.error());
                EXPECT_FALSE(client.conn().is_open());
                ++runs;
            }
        }
    }
    EXPECT_EQ(runs, 30);
}

std::vector<std::byte> column(const std::string& name) {
    wire::ByteWriter w;
    for (const char* s : {"def", "db", "t", "t"})
        w.lenenc_str(s);
    w.lenenc_str(name);
    w.lenenc_str(name);
    w.lenenc_int(0x0c);
    w.u16le(45);
    w.u32le(1024);
    w.u8(0xfd);
    w.u16le(0);
    w.u8(0);
    w.u16le(0);
    return std::move(w).take();
}

std::vector<std::vector<std::byte>> result(const std::vector<std::string>& names,
                                           const std::vector<Row>& rows, bool dep) {
    std::vector<std::vector<std::byte>> out;
    wire::ByteWriter count;
    count.lenenc_int(names.size());
    out.push_back(std::move(count).take());
    for (const auto& n : names)
        out.push_back(column(n));
    auto eof = test::from_hex("fe00000200");
    if (!dep) out.push_back(eof);
    for (const auto& r : rows) {
        wire::ByteWriter w;
        for (const auto& v : r) {
            if (v) {
                w.lenenc_str(*v);
            } else {
                w.u8(0xfb);
            }
        }
        out.push_back(std::move(w).take());
    }
    if (dep) {
        auto ok = test::ok_packet();
        ok[0] = std::byte{0xfe};
        out.push_back(ok);
    } else {
        out.push_back(eof);
    }
    return out;
}

auto answers() {
    return [](const std::string& sql, bool dep) -> std::vector<std::vector<std::byte>> {
        if (sql == "SHOW MASTER STATUS") {
            return result({"File", "Position", "Binlog_Do_DB"},
                          {{"mysql-bin.000003", "1234", std::nullopt}}, dep);
        }
        if (sql == "SELECT big") {
            return result({"big"}, {{std::string(17 * 1024 * 1024 + 3, 'b')}}, dep);
        }
        if (sql == "SET @x = 1") return {test::ok_packet()};
        if (sql == "#18") {  // a "binlog dump": events, then EOF
            std::vector<std::vector<std::byte>> out;
            for (int i = 0; i < 200; ++i) {
                std::vector<std::byte> ev(1 + 20 + static_cast<std::size_t>(i), std::byte{0x5a});
                ev[0] = std::byte{0};
                ev[1] = static_cast<std::byte>(i);
                out.push_back(ev);
            }
            std::vector<std::byte> big(0xffffff * 2, std::byte{0x42});  // two full chunks + ""
            big[0] = std::byte{0};
            out.push_back(big);
            out.push_back(test::from_hex("fe00000200"));
            return out;
        }
        return {test::err_packet(1227, "42000",
                                 "Access denied; you need (at least one of) the "
                                 "SUPER privilege(s) for this operation")};
    };
}

TEST_F(ConnectionTest, Queries) {
    for (const bool dep : {true, false}) {
        SCOPED_TRACE(dep ? "CLIENT_DEPRECATE_EOF" : "EOF packets");
        auto s = script(Auth::sha2_fast);
        s.deprecate_eof = dep;
        s.answer = answers();
        ScriptedServer server(s);
        Client client;
        ASSERT_TRUE(client.connect(opts(server.port())).has_value());
        EXPECT_EQ(client.conn().capabilities().has(Capability::CLIENT_DEPRECATE_EOF), dep);

        auto rs = client.query("SHOW MASTER STATUS");
        ASSERT_TRUE(rs.has_value()) << rs.error().message;
        EXPECT_EQ(rs.value().column_names(),
                  (std::vector<std::string>{"File", "Position", "Binlog_Do_DB"}));
        ASSERT_EQ(rs.value().rows.size(), 1u);
        EXPECT_EQ(rs.value().rows[0][0], "mysql-bin.000003");
        EXPECT_EQ(rs.value().rows[0][2], std::nullopt);

        auto ok = client.query("SET @x = 1");
        ASSERT_TRUE(ok.has_value()) << ok.error().message;
        EXPECT_TRUE(ok.value().columns.empty());

        // A server error answers the query and leaves the connection usable.
        auto denied = client.query("SET GLOBAL x = 1");
        ASSERT_FALSE(denied.has_value());
        EXPECT_EQ(server_error_code(denied.error()), 1227);
        EXPECT_NE(denied.error().message.find("query 'SET GLOBAL x = 1'"), std::string::npos);
        EXPECT_TRUE(client.conn().is_open());

        // A row of 17 MiB arrives in two packets and is joined.
        auto big = client.query("SELECT big");
        ASSERT_TRUE(big.has_value()) << big.error().message;
        ASSERT_EQ(big.value().rows.size(), 1u);
        EXPECT_EQ(big.value().rows[0][0]->size(), 17u * 1024 * 1024 + 3);

        client.quit();
        const auto rec = server.record();
        EXPECT_TRUE(rec.quit) << rec.error;
        EXPECT_EQ(rec.queries.size(), 4u);
    }
}

// The raw packet API the replication stream uses: a command, then packets until EOF.
TEST_F(ConnectionTest, RawPacketStream) {
    auto s = script(Auth::sha2_fast);
    s.answer = answers();
    ScriptedServer server(s);
    Client client;
    ASSERT_TRUE(client.connect(opts(server.port())).has_value());
    BinlogDump dump;
    dump.server_id = 1234;
    const auto cmd = encode_binlog_dump(dump);
    auto sent = client([&cmd](Connection& c) { return c.send_command(cmd); });
    ASSERT_TRUE(sent.has_value()) << sent.error().message;
    auto read_all = [](Connection& c) -> asio::awaitable<Result<std::vector<std::size_t>>> {
        std::vector<std::size_t> sizes;
        for (;;) {
            // Drain what is buffered without suspending, then wait for more.
            auto buffered = c.try_read_buffered();
            if (!buffered) co_return failure(std::move(buffered).error());
            wire::Bytes p;
            if (buffered.value()) {
                p = *buffered.value();
            } else {
                auto next = co_await c.read_packet();
                if (!next) co_return failure(std::move(next).error());
                p = next.value();
            }
            if (is_eof_packet(p)) co_return sizes;
            sizes.push_back(p.size());
        }
    };
    auto sizes = client(read_all);
    ASSERT_TRUE(sizes.has_value()) << sizes.error().message;
    ASSERT_EQ(sizes.value().size(), 201u);
    EXPECT_EQ(sizes.value()[0], 21u);
    EXPECT_EQ(sizes.value()[199], 21u + 199);
    EXPECT_EQ(sizes.value()[200], 2u * 0xffffff);
}

TEST_F(ConnectionTest, IoTimeoutOnARead) {
    auto s = script(Auth::sha2_fast);
    s.answer = [](const std::string&, bool) { return std::vector<std::vector<std::byte>>{}; };
    ScriptedServer server(s);
    Client client;
    auto o = opts(server.port());
    o.io_timeout = std::chrono::milliseconds(200);
    ASSERT_TRUE(client.connect(o).has_value());
    auto r = client.query("SELECT sleep(100)");
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_TRUE(r.error().is(Errc::io));
    EXPECT_NE(r.error().message.find("timed out after 200 ms"), std::string::npos)
        << r.error().message;
    EXPECT_FALSE(client.conn().is_open());
}

TEST_F(ConnectionTest, NotConnected) {
    Client client;
    auto r = client.query("SELECT 1");
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_TRUE(r.error().is(Errc::io));
}

}  // namespace
}  // namespace b2k::mysql
