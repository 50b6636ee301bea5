// The schema tracker against real MariaDB servers (issue 4): the same workload — rows written
// between every step of a long DDL sequence — on a server with binlog_row_metadata=FULL and on
// one with MINIMAL (whose TABLE_MAP events carry no names, signedness, charsets, labels or
// keys). `tail` from the beginning of each binlog, after all the DDL has happened, must give
// the same names and values for every row. And started at a point whose schema it cannot know,
// or resuming with a stored definition the binlog contradicts, the tracker stops with an error
// rather than emit a row decoded with the wrong schema.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/daemon_run.h"
#include "support/mariadb_server.h"
#include "support/mock_kafka_process.h"
#include "support/tcp_proxy.h"
#include "support/text_file.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;

ProcessResult run(const std::string& cmd) {
    return run_shell(cmd);
}

// `port`: where tail connects (0: the server itself).
std::string tail_config(const MariadbServer& db, const std::string& start, std::uint16_t port = 0) {
    const fs::path p = db.dir() / "schema-tail.yaml";
    std::ofstream out(p);
    out << "source: {name: st, host: 127.0.0.1, port: " << (port != 0 ? port : db.port())
        << ", user: " << db.user() << ", password: " << db.password()
        << ", server_id: 4343, tls: {mode: disabled}, start: " << start << "}\n";
    return p.string();
}

// The workload: rows between the steps of a DDL sequence that adds, drops, renames, reorders
// and retypes columns, renames tables, changes keys and charsets, and drops and recreates a
// table under the same name with another shape.
const std::vector<std::string> kSteps = {
    "CREATE DATABASE s DEFAULT CHARACTER SET utf8mb4;"
    "CREATE TABLE s.a (id INT PRIMARY KEY, name VARCHAR(20), price DECIMAL(8,2), "
    "kind ENUM('x','y'), u INT UNSIGNED, t TEXT CHARACTER SET latin1, f SET('p','q','r'), "
    "ts DATETIME(3));"
    "INSERT INTO s.a VALUES (1,'one',1.50,'x',4000000000,'caf\xc3\xa9','p,r','2024-01-02 "
    "03:04:05.678'),(2,'two',-2.25,'y',7,NULL,'',NULL);",
    "ALTER TABLE s.a ADD COLUMN note VARCHAR(10) AFTER id;"
    "INSERT INTO s.a (id, note, name, u) VALUES (3,'n3','three',3000000000);",
    "ALTER TABLE s.a DROP COLUMN price; UPDATE s.a SET name='uno' WHERE id=1;",
    "ALTER TABLE s.a CHANGE name title VARCHAR(30) CHARACTER SET latin1;"
    "UPDATE s.a SET title='\xc3\xa9t\xc3\xa9' WHERE id=2;",
    "ALTER TABLE s.a MODIFY u BIGINT UNSIGNED FIRST;"
    "INSERT INTO s.a (u, id, title) VALUES (18000000000000000000, 4, 'four');",
    "ALTER TABLE s.a RENAME COLUMN kind TO k; ALTER TABLE s.a MODIFY k ENUM('x','y','z');"
    "INSERT INTO s.a (id, k) VALUES (5, 'z');",
    "RENAME TABLE s.a TO s.b; INSERT INTO s.b (id, title) VALUES (6, 'six');",
    "CREATE TABLE s.c (x INT, y INT PRIMARY KEY); INSERT INTO s.c VALUES (1, 1);"
    "DROP TABLE s.c; CREATE TABLE s.c (y VARCHAR(5) PRIMARY KEY, x DOUBLE, z TINYINT UNSIGNED);"
    "INSERT INTO s.c VALUES ('k', 2.5, 255);",
    "UPDATE s.b SET u = id WHERE u IS NULL;"
    "ALTER TABLE s.b DROP PRIMARY KEY, ADD PRIMARY KEY (id, u); UPDATE s.b SET note='pk' WHERE "
    "id=3;",
    "ALTER TABLE s.b CONVERT TO CHARACTER SET latin1; INSERT INTO s.b (id, u, note, t) VALUES "
    "(7, 7, 'caf\xc3\xa9', 'na\xc3\xafve');",
    "ALTER TABLE s.c ADD COLUMN w INT FIRST, ADD COLUMN v VARCHAR(3) AFTER y;"
    "INSERT INTO s.c VALUES (9, 'm', 'vv', 1.0, 0); DELETE FROM s.b WHERE id=1; "
    "DELETE FROM s.c WHERE y='k';",
};

