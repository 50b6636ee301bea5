// The daemon's operator surface, end to end: `binlog2kafka run` against a real MariaDB with the
// embedded Kafka, probed over HTTP — /healthz, /readyz, /status, /metrics counting the rows
// written — then SIGTERM for a clean exit. Every byte the daemon printed or served is searched
// for the password (passed as ${env:…}): it must appear nowhere. The daemon runs as under
// systemd's Type=notify with a watchdog: a fake notify socket receives READY, STATUS,
// WATCHDOG and STOPPING, and the log carries the periodic progress line.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "mysql/asio.h"
#include "support/fake_systemd.h"
#include "support/mariadb_server.h"
#include "support/text_file.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;
using asio::ip::tcp;

struct HttpResult {
    int status = 0;
    std::string body;
};

HttpResult http_get(std::uint16_t port, const std::string& path) {
    asio::io_context io;
    tcp::socket s(io);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    const std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    asio::write(s, asio::buffer(req));
    std::string out;
    boost::system::error_code ec;
    char buf[8192];
    for (;;) {
        const std::size_t n = s.read_some(asio::buffer(buf), ec);
        out.append(buf, n);
        if (ec) break;
    }
    HttpResult r;
    if (out.size() > 12) r.status = std::stoi(out.substr(9, 3));
    const auto body = out.find("\r\n\r\n");
    if (body != std::string::npos) r.body = out.substr(body + 4);
    return r;
}

// Polls `pred` every 100 ms for up to `limit`.
template <class Pred>
bool eventually(Pred pred, std::chrono::seconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return pred();
}

