#pragma once
#include <cstddef>
#include <span>
#include <string>

namespace b2k::app {

// Memory the producer's local queue may hold (queue.buffering.max.kbytes / .messages), beside
// the ring's pipeline.ring_bytes: together what the daemon may buffer when Kafka is slow
// (docs/operations.md, "Memory"; the deployment examples are sized from it).
inline constexpr std::size_t kProducerMemoryBudget = 16u << 20;

// binlog2kafka run -c CONFIG.yaml [--until-caught-up]
int run_command(std::span<const std::string> args);

}  // namespace b2k::app