// The decoded rows and schema changes, without what differs between the two servers (binlog
// positions: MINIMAL table maps are shorter) and the wall clock.
std::vector<std::string> comparable(const std::string& jsonl) {
    std::vector<std::string> out;
    std::istringstream in(jsonl);
    for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line);
        const auto& src = j["source"];
        nlohmann::json keep = {{"db", src["db"]}, {"table", src["table"]}, {"row", src["row"]}};
        j["source"] = keep;
        j.erase("ts_ms");
        out.push_back(j.dump());
    }
    return out;
}

TEST(SchemaTracker, MinimalMetadataDecodesLikeFullAcrossDdl) {
    MariadbServer full({"--binlog-row-metadata=FULL"});
    MariadbServer minimal({"--binlog-row-metadata=MINIMAL"});
    for (const auto& step : kSteps) {
        full.sql(step);
        minimal.sql(step);
    }
    // The MINIMAL server's table maps really lack the names: decoded alone, columns are @n.
    std::string files;
    for (const auto& e : fs::directory_iterator(minimal.binlog_dir())) {
        const auto name = e.path().filename().string();
        if (name.starts_with("mysql-bin.") && name != "mysql-bin.index") {
            files += " " + e.path().string();
        }
    }
    const ProcessResult raw = run(std::string(B2K_BINARY) + " decode" + files);
    ASSERT_EQ(raw.status, 0) << raw.err;
    ASSERT_NE(raw.out.find("\"@1\":"), std::string::npos)
        << "the MINIMAL server's TABLE_MAP events carry column names after all";

    const ProcessResult a =
        run(std::string(B2K_BINARY) + " tail -c " + tail_config(full, "earliest"));
    const ProcessResult b =
        run(std::string(B2K_BINARY) + " tail -c " + tail_config(minimal, "earliest"));
    ASSERT_EQ(a.status, 0) << a.err;
    ASSERT_EQ(b.status, 0) << b.err;
    const auto want = comparable(a.out);
    const auto got = comparable(b.out);
    ASSERT_GT(want.size(), 25u) << a.out;
    ASSERT_EQ(got.size(), want.size()) << b.out;
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(got[i], want[i]) << "line " << i + 1;
    }
    EXPECT_EQ(b.out.find("\"@1\""), std::string::npos) << "a column left unnamed";
}

TEST(SchemaTracker, UnknowableSchemaStopsInsteadOfGuessing) {
    MariadbServer minimal({"--binlog-row-metadata=MINIMAL"});
    minimal.sql(kSteps[0]);
    const auto pos = minimal.sql_rows("SHOW MASTER STATUS");
    ASSERT_FALSE(pos.empty());
    for (std::size_t i = 1; i < kSteps.size(); ++i)
        minimal.sql(kSteps[i]);
    // Starting after the CREATE TABLE, the tracker knows only today's tables: the rows logged
    // under the old shape of s.a contradict (or lack) every definition it has.
    const std::string start = "{file: " + pos[0].at(0) + ", pos: " + pos[0].at(1) + "}";
    const ProcessResult p =
        run(std::string(B2K_BINARY) + " tail -c " + tail_config(minimal, start));
    EXPECT_NE(p.status, 0) << p.out;
    EXPECT_TRUE(p.err.find("s.a") != std::string::npos) << p.err;
    EXPECT_TRUE(p.err.find("binlog_row_metadata=FULL") != std::string::npos) << p.err;
    std::istringstream lines(p.out);
    for (std::string line; std::getline(lines, line);) {
        // Schema-change records may come out; no row of s.a may.
        EXPECT_FALSE(line.starts_with("{\"before\"") &&
                     line.find("\"table\":\"a\"") != std::string::npos)
            << "a row of s.a was printed with a schema the binlog contradicts: " << line;
    }
}

// The row with id `id` among the records of `topic`.
nlohmann::json row_with_id(const MockKafkaProcess& kafka, const std::string& topic, int id) {
    for (const auto& r : kafka.read_all(topic)) {
        if (!r.value) continue;
        const auto after = nlohmann::json::parse(*r.value)["after"];
        if (after.is_object() && after["id"] == id) return after;
    }
    return nullptr;
}

