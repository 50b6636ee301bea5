#include "app/preflight.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "app/checkpoint_store_factory.h"
#include "app/replica_options.h"
#include "kafka/producer.h"
#include "mysql/connection.h"
#include "replication/binlog_retention.h"
#include "replication/server_info.h"

namespace b2k::app {
namespace asio = boost::asio;

std::string_view to_string(CheckStatus s) noexcept {
    switch (s) {
        case CheckStatus::pass:
            return "PASS";
        case CheckStatus::warn:
            return "WARN";
        case CheckStatus::fail:
            return "FAIL";
    }
    return "?";
}

namespace {

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return std::string(s);
}

// Privileges granted, by target ("*.*", "`shop`.*", ...), from SHOW GRANTS lines.
std::map<std::string, std::set<std::string>> parse_grants(const mysql::ResultSet& rs) {
    std::map<std::string, std::set<std::string>> out;
    for (const auto& row : rs.rows) {
        if (row.empty() || !row[0]) continue;
        const std::string line = *row[0];
        const std::string up = upper(line);
        if (!up.starts_with("GRANT ")) continue;
        const auto on = up.find(" ON ");
        const auto to = up.find(" TO ", on == std::string::npos ? 0 : on);
        if (on == std::string::npos || to == std::string::npos) continue;
        std::string target = trim(std::string_view(line).substr(on + 4, to - on - 4));
        target.erase(std::remove(target.begin(), target.end(), '`'), target.end());
        const std::string privs = up.substr(6, on - 6);
        std::size_t start = 0;
        while (start <= privs.size()) {
            auto comma = privs.find(',', start);
            if (comma == std::string::npos) comma = privs.size();
            std::string p = trim(std::string_view(privs).substr(start, comma - start));
            if (const auto paren = p.find('('); paren != std::string::npos)
                p = trim(p.substr(0, paren));
            if (!p.empty()) out[target].insert(p);
            start = comma + 1;
        }
    }
    return out;
}

bool has_global(const std::map<std::string, std::set<std::string>>& g, std::string_view priv) {
    auto it = g.find("*.*");
    if (it == g.end()) return false;
    return it->second.contains(std::string(priv)) || it->second.contains("ALL PRIVILEGES") ||
           it->second.contains("ALL");
}

struct Checks {
    std::vector<CheckLine> lines;
    void add(CheckStatus s, std::string name, std::string detail, std::string fix = {}) {
        lines.push_back(CheckLine{s, std::move(name), std::move(detail), std::move(fix)});
    }
};

std::string grant_stmt(const config::Config& cfg, std::string_view privs, std::string_view on) {
    return "GRANT " + std::string(privs) + " ON " + std::string(on) + " TO '" + cfg.source.user +
           "'@'%';";
}

asio::awaitable<void> mysql_checks(const config::Config& cfg, Checks& c) {
    const std::string where = cfg.source.host + ":" + std::to_string(cfg.source.port);
    mysql::Connection conn(co_await asio::this_coro::executor);
    replication::ReplicaOptions ro = replica_options(cfg, true);
    mysql::ConnectOptions co = ro.connect;
    co.io_timeout = std::chrono::seconds(10);
    auto password = ro.password();
    if (!password) {
        const std::string& origin = cfg.source.password.origin();
        c.add(CheckStatus::fail, "source.password",
              (origin.empty() ? "" : origin + ": ") + password.error().message,
              "fix the reference in source.password");
        co_return;
    }
    co.password = std::move(password).value();
    if (auto r = co_await conn.connect(std::move(co)); !r) {
        // Every TLS error of the connection (no TLS on the server, a certificate that does not
        // verify, a handshake that fails) says "TLS"; those get their own line and fix.
        if (cfg.source.tls.mode != mysql::TlsMode::disabled &&
            r.error().message.find("TLS") != std::string::npos) {
            c.add(CheckStatus::fail, "tls", r.error().message,
                  "match source.tls to the server: tls.ca must hold the CA that signed its "
                  "certificate (RDS/Aurora: the global bundle from "
                  "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem), "
                  "tls.mode: verify_identity needs the host name the certificate holds, and a "
                  "server without TLS needs it enabled (or tls.mode: preferred)");
            co_return;
        }
        c.add(CheckStatus::fail, "server reachable", r.error().message,
              "check source.host/port/user/password/tls and that this host may connect (security "
              "group / firewall on " +
                  where + ")");
        co_return;
    }
    c.add(CheckStatus::pass, "server reachable",
          conn.server().server_version + " at " + where + " as " + cfg.source.user);
    if (conn.tls_active()) {
        c.add(CheckStatus::pass, "tls",
              conn.tls_description() + " (source.tls.mode " +
                  std::string(mysql::to_string(cfg.source.tls.mode)) + ")");
    } else {
        c.add(CheckStatus::warn, "tls", "the connection is not encrypted",
              "set source.tls.mode: verify_identity with the server's CA (RDS: the "
              "rds-global-bundle.pem) so credentials and data are not sent in clear");
    }

    auto info = co_await replication::probe_server(conn);
    if (!info) {
        c.add(CheckStatus::fail, "server variables", info.error().message,
              "the user needs REPLICATION CLIENT to read them: " +
                  grant_stmt(cfg, "REPLICATION CLIENT", "*.*"));
        co_return;
    }
    const replication::ServerInfo& s = info.value();
    const bool maria = s.is_mariadb();

    // Grants.
    auto grants_rs = co_await conn.query("SHOW GRANTS");
    if (!grants_rs) {
        c.add(CheckStatus::warn, "grants", "SHOW GRANTS failed: " + grants_rs.error().message,
              "verify by hand that the user has REPLICATION SLAVE, REPLICATION CLIENT and SELECT");
    } else {
        const auto g = parse_grants(grants_rs.value());
        if (has_global(g, "REPLICATION SLAVE")) {
            c.add(CheckStatus::pass, "grant REPLICATION SLAVE", "granted on *.*");
        } else {
            c.add(CheckStatus::fail, "grant REPLICATION SLAVE",
                  "missing: the binlog cannot be read",
                  grant_stmt(cfg, "REPLICATION SLAVE", "*.*"));
        }
        if (has_global(g, "REPLICATION CLIENT") || has_global(g, "BINLOG MONITOR")) {
            c.add(CheckStatus::pass, "grant REPLICATION CLIENT", "granted on *.*");
        } else {
            c.add(CheckStatus::fail, "grant REPLICATION CLIENT",
                  "missing: the binlog position and settings cannot be read",
                  grant_stmt(cfg, "REPLICATION CLIENT", "*.*"));
        }
        if (has_global(g, "SELECT")) {
            c.add(CheckStatus::pass, "grant SELECT",
                  "granted on *.* (information_schema of the "
                  "included tables is readable)");
        } else {
            // Database-level grants: every database an include pattern names literally.
            std::vector<std::string> missing;
            for (const auto& p : cfg.filter.include) {
                const std::string text = p.text();
                const auto dot = text.find('.');
                const std::string db = text.substr(0, dot);
                if (db.find_first_of("*?[") != std::string::npos) {
                    missing.push_back(text);
                    continue;
                }
                auto it = g.find(db + ".*");
                if (it == g.end() ||
                    (!it->second.contains("SELECT") && !it->second.contains("ALL PRIVILEGES"))) {
                    missing.push_back(db + ".*");
                }
            }
            if (cfg.filter.include.empty()) missing.push_back("*.*");
            if (missing.empty()) {
                c.add(CheckStatus::pass, "grant SELECT", "granted on every included database");
            } else {
                c.add(
                    CheckStatus::warn, "grant SELECT",
                    "not granted on " + missing.front() +
                        (missing.size() > 1 ? " and " + std::to_string(missing.size() - 1) + " more"
                                            : std::string()) +
                        ": the schema tracker reads the included tables' definitions",
                    grant_stmt(cfg, "SELECT", missing.front() == "*.*" ? "*.*" : missing.front()));
            }
        }
        const bool can_list_replicas =
            maria ? has_global(g, "REPLICATION MASTER ADMIN") || has_global(g, "SUPER")
                  : has_global(g, "REPLICATION SLAVE");
        if (!can_list_replicas) {
            c.add(CheckStatus::warn, "optional grant",
                  "without REPLICATION MASTER ADMIN the replicas' server_ids cannot be listed",
                  grant_stmt(cfg, "REPLICATION MASTER ADMIN", "*.*") +
                      " (optional: lets check detect a server_id clash)");
        }
    }

    // Binlog settings.
    if (s.log_bin) {
        c.add(CheckStatus::pass, "log_bin", "ON");
    } else {
        c.add(CheckStatus::fail, "log_bin", "OFF: the server writes no binary log",
              "start the server with --log-bin (RDS/Aurora: enable automated backups; Aurora: set "
              "binlog_format in the DB cluster parameter group)");
    }
    if (s.binlog_format == "ROW") {
        c.add(CheckStatus::pass, "binlog_format", "ROW");
    } else {
        c.add(CheckStatus::fail, "binlog_format", s.binlog_format,
              "SET GLOBAL binlog_format='ROW' and in my.cnf (RDS/Aurora: binlog_format=ROW in the "
              "parameter group, then reboot)");
    }
    if (s.binlog_row_image == "FULL") {
        c.add(CheckStatus::pass, "binlog_row_image", "FULL");
    } else {
        c.add(CheckStatus::warn, "binlog_row_image",
              s.binlog_row_image +
                  ": updates carry only some columns; messages hold only what "
                  "the server logged",
              "SET GLOBAL binlog_row_image='FULL' (RDS: parameter group) for complete before/after "
              "images");
    }
    if (s.binlog_row_metadata == "FULL") {
        c.add(CheckStatus::pass, "binlog_row_metadata", "FULL");
    } else if (!s.binlog_row_metadata.empty()) {
        c.add(CheckStatus::warn, "binlog_row_metadata",
              s.binlog_row_metadata +
                  ": TABLE_MAP events carry no column names, charsets or keys; the schema "
                  "tracker supplies them from information_schema and the DDL in the binlog, "
                  "and stops where it cannot know them",
              "SET GLOBAL binlog_row_metadata='FULL' (RDS: parameter group)");
    } else {
        c.add(CheckStatus::warn, "binlog_row_metadata",
              "not available on this server version (MySQL < 8.0.1): the schema tracker "
              "supplies names and keys from information_schema and the DDL in the binlog",
              "upgrade to MySQL 8.0 or MariaDB 10.5+ for self-describing binlogs");
    }
    if (s.binlog_row_metadata != "FULL") {
        // The schema tracker re-reads a table it lost only after listing the statements logged
        // since (docs/schema-tracker.md, "Re-reading a definition").
        if (auto ev = co_await conn.query("SHOW BINLOG EVENTS LIMIT 1")) {
            c.add(CheckStatus::pass, "schema re-read",
                  "SHOW BINLOG EVENTS works: a table the schema tracker loses is re-read from "
                  "information_schema once the stream has caught up");
        } else {
            c.add(CheckStatus::warn, "schema re-read",
                  "SHOW BINLOG EVENTS failed (" + ev.error().message +
                      "): a table the schema tracker loses stops the stream instead of being "
                      "re-read",
                  grant_stmt(cfg, maria ? "BINLOG MONITOR" : "REPLICATION SLAVE", "*.*"));
        }
    }
    if (!maria && s.at_least(8, 0, 3)) {
        auto v = co_await conn.query("SELECT @@GLOBAL.binlog_row_value_options");
        if (v && !v.value().rows.empty() && v.value().rows[0][0]) {
            const std::string opt = *v.value().rows[0][0];
            if (opt.empty() || s.binlog_row_image == "FULL") {
                c.add(CheckStatus::pass, "binlog_row_value_options",
                      opt.empty() ? std::string("'' (whole JSON values)")
                                  : opt +
                                        " with binlog_row_image=FULL (diffs applied to the "
                                        "before image)");
            } else {
                c.add(CheckStatus::warn, "binlog_row_value_options",
                      opt + " with binlog_row_image=" + s.binlog_row_image +
                          ": a partial JSON update cannot be applied without the before image",
                      "SET GLOBAL binlog_row_value_options='' or binlog_row_image='FULL'");
            }
        }
    }
    if (maria) {
        c.add(CheckStatus::pass, "gtid", "MariaDB GTIDs (always on): resume by GTID position");
    } else if (s.gtid_mode) {
        c.add(CheckStatus::pass, "gtid_mode", "ON: resume by GTID set (survives a failover)");
    } else {
        c.add(CheckStatus::warn, "gtid_mode",
              "OFF: the position is file/offset, which does not survive a failover to another "
              "server",
              "enable GTIDs (gtid_mode=ON, enforce_gtid_consistency=ON; RDS: parameter group)");
    }

    // server_id clash. The daemon registers with source.name as its host name, so a replica
    // registered with our id and our name is most likely this config's daemon, already running.
    auto hosts = co_await conn.query(maria ? "SHOW SLAVE HOSTS" : "SHOW REPLICAS");
    if (!hosts && !maria) hosts = co_await conn.query("SHOW SLAVE HOSTS");
    if (cfg.source.server_id == s.server_id) {
        c.add(CheckStatus::fail, "server_id", "source.server_id equals the server's own server_id",
              "choose another source.server_id");
    } else if (hosts) {
        const auto id_col = hosts.value().column_index("Server_id");
        const auto host_col = hosts.value().column_index("Host");
        std::optional<std::string> clash;
        for (const auto& row : hosts.value().rows) {
            if (id_col && row[*id_col] && *row[*id_col] == std::to_string(cfg.source.server_id)) {
                clash = host_col && row[*host_col] ? *row[*host_col] : std::string();
            }
        }
        const std::string id = std::to_string(cfg.source.server_id);
        if (!clash) {
            c.add(CheckStatus::pass, "server_id", id + " is not used by a registered replica");
        } else if (*clash == cfg.source.name) {
            c.add(CheckStatus::warn, "server_id",
                  id + " is registered by '" + *clash +
                      "', this config's source.name: fine if that is this binlog2kafka "
                      "running, a clash if a second one runs with the same config",
                  "run one binlog2kafka per source.name, or give each its own source.server_id");
        } else {
            c.add(CheckStatus::fail, "server_id",
                  id + " is registered by another replica ('" + *clash +
                      "'): the server would drop one of the two connections again and again",
                  "give source.server_id a value no other replica uses (SHOW SLAVE HOSTS lists "
                  "the ids in use)");
        }
    }

    // Retention and the stored checkpoint.
    const replication::BinlogRetention retention =
        co_await replication::read_binlog_retention(conn);
    if (!retention.known) {
        c.add(CheckStatus::warn, "binlog retention", "could not be read",
              "check binlog_expire_logs_seconds (RDS: CALL mysql.rds_show_configuration)");
    } else if (retention.rds && retention.keep && retention.keep->count() <= 300) {
        c.add(CheckStatus::fail, "binlog retention", retention.source,
              "CALL mysql.rds_set_configuration('binlog retention hours', 24); — RDS otherwise "
              "purges binlogs within minutes, so any pause loses the position");
    } else {
        c.add(CheckStatus::pass, "binlog retention", retention.source);
    }
    auto logs = co_await conn.query("SHOW BINARY LOGS");
    std::set<std::string> files;
    if (logs) {
        for (const auto& row : logs.value().rows) {
            if (!row.empty() && row[0]) files.insert(*row[0]);
        }
    }
    auto store = open_checkpoint_store(cfg, cfg.kafka.brokers);
    if (cfg.kafka.embedded() && cfg.checkpoint.store == config::CheckpointStore::kafka) {
        c.add(CheckStatus::warn, "checkpoint",
              "kept in the embedded cluster: lost when the daemon exits",
              "use checkpoint.store: file, or a real Kafka");
    } else if (!store) {
        c.add(CheckStatus::fail, "checkpoint", store.error().message, "fix checkpoint.*");
    } else if (auto cp = store.value()->load(); !cp) {
        c.add(CheckStatus::fail, "checkpoint", cp.error().message,
              "repair or remove the stored checkpoint (binlog2kafka checkpoint set)");
    } else if (!cp.value()) {
        c.add(CheckStatus::pass, "checkpoint",
              "none stored yet in " + store.value()->describe() + ": run starts at source.start");
    } else {
        const auto& k = *cp.value();
        const auto age_s = (std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count() -
                            static_cast<std::int64_t>(k.ts_ms)) /
                           1000;
        if (logs && !k.file.empty() && !files.contains(k.file)) {
            c.add(CheckStatus::fail, "checkpoint position",
                  k.file + " (the stored position) is no longer on the server: it was purged",
                  "changes were lost for this consumer: re-snapshot downstream, then `binlog2kafka "
                  "checkpoint set` to a current position; raise the retention "
                  "(RDS: CALL mysql.rds_set_configuration('binlog retention hours', 24))");
        } else if (retention.keep && age_s > retention.keep->count() / 2) {
            c.add(CheckStatus::warn, "checkpoint position",
                  "the checkpoint is " + std::to_string(age_s / 3600) +
                      " h old; binlogs are kept " + std::to_string(retention.keep->count() / 3600) +
                      " h",
                  "start the daemon soon, or raise the binlog retention");
        } else {
            c.add(CheckStatus::pass, "checkpoint position",
                  k.file + ":" + std::to_string(k.pos) +
                      " is on the server (its transaction committed " +
                      std::to_string(std::max<std::int64_t>(0, age_s)) + " s before now)");
        }
    }

    // Tables the filter captures (for the Kafka topic check).
    co_await conn.quit();
}

std::vector<std::pair<std::string, std::string>> captured_tables(const config::Config& cfg) {
    std::vector<std::pair<std::string, std::string>> out;
    asio::io_context io;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            mysql::Connection conn(io.get_executor());
            replication::ReplicaOptions ro = replica_options(cfg, true);
            mysql::ConnectOptions co = ro.connect;
            co.io_timeout = std::chrono::seconds(10);
            auto password = ro.password();
            if (!password) co_return;
            co.password = std::move(password).value();
            if (!co_await conn.connect(std::move(co))) co_return;
            auto rs = co_await conn.query(
                "SELECT table_schema, table_name FROM information_schema.TABLES WHERE table_type "
                "= 'BASE TABLE'");
            if (rs) {
                for (const auto& row : rs.value().rows) {
                    if (row.size() < 2 || !row[0] || !row[1]) continue;
                    if (cfg.filter.captures(*row[0], *row[1])) out.emplace_back(*row[0], *row[1]);
                }
            }
            co_await conn.quit();
        },
        asio::detached);
    io.run();
    return out;
}

