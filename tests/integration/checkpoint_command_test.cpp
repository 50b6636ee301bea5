// `binlog2kafka checkpoint show|set` with the file store: show says when nothing is stored,
// set writes what show then prints, bad arguments are refused, and set refuses while another
// process (a running daemon) holds the store.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "checkpoint/file_checkpoint_store.h"
#include "schema/file_schema_history.h"
#include "support/child_process.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;

// `binlog2kafka ARGS`: the status and the whole output, stdout then stderr.
struct Proc {
    int status = 0;
    std::string out;
};

Proc run(const std::string& args) {
    const ProcessResult r = run_shell(std::string(B2K_BINARY) + " " + args);
    return {r.status, r.out + r.err};
}

class CheckpointCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("b2k-cpcmd-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        cfg_ = (dir_ / "c.yaml").string();
        std::ofstream out(cfg_);
        out << "source: {name: cp, host: 127.0.0.1, user: cdc, password: x, server_id: 9}\n"
            << "kafka: {brokers: 127.0.0.1:9}\n"
            << "checkpoint: {store: file, path: " << (dir_ / "checkpoint.json").string() << "}\n";
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
    std::string cfg_;
};

TEST_F(CheckpointCommand, ShowSetShow) {
    Proc p = run("checkpoint show -c " + cfg_);
    EXPECT_EQ(p.status, 0) << p.out;
    EXPECT_NE(p.out.find("no checkpoint stored"), std::string::npos) << p.out;

    p = run("checkpoint set -c " + cfg_ + " --file mysql-bin.000042 --pos 1234");
    EXPECT_EQ(p.status, 0) << p.out;
    p = run("checkpoint show -c " + cfg_);
    EXPECT_EQ(p.status, 0) << p.out;
    EXPECT_NE(p.out.find("\"file\":\"mysql-bin.000042\",\"pos\":1234,\"gtid_set\":\"\""),
              std::string::npos)
        << p.out;

    p = run("checkpoint set -c " + cfg_ + " --gtid 0-1-77");
    EXPECT_EQ(p.status, 0) << p.out;
    p = run("checkpoint show -c " + cfg_);
    EXPECT_NE(p.out.find("\"flavor\":\"mariadb\""), std::string::npos) << p.out;
    EXPECT_NE(p.out.find("\"gtid_set\":\"0-1-77\""), std::string::npos) << p.out;

    p = run("checkpoint set -c " + cfg_ + " --gtid 3E11FA47-71CA-11E1-9E33-C80AA9429562:1-23");
    EXPECT_EQ(p.status, 0) << p.out;
    p = run("checkpoint show -c " + cfg_);
    EXPECT_NE(p.out.find("\"flavor\":\"mysql\""), std::string::npos) << p.out;
}

TEST_F(CheckpointCommand, BadArgumentsAreRefused) {
    EXPECT_EQ(run("checkpoint set -c " + cfg_ + " --gtid not-a-gtid").status, 2);
    EXPECT_EQ(run("checkpoint set -c " + cfg_ + " --file f").status, 2);  // --pos missing
    EXPECT_EQ(run("checkpoint set -c " + cfg_ + " --file f --pos x").status, 2);
    EXPECT_EQ(run("checkpoint set -c " + cfg_ + " --gtid 0-1-1 --file f --pos 4").status, 2);
    EXPECT_EQ(run("checkpoint frob -c " + cfg_).status, 2);
    EXPECT_FALSE(fs::exists(dir_ / "checkpoint.json"));
}

TEST_F(CheckpointCommand, SetRefusesWhileTheStoreIsHeld) {
    checkpoint::FileCheckpointStore daemon((dir_ / "checkpoint.json").string());
    ASSERT_TRUE(daemon.lock());
    const Proc p = run("checkpoint set -c " + cfg_ + " --file mysql-bin.000001 --pos 4");
    EXPECT_EQ(p.status, 1) << p.out;
    EXPECT_NE(p.out.find("Stop the daemon first"), std::string::npos) << p.out;
    EXPECT_FALSE(fs::exists(dir_ / "checkpoint.json"));
    // show does not need the lock.
    EXPECT_EQ(run("checkpoint show -c " + cfg_).status, 0);
}

TEST_F(CheckpointCommand, SetKeepsTheSchemaHistoryConsistent) {
    schema::FileSchemaHistory history((dir_ / "checkpoint.json.schema-history.jsonl").string());
    ASSERT_TRUE(history.append({1, "", 0, "(information_schema)", {}}));
    ASSERT_TRUE(history.append({2, "mysql-bin.000001", 500, "ALTER TABLE a ADD b INT", {}}));
    ASSERT_TRUE(history.append({3, "mysql-bin.000002", 100, "DROP TABLE a", {}}));

    Proc p = run("checkpoint set -c " + cfg_ + " --file mysql-bin.000001 --pos 800");
    EXPECT_EQ(p.status, 0) << p.out;
    EXPECT_NE(run("checkpoint show -c " + cfg_).out.find("\"schema\":{\"version\":2,"),
              std::string::npos);
    p = run("checkpoint set -c " + cfg_ + " --file mysql-bin.000001 --pos 120");
    EXPECT_EQ(p.status, 0) << p.out;
    EXPECT_NE(run("checkpoint show -c " + cfg_).out.find("\"schema\":{\"version\":1,"),
              std::string::npos);
    p = run("checkpoint set -c " + cfg_ + " --file mysql-bin.000003 --pos 4");
    EXPECT_NE(run("checkpoint show -c " + cfg_).out.find("\"schema\":{\"version\":3,"),
              std::string::npos);
    // A GTID set cannot be ordered against positions: refused, with the reason.
    p = run("checkpoint set -c " + cfg_ + " --gtid 0-1-5");
    EXPECT_EQ(p.status, 2) << p.out;
    EXPECT_NE(p.out.find("cannot be ordered"), std::string::npos) << p.out;
}

}  // namespace
}  // namespace b2k::test