// A first start at `latest` reads information_schema while the server goes on logging. Here a
// swap of two tables is logged exactly then: the proxy runs it when the snapshot's first query
// passes, so the stream (which starts where the binlog ended before the snapshot) holds a swap
// the snapshot already shows. Applied again, it would silently switch the tables' column names
// back (both have the same types). The tracker marks both tables unknown instead, and at their
// rows — caught up, nothing logged after — re-reads them.
TEST(SchemaTracker, ADdlLoggedWhileTheFirstSnapshotIsReadIsNotAppliedTwice) {
    MariadbServer db({"--binlog-row-metadata=MINIMAL"});
    db.sql(
        "CREATE DATABASE s; CREATE TABLE s.x (id INT PRIMARY KEY, a INT);"
        "CREATE TABLE s.y (id INT PRIMARY KEY, b INT);");
    TcpProxy proxy(db.port());
    std::atomic<bool> fired{false};
    proxy.set_client_hook([&](std::string_view chunk) {
        if (chunk.find("information_schema.SCHEMATA") == std::string_view::npos ||
            fired.exchange(true)) {
            return;
        }
        db.sql(
            "RENAME TABLE s.x TO s.t, s.y TO s.x, s.t TO s.y;"
            "INSERT INTO s.x VALUES (1, 10); INSERT INTO s.y VALUES (2, 20);");
    });
    const ProcessResult p =
        run(std::string(B2K_BINARY) + " tail -c " + tail_config(db, "latest", proxy.port()));
    ASSERT_EQ(p.status, 0) << p.out << p.err;
    ASSERT_TRUE(fired.load()) << "the snapshot's query never passed the proxy";
    EXPECT_NE(p.err.find("ran while the first schema snapshot was read"), std::string::npos)
        << p.err;
    std::map<std::string, nlohmann::json> rows;
    std::istringstream in(p.out);
    for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line);
        if (j.contains("after") && j["after"].is_object()) {
            rows[j["source"]["table"].get<std::string>()] = j["after"];
        }
    }
    EXPECT_EQ(rows["x"], nlohmann::json::parse(R"({"id":1,"b":10})")) << p.out;
    EXPECT_EQ(rows["y"], nlohmann::json::parse(R"({"id":2,"a":20})")) << p.out;
}

// s.m (id INT PRIMARY KEY, v INT, w VARCHAR(4)) with one row on a MINIMAL-metadata server,
// published by a first `run` under source name `rs.name`; returns the run config.
fs::path first_run_of_s_m(const MariadbServer& db, const MockKafkaProcess& kafka,
                          const RunSettings& rs) {
    db.sql(
        "CREATE DATABASE s; CREATE TABLE s.m (id INT PRIMARY KEY, v INT, w VARCHAR(4));"
        "INSERT INTO s.m VALUES (1, 10, 'a');");
    const fs::path cfg = write_run_config(db, kafka, rs, db.dir());
    const ProcessResult first = run_until_caught_up(cfg);
    EXPECT_EQ(first.status, 0) << first.describe();
    EXPECT_EQ(kafka.read_all(rs.name + ".s.m").size(), 1u);
    return cfg;
}

// Rewrites every stored version of s.m in the schema history beside the checkpoint with
// `edit`; returns how many versions held it.
int edit_stored_s_m(const fs::path& history, const std::function<void(nlohmann::json&)>& edit) {
    std::string edited;
    int changed = 0;
    std::istringstream in(read_file_or_empty(history));
    for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line);
        for (auto& t : j["catalog"]["tables"]) {
            if (t["db"] == "s" && t["table"] == "m") {
                edit(t);
                ++changed;
            }
        }
        edited += j.dump() + "\n";
    }
    std::ofstream(history, std::ios::trunc) << edited;
    return changed;
}

