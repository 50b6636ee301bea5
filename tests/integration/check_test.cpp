// `binlog2kafka check` against a real MariaDB: PASS lines on a well-configured server, and a
// FAIL or WARN naming the fix for each thing that is wrong; the exit status follows FAILs; the
// password never appears in the output.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/child_process.h"
#include "support/mariadb_server.h"
#include "support/mock_kafka_process.h"
#include "support/tls_certs.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;

// The tool's whole output, stdout then stderr.
struct Proc {
    int status = 0;
    std::string out;
};

Proc run(const std::string& cmd) {
    const ProcessResult r = run_shell(cmd);
    return {r.status, r.out + r.err};
}

std::string write_config(const MariadbServer& db, const std::string& user,
                         const std::string& password, const std::string& extra = {},
                         const std::string& kafka = "{brokers: embedded}",
                         std::uint32_t server_id = 5151) {
    const fs::path path = db.dir() / ("check-" + user + ".yaml");
    std::ofstream out(path);
    out << "source: {name: chk, host: 127.0.0.1, port: " << db.port() << ", user: " << user
        << ", password: '" << password << "', server_id: " << server_id
        << ", tls: {mode: disabled}}\n"
        << "kafka: " << kafka << "\n"
        << "checkpoint: {store: file, path: " << (db.dir() / "cp" / "checkpoint.json").string()
        << "}\n"
        << extra;
    return path.string();
}

// A copy of the config at `path` (written by write_config()) with `from` replaced by `to`.
std::string with_replaced(const std::string& path, const std::string& from, const std::string& to,
                          const std::string& suffix) {
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("no '" + from + "' in " + path);
    text.replace(at, from.size(), to);
    const std::string out = path + "." + suffix + ".yaml";
    std::ofstream(out) << text;
    return out;
}

// The config with `tls` in place of "{mode: disabled}".
std::string with_tls(const std::string& path, const std::string& tls) {
    return with_replaced(path, "tls: {mode: disabled}", "tls: " + tls, "tls");
}

nlohmann::json check_json(const std::string& cfg, int& status) {
    const ProcessResult p = run_shell(std::string(B2K_BINARY) + " check --json -c " + cfg);
    status = p.status;
    return nlohmann::json::parse(p.out);  // stdout only
}

const nlohmann::json* find(const nlohmann::json& j, const std::string& name) {
    for (const auto& c : j["checks"]) {
        if (c["name"] == name) return &c;
    }
    return nullptr;
}

TEST(Check, WellConfiguredServerPasses) {
    MariadbServer db({"--binlog-row-metadata=FULL"});
    int status = -1;
    const auto j = check_json(write_config(db, db.user(), db.password()), status);
    EXPECT_EQ(status, 0) << j.dump(2);
    EXPECT_TRUE(j["ok"].get<bool>());
    for (const char* name :
         {"server reachable", "grant REPLICATION SLAVE", "grant REPLICATION CLIENT", "log_bin",
          "binlog_format", "binlog_row_image", "binlog_row_metadata", "gtid", "checkpoint"}) {
        const auto* c = find(j, name);
        ASSERT_NE(c, nullptr) << "no check named " << name << ": " << j.dump(2);
        EXPECT_EQ((*c)["status"], "PASS") << name << ": " << c->dump();
    }
    // Without TLS: a warning with the fix, not a failure.
    const auto* tls = find(j, "tls");
    ASSERT_NE(tls, nullptr);
    EXPECT_EQ((*tls)["status"], "WARN");
    EXPECT_NE((*tls)["fix"].get<std::string>().find("verify_identity"), std::string::npos);
}

