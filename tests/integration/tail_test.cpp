// `binlog2kafka tail` against a real MariaDB on loopback, as a least-privilege replica user:
// its JSON lines must equal `binlog2kafka decode` of the same binlog files, line for line,
// for file/position and GTID starts, with FULL and MINIMAL row metadata.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/mariadb_server.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;

struct Proc {
    int status = 0;
    std::string out;
};

Proc run(const std::string& cmd) {
    Proc r;
    FILE* p = ::popen((cmd + " 2>/tmp/b2k-tail-test.err").c_str(), "r");
    if (p == nullptr) throw std::runtime_error("cannot run " + cmd);
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        r.out.append(buf, n);
    r.status = ::pclose(p);
    return r;
}

std::string read_err() {
    std::ifstream in("/tmp/b2k-tail-test.err");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}

// Rows of many types, transactions, DDL, updates and deletes.
const char* const kWorkload = R"sql(
CREATE DATABASE shop;
CREATE TABLE shop.items (
  id INT PRIMARY KEY, title VARCHAR(100), price DECIMAL(10,2), qty SMALLINT UNSIGNED,
  big BIGINT UNSIGNED, f FLOAT, d DOUBLE, born DATE, seen DATETIME(3), ts TIMESTAMP(6) NULL,
  t TIME(2), y YEAR, flags SET('a','b','c'), kind ENUM('x','y'), bits BIT(12),
  blob_col BLOB, txt TEXT CHARACTER SET latin1, doc JSON, bin BINARY(4)
) ENGINE=InnoDB;
SET time_zone = '+00:00';
INSERT INTO shop.items VALUES
  (1, 'café', 12.50, 65535, 18446744073709551615, 1.5, -2.25e-10, '2024-02-29',
   '2024-02-29 13:45:01.250', '2024-02-29 13:45:01.123456', '-838:59:59.00', 2024, 'a,c', 'y',
   b'101010101010', x'00ff10', 'naïve €', '{"k": [1, 2]}', x'01'),
  (2, NULL, -0.01, 0, 0, 0, 0, '1000-01-01', '1000-01-01 00:00:00', NULL, '00:00:00', 1901,
   '', 'x', b'0', '', '', NULL, x'');
BEGIN;
UPDATE shop.items SET title = 'renamed', qty = qty - 1 WHERE id = 1;
INSERT INTO shop.items (id, title) VALUES (3, 'three');
COMMIT;
DELETE FROM shop.items WHERE id = 2;
ALTER TABLE shop.items ADD COLUMN extra INT DEFAULT 7;
INSERT INTO shop.items (id, title, extra) VALUES (4, 'four', 8);
UPDATE shop.items SET id = 40 WHERE id = 4;
)sql";

std::string write_config(const MariadbServer& db, const std::string& start) {
    const fs::path p =
        db.dir() / ("tail-" + std::to_string(std::hash<std::string>{}(start)) + ".yaml");
    std::ofstream out(p);
    out << "source:\n"
        << "  name: test\n"
        << "  host: 127.0.0.1\n"
        << "  port: " << db.port() << "\n"
        << "  user: " << db.user() << "\n"
        << "  password: " << db.password() << "\n"
        << "  server_id: 4242\n"
        << "  tls: {mode: disabled}\n"
        << "  start: " << start << "\n"
        << "kafka:\n  brokers: embedded\n";
    return p.string();
}