TEST(SchemaTracker, AStoredDefinitionTheBinlogContradictsStopsTheDaemonBeforeAnyRow) {
    MariadbServer db({"--binlog-row-metadata=MINIMAL"});
    MockKafkaProcess kafka;
    RunSettings rs;
    rs.name = "mm";
    const fs::path cfg = first_run_of_s_m(db, kafka, rs);

    // The schema history beside the checkpoint, edited to be wrong: v is a BIGINT in every
    // stored version (the binlog keeps logging an INT).
    const fs::path cp = checkpoint_path(rs, db.dir());
    const fs::path history = cp.string() + ".schema-history.jsonl";
    const int changed =
        edit_stored_s_m(history, [](nlohmann::json& t) { t["columns"][1]["type"] = "bigint"; });
    ASSERT_GT(changed, 0) << "no stored definition of s.m in " << history;
    const std::string checkpoint_before = read_file_or_empty(cp);

    db.sql("INSERT INTO s.m VALUES (2, 20, 'b'); UPDATE s.m SET v = 11 WHERE id = 1;");
    const ProcessResult second = run_until_caught_up(cfg);
    EXPECT_NE(second.status, 0) << second.describe();
    EXPECT_FALSE(second.timed_out) << second.describe();
    EXPECT_NE(second.err.find("schema mismatch for s.m at mysql-bin."), std::string::npos)
        << second.err;
    EXPECT_NE(second.err.find("column 2 (v) is bigint in the tracked definition but"),
              std::string::npos)
        << second.err;
    EXPECT_NE(second.err.find("binlog_row_metadata=FULL"), std::string::npos) << second.err;
    EXPECT_EQ(kafka.read_all("mm.s.m").size(), 1u) << "a row decoded with the wrong schema";
    EXPECT_EQ(read_file_or_empty(cp), checkpoint_before)
        << "the checkpoint moved past rows that were never published";

    // schema.on_mismatch: reread_once — caught up, with no DDL after the rows, today's
    // definition is the one in force: re-read, it fits, and the rows come out.
    std::ofstream(cfg, std::ios::app) << "schema:\n  on_mismatch: reread_once\n";
    const ProcessResult third = run_until_caught_up(cfg);
    ASSERT_EQ(third.status, 0) << third.describe();
    EXPECT_NE(third.err.find("re-read the definition of s.m at mysql-bin."), std::string::npos)
        << third.err;
    EXPECT_EQ(kafka.read_all("mm.s.m").size(), 3u);
    EXPECT_EQ(row_with_id(kafka, "mm.s.m", 2), nlohmann::json::parse(R"({"id":2,"v":20,"w":"b"})"));
}

// MariaDB's two-phase ALTER (binlog_alter_two_phase): the binlog holds a START ALTER group and
// later a COMMIT ALTER or ROLLBACK ALTER group, both carrying the statement. The tracker must
// apply it once, at COMMIT ALTER, and never a rolled-back one: MINIMAL-metadata rows decode
// with the right columns and exactly one schema change is printed.
TEST(SchemaTracker, TwoPhaseAlterIsAppliedAtCommitAndNotAtRollback) {
    MariadbServer db({"--binlog-row-metadata=MINIMAL"});
    db.sql(
        "CREATE DATABASE s; CREATE TABLE s.p (id INT PRIMARY KEY, a INT) ENGINE=InnoDB;"
        "INSERT INTO s.p VALUES (1, 5), (2, 5);"
        "SET SESSION binlog_alter_two_phase = 1; ALTER TABLE s.p ADD COLUMN b INT;");
    // Fails after its START ALTER was logged (duplicate values for the new unique key).
    EXPECT_THROW(db.sql("SET SESSION binlog_alter_two_phase = 1;"
                        "ALTER TABLE s.p ADD UNIQUE KEY u (a), ADD COLUMN c INT;"),
                 std::exception);
    db.sql("INSERT INTO s.p VALUES (3, 6, 7);");
    const std::string binlog = read_file_or_empty(db.binlog_dir() / "mysql-bin.000001");
    ASSERT_NE(binlog.find("ADD UNIQUE KEY u (a)"), std::string::npos)
        << "the server did not log the rolled-back ALTER's START ALTER";

    const ProcessResult p =
        run(std::string(B2K_BINARY) + " tail -c " + tail_config(db, "earliest"));
    ASSERT_EQ(p.status, 0) << p.out << p.err;
    int alters = 0;
    nlohmann::json row3;
    std::istringstream in(p.out);
    for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line);
        if (j.value("op", "") == "ddl" && j["ddl"].get<std::string>().find("ALTER") == 0) {
            ++alters;
            EXPECT_EQ(j["ddl"], "ALTER TABLE s.p ADD COLUMN b INT") << line;
        }
        if (j.contains("after") && j["after"].is_object() && j["after"]["id"] == 3) {
            row3 = j["after"];
        }
    }
    EXPECT_EQ(alters, 1) << p.out;
    EXPECT_EQ(row3, nlohmann::json::parse(R"({"id":3,"a":6,"b":7})")) << p.out;
}

