#include "app/cli.h"

#include <cstdio>
#include <string>
#include <vector>

#include "app/check_command.h"
#include "app/checkpoint_command.h"
#include "app/decode_command.h"
#include "app/run_command.h"
#include "app/tail_command.h"

namespace b2k::app {
namespace {

constexpr const char* kUsage =
    "binlog2kafka " B2K_VERSION
    " - MySQL/MariaDB binlog to Kafka change data capture\n"
    "\n"
    "usage:\n"
    "  binlog2kafka decode FILE... [--transactions] [--skip-corrupt]\n"
    "                              decode binlog files to JSON lines\n"
    "  binlog2kafka run -c CONFIG.yaml [--until-caught-up]\n"
    "                              the daemon: publish every change to Kafka\n"
    "  binlog2kafka check -c CONFIG.yaml [--json]\n"
    "                              verify every prerequisite, print the fixes\n"
    "  binlog2kafka tail -c CONFIG.yaml [-f] [--transactions]\n"
    "                              stream changes from a server as JSON lines (-f: follow)\n"
    "  binlog2kafka checkpoint show -c CONFIG.yaml\n"
    "  binlog2kafka checkpoint set -c CONFIG.yaml (--gtid SET | --file F --pos P)\n"
    "                              inspect or move the stored position\n"
    "  binlog2kafka --version\n";

}  // namespace

int run_cli(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version" || args[0] == "version") {
        std::puts("binlog2kafka " B2K_VERSION);
        return 0;
    }
    const std::string cmd = args[0];
    std::span<const std::string> rest(args.data() + 1, args.size() - 1);
    try {
        if (cmd == "decode") return decode_command(rest);
        if (cmd == "tail") return tail_command(rest);
        if (cmd == "run") return run_command(rest);
        if (cmd == "check") return check_command(rest);
        if (cmd == "checkpoint") return checkpoint_command(rest);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "binlog2kafka %s: %s\n", cmd.c_str(), e.what());
        return 1;
    }
    std::fprintf(stderr, "binlog2kafka: unknown command '%s'\n\n%s", cmd.c_str(), kUsage);
    return 2;
}

}  // namespace b2k::app