TEST(Check, EachProblemNamesItsFix) {
    MariadbServer db({"--binlog-row-metadata=MINIMAL", "--binlog-row-image=MINIMAL"});
    // A user with nothing but the right to log in.
    db.sql("CREATE USER 'bare'@'127.0.0.1' IDENTIFIED BY 'bare-secret-pw';");
    int status = -1;
    auto j = check_json(write_config(db, "bare", "bare-secret-pw"), status);
    EXPECT_EQ(status, 1) << j.dump(2);
    EXPECT_FALSE(j["ok"].get<bool>());
    const auto* slave = find(j, "grant REPLICATION SLAVE");
    ASSERT_NE(slave, nullptr) << j.dump(2);
    EXPECT_EQ((*slave)["status"], "FAIL");
    EXPECT_EQ((*slave)["fix"], "GRANT REPLICATION SLAVE ON *.* TO 'bare'@'%';");
    // The tracker could not re-read a table it loses (MINIMAL metadata).
    const auto* reread = find(j, "schema re-read");
    ASSERT_NE(reread, nullptr) << j.dump(2);
    EXPECT_EQ((*reread)["status"], "WARN");
    EXPECT_EQ((*reread)["fix"], "GRANT BINLOG MONITOR ON *.* TO 'bare'@'%';");

    // The right user on a server with MINIMAL metadata and images: warnings with fixes.
    j = check_json(write_config(db, db.user(), db.password()), status);
    EXPECT_EQ(status, 0) << j.dump(2);
    const auto* meta = find(j, "binlog_row_metadata");
    ASSERT_NE(meta, nullptr);
    EXPECT_EQ((*meta)["status"], "WARN");
    EXPECT_NE((*meta)["fix"].get<std::string>().find("binlog_row_metadata='FULL'"),
              std::string::npos);
    const auto* image = find(j, "binlog_row_image");
    ASSERT_NE(image, nullptr);
    EXPECT_EQ((*image)["status"], "WARN");
    const auto* reread_ok = find(j, "schema re-read");
    ASSERT_NE(reread_ok, nullptr) << j.dump(2);
    EXPECT_EQ((*reread_ok)["status"], "PASS") << j.dump(2);

    // A wrong password: FAIL, and neither password appears anywhere in the output.
    Proc p = run(std::string(B2K_BINARY) + " check -c " +
                 write_config(db, db.user(), "not-the-password-123"));
    EXPECT_EQ(p.status, 1) << p.out;
    EXPECT_NE(p.out.find("FAIL  server reachable"), std::string::npos) << p.out;
    EXPECT_EQ(p.out.find("not-the-password-123"), std::string::npos) << p.out;
    EXPECT_EQ(p.out.find(db.password()), std::string::npos) << p.out;
}

TEST(Check, StatementFormatAndNoBinlogFail) {
    {
        MariadbServer db({"--binlog-format=STATEMENT"});
        int status = -1;
        const auto j = check_json(write_config(db, db.user(), db.password()), status);
        EXPECT_EQ(status, 1) << j.dump(2);
        const auto* fmt = find(j, "binlog_format");
        ASSERT_NE(fmt, nullptr) << j.dump(2);
        EXPECT_EQ((*fmt)["status"], "FAIL");
        EXPECT_NE((*fmt)["fix"].get<std::string>().find("binlog_format='ROW'"), std::string::npos);
    }
    {
        MariadbServer db({"--skip-log-bin"});
        int status = -1;
        const auto j = check_json(write_config(db, db.user(), db.password()), status);
        EXPECT_EQ(status, 1) << j.dump(2);
        const auto* log_bin = find(j, "log_bin");
        ASSERT_NE(log_bin, nullptr) << j.dump(2);
        EXPECT_EQ((*log_bin)["status"], "FAIL");
        EXPECT_NE((*log_bin)["fix"].get<std::string>().find("--log-bin"), std::string::npos);
    }
}

TEST(Check, StoredCheckpointOnAPurgedBinlogFails) {
    MariadbServer db({"--binlog-row-metadata=FULL"});
    const std::string cfg = write_config(db, db.user(), db.password());
    fs::create_directories(db.dir() / "cp");
    {
        std::ofstream cp(db.dir() / "cp" / "checkpoint.json");
        cp << R"({"flavor":"mariadb","server_uuid":null,"file":"mysql-bin.000000","pos":4,)"
           << R"("gtid_set":"","ts_ms":1,"schema":{"version":0,"ref":""}})"
           << "\n";
    }
    int status = -1;
    const auto j = check_json(cfg, status);
    EXPECT_EQ(status, 1) << j.dump(2);
    const auto* pos = find(j, "checkpoint position");
    ASSERT_NE(pos, nullptr) << j.dump(2);
    EXPECT_EQ((*pos)["status"], "FAIL");
    EXPECT_NE((*pos)["detail"].get<std::string>().find("purged"), std::string::npos);
}

TEST(Check, RdsRetentionOfMinutesFailsWithTheProcedure) {
    MariadbServer db({"--binlog-row-metadata=FULL"});
    // What RDS has when 'binlog retention hours' was never set: NULL, binlogs purged within
    // minutes.
    db.sql(
        "CREATE TABLE mysql.rds_configuration (name VARCHAR(100) PRIMARY KEY, value "
        "VARCHAR(100), description VARCHAR(300));"
        "INSERT INTO mysql.rds_configuration VALUES ('binlog retention hours', NULL, 'x');");
    int status = -1;
    auto j = check_json(write_config(db, db.user(), db.password()), status);
    EXPECT_EQ(status, 1) << j.dump(2);
    const auto* ret = find(j, "binlog retention");
    ASSERT_NE(ret, nullptr) << j.dump(2);
    EXPECT_EQ((*ret)["status"], "FAIL") << ret->dump();
    EXPECT_NE((*ret)["fix"].get<std::string>().find(
                  "CALL mysql.rds_set_configuration('binlog retention hours', 24);"),
              std::string::npos)
        << ret->dump();

    // Set as the README says: PASS.
    db.sql("UPDATE mysql.rds_configuration SET value = '24';");
    j = check_json(write_config(db, db.user(), db.password()), status);
    ret = find(j, "binlog retention");
    ASSERT_NE(ret, nullptr) << j.dump(2);
    EXPECT_EQ((*ret)["status"], "PASS") << ret->dump();
}