void kafka_checks(const config::Config& cfg, Checks& c) {
    if (cfg.kafka.embedded()) {
        c.add(CheckStatus::pass, "kafka",
              "brokers: embedded — run starts an in-process mock cluster (for trying it out)");
        return;
    }
    auto props = kafka::resolve_properties(cfg.kafka);
    if (!props) {
        c.add(CheckStatus::fail, "kafka.properties", props.error().message,
              "fix the reference in kafka.properties");
        return;
    }
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", cfg.kafka.brokers.c_str(), err, sizeof err);
    rd_kafka_conf_set(conf, "log_level", "0", err, sizeof err);
    for (const auto& [k, v] : props.value()) {
        if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
            c.add(CheckStatus::fail, "kafka.properties", "'" + k + "': " + err,
                  "fix kafka.properties." + k);
            rd_kafka_conf_destroy(conf);
            return;
        }
    }
    kafka::HandlePtr rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err));
    if (!rk) {
        c.add(CheckStatus::fail, "kafka", err, "fix kafka.properties");
        return;
    }
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t e = rd_kafka_metadata(rk.get(), 1, nullptr, &md, 10000);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
        c.add(CheckStatus::fail, "kafka reachable",
              "no metadata from " + cfg.kafka.brokers + " within 10 s: " + rd_kafka_err2str(e),
              "check kafka.brokers, the network path, and the security settings in "
              "kafka.properties (security.protocol, sasl.*, ssl.*)");
        return;
    }
    std::set<std::string> topics;
    for (int i = 0; i < md->topic_cnt; ++i)
        topics.insert(md->topics[i].topic);
    c.add(CheckStatus::pass, "kafka reachable",
          std::to_string(md->broker_cnt) + " broker(s), " + std::to_string(md->topic_cnt) +
              " topic(s) at " + cfg.kafka.brokers);
    rd_kafka_metadata_destroy(md);

    std::vector<std::string> missing;
    for (const auto& [db, table] : captured_tables(cfg)) {
        const std::string t = cfg.kafka.topic.expand(cfg.source.name, db, table);
        if (!topics.contains(t)) missing.push_back(t);
    }
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    if (missing.empty()) {
        c.add(CheckStatus::pass, "kafka topics", "every captured table's topic exists");
    } else {
        std::string list;
        for (std::size_t i = 0; i < missing.size() && i < 5; ++i)
            list += (i ? ", " : "") + missing[i];
        if (missing.size() > 5) list += ", …";
        c.add(CheckStatus::warn, "kafka topics",
              std::to_string(missing.size()) + " topic(s) do not exist yet (" + list +
                  "); whether the brokers auto-create them (auto.create.topics.enable) cannot be "
                  "known from here",
              "create them with the partition count and retention you want, or make sure "
              "auto.create.topics.enable=true");
    }
}

}  // namespace

std::vector<CheckLine> run_preflight(const config::Config& cfg) {
    Checks c;
    asio::io_context io;
    asio::co_spawn(io, mysql_checks(cfg, c), asio::detached);
    io.run();
    kafka_checks(cfg, c);
    return std::move(c.lines);
}

}  // namespace b2k::app
