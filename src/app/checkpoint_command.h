#pragma once
#include <span>
#include <string>

namespace b2k::app {

// binlog2kafka checkpoint show -c CONFIG.yaml
// binlog2kafka checkpoint set -c CONFIG.yaml (--gtid SET | --file F --pos P)
int checkpoint_command(std::span<const std::string> args);

}  // namespace b2k::app
