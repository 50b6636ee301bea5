// Format goldens: a small workload with fixed values through `binlog2kafka run` once per
// kafka.format (debezium, maxwell, invalidation); every message of every topic, with the fields
// that change from run to run masked, must equal tests/data/run/<format>.jsonl.
//
// One line per message, topics in name order, each partition in offset order:
//   {"topic":"gold.gold.items","partition":2,"key":{"id":1},"value":{…}}
// key and value are the message bytes as published (null for a null key / a tombstone), after
// masking: timestamps (ts_ms, maxwell's ts), binlog file/pos, GTID, server_id, maxwell's xid,
// the version string.
//
// B2K_UPDATE_GOLDEN=1 rewrites the files instead of comparing. Review the diff against
// DESIGN.md "Message format" and docs/message-formats.md before committing it.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>

#include "support/daemon_run.h"
#include "support/mock_kafka_process.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;

const char* const kWorkload = R"sql(
SET time_zone = '+00:00';
CREATE DATABASE gold;
CREATE TABLE gold.items (
  id INT PRIMARY KEY, name VARCHAR(20), price DECIMAL(8,2), qty SMALLINT UNSIGNED,
  added DATETIME(3), seen TIMESTAMP(6) NULL, tags SET('new','sale'), kind ENUM('a','b'),
  raw VARBINARY(8), flags BIT(3), doc JSON, score DOUBLE,
  latin VARCHAR(10) CHARACTER SET latin1
) ENGINE=InnoDB;
CREATE TABLE gold.notes (msg VARCHAR(20), n INT) ENGINE=InnoDB;
BEGIN;
INSERT INTO gold.items VALUES
 (1, 'apple', 1.50, 10, '2024-02-29 13:45:01.250', '2024-02-29 13:45:01.123456', 'new,sale',
  'a', x'00ff', b'101', '{"a": [1, 2]}', 0.5, 'café €'),
 (2, 'pear', NULL, 0, '2000-01-01 00:00:00', NULL, '', 'b', x'', b'0', 'null', -0.001, NULL);
INSERT INTO gold.notes VALUES ('hello', 1);
COMMIT;
UPDATE gold.items SET qty = qty - 1, name = 'apple!' WHERE id = 1;
UPDATE gold.items SET id = 20 WHERE id = 2;
DELETE FROM gold.items WHERE id = 1;
UPDATE gold.notes SET n = 2;
DELETE FROM gold.notes;
ALTER TABLE gold.items ADD COLUMN extra INT DEFAULT 7;
INSERT INTO gold.items (id, name, extra) VALUES (3, 'plum', 8);
)sql";

// Fields whose values differ between runs, and what they become.
std::string mask(std::string text) {
    static const std::vector<std::pair<std::regex, std::string>> kMasks = {
        {std::regex(R"("ts_ms":\d+)"), R"("ts_ms":0)"},
        {std::regex(R"("ts":\d+)"), R"("ts":0)"},
        {std::regex(R"("xid":\d+)"), R"("xid":0)"},
        {std::regex(R"("server_id":\d+)"), R"("server_id":0)"},
        {std::regex(R"("thread_id":\d+)"), R"("thread_id":0)"},
        {std::regex(R"("file":"[^"]*")"), R"("file":"*")"},
        {std::regex(R"("pos":\d+)"), R"("pos":0)"},
        {std::regex(R"("gtid":"[^"]*")"), R"("gtid":"*")"},
        {std::regex(R"("version":"[^"]*")"), R"("version":"*")"},
    };
    for (const auto& [re, with] : kMasks)
        text = std::regex_replace(text, re, with);
    return text;
}

fs::path golden_path(const std::string& format) {
    return fs::path(B2K_TEST_DATA_DIR) / "run" / (format + ".jsonl");
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return {};
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}

class RunFormatGolden : public ::testing::TestWithParam<const char*> {
  protected:
    // Runs the daemon into a fresh mock cluster; every message, masked, one line each.
    static std::string produce(const RunSettings& s, const std::string& subdir) {
        MockKafkaProcess kafka;
        const fs::path dir = db_->dir() / subdir;
        fs::create_directories(dir);
        const auto result = run_until_caught_up(write_run_config(*db_, kafka, s, dir));
        EXPECT_EQ(result.status, 0) << result.describe();
        std::string produced;
        for (const auto& topic : kafka.topics()) {
            for (const auto& rec : kafka.read_all(topic)) {
                produced += "{\"topic\":\"" + topic +
                            "\",\"partition\":" + std::to_string(rec.partition) +
                            ",\"key\":" + (rec.key ? mask(*rec.key) : "null") +
                            ",\"value\":" + (rec.value ? mask(*rec.value) : "null") + "}\n";
            }
        }
        return produced;
    }

    // A server or helper that cannot start fails every test with the reason (never a skip).
    static void SetUpTestSuite() {
        try {
            db_ = std::make_unique<MariadbServer>(
                std::vector<std::string>{"--binlog-row-metadata=FULL", "--binlog-row-image=FULL"});
            db_->sql(kWorkload);
            require_executable(B2K_BINARY, "the binlog2kafka binary");
        } catch (const std::exception& e) {
            setup_error_ = e.what();
        }
    }
    void SetUp() override {
        if (!setup_error_.empty()) FAIL() << setup_error_;
    }
    static void TearDownTestSuite() { db_.reset(); }
    static std::unique_ptr<MariadbServer> db_;
    static std::string setup_error_;
};
std::unique_ptr<MariadbServer> RunFormatGolden::db_;
std::string RunFormatGolden::setup_error_;

TEST_P(RunFormatGolden, MessagesEqualTheGoldenFile) {
    const std::string format = GetParam();
    RunSettings s;
    s.name = "gold";
    s.format = format;
    s.include = {"gold.*"};
    s.server_id = 4400;
    const std::string produced = produce(s, format);

    const fs::path golden = golden_path(format);
    if (const char* update = std::getenv("B2K_UPDATE_GOLDEN"); update && *update == '1') {
        fs::create_directories(golden.parent_path());
        std::ofstream(golden, std::ios::binary) << produced;
        GTEST_SKIP() << "rewrote " << golden << ": review it before committing";
    }
    const std::string expected = read_file(golden);
    ASSERT_FALSE(expected.empty())
        << "golden file " << golden << " missing or empty (B2K_UPDATE_GOLDEN=1 writes it)";
    const auto want = split_lines(expected);
    const auto got = split_lines(produced);
    for (std::size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
        EXPECT_EQ(i < got.size() ? got[i] : "(no line)", i < want.size() ? want[i] : "(no line)")
            << "line " << i + 1 << " of " << golden;
    }
}

// kafka.tombstones: false leaves out the tombstones and nothing else.
TEST_F(RunFormatGolden, TombstonesFalseDropsOnlyTheTombstones) {
    RunSettings s;
    s.name = "gold";
    s.tombstones = false;
    s.include = {"gold.*"};
    s.server_id = 4401;
    const std::string produced = produce(s, "no-tombstones");
    std::string expected;
    for (const auto& line : split_lines(read_file(golden_path("debezium")))) {
        if (line.find(",\"value\":null}") == std::string::npos) expected += line + "\n";
    }
    ASSERT_FALSE(expected.empty()) << golden_path("debezium") << " missing";
    EXPECT_EQ(produced, expected);
}

INSTANTIATE_TEST_SUITE_P(Format, RunFormatGolden,
                         ::testing::Values("debezium", "maxwell", "invalidation"),
                         [](const auto& p) { return std::string(p.param); });

}  // namespace
}  // namespace b2k::test
