#include "checkpoint/file_checkpoint_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace b2k::checkpoint {
namespace {

class FileCheckpointStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("b2k-cp-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        path_ = (dir_ / "checkpoint.json").string();
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    static Checkpoint sample(std::uint64_t pos) {
        Checkpoint cp;
        cp.flavor = binlog::Flavor::mysql;
        cp.server_uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
        cp.file = "mysql-bin.000068";
        cp.pos = pos;
        cp.gtid_set = "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-23";
        cp.ts_ms = 1373134322000;
        cp.schema = {17, "checkpoint.json.schema-history"};
        return cp;
    }

    std::filesystem::path dir_;
    std::string path_;
};

TEST_F(FileCheckpointStoreTest, NoFileMeansNoCheckpoint) {
    FileCheckpointStore store(path_);
    auto r = store.load();
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_FALSE(r.value().has_value());
}

TEST_F(FileCheckpointStoreTest, RoundTrip) {
    FileCheckpointStore store(path_);
    ASSERT_TRUE(store.lock());
    ASSERT_TRUE(store.save(sample(422)));
    ASSERT_TRUE(store.save(sample(900)));
    FileCheckpointStore reader(path_);
    auto r = reader.load();
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r.value().has_value());
    EXPECT_EQ(*r.value(), sample(900));
    EXPECT_FALSE(std::filesystem::exists(store.temp_path()));
}

TEST_F(FileCheckpointStoreTest, TempFileLeftByACrashIsIgnoredAndOverwritten) {
    FileCheckpointStore store(path_);
    ASSERT_TRUE(store.save(sample(422)));
    // A crash between writing the temp file and the rename: a torn temp file remains.
    {
        std::ofstream torn(store.temp_path());
        torn << R"({"flavor":"mysql","server_uuid":nu)";
    }
    auto r = store.load();
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(*r.value(), sample(422));
    ASSERT_TRUE(store.save(sample(500)));
    r = store.load();
    ASSERT_TRUE(r);
    EXPECT_EQ(*r.value(), sample(500));
}

TEST_F(FileCheckpointStoreTest, SecondHolderIsRefusedWithAMessageNamingThePath) {
    FileCheckpointStore daemon(path_);
    ASSERT_TRUE(daemon.lock());
    ASSERT_TRUE(daemon.lock());  // again: no-op
    FileCheckpointStore cli(path_);
    auto r = cli.lock();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::io));
    EXPECT_EQ(r.error().message,
              "checkpoint " + path_ + " is in use by a running binlog2kafka (pid " +
                  std::to_string(::getpid()) + "), which holds " + path_ + ".lock; stop it first");
}

TEST_F(FileCheckpointStoreTest, LockIsReleasedWithTheStore) {
    {
        FileCheckpointStore daemon(path_);
        ASSERT_TRUE(daemon.lock());
    }
    FileCheckpointStore cli(path_);
    EXPECT_TRUE(cli.lock());
}

TEST_F(FileCheckpointStoreTest, CorruptFileIsAnErrorNamingThePath) {
    {
        std::ofstream f(path_);
        f << "garbage";
    }
    FileCheckpointStore store(path_);
    auto r = store.load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::corrupt));
    EXPECT_EQ(r.error().message, "checkpoint " + path_ + ": not valid JSON");
}

TEST_F(FileCheckpointStoreTest, MissingDirectoryIsAnErrorNamingIt) {
    FileCheckpointStore store((dir_ / "nope" / "checkpoint.json").string());
    auto r = store.save(sample(4));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find((dir_ / "nope" / "checkpoint.json.tmp").string()),
              std::string::npos)
        << r.error().message;
    auto l = store.lock();
    ASSERT_FALSE(l);
    EXPECT_NE(l.error().message.find("checkpoint.json.lock"), std::string::npos);
}

}  // namespace
}  // namespace b2k::checkpoint
