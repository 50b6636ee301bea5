#include "config/config_loader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/yaml_reader.h"
#include "gtid/mariadb_gtid_list.h"
#include "gtid/mysql_gtid_set.h"
#include "mysql/tls_options.h"

namespace b2k::config {
namespace {

// ---- helpers shared by the sections ----

bool kafka_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

void read_topic(const Field& f, TopicTemplate& out, TopicTemplate::Scope scope) {
    std::string text;
    if (!read_string(f, text)) return;
    auto t = TopicTemplate::parse(text, scope);
    if (!t) {
        f.error("'" + text + "' " + t.error().message);
        return;
    }
    out = std::move(t).value();
}

// A secret: its value is never shown, whatever is wrong with it.
void read_secret(const Field& f, SecretRef& out) {
    if (!f.node.IsScalar()) {
        f.error("expected a string (a literal, ${env:NAME} or ${file:/path}), found " +
                std::string(f.node.IsMap() ? "a mapping" : "a list"));
        return;
    }
    auto s = SecretRef::parse(f.node.Scalar());
    if (!s) {
        f.error(s.error().message);
        return;
    }
    out = std::move(s).value();
    out.set_origin(f.diag->where(f.mark()));
}

void read_patterns(const Field& f, std::vector<NamePattern>& out, bool columns) {
    const std::string_view shape = columns ? "db.table.column" : "db.table";
    std::vector<NamePattern> patterns;
    for (const Field& item : read_list(f, "a list of " + std::string(shape) + " patterns")) {
        std::string text;
        if (!read_nonempty_string(item, text)) continue;
        auto p = columns ? NamePattern::parse_column(text) : NamePattern::parse_table(text);
        if (!p) {
            item.error("pattern '" + text + "' " + p.error().message);
            continue;
        }
        patterns.push_back(std::move(p).value());
    }
    out = std::move(patterns);
}

// ---- source ----

void read_start(const Field& f, StartPosition& out) {
    constexpr std::string_view kForms = "latest, earliest, {gtid: SET}, {file: F, pos: P}";
    if (f.node.IsScalar()) {
        const std::string& s = f.node.Scalar();
        if (s == "latest") {
            out = StartLatest{};
        } else if (s == "earliest") {
            out = StartEarliest{};
        } else {
            f.error("unknown value " + f.found() + " (allowed: " + std::string(kForms) + ")");
        }
        return;
    }
    if (!f.node.IsMap()) {
        f.error("expected one of " + std::string(kForms) + ", found " + f.found());
        return;
    }
    MapReader m(f, {"gtid", "file", "pos"});
    auto gtid = m.get("gtid");
    auto file = m.get("file");
    auto pos = m.get("pos");
    if (gtid && (file || pos)) {
        m.error("give either {gtid: SET} or {file: F, pos: P}, not both");
        return;
    }
    if (gtid) {
        std::string set;
        if (!read_nonempty_string(*gtid, set)) return;
        if (!gtid::MysqlGtidSet::parse(set) && !gtid::MariadbGtidList::parse(set)) {
            gtid->error("'" + set +
                        "' is neither a MySQL GTID set (uuid:1-5,uuid:7) nor a MariaDB GTID "
                        "position (domain-server-seq, e.g. 0-1-100,1-2-7)");
            return;
        }
        out = StartGtid{std::move(set)};
        return;
    }
    if (file) {
        StartFilePos fp;
        bool ok = read_nonempty_string(*file, fp.file);
        if (ok && fp.file.find_first_of("/ \t") != std::string::npos) {
            file->error("'" + fp.file +
                        "' is not a binlog file name (as SHOW BINARY LOGS lists it, "
                        "e.g. mysql-bin.000003)");
            ok = false;
        }
        if (pos && read_uint(*pos, fp.pos, 0, UINT64_MAX)) {
            if (fp.pos > 0 && fp.pos < 4) {
                pos->error(std::to_string(fp.pos) +
                           " is inside the binlog's magic number; 4 (or 0) is the file's start");
                ok = false;
            }
        } else if (pos) {
            ok = false;
        }
        if (ok) out = std::move(fp);
        return;
    }
    if (pos) {
        m.error("pos needs file: {file: F, pos: P}");
        return;
    }
    m.error("expected one of " + std::string(kForms) + ", found an empty mapping");
}

void read_tls(const Field& f, mysql::TlsOptions& out) {
    MapReader m(f, {"mode", "ca", "cert", "key", "server_public_key", "server_name"});
    if (auto v = m.get("mode")) {
        std::string text;
        if (read_string(*v, text)) {
            auto mode = mysql::parse_tls_mode(text);
            if (mode) {
                out.mode = mode.value();
            } else {
                v->error(mode.error().message);
            }
        }
    }
    if (auto v = m.get("ca")) read_string(*v, out.ca);
    if (auto v = m.get("cert")) read_string(*v, out.cert);
    if (auto v = m.get("key")) read_string(*v, out.key);
    if (auto v = m.get("server_public_key")) read_string(*v, out.server_public_key);
    if (auto v = m.get("server_name")) read_string(*v, out.server_name);
    if (!out.cert.empty() && out.key.empty()) {
        m.error("cert is set but key is not: a client certificate needs its private key");
    } else if (out.cert.empty() && !out.key.empty()) {
        m.error("key is set but cert is not: a private key needs its client certificate");
    }
}

void read_reconnect(const Field& f, ReconnectConfig& out) {
    MapReader m(f, {"min_ms", "max_ms"});
    bool ok = true;
    if (auto v = m.get("min_ms")) ok &= read_uint(*v, out.min_ms, 1, 3'600'000);
    if (auto v = m.get("max_ms")) ok &= read_uint(*v, out.max_ms, 1, 3'600'000);
    if (ok && out.min_ms > out.max_ms) {
        m.error("min_ms (" + std::to_string(out.min_ms) + ") is larger than max_ms (" +
                std::to_string(out.max_ms) + ")");
    }
}

void read_source(const Field& f, SourceConfig& out) {
    MapReader m(f, {"name", "host", "port", "user", "password", "server_id", "tls", "start",
                    "heartbeat_s", "reconnect"});
    if (auto v = m.require("name", "the topic prefix and the messages' source.name, e.g. prod")) {
        if (read_nonempty_string(*v, out.name)) {
            for (char c : out.name) {
                if (!kafka_name_char(c)) {
                    v->error("'" + out.name + "' has the character '" + std::string(1, c) +
                             "', which Kafka does not allow in a topic name (allowed: letters, "
                             "digits, '.', '_', '-')");
                    break;
                }
            }
        }
    }
    if (auto v = m.require("host", "the server's host name or IP address")) {
        read_nonempty_string(*v, out.host);
    }
    if (auto v = m.get("port")) read_uint(*v, out.port, 1, 65535);
    if (auto v =
            m.require("user", "the replication user (REPLICATION SLAVE, REPLICATION CLIENT)")) {
        read_nonempty_string(*v, out.user);
    }
    if (auto v = m.get("password")) read_secret(*v, out.password);
    if (auto v =
            m.require("server_id", "a number 1..4294967295, unique among the server's replicas")) {
        read_uint(*v, out.server_id, 1, 4'294'967'295);
    }
    if (auto v = m.get("tls")) read_tls(*v, out.tls);
    if (auto v = m.get("start")) read_start(*v, out.start);
    // 4294967 s: the largest heartbeat period MySQL and MariaDB accept.
    if (auto v = m.get("heartbeat_s")) read_uint(*v, out.heartbeat_s, 1, 4'294'967);
    if (auto v = m.get("reconnect")) read_reconnect(*v, out.reconnect);
}

// ---- the other sections ----

void read_schema(const Field& f, SchemaConfig& out) {
    MapReader m(f, {"on_mismatch", "history_topic", "accept_current"});
    if (auto v = m.get("on_mismatch")) read_enum(*v, out.on_mismatch, kOnMismatchNames);
    if (auto v = m.get("accept_current")) read_patterns(*v, out.accept_current, false);
    if (auto v = m.get("history_topic")) {
        read_topic(*v, out.history_topic, TopicTemplate::Scope::source);
    }
}

void read_filter(const Field& f, FilterConfig& out) {
    MapReader m(f, {"include", "exclude", "exclude_columns"});
    if (auto v = m.get("include")) read_patterns(*v, out.include, false);
    if (auto v = m.get("exclude")) read_patterns(*v, out.exclude, false);
    if (auto v = m.get("exclude_columns")) read_patterns(*v, out.exclude_columns, true);
}

void read_properties(const Field& f, std::map<std::string, SecretRef>& out) {
    for (auto& [key, value] : read_free_map(f)) {
        if (key == "bootstrap.servers" || key == "metadata.broker.list") {
            value.diag->add(value.key_mark, value.path, "set kafka.brokers instead");
            continue;
        }
        if (value.node.IsNull()) {
            value.diag->add(value.key_mark, value.path, "has no value; give one or remove the key");
            continue;
        }
        if (!value.node.IsScalar()) {
            value.error(
                "expected a single value (librdkafka takes every property as text), "
                "found " +
                value.found());
            continue;
        }
        SecretRef ref;
        read_secret(value, ref);
        out.insert_or_assign(key, std::move(ref));
    }
}

void read_kafka(const Field* f, KafkaConfig& out, ConfigUse use, MapReader& root) {
    constexpr std::string_view kBrokersHint =
        "the broker list (host:port,host:port), or \"embedded\" for an in-process cluster";
    if (f == nullptr) {
        if (use == ConfigUse::run)
            root.require("kafka", "a section with at least brokers: " + std::string(kBrokersHint));
        return;
    }
    MapReader m(*f, {"brokers", "topic", "format", "tombstones", "oversize", "properties"});
    auto brokers = use == ConfigUse::run ? m.require("brokers", kBrokersHint) : m.get("brokers");
    if (brokers && read_nonempty_string(*brokers, out.brokers)) {
        std::stringstream list(out.brokers);
        std::string entry;
        bool empty_entry = out.brokers.back() == ',';
        while (std::getline(list, entry, ',')) {
            if (entry.find_first_not_of(" \t") == std::string::npos) empty_entry = true;
        }
        if (empty_entry) brokers->error("has an empty entry in '" + out.brokers + "'");
    }
    if (auto v = m.get("topic")) read_topic(*v, out.topic, TopicTemplate::Scope::table);
    if (auto v = m.get("format")) read_enum(*v, out.format, kMessageFormatNames);
    if (auto v = m.get("tombstones")) read_bool(*v, out.tombstones);
    if (auto v = m.get("oversize")) read_enum(*v, out.oversize, kOversizeNames);
    if (auto v = m.get("properties")) read_properties(*v, out.properties);
}

void read_pipeline(const Field& f, PipelineConfig& out) {
    MapReader m(f, {"ring_events", "ring_bytes", "shutdown_timeout_s"});
    if (auto v = m.get("ring_events")) read_uint(*v, out.ring_events, 16, 16'777'216);
    if (auto v = m.get("ring_bytes")) read_uint(*v, out.ring_bytes, 1ULL << 20, 1ULL << 36);
    if (auto v = m.get("shutdown_timeout_s")) read_uint(*v, out.shutdown_timeout_s, 1, 3600);
}

void read_checkpoint(const Field& f, CheckpointConfig& out) {
    MapReader m(f, {"store", "path", "topic", "interval_ms"});
    if (auto v = m.get("store")) read_enum(*v, out.store, kCheckpointStoreNames);
    if (auto v = m.get("path")) read_nonempty_string(*v, out.path);
    if (auto v = m.get("topic")) read_topic(*v, out.topic, TopicTemplate::Scope::source);
    if (auto v = m.get("interval_ms")) read_uint(*v, out.interval_ms, 10, 3'600'000);
}

void read_listen(const Field& f, HttpConfig& out) {
    std::string text;
    if (!read_nonempty_string(f, text)) return;
    const std::string form = " (expected host:port, e.g. 127.0.0.1:9187, 0.0.0.0:9187, [::1]:9187)";
    std::string host;
    std::string_view port;
    std::string_view t = text;
    if (t.starts_with('[')) {
        std::size_t close = t.find("]:");
        if (close == std::string_view::npos) {
            f.error("'" + text + "' has no ']:port' after the IPv6 address" + form);
            return;
        }
        host = std::string(t.substr(1, close - 1));
        port = t.substr(close + 2);
    } else {
        std::size_t colon = t.rfind(':');
        if (colon == std::string_view::npos) {
            f.error("'" + text + "' has no port" + form);
            return;
        }
        host = std::string(t.substr(0, colon));
        port = t.substr(colon + 1);
        if (host.find(':') != std::string::npos) {
            f.error("'" + text + "': write an IPv6 address in brackets" + form);
            return;
        }
    }
    std::uint32_t p = 0;
    bool digits = !port.empty() && port.find_first_not_of("0123456789") == std::string_view::npos &&
                  port.size() <= 5;
    if (digits) p = static_cast<std::uint32_t>(std::stoul(std::string(port)));
    if (host.empty() || !digits || p > 65535) {
        f.error("'" + text + "' is not a host and a port 0..65535" + form);
        return;
    }
    out.host = std::move(host);
    out.port = static_cast<std::uint16_t>(p);
}

void read_http(const Field& f, HttpConfig& out) {
    MapReader m(f, {"listen"});
    if (auto v = m.get("listen")) read_listen(*v, out);
}

void read_log(const Field& f, LogConfig& out) {
    MapReader m(f, {"level", "format", "progress_interval_s"});
    if (auto v = m.get("level")) read_enum(*v, out.level, kLogLevelNames);
    if (auto v = m.get("format")) read_enum(*v, out.format, kLogFormatNames);
    if (auto v = m.get("progress_interval_s")) read_uint(*v, out.progress_interval_s, 0, 86400);
}

void read_document(const YAML::Node& root, Diagnostics& diag, ConfigUse use, Config& out) {
    if (root.IsNull() || !root.IsDefined()) {
        diag.add(YAML::Mark(), "",
                 "the configuration is empty; it needs at least a source: section "
                 "(config/reference.yaml lists every key)");
        return;
    }
    MapReader m(diag, root,
                {"source", "schema", "filter", "kafka", "pipeline", "checkpoint", "http", "log"});
    if (!root.IsMap()) return;  // reported by MapReader
    if (auto v = m.require("source", "a section with at least name, host, user and server_id")) {
        read_source(*v, out.source);
    }
    if (auto v = m.get("schema")) read_schema(*v, out.schema);
    if (auto v = m.get("filter")) read_filter(*v, out.filter);
    auto kafka = m.get("kafka");
    read_kafka(kafka ? &*kafka : nullptr, out.kafka, use, m);
    if (auto v = m.get("pipeline")) read_pipeline(*v, out.pipeline);
    if (auto v = m.get("checkpoint")) read_checkpoint(*v, out.checkpoint);
    if (auto v = m.get("http")) read_http(*v, out.http);
    if (auto v = m.get("log")) read_log(*v, out.log);
}

}  // namespace

Result<Config> load_config_string(std::string_view text, std::string_view origin, ConfigUse use) {
    Diagnostics diag{std::string(origin)};
    Config config;
    try {
        std::vector<YAML::Node> docs = YAML::LoadAll(std::string(text));
        if (docs.size() > 1) {
            diag.add(docs[1].Mark(), "",
                     "the file holds " + std::to_string(docs.size()) +
                         " YAML documents; a configuration is one document (remove the '---')");
        } else {
            read_document(docs.empty() ? YAML::Node() : docs.front(), diag, use, config);
        }
    } catch (const YAML::Exception& e) {
        // A syntax error ends parsing: it is the only error we can report.
        diag.add(e.mark, "", "YAML syntax error: " + e.msg);
    }
    if (!diag.empty()) return failure(diag.to_error());
    return config;
}

Result<Config> load_config_file(const std::filesystem::path& path, ConfigUse use) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return failure(Errc::config, "cannot read config file " + path.string() +
                                         ": it is a directory; give the YAML file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return failure(Errc::config,
                       "cannot read config file " + path.string() + ": " + std::strerror(errno));
    }
    std::stringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        return failure(Errc::config,
                       "cannot read config file " + path.string() + ": " + std::strerror(errno));
    }
    return load_config_string(text.str(), path.string(), use);
}

}  // namespace b2k::config
