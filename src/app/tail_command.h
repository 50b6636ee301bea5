#pragma once
#include <span>
#include <string>

namespace b2k::app {

// binlog2kafka tail -c FILE [-f]
int tail_command(std::span<const std::string> args);

}  // namespace b2k::app