TEST(RunOps, HealthStatusMetricsAndNoSecretAnywhere) {
    const std::string secret = "s3cret-Pa55word-xyz";
    // A retention, so the purge horizon is known.
    MariadbServer db({"--binlog-row-metadata=FULL", "--binlog-expire-logs-seconds=86400"}, secret);
    db.sql(
        "CREATE DATABASE shop; CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(20));"
        "INSERT INTO shop.items VALUES (1,'a'),(2,'b'),(3,'c');"
        "UPDATE shop.items SET name='bb' WHERE id=2; DELETE FROM shop.items WHERE id=3;");

    const fs::path cfg = db.dir() / "run.yaml";
    const fs::path log = db.dir() / "run.log";
    {
        std::ofstream out(cfg);
        out << "source: {name: ops, host: 127.0.0.1, port: " << db.port()
            << ", user: cdc, password: '${env:B2K_TEST_PASSWORD}', server_id: 6161, start: "
               "earliest, tls: {mode: disabled}, heartbeat_s: 1}\n"
            << "kafka: {brokers: embedded}\n"
            << "checkpoint: {store: file, path: " << (db.dir() / "cp" / "checkpoint.json").string()
            << ", interval_ms: 100}\n"
            << "http: {listen: '127.0.0.1:0'}\n"
            << "log: {progress_interval_s: 1}\n";
    }
    FakeSystemd systemd(db.dir());
    systemd.collect();
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // dies with an aborted test
        ::setenv("B2K_TEST_PASSWORD", secret.c_str(), 1);
        ::setenv("NOTIFY_SOCKET", systemd.path().c_str(), 1);
        ::setenv("WATCHDOG_USEC", "2000000", 1);  // WatchdogSec=2: a ping every second
        ::unsetenv("WATCHDOG_PID");
        std::freopen(log.c_str(), "w", stderr);
        std::freopen(log.c_str(), "a", stdout);
        ::execl(B2K_BINARY, B2K_BINARY, "run", "-c", cfg.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // However the test ends, the daemon does not outlive it.
    struct Reaper {
        pid_t pid;
        bool reaped = false;
        ~Reaper() {
            if (!reaped) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, nullptr, 0);
            }
        }
    } reaper{pid};
    std::uint16_t port = 0;
    const std::regex serving(R"(serving .* on http://127\.0\.0\.1:([0-9]+))");
    ASSERT_TRUE(eventually(
        [&] {
            std::smatch m;
            const std::string text = read_file_or_empty(log);
            if (!std::regex_search(text, m, serving)) return false;
            port = static_cast<std::uint16_t>(std::stoi(m[1]));
            return true;
        },
        std::chrono::seconds(20)))
        << "the daemon never reported its HTTP address; its log:\n"
        << read_file_or_empty(log);

    std::string served;
    EXPECT_EQ(http_get(port, "/healthz").status, 200);
    ASSERT_TRUE(eventually([&] { return http_get(port, "/readyz").status == 200; },
                           std::chrono::seconds(20)))
        << http_get(port, "/readyz").body << read_file_or_empty(log);
    // Every row change is counted once the checkpoint has passed it.
    ASSERT_TRUE(eventually(
        [&] {
            const auto st = nlohmann::json::parse(http_get(port, "/status").body);
            return st["committed"].is_object() && st["committed"]["pos"] == st["read"]["pos"] &&
                   st["read"]["gtid_set"] == "0-1-5";
        },
        std::chrono::seconds(20)))
        << http_get(port, "/status").body;
    const auto status = http_get(port, "/status");
    served += status.body;
    const auto st = nlohmann::json::parse(status.body);
    EXPECT_EQ(st["state"], "streaming");
    EXPECT_EQ(st["source"]["user"], "cdc");

    const auto metrics = http_get(port, "/metrics");
    served += metrics.body;
    EXPECT_EQ(metrics.status, 200);
    for (const char* line :
         {"binlog2kafka_rows_published_total{db=\"shop\",table=\"items\",op=\"c\"} 3",
          "binlog2kafka_rows_published_total{db=\"shop\",table=\"items\",op=\"u\"} 1",
          "binlog2kafka_rows_published_total{db=\"shop\",table=\"items\",op=\"d\"} 1",
          "binlog2kafka_connected 1"}) {
        EXPECT_NE(metrics.body.find(line), std::string::npos) << line << "\n" << metrics.body;
    }
    // Every metric name (docs/operations.md lists them), each with HELP and TYPE.
    for (const char* name :
         {"binlog2kafka_build_info", "binlog2kafka_rows_published_total",
          "binlog2kafka_bytes_published_total", "binlog2kafka_ring_items",
          "binlog2kafka_ring_bytes", "binlog2kafka_producer_queue_messages",
          "binlog2kafka_events_read_total", "binlog2kafka_transactions_total",
          "binlog2kafka_delivery_errors_total", "binlog2kafka_reconnects_total",
          "binlog2kafka_checkpoints_written_total", "binlog2kafka_oversize_skipped_total",
          "binlog2kafka_connected", "binlog2kafka_replication_lag_seconds",
          "binlog2kafka_checkpoint_age_seconds", "binlog2kafka_binlog_purge_horizon_seconds"}) {
        EXPECT_NE(metrics.body.find(std::string("# TYPE ") + name + " "), std::string::npos)
            << name << " missing from /metrics:\n"
            << metrics.body;
    }
    EXPECT_EQ(http_get(port, "/nope").status, 404);

    // The progress line (every log.progress_interval_s) and the systemd notifications while
    // streaming: READY once, then STATUS lines and watchdog pings.
    const std::regex progress(R"(progress.*streaming.* [0-9]+ rows/s)");
    EXPECT_TRUE(eventually([&] { return std::regex_search(read_file_or_empty(log), progress); },
                           std::chrono::seconds(10)))
        << read_file_or_empty(log);
    auto count = [&](const std::string& prefix) {
        std::size_t n = 0;
        for (const auto& m : systemd.messages())
            n += m.rfind(prefix, 0) == 0 ? 1 : 0;
        return n;
    };
    EXPECT_TRUE(eventually([&] { return count("WATCHDOG=1") >= 2 && count("STATUS=") >= 2; },
                           std::chrono::seconds(10)));
    EXPECT_EQ(count("READY=1"), 1u);
    EXPECT_EQ(count("STOPPING=1"), 0u);

    ASSERT_EQ(::kill(pid, SIGTERM), 0);
    int wstatus = 0;
    ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
    reaper.reaped = true;
    EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) << read_file_or_empty(log);
    EXPECT_TRUE(eventually([&] { return count("STOPPING=1") == 1; }, std::chrono::seconds(3)));
    {
        // READY=1 before STOPPING=1.
        const auto messages = systemd.messages();
        std::string all;
        for (const auto& m : messages)
            all += m + "\n";
        const auto ready = std::find(messages.begin(), messages.end(), "READY=1");
        const auto stopping = std::find(messages.begin(), messages.end(), "STOPPING=1");
        EXPECT_LT(ready - messages.begin(), stopping - messages.begin()) << all;
        EXPECT_EQ(all.find(secret), std::string::npos) << "the password leaked to systemd";
    }
    const std::string printed = read_file_or_empty(log);
    EXPECT_NE(printed.find("stopped: "), std::string::npos) << printed;
    EXPECT_EQ(printed.find(secret), std::string::npos) << "the password leaked into the log";
    EXPECT_EQ(served.find(secret), std::string::npos) << "the password leaked over HTTP";
    const std::string checkpoint = read_file_or_empty(db.dir() / "cp" / "checkpoint.json");
    EXPECT_NE(checkpoint.find("\"gtid_set\":\"0-1-5\""), std::string::npos) << checkpoint;
    EXPECT_EQ(checkpoint.find(secret), std::string::npos);
}

}  // namespace
}  // namespace b2k::test
