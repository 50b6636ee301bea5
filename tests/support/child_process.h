#pragma once
// Test support: running the tools under test as child processes.
//
//   auto r = run_process({B2K_BINARY, "run", "-c", cfg}, std::chrono::seconds(60));
//   ASSERT_EQ(r.status, 0) << r.err;
//
// stdout and stderr are captured to temporary files (no pipe to deadlock on); a child still
// running at the deadline is killed (SIGKILL) and reported with timed_out, so a hanging tool
// fails its test instead of hanging the suite. A binary that cannot be started throws
// std::runtime_error naming it. Not thread-safe.

#include <chrono>
#include <string>
#include <vector>

namespace b2k::test {

struct ProcessResult {
    int status = -1;  // exit status; 128 + signal when killed by a signal
    bool timed_out = false;
    std::string out;
    std::string err;
    std::string describe() const;  // "exit 3" / "killed after timeout", then stderr
};

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

// `command` through /bin/sh -c (for tests that build a command line).
ProcessResult run_shell(const std::string& command,
                        std::chrono::milliseconds timeout = std::chrono::seconds(120));

// Throws std::runtime_error when `path` is not an executable file, naming `what` and how to
// build it: a test that lacks its binary fails, it is never skipped.
void require_executable(const std::string& path, const std::string& what);

}  // namespace b2k::test
