#pragma once
#include <span>
#include <string>

namespace b2k::app {

// binlog2kafka run -c CONFIG.yaml [--until-caught-up]
int run_command(std::span<const std::string> args);

}  // namespace b2k::app
