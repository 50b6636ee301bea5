// Restarts of `binlog2kafka run` while a writer keeps changing rows (issue 5, "Restart tests"):
//
//  - Kafka hangs during a SIGTERM: after pipeline.shutdown_timeout_s the daemon exits 1, and a
//    second signal exits at once (128 + signal); either way the stored checkpoint stays at the
//    last acknowledged transaction and a restart loses nothing;
//  - SIGTERM mid-load, restart: every change published exactly once — a clean stop finishes
//    the transaction it is in and checkpoints everything it published;
//  - kill -9 mid-load, ten times in one run: no change missing, and every duplicate lies after
//    the checkpoint that was stored when the daemon died (read from the store after the kill,
//    so it is exactly what the next start resumes from): each message is attributed to the
//    start that published it by the partition ends recorded at every kill, and everything a
//    restart published must lie at or after the checkpoint it resumed from.
//
// Each change is identified by (id, v): rows are inserted with v = 0 and every update bumps v,
// so a message's after image names the change it carries.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "support/daemon_run.h"
#include "support/mariadb_server.h"
#include "support/mock_kafka_process.h"
#include "support/text_file.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The daemon following the server, as a child process (stderr to `log`).
class Daemon {
  public:
    Daemon(const fs::path& config, const fs::path& log) {
        pid_ = ::fork();
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // dies with an aborted test
            std::freopen(log.c_str(), "a", stderr);
            std::freopen("/dev/null", "w", stdout);
            ::execl(B2K_BINARY, B2K_BINARY, "run", "-c", config.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
    }
    ~Daemon() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    void signal(int sig) const { ::kill(pid_, sig); }

    // Sends `sig` and waits; returns the exit status (128 + signal when killed).
    int stop(int sig) {
        ::kill(pid_, sig);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

  private:
    pid_t pid_ = -1;
};

// Inserts rows and updates them in small transactions until stopped.
class Writer {
  public:
    explicit Writer(const MariadbServer& db) : db_(db) {
        thread_ = std::thread([this] { loop(); });
    }
    ~Writer() { finish(); }
    void finish() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    int batches() const { return batches_; }

  private:
    void loop() {
        int next_id = 1;
        while (!stop_) {
            std::string sql = "BEGIN;";
            for (int i = 0; i < 5; ++i, ++next_id) {
                sql += "INSERT INTO r.t VALUES (" + std::to_string(next_id) + ", 0, 'n');";
            }
            // Bump a few older rows: each update is a new change (id, v + 1).
            sql += "UPDATE r.t SET v = v + 1 WHERE id % 7 = " + std::to_string(batches_ % 7) +
                   " AND id > " + std::to_string(std::max(0, next_id - 60)) + ";";
            sql += "COMMIT;";
            db_.sql(sql);
            ++batches_;
        }
    }
    const MariadbServer& db_;
    std::atomic<bool> stop_{false};
    std::atomic<int> batches_{0};
    std::thread thread_;
};

struct Change {
    int id;
    int v;
    std::string file;
    std::uint64_t pos;
    std::int32_t partition;
    std::int64_t offset;
};

// Every create/update message of the table, in partition order.
std::vector<Change> published_changes(const MockKafkaProcess& kafka, const std::string& topic) {
    std::vector<Change> out;
    for (const auto& rec : kafka.read_all(topic)) {
        if (!rec.value) continue;  // tombstone
        const auto j = nlohmann::json::parse(*rec.value);
        if (j["after"].is_null()) continue;
        out.push_back(Change{j["after"]["id"].get<int>(), j["after"]["v"].get<int>(),
                             j["source"]["file"].get<std::string>(),
                             j["source"]["pos"].get<std::uint64_t>(), rec.partition, rec.offset});
    }
    return out;
}

// Each partition's end offset (the offset the next record will get).
std::map<std::int32_t, std::int64_t> partition_ends(const MockKafkaProcess& kafka,
                                                    const std::string& topic) {
    std::map<std::int32_t, std::int64_t> out;
    for (const auto& rec : kafka.read_all(topic))
        out[rec.partition] = std::max(out[rec.partition], rec.offset + 1);
    return out;
}

// Every (id, v) the server holds or held: v = 0 .. current v for each row.
std::map<std::pair<int, int>, int> expected_changes(const MariadbServer& db) {
    std::map<std::pair<int, int>, int> out;
    for (const auto& row : db.sql_rows("SELECT id, v FROM r.t")) {
        const int id = std::stoi(row.at(0));
        const int v = std::stoi(row.at(1));
        for (int k = 0; k <= v; ++k)
            out[{id, k}] = 0;
    }
    return out;
}

struct Fixture {
    MariadbServer db{{"--binlog-row-metadata=FULL"}};
    MockKafkaProcess kafka{{"--topic", "rs.r.t:4"}};
    fs::path config;
    fs::path log;
    explicit Fixture(std::uint32_t shutdown_timeout_s = 30) {
        db.sql(
            "CREATE DATABASE r; CREATE TABLE r.t (id INT PRIMARY KEY, v INT NOT NULL, note "
            "VARCHAR(20));");
        RunSettings s;
        s.name = "rs";
        s.server_id = 7171;
        s.shutdown_timeout_s = shutdown_timeout_s;
        config = write_run_config(db, kafka, s, db.dir());  // checkpoints every 100 ms
        log = db.dir() / "daemon.log";
    }
    fs::path checkpoint_file() const {
        RunSettings s;
        s.name = "rs";
        return checkpoint_path(s, db.dir());
    }
    void finish_to_end() const {
        const ProcessResult r = run_until_caught_up(config);
        ASSERT_EQ(r.status, 0) << r.describe();
    }
};

// Every change the server made is in the topic (copies allowed); the count of those missing.
int missing_changes(const Fixture& f) {
    auto expected = expected_changes(f.db);
    for (const Change& c : published_changes(f.kafka, "rs.r.t")) {
        auto it = expected.find({c.id, c.v});
        if (it != expected.end()) ++it->second;
    }
    return static_cast<int>(std::count_if(expected.begin(), expected.end(),
                                          [](const auto& e) { return e.second == 0; }));
}

// The daemon streams under a writer, then Kafka hangs (the mock is frozen) while changes keep
// coming, so the daemon holds messages Kafka never acknowledged. Returns the checkpoint stored
// then, which must not move any more.
std::string freeze_kafka_with_changes_in_flight(Fixture& f) {
    Writer writer(f.db);
    std::this_thread::sleep_for(1500ms);
    f.kafka.pause();
    std::this_thread::sleep_for(1000ms);
    writer.finish();
    std::this_thread::sleep_for(300ms);  // a checkpoint write under way lands
    return read_file_or_empty(f.checkpoint_file());
}

TEST(RunRestart, ShutdownTimeoutExitsOneAndKeepsTheLastAcknowledgedCheckpoint) {
    Fixture f(/*shutdown_timeout_s=*/2);
    auto d = std::make_unique<Daemon>(f.config, f.log);
    const std::string stored = freeze_kafka_with_changes_in_flight(f);
    ASSERT_FALSE(stored.empty()) << "no checkpoint before Kafka froze:\n"
                                 << read_file_or_empty(f.log);
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(d->stop(SIGTERM), 1) << read_file_or_empty(f.log);
    const auto took = std::chrono::steady_clock::now() - t0;
    EXPECT_GE(took, 2s);
    EXPECT_LT(took, 10s);
    const std::string log = read_file_or_empty(f.log);
    EXPECT_NE(log.find("shutdown did not finish within 2 s"), std::string::npos) << log;
    // Messages were in flight when it gave up.
    EXPECT_TRUE(std::regex_search(log, std::regex(R"(\(([1-9][0-9]*) messages not acknowledged)")))
        << log;
    EXPECT_EQ(read_file_or_empty(f.checkpoint_file()), stored)
        << "the checkpoint moved past messages Kafka never acknowledged";

    // Kafka answers again: a restart re-sends from the checkpoint and nothing is missing.
    f.kafka.resume();
    f.finish_to_end();
    EXPECT_EQ(missing_changes(f), 0);
}

TEST(RunRestart, SecondSignalExitsAtOnceAndKeepsTheLastAcknowledgedCheckpoint) {
    Fixture f;  // shutdown_timeout_s 30: only the second signal ends the drain
    auto d = std::make_unique<Daemon>(f.config, f.log);
    const std::string stored = freeze_kafka_with_changes_in_flight(f);
    ASSERT_FALSE(stored.empty()) << "no checkpoint before Kafka froze:\n"
                                 << read_file_or_empty(f.log);
    d->signal(SIGTERM);
    std::this_thread::sleep_for(500ms);  // draining, waiting for Kafka
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(d->stop(SIGINT), 128 + SIGINT) << read_file_or_empty(f.log);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s)
        << "the second signal did not exit at once";
    const std::string log = read_file_or_empty(f.log);
    EXPECT_NE(log.find("SIGTERM: stopping"), std::string::npos) << log;
    EXPECT_NE(log.find("SIGINT again: exiting now"), std::string::npos) << log;
    EXPECT_EQ(read_file_or_empty(f.checkpoint_file()), stored)
        << "the checkpoint moved past messages Kafka never acknowledged";

    f.kafka.resume();
    f.finish_to_end();
    EXPECT_EQ(missing_changes(f), 0);
}

TEST(RunRestart, SigtermMidLoadThenRestartPublishesEveryChangeOnce) {
    Fixture f;
    {
        Writer writer(f.db);
        for (int round = 0; round < 3; ++round) {
            Daemon d(f.config, f.log);
            std::this_thread::sleep_for(1500ms);
            ASSERT_EQ(d.stop(SIGTERM), 0) << read_file_or_empty(f.log);
        }
        writer.finish();
        ASSERT_GT(writer.batches(), 10) << "the writer barely ran";
    }
    f.finish_to_end();

    auto expected = expected_changes(f.db);
    for (const Change& c : published_changes(f.kafka, "rs.r.t")) {
        auto it = expected.find({c.id, c.v});
        ASSERT_NE(it, expected.end())
            << "published a change the server never made: id " << c.id << " v " << c.v;
        ++it->second;
    }
    int missing = 0;
    int duplicated = 0;
    for (const auto& [change, count] : expected) {
        if (count == 0) ++missing;
        if (count > 1) ++duplicated;
    }
    EXPECT_EQ(missing, 0) << "of " << expected.size() << " changes";
    EXPECT_EQ(duplicated, 0) << "a clean stop must not re-send anything; " << expected.size()
                             << " changes";
}

TEST(RunRestart, KillNineTenTimesLosesNothingAndDuplicatesOnlyAfterTheCheckpoint) {
    Fixture f;
    // Per kill: the checkpoint stored when the daemon died (what the next start resumes from;
    // file "" = none yet, resume at source.start) and where each partition ended then (what
    // the next start publishes lies beyond).
    std::vector<std::pair<std::string, std::uint64_t>> checkpoints_at_kill;
    std::vector<std::map<std::int32_t, std::int64_t>> ends_at_kill;
    std::mt19937 rng(20261125);
    {
        Writer writer(f.db);
        for (int kill = 0; kill < 10; ++kill) {
            Daemon d(f.config, f.log);
            std::this_thread::sleep_for(std::chrono::milliseconds(400 + rng() % 900));
            EXPECT_EQ(d.stop(SIGKILL), 128 + SIGKILL);
            // The daemon is dead: the store holds exactly what the next start resumes from.
            const std::string cp = read_file_or_empty(f.checkpoint_file());
            if (cp.empty()) {
                checkpoints_at_kill.emplace_back("", 0);
            } else {
                const auto j = nlohmann::json::parse(cp);
                checkpoints_at_kill.emplace_back(j["file"].get<std::string>(),
                                                 j["pos"].get<std::uint64_t>());
            }
            // A request the daemon sent just before it died may still be in the broker's
            // socket buffer: let it land before reading where the partitions end.
            std::this_thread::sleep_for(300ms);
            ends_at_kill.push_back(partition_ends(f.kafka, "rs.r.t"));
        }
        writer.finish();
    }
    f.finish_to_end();

    auto expected = expected_changes(f.db);
    const std::vector<Change> published = published_changes(f.kafka, "rs.r.t");
    std::map<std::pair<int, int>, int> copies;
    int resent = 0;
    for (const Change& c : published) {
        ASSERT_TRUE(expected.contains({c.id, c.v}))
            << "published a change the server never made: id " << c.id << " v " << c.v;
        if (++copies[{c.id, c.v}] > 1) ++resent;
        // Which start published it: the first whose partition end lies beyond its offset.
        std::size_t start = 0;
        while (start < ends_at_kill.size() && c.offset >= ends_at_kill[start][c.partition])
            ++start;
        if (start == 0) continue;  // the first start, from source.start
        // Start k resumed from the checkpoint stored at kill k-1: everything it published —
        // so every duplicate — lies at or after that checkpoint.
        const auto& [file, pos] = checkpoints_at_kill[start - 1];
        if (file.empty()) continue;
        EXPECT_LE(std::tie(file, pos), std::tie(c.file, c.pos))
            << "id " << c.id << " v " << c.v << " at " << c.file << ":" << c.pos << " (partition "
            << c.partition << " offset " << c.offset << ") was published by "
            << "start " << start + 1 << ", which resumed from the checkpoint " << file << ":" << pos
            << " stored at kill " << start;
    }
    int missing = 0;
    for (const auto& [change, count] : expected) {
        if (!copies.contains(change)) ++missing;
    }
    EXPECT_EQ(missing, 0) << "of " << expected.size() << " changes after 10 kills";
    std::cout << "kill -9 x10: " << expected.size() << " changes, " << resent
              << " copies re-sent after kills (each at or after its start's checkpoint), "
              << missing << " missing\n";
    // The kills did land mid-stream: some checkpoint moved between kills.
    EXPECT_NE(checkpoints_at_kill.front(), checkpoints_at_kill.back());
}

}  // namespace
}  // namespace b2k::test
