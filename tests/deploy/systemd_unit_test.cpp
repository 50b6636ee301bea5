// deploy/systemd/binlog2kafka.service: systemd's own checks (systemd-analyze verify, and the
// offline security assessment) on a copy whose ExecStart names the binary under test; the
// directives the daemon depends on; and its agreement with config/example-systemd.yaml
// (credential path, state directory, stop timeout against the drain bound).

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "config/config_loader.h"
#include "support/process.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kInstalledBinary = "/usr/local/bin/binlog2kafka";
constexpr std::string_view kExecStart =
    "/usr/local/bin/binlog2kafka run -c /etc/binlog2kafka/config.yaml";

// A unit file as systemd reads it: [Section] then Key=Value lines, '#' and ';' comments. Every
// assignment is kept in order (list settings accumulate; an empty one resets them).
class UnitFile {
  public:
    static UnitFile parse(const std::string& text) {
        UnitFile u;
        std::istringstream in(text);
        std::string section;
        for (std::string line; std::getline(in, line);) {
            const auto first = line.find_first_not_of(" \t");
            if (first == std::string::npos || line[first] == '#' || line[first] == ';') continue;
            line = line.substr(first);
            if (line.front() == '[') {
                section = line.substr(1, line.find(']') - 1);
                continue;
            }
            const auto eq = line.find('=');
            if (eq == std::string::npos) continue;  // systemd-analyze verify reports these
            auto trim = [](std::string s) {
                s.erase(s.find_last_not_of(" \t") + 1);
                s.erase(0, s.find_first_not_of(" \t"));
                return s;
            };
            u.entries_[section].emplace_back(trim(line.substr(0, eq)), trim(line.substr(eq + 1)));
        }
        return u;
    }

    // Every value assigned to `key` since the last empty assignment.
    std::vector<std::string> all(const std::string& section, const std::string& key) const {
        std::vector<std::string> out;
        auto it = entries_.find(section);
        if (it == entries_.end()) return out;
        for (const auto& [k, v] : it->second) {
            if (k != key) continue;
            if (v.empty()) out.clear();
            out.push_back(v);
        }
        return out;
    }
    // The effective value of a single-valued setting; nullopt when never set.
    std::optional<std::string> last(const std::string& section, const std::string& key) const {
        auto v = all(section, key);
        if (v.empty()) return std::nullopt;
        return v.back();
    }

  private:
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> entries_;
};

fs::path unit_path() {
    return source_path("deploy/systemd/binlog2kafka.service");
}

// A temporary directory holding binlog2kafka.service with ExecStart pointed at the built
// binary (systemd-analyze verify checks that the program exists and is executable).
class UnitCopy {
  public:
    explicit UnitCopy(const std::string& extra_service_lines = {}) {
        std::string templ = (fs::temp_directory_path() / "b2k-systemd-XXXXXX").string();
        if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        dir_ = templ;
        std::string text = read_text(unit_path());
        const auto pos = text.find("ExecStart=" + std::string(kInstalledBinary) + " ");
        if (pos == std::string::npos) {
            throw std::runtime_error("the unit has no ExecStart=" + std::string(kInstalledBinary));
        }
        text.replace(pos + 10, kInstalledBinary.size(), B2K_BINARY);
        if (!extra_service_lines.empty()) {
            const auto service = text.find("[Service]\n");
            text.insert(service + 10, extra_service_lines);
        }
        std::ofstream(path()) << text;
    }
    ~UnitCopy() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    UnitCopy(const UnitCopy&) = delete;
    UnitCopy& operator=(const UnitCopy&) = delete;

    // Named as installed: the credential path /run/credentials/<unit name>/ depends on it.
    fs::path path() const { return dir_ / "binlog2kafka.service"; }
    const fs::path& dir() const { return dir_; }

  private:
    fs::path dir_;
};

ProcessResult verify(const UnitCopy& unit) {
    const fs::path tool = require_tool("systemd-analyze", "systemd");
    // --recursive-errors=no: the exit code is about this unit, not about the host's units
    // it pulls in (network-online.target, ...); --man=no: it has no man page to look up.
    return run_process(
        {tool.string(), "verify", "--man=no", "--recursive-errors=no", unit.path().string()});
}

// The lines of systemd-analyze's output that are about our unit (its name or its directory).
std::string lines_about(const std::string& output, const UnitCopy& unit) {
    std::istringstream in(output);
    std::string about;
    for (std::string line; std::getline(in, line);) {
        if (line.find("binlog2kafka") != std::string::npos ||
            line.find(unit.dir().string()) != std::string::npos) {
            about += line + "\n";
        }
    }
    return about;
}

TEST(SystemdUnit, PassesSystemdAnalyzeVerify) {
    UnitCopy unit;
    const ProcessResult r = verify(unit);
    EXPECT_EQ(r.exit_code, 0) << "systemd-analyze verify " << unit.path() << ":\n" << r.output;
    EXPECT_EQ(lines_about(r.output, unit), "")
        << "systemd-analyze verify complained about the unit:\n"
        << r.output;
}

// The check above is only worth something if verify reports what a typo looks like.
TEST(SystemdUnit, VerifyWouldReportAMisspelledOrInvalidSetting) {
    UnitCopy unit("ProtectSystme=strict\nRestart=sometimes\n");
    const ProcessResult r = verify(unit);
    const std::string about = lines_about(r.output, unit);
    EXPECT_NE(about.find("ProtectSystme"), std::string::npos) << r.output;
    EXPECT_NE(about.find("sometimes"), std::string::npos) << r.output;
}

