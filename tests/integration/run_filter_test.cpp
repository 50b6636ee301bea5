// filter: rules of `binlog2kafka run`, one test per rule (config/reference.yaml "filter"):
// include globs, exclude globs, include and exclude together, exclude_columns (db.table.column
// globs, column names case-insensitive), and the server's own schemas, which are captured only
// when an include pattern names them without a wildcard in the database part.
//
// One MariaDB and one mock cluster for the whole suite; each case runs the daemon from the
// server's oldest binlog under its own source.name, so its topics are "<name>.<db>.<table>".

#include <gtest/gtest.h>

#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "support/daemon_run.h"
#include "support/mock_kafka_process.h"

namespace b2k::test {
namespace {

using nlohmann::json;

const char* const kWorkload = R"sql(
CREATE DATABASE app;
CREATE DATABASE logs;
CREATE TABLE app.users (id INT PRIMARY KEY, name VARCHAR(20), password_hash VARCHAR(64),
                        Internal_Note VARCHAR(20)) ENGINE=InnoDB;
CREATE TABLE app.orders (id INT PRIMARY KEY, total INT, internal_note VARCHAR(20)) ENGINE=InnoDB;
CREATE TABLE app.secret_keys (id INT PRIMARY KEY, k VARCHAR(20)) ENGINE=InnoDB;
CREATE TABLE app.tmp_1 (id INT PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE app.tmp_10 (id INT PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE logs.events (id INT PRIMARY KEY, what VARCHAR(20), internal_note VARCHAR(20))
  ENGINE=InnoDB;
CREATE TABLE mysql.b2k_probe (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB;
INSERT INTO app.users VALUES (1, 'ann', 'hash-1', 'note-1'), (2, 'bob', 'hash-2', NULL);
UPDATE app.users SET password_hash = 'hash-1b', name = 'Ann' WHERE id = 1;
DELETE FROM app.users WHERE id = 2;
INSERT INTO app.orders VALUES (1, 100, 'note-o');
INSERT INTO app.secret_keys VALUES (1, 'k');
INSERT INTO app.tmp_1 VALUES (1);
INSERT INTO app.tmp_10 VALUES (1);
INSERT INTO logs.events VALUES (1, 'login', 'note-e');
INSERT INTO mysql.b2k_probe VALUES (1, 'probe');
)sql";

class RunFilter : public ::testing::Test {
  protected:
    // A server or helper that cannot start fails every test with the reason (never a skip).
    static void SetUpTestSuite() {
        try {
            db_ = std::make_unique<MariadbServer>(
                std::vector<std::string>{"--binlog-row-metadata=FULL", "--binlog-row-image=FULL"});
            db_->sql(kWorkload);
            kafka_ = std::make_unique<MockKafkaProcess>();
            require_executable(B2K_BINARY, "the binlog2kafka binary");
        } catch (const std::exception& e) {
            setup_error_ = e.what();
        }
    }
    void SetUp() override {
        if (!setup_error_.empty()) FAIL() << setup_error_;
    }
    static void TearDownTestSuite() {
        kafka_.reset();
        db_.reset();
    }

    // Runs the daemon with these filter settings under source.name `name`; returns the
    // "db.table" of every row topic it produced (schema-changes left out).
    static std::set<std::string> run_with(RunSettings s) {
        static std::uint32_t server_id = 5000;
        s.server_id = ++server_id;
        const auto result = run_until_caught_up(write_run_config(*db_, *kafka_, s, db_->dir()));
        EXPECT_EQ(result.status, 0) << result.describe();
        std::set<std::string> tables;
        const std::string prefix = s.name + ".";
        for (const auto& t : kafka_->topics()) {
            if (t.rfind(prefix, 0) != 0 || t == s.name + ".schema-changes") continue;
            tables.insert(t.substr(prefix.size()));
        }
        return tables;
    }

    static std::unique_ptr<MariadbServer> db_;
    static std::string setup_error_;
    static std::unique_ptr<MockKafkaProcess> kafka_;
};
std::unique_ptr<MariadbServer> RunFilter::db_;
std::string RunFilter::setup_error_;
std::unique_ptr<MockKafkaProcess> RunFilter::kafka_;

using Tables = std::set<std::string>;

const Tables kAllUserTables = {"app.users", "app.orders", "app.secret_keys",
                               "app.tmp_1", "app.tmp_10", "logs.events"};

TEST_F(RunFilter, NoFilterCapturesEveryUserTable) {
    RunSettings s;
    s.name = "all";
    EXPECT_EQ(run_with(s), kAllUserTables);
}

TEST_F(RunFilter, IncludeCapturesOnlyMatchingTables) {
    RunSettings s;
    s.name = "inc";
    s.include = {"app.users", "logs.*"};
    EXPECT_EQ(run_with(s), (Tables{"app.users", "logs.events"}));
}

TEST_F(RunFilter, ExcludeDropsMatchingTables) {
    RunSettings s;
    s.name = "exc";
    s.exclude = {"app.secret_*", "app.tmp_?"};  // '?' is one character: tmp_10 stays
    EXPECT_EQ(run_with(s), (Tables{"app.users", "app.orders", "app.tmp_10", "logs.events"}));
}

TEST_F(RunFilter, ExcludeWinsOverInclude) {
    RunSettings s;
    s.name = "incexc";
    s.include = {"app.*"};
    s.exclude = {"app.secret_*", "*.tmp_*"};
    EXPECT_EQ(run_with(s), (Tables{"app.users", "app.orders"}));
}

TEST_F(RunFilter, ExcludeColumnsDropsThemFromEveryMessage) {
    RunSettings s;
    s.name = "cols";
    // Column names match case-insensitively: the table declares Internal_Note.
    s.exclude_columns = {"app.users.password_hash", "*.*.INTERNAL_NOTE"};
    EXPECT_EQ(run_with(s), kAllUserTables);

    std::size_t images = 0;
    for (const std::string table : {"app.users", "app.orders", "logs.events"}) {
        for (const auto& rec : kafka_->read_all("cols." + table)) {
            if (!rec.value) continue;
            const json v = json::parse(*rec.value);
            for (const char* image : {"before", "after"}) {
                if (!v[image].is_object()) continue;
                ++images;
                for (const auto& [col, value] : v[image].items()) {
                    (void)value;
                    EXPECT_NE(col, "password_hash") << table << ": " << *rec.value;
                    EXPECT_NE(col, "internal_note") << table << ": " << *rec.value;
                    EXPECT_NE(col, "Internal_Note") << table << ": " << *rec.value;
                }
                EXPECT_TRUE(v[image].contains("id")) << table << ": " << *rec.value;
            }
            EXPECT_EQ(rec.value->find("hash-"), std::string::npos) << *rec.value;
            EXPECT_EQ(rec.value->find("note-"), std::string::npos) << *rec.value;
        }
    }
    // users: 2 inserts, 1 update (2 images), 1 delete; orders and events: 1 insert each.
    EXPECT_EQ(images, 7u);
    // Other columns stay.
    const auto users = kafka_->read_all("cols.app.users");
    ASSERT_FALSE(users.empty());
    ASSERT_TRUE(users.front().value.has_value());
    EXPECT_EQ(json::parse(*users.front().value)["after"], json::parse(R"({"id":1,"name":"ann"})"));
}

TEST_F(RunFilter, SystemSchemasNotCapturedByWildcards) {
    RunSettings s;
    s.name = "sysdefault";
    EXPECT_EQ(run_with(s).count("mysql.b2k_probe"), 0u) << "captured with no include";
    s.name = "syswild";
    s.include = {"*.*"};
    const auto tables = run_with(s);
    EXPECT_EQ(tables.count("mysql.b2k_probe"), 0u) << "captured through include *.*";
    EXPECT_EQ(tables, kAllUserTables);
    s.name = "syswild2";
    s.include = {"*.b2k_probe", "my*.*"};
    EXPECT_EQ(run_with(s), Tables{}) << "a wildcard in the database part must not name mysql";
}

TEST_F(RunFilter, SystemSchemaCapturedWhenNamed) {
    RunSettings s;
    s.name = "sysnamed";
    s.include = {"mysql.b2k_probe"};
    EXPECT_EQ(run_with(s), Tables{"mysql.b2k_probe"});
    const auto recs = kafka_->read_all("sysnamed.mysql.b2k_probe");
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].key, std::optional<std::string>(R"({"id":1})"));

    s.name = "sysdb";
    s.include = {"mysql.*"};
    EXPECT_EQ(run_with(s).count("mysql.b2k_probe"), 1u) << "include mysql.* names the schema";
}

}  // namespace
}  // namespace b2k::test