TEST(Check, ServerIdOfTheServerOrOfARunningReplica) {
    MariadbServer db({"--binlog-row-metadata=FULL"});
    const auto own =
        static_cast<std::uint32_t>(std::stoul(db.sql_rows("SELECT @@server_id").at(0).at(0)));
    int status = -1;
    auto j = check_json(write_config(db, db.user(), db.password(), {}, "{brokers: embedded}", own),
                        status);
    EXPECT_EQ(status, 1) << j.dump(2);
    const auto* id = find(j, "server_id");
    ASSERT_NE(id, nullptr) << j.dump(2);
    EXPECT_EQ((*id)["status"], "FAIL") << id->dump();
    EXPECT_NE((*id)["detail"].get<std::string>().find("the server's own server_id"),
              std::string::npos)
        << id->dump();

    // A user allowed to list the replicas sees another replica registered with our id.
    db.sql(
        "CREATE USER 'watch'@'127.0.0.1' IDENTIFIED BY 'watch-pw';"
        "GRANT REPLICATION SLAVE, REPLICATION CLIENT, REPLICATION MASTER ADMIN, SELECT ON *.* "
        "TO 'watch'@'127.0.0.1';");
    // Two replicas: one registered with this config's source.name ("chk") and id 6262, one
    // with another name and id 6363.
    // (Copies: write_config() writes one file per user.)
    const std::string ours_cfg =
        with_replaced(write_config(db, db.user(), db.password(), {}, "{brokers: embedded}", 6262),
                      "name: chk", "name: chk", "ours");
    const std::string other_cfg =
        with_replaced(write_config(db, db.user(), db.password(), {}, "{brokers: embedded}", 6363),
                      "name: chk", "name: other-app", "other");
    std::thread ours([&] {
        (void)run_process({B2K_BINARY, "tail", "-f", "-c", ours_cfg}, std::chrono::seconds(10));
    });
    std::thread other([&] {
        (void)run_process({B2K_BINARY, "tail", "-f", "-c", other_cfg}, std::chrono::seconds(10));
    });
    auto server_id_check = [&](std::uint32_t server_id) {
        nlohmann::json line;
        for (int attempt = 0; attempt < 20; ++attempt) {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            j = check_json(
                write_config(db, "watch", "watch-pw", {}, "{brokers: embedded}", server_id),
                status);
            const auto* found = find(j, "server_id");
            if (found == nullptr) continue;
            line = *found;
            if (line["detail"].get<std::string>().find("is registered by") != std::string::npos) {
                break;
            }
        }
        return line;
    };
    // Our own name: a warning (this daemon, already running?).
    const nlohmann::json ours_line = server_id_check(6262);
    EXPECT_EQ(ours_line["status"], "WARN") << ours_line.dump();
    EXPECT_NE(ours_line["detail"].get<std::string>().find("6262 is registered by 'chk'"),
              std::string::npos)
        << ours_line.dump();
    // Another replica's: a failure, and check exits 1.
    const nlohmann::json other_line = server_id_check(6363);
    EXPECT_EQ(status, 1) << j.dump(2);
    EXPECT_EQ(other_line["status"], "FAIL") << other_line.dump();
    EXPECT_NE(other_line["detail"].get<std::string>().find("another replica ('other-app')"),
              std::string::npos)
        << other_line.dump();
    EXPECT_NE(other_line["fix"].get<std::string>().find("source.server_id"), std::string::npos);
    ours.join();
    other.join();
}

