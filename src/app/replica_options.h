#pragma once
// The replica session's options from the config's source: section (tail and run).

#include "config/config.h"
#include "replication/replica_session.h"

namespace b2k::app {

replication::ReplicaOptions replica_options(const config::Config& cfg, bool follow);

}  // namespace b2k::app