TEST(SystemdUnit, SecurityExposureStaysLow) {
    UnitCopy unit;
    const fs::path tool = require_tool("systemd-analyze", "systemd");
    // Exposure 0.0 (locked down) .. 10.0 (none); the unit scores 1.2 ("OK"): the remaining
    // points are the network access it needs. --threshold is in tenths.
    const ProcessResult r = run_process({tool.string(), "security", "--offline=yes",
                                         "--threshold=20", "--no-pager", unit.path().string()});
    EXPECT_EQ(r.exit_code, 0) << "exposure above 2.0 (a hardening option was lost?):\n" << r.output;
}

TEST(SystemdUnit, HasTheDirectivesTheDaemonAndTheHardeningNeed) {
    const UnitFile u = UnitFile::parse(read_text(unit_path()));
    const std::vector<std::pair<std::string, std::string>> expected = {
        // sd_notify: READY=1 after the first dump request, WATCHDOG=1, STOPPING=1.
        {"Type", "notify"},
        {"NotifyAccess", "main"},
        {"ExecStart", std::string(kExecStart)},
        {"Restart", "on-failure"},
        // `run` exits 2 on a config error: no restart loop.
        {"RestartPreventExitStatus", "2"},
        {"DynamicUser", "yes"},
        {"StateDirectory", "binlog2kafka"},
        {"ProtectSystem", "strict"},
        {"ProtectHome", "yes"},
        {"PrivateTmp", "yes"},
        {"PrivateDevices", "yes"},
        {"NoNewPrivileges", "yes"},
        {"ProtectKernelTunables", "yes"},
        {"ProtectKernelModules", "yes"},
        {"ProtectKernelLogs", "yes"},
        {"ProtectControlGroups", "yes"},
        {"RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"},
        {"MemoryDenyWriteExecute", "yes"},
        {"LockPersonality", "yes"},
        {"CapabilityBoundingSet", ""},
    };
    for (const auto& [key, value] : expected) {
        EXPECT_EQ(u.last("Service", key), value) << "[Service] " << key;
    }
    const auto filters = u.all("Service", "SystemCallFilter");
    EXPECT_NE(std::find(filters.begin(), filters.end(), "@system-service"), filters.end())
        << "SystemCallFilter=@system-service";
    EXPECT_TRUE(u.last("Service", "WatchdogSec").has_value());
    EXPECT_TRUE(u.last("Service", "RestartSec").has_value());
    EXPECT_EQ(u.last("Install", "WantedBy"), "multi-user.target");
}

// "45", "45s" or "1min 30s" → seconds; the unit is expected to use one of these forms.
std::optional<unsigned> seconds_of(const std::string& timespan) {
    unsigned total = 0;
    std::istringstream in(timespan);
    for (std::string word; in >> word;) {
        std::size_t used = 0;
        unsigned n = 0;
        try {
            n = static_cast<unsigned>(std::stoul(word, &used));
        } catch (const std::exception&) {
            return std::nullopt;
        }
        const std::string unit = word.substr(used);
        if (unit.empty() || unit == "s") {
            total += n;
        } else if (unit == "min") {
            total += 60 * n;
        } else {
            return std::nullopt;
        }
    }
    return total;
}

TEST(SystemdUnit, AgreesWithTheExampleConfig) {
    const UnitFile u = UnitFile::parse(read_text(unit_path()));
    auto loaded = config::load_config_file(source_path("config/example-systemd.yaml"),
                                           config::ConfigUse::run);
    ASSERT_TRUE(loaded) << loaded.error().message;
    const config::Config& cfg = loaded.value();

    // The file checkpoint lives in the StateDirectory, the one writable place.
    EXPECT_EQ(cfg.checkpoint.store, config::CheckpointStore::file);
    EXPECT_EQ(fs::path(cfg.checkpoint.path).parent_path(),
              fs::path("/var/lib") / u.last("Service", "StateDirectory").value_or("?"));

    // The password is the credential the unit loads.
    const std::string credential = u.last("Service", "LoadCredential").value_or("");
    ASSERT_NE(credential.find(':'), std::string::npos) << "LoadCredential=NAME:PATH";
    EXPECT_EQ(credential.substr(credential.find(':') + 1), "/etc/binlog2kafka/mysql-password");
    EXPECT_EQ(cfg.source.password.kind(), config::SecretRef::Kind::file);
    EXPECT_EQ(
        std::string(cfg.source.password.reference()),
        "/run/credentials/binlog2kafka.service/" + credential.substr(0, credential.find(':')));

    // systemd must not SIGKILL a drain still within pipeline.shutdown_timeout_s (the example's
    // and the default).
    const auto stop = seconds_of(u.last("Service", "TimeoutStopSec").value_or(""));
    ASSERT_TRUE(stop.has_value()) << "TimeoutStopSec= missing or not in seconds";
    EXPECT_GT(*stop, cfg.pipeline.shutdown_timeout_s);
    EXPECT_GT(*stop, config::PipelineConfig{}.shutdown_timeout_s);
    const auto watchdog = seconds_of(u.last("Service", "WatchdogSec").value_or(""));
    ASSERT_TRUE(watchdog.has_value()) << "WatchdogSec= missing or not in seconds";
    // The daemon pings at half of it from its 1-second-or-so tick; keep room for that.
    EXPECT_GE(*watchdog, 10u);
}

}  // namespace
}  // namespace b2k::test
