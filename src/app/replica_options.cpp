#include "app/replica_options.h"

namespace b2k::app {

replication::ReplicaOptions replica_options(const config::Config& cfg, bool follow) {
    const auto& s = cfg.source;
    replication::ReplicaOptions o;
    o.connect.host = s.host;
    o.connect.port = s.port;
    o.connect.user = s.user;
    o.connect.tls = s.tls;
    o.password = [secret = s.password]() { return secret.resolve(); };
    o.server_id = s.server_id;
    o.start = s.start;
    o.follow = follow;
    o.heartbeat = std::chrono::seconds(s.heartbeat_s);
    o.reconnect_min = std::chrono::milliseconds(s.reconnect.min_ms);
    o.reconnect_max = std::chrono::milliseconds(s.reconnect.max_ms);
    o.name = s.name;
    return o;
}

}  // namespace b2k::app
