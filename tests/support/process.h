#pragma once
// Test support: running a command-line tool and collecting what it prints. For tests that
// check files with the system's own tools (systemd-analyze, dpkg, ldd): a missing tool is a
// test failure that names it and its Debian package, never a skip.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace b2k::test {

struct ProcessResult {
    int exit_code = -1;  // -1: killed by a signal
    std::string output;  // stdout and stderr, interleaved as written
};

// Runs argv (argv[0] looked up in PATH) with stdin from /dev/null and waits for it. Throws
// std::runtime_error when it cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv);

// The full path of `tool` in PATH; throws std::runtime_error naming the tool and the Debian
// package that provides it when it is not there.
std::filesystem::path require_tool(std::string_view tool, std::string_view debian_package);

// <checkout>/<rel>; throws when absent.
std::filesystem::path source_path(std::string_view rel);

std::string read_text(const std::filesystem::path& p);

}  // namespace b2k::test
