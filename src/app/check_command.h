#pragma once
#include <span>
#include <string>

namespace b2k::app {

// binlog2kafka check -c CONFIG.yaml [--json]: exit 0 when no check FAILs, 1 otherwise.
int check_command(std::span<const std::string> args);

}  // namespace b2k::app