std::vector<fs::path> binlog_files(const MariadbServer& db) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(db.binlog_dir())) {
        const auto name = e.path().filename().string();
        if (name.find(".index") == std::string::npos && name.find("mysql-bin.") == 0) {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string decode_all(const MariadbServer& db) {
    std::string cmd = std::string(B2K_BINARY) + " decode";
    for (const auto& f : binlog_files(db))
        cmd += " " + f.string();
    Proc r = run(cmd);
    EXPECT_EQ(r.status, 0) << read_err();
    return r.out;
}

// tail's source.name is the config's source.name ("test"), decode's is "decode".
std::string as_decode(std::string line) {
    const std::string from = "\"name\":\"test\"";
    if (auto at = line.find(from); at != std::string::npos)
        line.replace(at, from.size(), "\"name\":\"decode\"");
    return line;
}

void expect_same_lines(const std::string& tail_out, const std::string& decode_out,
                       std::size_t min_lines) {
    auto t = lines(tail_out);
    for (auto& l : t)
        l = as_decode(l);
    const auto d = lines(decode_out);
    ASSERT_GE(t.size(), min_lines) << "tail printed too little:\n" << tail_out.substr(0, 2000);
    ASSERT_EQ(t.size(), d.size()) << "tail:\n"
                                  << tail_out.substr(0, 3000) << "\ndecode:\n"
                                  << decode_out.substr(0, 3000);
    for (std::size_t i = 0; i < t.size(); ++i)
        EXPECT_EQ(t[i], d[i]) << "line " << i;
}

class TailTest : public ::testing::TestWithParam<const char*> {};

TEST_P(TailTest, FilePositionStartEqualsDecode) {
    MariadbServer db({std::string("--binlog-row-metadata=") + GetParam(), "--binlog-format=ROW"});
    db.sql(kWorkload);
    const auto first = binlog_files(db).front().filename().string();
    const std::string cfg = write_config(db, "{file: " + first + ", pos: 4}");
    Proc tail = run(std::string(B2K_BINARY) + " tail -c " + cfg);
    ASSERT_EQ(tail.status, 0) << read_err();
    expect_same_lines(tail.out, decode_all(db), 8);
}

TEST_P(TailTest, GtidStartEqualsDecodeAfterThatGtid) {
    MariadbServer db({std::string("--binlog-row-metadata=") + GetParam(), "--binlog-format=ROW"});
    db.sql(kWorkload);
    // Start after the first two transactions (CREATE DATABASE, CREATE TABLE): GTID 0-1-2.
    const std::string cfg = write_config(db, "{gtid: \"0-1-2\"}");
    Proc tail = run(std::string(B2K_BINARY) + " tail -c " + cfg);
    ASSERT_EQ(tail.status, 0) << read_err();
    // decode prints everything; drop the lines of GTIDs 0-1-1 and 0-1-2.
    std::string expected;
    for (const auto& l : lines(decode_all(db))) {
        if (l.find("\"gtid\":\"0-1-1\"") != std::string::npos ||
            l.find("\"gtid\":\"0-1-2\"") != std::string::npos) {
            continue;
        }
        expected += l + "\n";
    }
    expect_same_lines(tail.out, expected, 6);
}

// With MINIMAL metadata tail names the columns through the schema tracker while decode (files
// alone) cannot: that case is compared with a FULL server in schema_tracker_test.cpp.
INSTANTIATE_TEST_SUITE_P(Metadata, TailTest, ::testing::Values("FULL"));

TEST(Tail, MinimalMetadataColumnsAreNamedByTheSchemaTracker) {
    MariadbServer db({"--binlog-row-metadata=MINIMAL"});
    db.sql(kWorkload);
    // The server logged no names: decoding the files alone gives @1, @2, …
    EXPECT_NE(decode_all(db).find("\"@1\":1"), std::string::npos);
    const std::string cfg = write_config(db, "earliest");
    Proc tail = run(std::string(B2K_BINARY) + " tail -c " + cfg);
    ASSERT_EQ(tail.status, 0) << read_err();
    EXPECT_NE(tail.out.find("\"title\":\"caf\xc3\xa9\""), std::string::npos)
        << tail.out.substr(0, 2000);
    EXPECT_NE(tail.out.find("\"flags\":[\"a\",\"c\"]"), std::string::npos);
    EXPECT_EQ(tail.out.find("\"@1\""), std::string::npos);
}

TEST(Tail, WrongPasswordIsAClearError) {
    MariadbServer db;
    std::string cfg = write_config(db, "latest");
    {
        std::ifstream in(cfg);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        text.replace(text.find("password: ") + 10, db.password().size(), "wrong-password");
        std::ofstream(cfg) << text;
    }
    Proc tail = run(std::string(B2K_BINARY) + " tail -c " + cfg);
    EXPECT_NE(tail.status, 0);
    const std::string err = read_err();
    EXPECT_NE(err.find("ccess denied"), std::string::npos) << err;
    EXPECT_EQ(err.find("wrong-password"), std::string::npos) << "the password leaked: " << err;
}

TEST(Tail, UnreachableHostIsAClearError) {
    MariadbServer db;
    const std::uint16_t port = db.port();
    db.stop();
    std::string cfg = write_config(db, "latest");
    Proc tail = run(std::string(B2K_BINARY) + " tail -c " + cfg);
    EXPECT_NE(tail.status, 0);
    const std::string err = read_err();
    EXPECT_NE(err.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << err;
}

}  // namespace
}  // namespace b2k::test

namespace b2k::test {
namespace {

TEST(Tail, StatementFormatIsRefusedWithTheFix) {
    MariadbServer db({"--binlog-format=STATEMENT"});
    Proc tail = run(std::string(B2K_BINARY) + " tail -c " + write_config(db, "latest"));
    EXPECT_NE(tail.status, 0);
    const std::string err = read_err();
    EXPECT_NE(err.find("binlog_format=STATEMENT"), std::string::npos) << err;
    EXPECT_NE(err.find("binlog_format=ROW"), std::string::npos) << err;
}

TEST(Tail, BinlogDisabledIsRefusedWithTheFix) {
    MariadbServer db({"--skip-log-bin"});
    Proc tail = run(std::string(B2K_BINARY) + " tail -c " + write_config(db, "latest"));
    EXPECT_NE(tail.status, 0);
    const std::string err = read_err();
    EXPECT_NE(err.find("log_bin=OFF"), std::string::npos) << err;
}

TEST(Tail, MissingReplicationGrantNamesIt) {
    MariadbServer db;
    db.sql(
        "CREATE USER 'noslave'@'127.0.0.1' IDENTIFIED BY 'pw'; "
        "GRANT REPLICATION CLIENT, SELECT ON *.* TO 'noslave'@'127.0.0.1';");
    std::string cfg = write_config(db, "latest");
    {
        std::ifstream in(cfg);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        text.replace(text.find("user: " + db.user()), 6 + db.user().size(), "user: noslave");
        text.replace(text.find("password: " + db.password()), 10 + db.password().size(),
                     "password: pw");
        std::ofstream(cfg) << text;
    }
    Proc tail = run(std::string(B2K_BINARY) + " tail -c " + cfg);
    EXPECT_NE(tail.status, 0);
    const std::string err = read_err();
    EXPECT_NE(err.find("REPLICATION SLAVE"), std::string::npos) << err;
}

}  // namespace
}  // namespace b2k::test