// The schema history beside `cfg`'s checkpoint with the stored s.m made to lack w, so the
// server's DROP COLUMN w is a DDL the tracker cannot follow.
fs::path lose_w(const RunSettings& rs, const MariadbServer& db) {
    const fs::path history = checkpoint_path(rs, db.dir()).string() + ".schema-history.jsonl";
    EXPECT_GT(edit_stored_s_m(history, [](nlohmann::json& t) { t["columns"].erase(2); }), 0);
    return history;
}

// A DDL the tracker cannot follow makes the table unknown. At its next row the stream has
// caught up and nothing after that row changes the table, so today's information_schema holds
// the definition in force there: the tracker re-reads it and the row comes out right.
TEST(SchemaTracker, AnUninterpretableDdlIsReReadWhenTheStreamHasCaughtUp) {
    MariadbServer db({"--binlog-row-metadata=MINIMAL"});
    MockKafkaProcess kafka;
    RunSettings rs;
    rs.name = "ur";
    const fs::path cfg = first_run_of_s_m(db, kafka, rs);
    const fs::path history = lose_w(rs, db);
    db.sql("ALTER TABLE s.m DROP COLUMN w; INSERT INTO s.m VALUES (2, 20);");

    const ProcessResult p = run_until_caught_up(cfg);
    ASSERT_EQ(p.status, 0) << p.describe();
    EXPECT_NE(p.err.find("cannot interpret the DDL"), std::string::npos) << p.err;
    EXPECT_NE(p.err.find("re-read the definition of s.m at mysql-bin."), std::string::npos)
        << p.err;
    EXPECT_EQ(kafka.read_all("ur.s.m").size(), 2u);
    EXPECT_EQ(row_with_id(kafka, "ur.s.m", 2), nlohmann::json::parse(R"({"id":2,"v":20})"));
    EXPECT_NE(read_file_or_empty(history).find("(re-read from information_schema at mysql-bin."),
              std::string::npos)
        << "the re-read definition is not a stored version";
}

// The same, but the table is altered again after the row (and back: today's definition happens
// to fit the row, but the tracker cannot know that), so the stream stops — also after a restart
// from a checkpoint past the DDL — until the operator accepts today's definition
// (schema.accept_current).
TEST(SchemaTracker, AnUninterpretableDdlFollowedByAnotherStopsUntilTodaysDefinitionIsAccepted) {
    MariadbServer db({"--binlog-row-metadata=MINIMAL"});
    MockKafkaProcess kafka;
    RunSettings rs;
    rs.name = "um";
    const fs::path cfg = first_run_of_s_m(db, kafka, rs);
    const fs::path history = lose_w(rs, db);
    db.sql(
        "ALTER TABLE s.m DROP COLUMN w; INSERT INTO s.m VALUES (2, 20);"
        "ALTER TABLE s.m ADD COLUMN later INT; ALTER TABLE s.m DROP COLUMN later;");

    // Twice: the first stop checkpoints past the DDL (its own transaction), so the second start
    // resumes with the stored version that records the table as unknown.
    for (int start = 0; start < 2; ++start) {
        const ProcessResult stopped = run_until_caught_up(cfg);
        EXPECT_NE(stopped.status, 0) << stopped.describe();
        EXPECT_FALSE(stopped.timed_out) << stopped.describe();
        EXPECT_NE(stopped.err.find("the definition of s.m at mysql-bin."), std::string::npos)
            << stopped.err;
        EXPECT_NE(stopped.err.find("unknown since the DDL 'ALTER TABLE s.m DROP COLUMN w'"),
                  std::string::npos)
            << stopped.err;
        EXPECT_NE(stopped.err.find("the DDL 'ALTER TABLE s.m ADD COLUMN later INT' at mysql-bin."),
                  std::string::npos)
            << stopped.err;
        EXPECT_NE(stopped.err.find("schema.accept_current"), std::string::npos) << stopped.err;
        EXPECT_EQ(kafka.read_all("um.s.m").size(), 1u) << "a row decoded with a guessed schema";
        if (start == 0) {
            const auto cp =
                nlohmann::json::parse(read_file_or_empty(checkpoint_path(rs, db.dir())));
            const auto version = cp["schema"]["version"];
            bool unknown = false;
            std::istringstream in(read_file_or_empty(history));
            for (std::string line; std::getline(in, line);) {
                const auto j = nlohmann::json::parse(line);
                if (j["version"] != version) continue;
                for (const auto& t : j["catalog"]["tables"]) {
                    unknown |= t["table"] == "m" && t.contains("unknown_since");
                }
            }
            EXPECT_TRUE(unknown) << "the checkpoint's schema version " << version
                                 << " does not record s.m as unknown:\n"
                                 << read_file_or_empty(history);
        }
    }

    // The operator accepts today's definition (id, v): the row comes out with it.
    std::ofstream(cfg, std::ios::app) << "schema:\n  accept_current: [s.m]\n";
    const ProcessResult accepted = run_until_caught_up(cfg);
    ASSERT_EQ(accepted.status, 0) << accepted.describe();
    EXPECT_NE(accepted.err.find("taking today's definition from information_schema"),
              std::string::npos)
        << accepted.err;
    EXPECT_EQ(kafka.read_all("um.s.m").size(), 2u);
    EXPECT_EQ(row_with_id(kafka, "um.s.m", 2), nlohmann::json::parse(R"({"id":2,"v":20})"));
}

