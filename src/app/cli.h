#pragma once

namespace b2k::app {

// Parses the command line and runs a subcommand; returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace b2k::app
