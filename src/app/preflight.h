#pragma once
// Preflight: every prerequisite `binlog2kafka check` verifies, one line each with PASS, WARN
// or FAIL and — for anything but PASS — the exact fix (SQL statement, RDS parameter-group
// setting or procedure, config key). Issue 6, DESIGN.md "Command line".
//
// Read-only: it connects as the configured user, runs SHOW/SELECT statements, reads the
// checkpoint store without locking it, and asks Kafka for metadata. Secrets never appear in
// its output (SHOW GRANTS lines, which can carry password hashes, are parsed, not printed).

#include <string>
#include <vector>

#include "config/config.h"

namespace b2k::app {

enum class CheckStatus { pass, warn, fail };
std::string_view to_string(CheckStatus s) noexcept;

struct CheckLine {
    CheckStatus status = CheckStatus::pass;
    std::string name;    // "binlog_format", "grants: REPLICATION SLAVE", ...
    std::string detail;  // what was found
    std::string fix;     // what to do (empty for PASS)
};

// Runs every check; never fails as a whole (a check that cannot run is a FAIL or WARN line).
std::vector<CheckLine> run_preflight(const config::Config& cfg);

}  // namespace b2k::app
