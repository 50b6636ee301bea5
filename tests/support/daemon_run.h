#pragma once
// Test support: writing a `binlog2kafka run` config for a test server and mock cluster, and
// running the daemon to the server's end (`run --until-caught-up`).
//
//   RunSettings s;  s.name = "e2e";  s.exclude = {"shop.tmp_*"};
//   const auto cfg = write_run_config(db, kafka, s, db.dir());
//   ProcessResult r = run_until_caught_up(cfg);   // fails the test loudly if the binary is missing
//
// The checkpoint goes to a file store in `dir`, named after s.name (checkpoint_path()).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "support/child_process.h"
#include "support/mariadb_server.h"
#include "support/mock_kafka_process.h"

namespace b2k::test {

struct RunSettings {
    std::string name = "e2e";  // source.name: the topic prefix
    std::string format = "debezium";
    bool tombstones = true;
    std::string start = "earliest";
    std::uint32_t server_id = 4242;
    std::vector<std::string> include;
    std::vector<std::string> exclude;
    std::vector<std::string> exclude_columns;
    std::vector<std::pair<std::string, std::string>> kafka_properties;
    std::uint32_t shutdown_timeout_s = 30;  // pipeline.shutdown_timeout_s
};

std::filesystem::path checkpoint_path(const RunSettings& s, const std::filesystem::path& dir);

std::filesystem::path write_run_config(const MariadbServer& db, const MockKafkaProcess& kafka,
                                       const RunSettings& s, const std::filesystem::path& dir);

// `binlog2kafka run -c CONFIG --until-caught-up`, killed after `timeout`.
ProcessResult run_until_caught_up(const std::filesystem::path& config,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(120));

}  // namespace b2k::test