TEST(Check, KafkaUnreachableFailsAndMissingTopicsWarn) {
    MariadbServer db({"--binlog-row-metadata=FULL"});
    db.sql("CREATE DATABASE shop; CREATE TABLE shop.items (id INT PRIMARY KEY);");
    // Nothing listens on port 1 of the loopback address.
    int status = -1;
    auto j = check_json(write_config(db, db.user(), db.password(), {}, "{brokers: '127.0.0.1:1'}"),
                        status);
    EXPECT_EQ(status, 1) << j.dump(2);
    const auto* reach = find(j, "kafka reachable");
    ASSERT_NE(reach, nullptr) << j.dump(2);
    EXPECT_EQ((*reach)["status"], "FAIL") << reach->dump();
    EXPECT_NE((*reach)["fix"].get<std::string>().find("kafka.brokers"), std::string::npos);

    // A cluster without the captured table's topic: a warning (auto-creation cannot be known).
    MockKafkaProcess kafka;
    j = check_json(
        write_config(db, db.user(), db.password(), {}, "{brokers: '" + kafka.bootstrap() + "'}"),
        status);
    EXPECT_EQ(status, 0) << j.dump(2);
    reach = find(j, "kafka reachable");
    ASSERT_NE(reach, nullptr) << j.dump(2);
    EXPECT_EQ((*reach)["status"], "PASS") << reach->dump();
    const auto* topics = find(j, "kafka topics");
    ASSERT_NE(topics, nullptr) << j.dump(2);
    EXPECT_EQ((*topics)["status"], "WARN") << topics->dump();
    EXPECT_NE((*topics)["detail"].get<std::string>().find("chk.shop.items"), std::string::npos)
        << topics->dump();
}

TEST(Check, UnresolvableSecretFailsNamingWhereItIsConfigured) {
    MariadbServer db;
    ::unsetenv("B2K_CHECK_TEST_UNSET_PASSWORD");
    const std::string cfg = write_config(db, db.user(), "${env:B2K_CHECK_TEST_UNSET_PASSWORD}");
    int status = -1;
    const auto j = check_json(cfg, status);
    EXPECT_EQ(status, 1) << j.dump(2);
    const auto* pw = find(j, "source.password");
    ASSERT_NE(pw, nullptr) << j.dump(2);
    EXPECT_EQ((*pw)["status"], "FAIL");
    const std::string detail = (*pw)["detail"].get<std::string>();
    // "FILE:1:COLUMN: environment variable … is not set": the line of the reference.
    EXPECT_EQ(detail.rfind(cfg + ":1:", 0), 0u) << detail;
    EXPECT_NE(detail.find("B2K_CHECK_TEST_UNSET_PASSWORD is not set"), std::string::npos) << detail;
}

TEST(Check, TlsAsConfiguredPassesOrFailsWithTheFix) {
    const fs::path pki_dir = make_temp_dir("b2k-check-pki");
    const TestPki pki = make_test_pki(pki_dir);
    MariadbServer tls_db({"--ssl-ca=" + pki.ca_cert.string(),
                          "--ssl-cert=" + pki.server_cert.string(),
                          "--ssl-key=" + pki.server_key.string()});
    const std::string base = write_config(tls_db, tls_db.user(), tls_db.password());
    int status = -1;

    // The CA that signed the server's certificate, and the name it holds (127.0.0.1).
    auto j = check_json(
        with_tls(base, "{mode: verify_identity, ca: '" + pki.ca_cert.string() + "'}"), status);
    EXPECT_EQ(status, 0) << j.dump(2);
    const auto* tls = find(j, "tls");
    ASSERT_NE(tls, nullptr) << j.dump(2);
    EXPECT_EQ((*tls)["status"], "PASS") << tls->dump();
    EXPECT_NE((*tls)["detail"].get<std::string>().find("verify_identity"), std::string::npos)
        << tls->dump();

    // A CA that signed nothing here: FAIL on the tls line, naming the CA file, with the fix.
    j = check_json(with_tls(base, "{mode: verify_ca, ca: '" + pki.other_ca_cert.string() + "'}"),
                   status);
    EXPECT_EQ(status, 1) << j.dump(2);
    tls = find(j, "tls");
    ASSERT_NE(tls, nullptr) << j.dump(2);
    EXPECT_EQ((*tls)["status"], "FAIL") << tls->dump();
    EXPECT_NE((*tls)["detail"].get<std::string>().find("certificate verification failed"),
              std::string::npos)
        << tls->dump();
    EXPECT_NE((*tls)["detail"].get<std::string>().find(pki.other_ca_cert.string()),
              std::string::npos)
        << tls->dump();
    EXPECT_NE((*tls)["fix"].get<std::string>().find("tls.ca"), std::string::npos) << tls->dump();

    // TLS required by the config, and a server without it.
    MariadbServer plain_db({"--skip-ssl"});
    j = check_json(
        with_tls(write_config(plain_db, plain_db.user(), plain_db.password()), "{mode: required}"),
        status);
    EXPECT_EQ(status, 1) << j.dump(2);
    tls = find(j, "tls");
    ASSERT_NE(tls, nullptr) << j.dump(2);
    EXPECT_EQ((*tls)["status"], "FAIL") << tls->dump();
    EXPECT_NE((*tls)["detail"].get<std::string>().find("does not support TLS"), std::string::npos)
        << tls->dump();
    fs::remove_all(pki_dir);
}

}  // namespace
}  // namespace b2k::test
