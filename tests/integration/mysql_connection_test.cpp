// The client protocol against a real MariaDB (started by the test through
// scripts/lib/mariadb.sh): native password auth as the least-privilege cdc user, TLS with a CA
// and server certificate made by the test (verify_identity, verify_ca, required against a
// server without TLS), queries with and without CLIENT_DEPRECATE_EOF, a 20 MiB row (split
// packets), server errors, and the replication command encoders (COM_REGISTER_SLAVE,
// COM_BINLOG_DUMP) read back through the raw packet API.

#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "mysql/connection.h"
#include "mysql/err_packet.h"
#include "mysql/ok_packet.h"
#include "mysql/replication_command.h"
#include "support/mariadb_server.h"
#include "support/run_coroutine.h"
#include "support/tls_certs.h"

namespace b2k::mysql {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

// A connection and the io_context it runs on.
struct Client {
    asio::io_context io;
    Connection conn{io.get_executor()};

    Result<void> connect(ConnectOptions o) {
        return test::run_coroutine<Result<void>>(io, [&, o]() { return conn.connect(o); });
    }
    Result<ResultSet> query(const std::string& sql) {
        return test::run_coroutine<Result<ResultSet>>(io, [&, sql]() { return conn.query(sql); });
    }
    void quit() {
        test::run_coroutine<bool>(io, [&]() -> asio::awaitable<bool> {
            co_await conn.quit();
            co_return true;
        });
    }
};

void show(const Error& e) {
    std::cout << "    error: " << e.message << "\n";
}

class MariadbConnection : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new fs::path(test::make_temp_dir("b2k-pki"));
        pki_ = new test::TestPki(test::make_test_pki(*dir_));
        tls_ = new test::MariadbServer(
            {"--ssl-ca=" + pki_->ca_cert.string(), "--ssl-cert=" + pki_->server_cert.string(),
             "--ssl-key=" + pki_->server_key.string(), "--max-allowed-packet=64M"});
        plain_ = new test::MariadbServer({"--skip-ssl"});
    }
    static void TearDownTestSuite() {
        delete plain_;
        delete tls_;
        delete pki_;
        fs::remove_all(*dir_);
        delete dir_;
    }
    static ConnectOptions opts(const test::MariadbServer& db, TlsMode mode) {
        ConnectOptions o;
        o.host = db.host();
        o.port = db.port();
        o.user = db.user();
        o.password = db.password();
        o.tls.mode = mode;
        return o;
    }
    static fs::path* dir_;
    static test::TestPki* pki_;
    static test::MariadbServer* tls_;
    static test::MariadbServer* plain_;
};
fs::path* MariadbConnection::dir_ = nullptr;
test::TestPki* MariadbConnection::pki_ = nullptr;
test::MariadbServer* MariadbConnection::tls_ = nullptr;
test::MariadbServer* MariadbConnection::plain_ = nullptr;

TEST_F(MariadbConnection, NativePasswordWithoutTls) {
    Client c;
    auto r = c.connect(opts(*plain_, TlsMode::preferred));  // the server offers no TLS
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_FALSE(c.conn.tls_active());
    EXPECT_TRUE(c.conn.server().is_mariadb());
    EXPECT_EQ(c.conn.server().auth_plugin_name, "mysql_native_password");
    auto rs = c.query("SELECT CURRENT_USER(), @@log_bin, NULL AS nothing, '' AS empty, 42");
    ASSERT_TRUE(rs.has_value()) << rs.error().message;
    ASSERT_EQ(rs.value().rows.size(), 1u);
    const Row& row = rs.value().rows[0];
    EXPECT_EQ(row[0], "cdc@127.0.0.1");
    EXPECT_EQ(row[1], "1");
    EXPECT_EQ(row[2], std::nullopt);
    EXPECT_EQ(row[3], "");
    EXPECT_EQ(row[4], "42");
    EXPECT_EQ(rs.value().column_names()[2], "nothing");
    c.quit();
}

TEST_F(MariadbConnection, WrongPassword) {
    Client c;
    auto o = opts(*plain_, TlsMode::disabled);
    o.password = "not-the-password-1234";
    auto r = c.connect(o);
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_EQ(server_error_code(r.error()), 1045);
    EXPECT_NE(r.error().message.find("Access denied for user 'cdc'"), std::string::npos);
    EXPECT_EQ(r.error().message.find(o.password), std::string::npos);
}

TEST_F(MariadbConnection, RequiredFailsAgainstAServerWithoutTls) {
    for (TlsMode m : {TlsMode::required, TlsMode::verify_identity}) {
        Client c;
        auto o = opts(*plain_, m);
        o.tls.ca = pki_->ca_cert.string();
        auto r = c.connect(o);
        ASSERT_FALSE(r.has_value());
        show(r.error());
        EXPECT_TRUE(r.error().is(Errc::config));
        EXPECT_NE(r.error().message.find("the server does not support TLS but tls.mode=" +
                                         std::string(to_string(m))),
                  std::string::npos);
    }
}

