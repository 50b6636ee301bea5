#include "support/daemon_run.h"

#include <fstream>
#include <stdexcept>

namespace b2k::test {
namespace {

// A YAML double-quoted scalar.
std::string yaml_quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"";
}

std::string yaml_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) out += ", ";
        out += yaml_quoted(items[i]);
    }
    return out + "]";
}

}  // namespace

std::filesystem::path checkpoint_path(const RunSettings& s, const std::filesystem::path& dir) {
    return dir / (s.name + ".checkpoint.json");
}

std::filesystem::path write_run_config(const MariadbServer& db, const MockKafkaProcess& kafka,
                                       const RunSettings& s, const std::filesystem::path& dir) {
    const auto path = dir / (s.name + ".run.yaml");
    std::ofstream out(path);
    out << "source:\n"
        << "  name: " << s.name << "\n"
        << "  host: " << db.host() << "\n"
        << "  port: " << db.port() << "\n"
        << "  user: " << db.user() << "\n"
        << "  password: " << yaml_quoted(db.password()) << "\n"
        << "  server_id: " << s.server_id << "\n"
        << "  tls: {mode: disabled}\n"
        << "  start: " << s.start << "\n"
        << "filter:\n"
        << "  include: " << yaml_list(s.include) << "\n"
        << "  exclude: " << yaml_list(s.exclude) << "\n"
        << "  exclude_columns: " << yaml_list(s.exclude_columns) << "\n"
        << "kafka:\n"
        << "  brokers: " << yaml_quoted(kafka.bootstrap()) << "\n"
        << "  format: " << s.format << "\n"
        << "  tombstones: " << (s.tombstones ? "true" : "false") << "\n";
    if (!s.kafka_properties.empty()) {
        out << "  properties:\n";
        for (const auto& [k, v] : s.kafka_properties)
            out << "    " << k << ": " << yaml_quoted(v) << "\n";
    }
    out << "pipeline:\n"
        << "  shutdown_timeout_s: " << s.shutdown_timeout_s << "\n"
        << "checkpoint:\n"
        << "  store: file\n"
        << "  path: " << yaml_quoted(checkpoint_path(s, dir).string()) << "\n"
        << "  interval_ms: 100\n"
        << "http:\n"
        << "  listen: 127.0.0.1:0\n"
        << "log:\n"
        << "  level: info\n";
    if (!out) throw std::runtime_error("cannot write " + path.string());
    return path;
}

ProcessResult run_until_caught_up(const std::filesystem::path& config,
                                  std::chrono::milliseconds timeout) {
    require_executable(B2K_BINARY, "the binlog2kafka binary");
    return run_process({B2K_BINARY, "run", "-c", config.string(), "--until-caught-up"}, timeout);
}

}  // namespace b2k::test
