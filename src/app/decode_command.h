#pragma once
#include <span>
#include <string>

namespace b2k::app {

// binlog2kafka decode FILE... [--transactions] [--skip-corrupt]
int decode_command(std::span<const std::string> args);

}  // namespace b2k::app