TEST_F(MariadbConnection, VerifyIdentityPasses) {
    Client c;
    auto o = opts(*tls_, TlsMode::verify_identity);
    o.tls.ca = pki_->ca_cert.string();
    auto r = c.connect(o);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_TRUE(c.conn.tls_active());
    auto rs = c.query("SHOW SESSION STATUS LIKE 'Ssl_version'");
    ASSERT_TRUE(rs.has_value()) << rs.error().message;
    ASSERT_EQ(rs.value().rows.size(), 1u);
    EXPECT_EQ(rs.value().rows[0][1].value_or("").rfind("TLSv1.", 0), 0u)
        << rs.value().rows[0][1].value_or("NULL");
    std::cout << "    " << c.conn.tls_description() << "\n";
    c.quit();
}

TEST_F(MariadbConnection, VerifyIdentityFailsForAWrongName) {
    Client c;
    auto o = opts(*tls_, TlsMode::verify_identity);
    o.tls.ca = pki_->ca_cert.string();
    o.tls.server_name = "wrong.example.com";
    auto r = c.connect(o);
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_TRUE(r.error().is(Errc::config));
    EXPECT_NE(r.error().message.find("does not name 'wrong.example.com'"), std::string::npos);
}

TEST_F(MariadbConnection, VerifyCaFailsForAnotherCa) {
    Client c;
    auto o = opts(*tls_, TlsMode::verify_ca);
    o.tls.ca = pki_->other_ca_cert.string();
    auto r = c.connect(o);
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_TRUE(r.error().is(Errc::config));
    EXPECT_NE(r.error().message.find(pki_->other_ca_cert.string()), std::string::npos);
}

TEST_F(MariadbConnection, QueriesWithAndWithoutDeprecateEof) {
    for (const bool dep : {true, false}) {
        SCOPED_TRACE(dep ? "CLIENT_DEPRECATE_EOF" : "EOF packets");
        Client c;
        auto o = opts(*tls_, TlsMode::required);
        o.deprecate_eof = dep;
        ASSERT_TRUE(c.connect(o).has_value());
        EXPECT_EQ(c.conn.capabilities().has(Capability::CLIENT_DEPRECATE_EOF), dep);
        auto many =
            c.query("SELECT seq, IF(seq % 3 = 0, NULL, CONCAT('v', seq)) FROM mysql.seq_1_to_5000");
        ASSERT_TRUE(many.has_value()) << many.error().message;
        ASSERT_EQ(many.value().rows.size(), 5000u);
        EXPECT_EQ(many.value().rows[4999][0], "5000");
        EXPECT_EQ(many.value().rows[2][1], std::nullopt);
        EXPECT_EQ(many.value().rows[3][1], "v4");
        auto vars = c.query("SHOW GLOBAL VARIABLES LIKE 'binlog_format'");
        ASSERT_TRUE(vars.has_value()) << vars.error().message;
        ASSERT_EQ(vars.value().rows.size(), 1u);
        EXPECT_EQ(vars.value().rows[0][1], "ROW");
        auto set = c.query("SET @b2k = 1");
        ASSERT_TRUE(set.has_value());
        EXPECT_TRUE(set.value().columns.empty());
        // A missing privilege is a server error; the connection stays usable.
        auto denied = c.query("SET GLOBAL max_connections = 100");
        ASSERT_FALSE(denied.has_value());
        show(denied.error());
        EXPECT_TRUE(server_error_code(denied.error()).has_value());
        EXPECT_TRUE(c.conn.is_open());
        auto after = c.query("SELECT @b2k");
        ASSERT_TRUE(after.has_value()) << after.error().message;
        EXPECT_EQ(after.value().rows[0][0], "1");
        c.quit();
    }
}

TEST_F(MariadbConnection, RowsLargerThan16MiB) {
    Client c;
    ASSERT_TRUE(c.connect(opts(*tls_, TlsMode::required)).has_value());
    const std::size_t n = 20 * 1024 * 1024;
    auto rs = c.query("SELECT REPEAT('a', " + std::to_string(n) + "), 'after'");
    ASSERT_TRUE(rs.has_value()) << rs.error().message;
    ASSERT_EQ(rs.value().rows.size(), 1u);
    EXPECT_EQ(rs.value().rows[0][0]->size(), n);
    EXPECT_EQ(rs.value().rows[0][1], "after");
    // Exactly one chunk of payload: the row's packet is 0xffffff bytes, then an empty one.
    const std::size_t exact = 0xffffff - 4;  // lenenc prefix (4 bytes) + value = 0xffffff
    auto edge = c.query("SELECT REPEAT('b', " + std::to_string(exact) + ")");
    ASSERT_TRUE(edge.has_value()) << edge.error().message;
    EXPECT_EQ(edge.value().rows[0][0]->size(), exact);
    c.quit();
}

