#pragma once
// The checkpoint store the config names (checkpoint.store), for `run` and `checkpoint`.

#include <memory>
#include <string>

#include "checkpoint/checkpoint_store.h"
#include "config/config.h"

namespace b2k::app {

// bootstrap_servers: the broker list in force (the embedded cluster's address for "embedded").
// A file store's directory is created if missing.
[[nodiscard]] Result<std::unique_ptr<checkpoint::CheckpointStore>> open_checkpoint_store(
    const config::Config& cfg, const std::string& bootstrap_servers);

}  // namespace b2k::app
