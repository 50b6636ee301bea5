#pragma once
// source: — the MySQL/MariaDB server we replicate from. Defaults here are the ones
// config/reference.yaml documents; the loader enforces the ranges noted.

#include <cstdint>
#include <string>
#include <variant>

#include "config/secret.h"
#include "mysql/tls_options.h"
#include "replication/start_position.h"

namespace b2k::config {

// source.start: where to begin when no checkpoint is stored (a stored checkpoint wins).
// source.start: the replica's own type (replication/start_position.h).
using replication::StartEarliest;
using replication::StartFilePos;
using replication::StartGtid;
using replication::StartLatest;
using replication::StartPosition;

// "latest", "earliest", "gtid 0-1-100", "file mysql-bin.000003 pos 4".
std::string to_string(const StartPosition& start);

// source.reconnect: capped exponential backoff with jitter between connection attempts.
struct ReconnectConfig {
    std::uint32_t min_ms = 100;    // first delay; 1..3600000
    std::uint32_t max_ms = 30000;  // cap; min_ms..3600000
    bool operator==(const ReconnectConfig&) const = default;
};

struct SourceConfig {
    std::string name;  // required: topic prefix and the messages' source.name
    std::string host;  // required
    std::uint16_t port = 3306;
    std::string user;             // required
    SecretRef password;           // empty: no password; re-resolve at every connect
    std::uint32_t server_id = 0;  // required, 1..4294967295, unique among the server's replicas
    mysql::TlsOptions tls;        // mode preferred
    StartPosition start = StartLatest{};
    std::uint32_t heartbeat_s = 5;  // 1..4294967 (the server's limit)
    ReconnectConfig reconnect;
};

}  // namespace b2k::config