// With checkpoint.store: kafka nothing is kept on disk (a pod): every start below is a start
// on a fresh disk. The schema history lives in its Kafka topic, so the third start decodes the
// rows written before a DROP COLUMN with the definition stored at its checkpoint — today's
// information_schema no longer has the column and would contradict them.
TEST(SchemaTracker, WithTheKafkaStoreARestartResumesWithTheStoredSchema) {
    MariadbServer db({"--binlog-row-metadata=MINIMAL"});
    db.sql(
        "CREATE DATABASE s; CREATE TABLE s.k (id INT PRIMARY KEY, a INT);"
        "INSERT INTO s.k VALUES (1, 10);");
    MockKafkaProcess kafka;
    const fs::path cfg = db.dir() / "kafka-store.yaml";
    {
        std::ofstream out(cfg);
        out << "source: {name: ks, host: 127.0.0.1, port: " << db.port() << ", user: " << db.user()
            << ", password: " << db.password()
            << ", server_id: 4545, tls: {mode: disabled}, start: earliest}\n"
            << "kafka: {brokers: '" << kafka.bootstrap() << "'}\n"
            << "checkpoint: {store: kafka, interval_ms: 100}\n"
            << "http: {listen: '127.0.0.1:0'}\n";
    }
    auto run_once = [&](const char* what) {
        const ProcessResult r = run_until_caught_up(cfg);
        EXPECT_EQ(r.status, 0) << what << ": " << r.describe();
        return r;
    };
    run_once("first start");
    db.sql(
        "ALTER TABLE s.k ADD COLUMN b VARCHAR(5) AFTER id; INSERT INTO s.k VALUES (2, 'x', 20);");
    run_once("second start");
    // Rows in the shape of the second start's schema, then a DROP COLUMN, then more rows.
    db.sql(
        "INSERT INTO s.k VALUES (3, 'y', 30); ALTER TABLE s.k DROP COLUMN a;"
        "INSERT INTO s.k VALUES (4, 'z');");
    const ProcessResult third = run_once("third start");
    EXPECT_NE(third.err.find("resuming with schema version"), std::string::npos) << third.err;

    std::map<int, nlohmann::json> after;
    for (const auto& rec : kafka.read_all("ks.s.k")) {
        if (!rec.value) continue;
        const auto j = nlohmann::json::parse(*rec.value);
        after[j["after"]["id"].get<int>()] = j["after"];
    }
    EXPECT_EQ(after[1], nlohmann::json::parse(R"({"id":1,"a":10})"));
    EXPECT_EQ(after[2], nlohmann::json::parse(R"({"id":2,"b":"x","a":20})"));
    EXPECT_EQ(after[3], nlohmann::json::parse(R"({"id":3,"b":"y","a":30})"));
    EXPECT_EQ(after[4], nlohmann::json::parse(R"({"id":4,"b":"z"})"));
    // The versions went to the history topic: the first start's snapshot and one per DDL.
    EXPECT_GE(kafka.read_all("ks.schema-history").size(), 3u);
}

}  // namespace
}  // namespace b2k::test