TEST_F(MariadbConnection, Database) {
    Client c;
    auto o = opts(*plain_, TlsMode::disabled);
    o.database = "mysql";
    ASSERT_TRUE(c.connect(o).has_value());
    auto rs = c.query("SELECT DATABASE()");
    ASSERT_TRUE(rs.has_value());
    EXPECT_EQ(rs.value().rows[0][0], "mysql");
    c.quit();
    Client d;
    o.database = "no_such_db";
    auto r = d.connect(o);
    ASSERT_FALSE(r.has_value());
    show(r.error());
    EXPECT_TRUE(server_error_code(r.error()).has_value());
}

// The replication encoders against the real server: register, dump from the first file in
// non-blocking mode, read raw packets up to the EOF.
TEST_F(MariadbConnection, RegisterAndDumpThroughTheRawPacketApi) {
    plain_->sql(
        "CREATE DATABASE IF NOT EXISTS b2k_it; CREATE TABLE IF NOT EXISTS b2k_it.t "
        "(id INT PRIMARY KEY); INSERT INTO b2k_it.t VALUES (1), (2), (3)");
    Client c;
    ASSERT_TRUE(c.connect(opts(*plain_, TlsMode::disabled)).has_value());
    ASSERT_TRUE(c.query("SET @master_binlog_checksum = @@global.binlog_checksum").has_value());
    ASSERT_TRUE(c.query("SET @mariadb_slave_capability = 4").has_value());
    auto files = c.query("SHOW BINARY LOGS");
    ASSERT_TRUE(files.has_value()) << files.error().message;
    ASSERT_FALSE(files.value().rows.empty());
    const std::string first = *files.value().rows[0][0];

    RegisterSlave reg;
    reg.server_id = 4242;
    reg.hostname = "b2k-test";
    reg.user = "cdc";
    auto reg_packet = encode_register_slave(reg);
    ASSERT_TRUE(reg_packet.has_value());
    auto ok = test::run_coroutine<Result<wire::Bytes>>(
        c.io, [&]() -> asio::awaitable<Result<wire::Bytes>> {
            auto sent = co_await c.conn.send_command(reg_packet.value());
            if (!sent) co_return failure(std::move(sent).error());
            co_return co_await c.conn.read_packet();
        });
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
    EXPECT_TRUE(is_ok_packet(ok.value()));

    BinlogDump dump;
    dump.server_id = 4242;
    dump.filename = first;
    dump.position = 0;  // sent as 4
    dump.flags = static_cast<std::uint16_t>(BinlogDumpFlag::BINLOG_DUMP_NON_BLOCK);
    const auto dump_packet = encode_binlog_dump(dump);
    std::vector<std::uint8_t> types;
    auto end = test::run_coroutine<Result<void>>(c.io, [&]() -> asio::awaitable<Result<void>> {
        auto sent = co_await c.conn.send_command(dump_packet);
        if (!sent) co_return failure(std::move(sent).error());
        for (;;) {
            auto p = co_await c.conn.read_packet();
            if (!p) co_return failure(std::move(p).error());
            if (is_eof_packet(p.value())) co_return success();
            if (is_err_packet(p.value())) {
                co_return failure(server_error(parse_err_packet(p.value()).value(), "binlog dump"));
            }
            if (p.value().size() < 1 + 19) co_return failure(Errc::protocol, "short event");
            types.push_back(static_cast<std::uint8_t>(p.value()[1 + 4]));  // event type
        }
    });
    ASSERT_TRUE(end.has_value()) << end.error().message;
    ASSERT_GE(types.size(), 3u);
    EXPECT_EQ(types[0], 4);   // the artificial ROTATE_EVENT
    EXPECT_EQ(types[1], 15);  // FORMAT_DESCRIPTION_EVENT
    // MariaDB writes WRITE_ROWS_EVENT_V1 (23), MySQL WRITE_ROWS_EVENT (30).
    EXPECT_TRUE(std::find(types.begin(), types.end(), 23) != types.end() ||
                std::find(types.begin(), types.end(), 30) != types.end())
        << "no WRITE_ROWS event in " << types.size() << " events";
    c.quit();
}

TEST(MariadbServerSupport, RestartKeepsPortAndData) {
    test::MariadbServer db;
    db.sql("CREATE DATABASE keep_me");
    const auto port = db.port();
    db.restart();
    EXPECT_EQ(db.port(), port);
    const auto rows = db.sql_rows("SHOW DATABASES LIKE 'keep_me'");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0], "keep_me");
    EXPECT_THROW(db.sql("THIS IS NOT SQL"), std::runtime_error);
    const auto dir = db.dir();
    EXPECT_TRUE(fs::exists(dir / "binlog"));
}

TEST(MariadbServerSupport, FailsLoudlyWithoutMariadbd) {
    ::setenv("MDB_MARIADBD", "/nonexistent/mariadbd", 1);
    try {
        test::MariadbServer db;
        ADD_FAILURE() << "a server started without mariadbd";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/mariadbd"), std::string::npos)
            << e.what();
    }
    ::unsetenv("MDB_MARIADBD");
}

}  // namespace
}  // namespace b2k::mysql
