#include "config/config_loader.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace b2k::config {
namespace {

const std::filesystem::path kConfigDir =
    std::filesystem::path(B2K_TEST_DATA_DIR) / ".." / ".." / "config";

// The required keys only; every test adds what it is about.
constexpr std::string_view kMinimal = R"(source:
  name: t
  host: h
  user: u
  server_id: 7
kafka:
  brokers: embedded
)";

Config loaded(std::string_view text, ConfigUse use = ConfigUse::run) {
    auto c = load_config_string(text, "t.yaml", use);
    if (!c) ADD_FAILURE() << "load failed:\n" << c.error().message;
    return c ? std::move(c).value() : Config{};
}

Config loaded_file(const std::string& name) {
    auto c = load_config_file(kConfigDir / name);
    if (!c) ADD_FAILURE() << name << " does not load:\n" << c.error().message;
    return c ? std::move(c).value() : Config{};
}

// The error message of a load that must fail.
std::string error_of(std::string_view text, ConfigUse use = ConfigUse::run) {
    auto c = load_config_string(text, "t.yaml", use);
    if (c) {
        ADD_FAILURE() << "expected an error for:\n" << text;
        return {};
    }
    EXPECT_TRUE(c.error().is(Errc::config));
    return c.error().message;
}

std::vector<std::string> lines_of(const std::string& message) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= message.size()) {
        std::size_t end = message.find('\n', start);
        if (end == std::string::npos) end = message.size();
        out.push_back(message.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

#define EXPECT_CONTAINS(haystack, needle)                            \
    EXPECT_NE(std::string(haystack).find(needle), std::string::npos) \
        << "expected to find: " << (needle) << "\nin:\n"             \
        << (haystack)

// ---- the shipped configs ----

TEST(ConfigFiles, ReferenceLoads) {
    Config c = loaded_file("reference.yaml");
    EXPECT_EQ(c.source.name, "prod");
    EXPECT_EQ(c.source.password.redacted(), "${env:MYSQL_PASSWORD}");
    EXPECT_EQ(c.kafka.brokers, "kafka-0:9092,kafka-1:9092");
}

// "Every key commented": each key line of reference.yaml is preceded by a comment, either its
// own or that of the run of sibling keys it belongs to (tls.cert and tls.key share one), or
// its section's header is.
TEST(ConfigFiles, ReferenceCommentsEveryKey) {
    std::ifstream in(kConfigDir / "reference.yaml");
    ASSERT_TRUE(in) << "cannot read " << (kConfigDir / "reference.yaml");
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    const std::regex key_line(R"(^( *)([A-Za-z_.]+):(.*)$)");
    auto indent_of = [](const std::string& l) { return l.find_first_not_of(' '); };
    auto is_comment = [&](const std::string& l) {
        const std::size_t at = indent_of(l);
        return at != std::string::npos && l[at] == '#';
    };
    auto commented = [&](std::size_t i) {  // walks back over sibling keys, then to the header
        const std::size_t indent = indent_of(lines[i]);
        for (std::size_t j = i; j > 0; --j) {
            const std::string& prev = lines[j - 1];
            if (is_comment(prev)) return true;
            if (!std::regex_match(prev, key_line)) return false;  // a blank line, a list item
            if (indent_of(prev) < indent) return j >= 2 && is_comment(lines[j - 2]);
        }
        return false;
    };
    std::size_t keys = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::smatch m;
        if (!std::regex_match(lines[i], m, key_line)) continue;
        if (m[1].length() == 0) continue;  // a section (source:, kafka:, …)
        ++keys;
        EXPECT_TRUE(commented(i)) << "reference.yaml:" << i + 1 << ": key '" << m[2]
                                  << "' has no comment saying what it does";
    }
    EXPECT_GT(keys, 30u);  // the file was read and its keys found
}

TEST(ConfigFiles, ReferenceValuesAreTheDefaults) {
    // Everything reference.yaml sets beyond the required keys (and the example password) must
    // equal what the loader gives when the key is left out.
    Config ref = loaded_file("reference.yaml");
    Config def = loaded(kMinimal);
    EXPECT_EQ(ref.source.port, def.source.port);
    EXPECT_EQ(ref.source.tls.mode, def.source.tls.mode);
    EXPECT_EQ(ref.source.tls.ca, def.source.tls.ca);
    EXPECT_EQ(ref.source.tls.cert, def.source.tls.cert);
    EXPECT_EQ(ref.source.tls.key, def.source.tls.key);
    EXPECT_EQ(ref.source.tls.server_public_key, def.source.tls.server_public_key);
    EXPECT_EQ(ref.source.tls.server_name, def.source.tls.server_name);
    EXPECT_EQ(ref.source.start, def.source.start);
    EXPECT_EQ(ref.source.heartbeat_s, def.source.heartbeat_s);
    EXPECT_EQ(ref.source.reconnect, def.source.reconnect);
    EXPECT_EQ(ref.schema, def.schema);
    EXPECT_EQ(ref.filter, def.filter);
    EXPECT_EQ(ref.kafka.topic, def.kafka.topic);
    EXPECT_EQ(ref.kafka.format, def.kafka.format);
    EXPECT_EQ(ref.kafka.tombstones, def.kafka.tombstones);
    EXPECT_EQ(ref.kafka.oversize, def.kafka.oversize);
    EXPECT_EQ(ref.kafka.properties, def.kafka.properties);
    EXPECT_EQ(ref.pipeline, def.pipeline);
    EXPECT_EQ(ref.checkpoint, def.checkpoint);
    EXPECT_EQ(ref.http, def.http);
    EXPECT_EQ(ref.log, def.log);
}

TEST(ConfigFiles, ExampleRdsLoads) {
    Config c = loaded_file("example-rds.yaml");
    EXPECT_EQ(c.source.tls.mode, mysql::TlsMode::verify_identity);
    EXPECT_EQ(c.source.tls.ca, "/etc/ssl/certs/rds-global-bundle.pem");
    EXPECT_EQ(c.source.password.kind(), SecretRef::Kind::file);
    EXPECT_EQ(c.source.password.reference(), "/run/binlog2kafka/rds-token");
    EXPECT_EQ(c.kafka.properties.at("sasl.password").redacted(), "${env:MSK_SASL_PASSWORD}");
    ASSERT_EQ(c.filter.exclude_columns.size(), 1u);
    EXPECT_TRUE(c.filter.drops_column("shop", "users", "password_hash"));
    EXPECT_TRUE(c.filter.captures("shop", "orders"));
    EXPECT_FALSE(c.filter.captures("shop", "tmp_x"));
    EXPECT_EQ(c.log.format, LogFormat::json);
}

TEST(ConfigFiles, DemoLoads) {
    Config c = loaded_file("demo.yaml");
    EXPECT_EQ(c.source.host, "127.0.0.1");
    EXPECT_EQ(c.source.user, "cdc");
    EXPECT_EQ(c.source.password.redacted(), "${env:MDB_CDC_PASSWORD}");
    EXPECT_TRUE(c.kafka.embedded());
}

TEST(ConfigFiles, MissingFileNamesThePath) {
    auto c = load_config_file("/nonexistent/b2k.yaml");
    ASSERT_FALSE(c);
    EXPECT_TRUE(c.error().is(Errc::config));
    EXPECT_CONTAINS(c.error().message, "/nonexistent/b2k.yaml");
}

// ---- defaults ----

TEST(ConfigDefaults, AsDocumented) {
    Config c = loaded(kMinimal);
    EXPECT_EQ(c.source.port, 3306);
    EXPECT_TRUE(c.source.password.empty());
    EXPECT_EQ(c.source.password.redacted(), "(none)");
    EXPECT_EQ(c.source.tls.mode, mysql::TlsMode::preferred);
    EXPECT_EQ(c.source.start, StartPosition{StartLatest{}});
    EXPECT_EQ(c.source.heartbeat_s, 5u);
    EXPECT_EQ(c.source.reconnect.min_ms, 100u);
    EXPECT_EQ(c.source.reconnect.max_ms, 30000u);
    EXPECT_EQ(c.schema.on_mismatch, OnMismatch::stop);
    EXPECT_EQ(c.schema.history_topic.text(), "{name}.schema-history");
    EXPECT_TRUE(c.filter.include.empty());
    EXPECT_EQ(c.kafka.topic.text(), "{name}.{db}.{table}");
    EXPECT_EQ(c.kafka.format, MessageFormat::debezium);
    EXPECT_TRUE(c.kafka.tombstones);
    EXPECT_EQ(c.kafka.oversize, Oversize::fail);
    EXPECT_EQ(c.pipeline.ring_events, 65536u);
    EXPECT_EQ(c.pipeline.ring_bytes, 67108864u);
    EXPECT_EQ(c.pipeline.shutdown_timeout_s, 30u);
    EXPECT_EQ(c.checkpoint.store, CheckpointStore::file);
    EXPECT_EQ(c.checkpoint.path, "/var/lib/binlog2kafka/checkpoint.json");
    EXPECT_EQ(c.checkpoint.topic.text(), "{name}.checkpoints");
    EXPECT_EQ(c.checkpoint.interval_ms, 1000u);
    EXPECT_EQ(c.http.listen(), "127.0.0.1:9187");
    EXPECT_EQ(c.log.level, LogLevel::info);
    EXPECT_EQ(c.log.format, LogFormat::text);
}

TEST(ConfigDefaults, NullMeansDefault) {
    Config c = loaded(std::string(kMinimal) + "http:\n  listen: null\nlog:\n");
    EXPECT_EQ(c.http.listen(), "127.0.0.1:9187");
    EXPECT_EQ(c.log.level, LogLevel::info);
}

TEST(ConfigDefaults, SourceOnlyNeedsNoKafka) {
    constexpr std::string_view text = "source: {name: t, host: h, user: u, server_id: 7}\n";
    Config c = loaded(text, ConfigUse::source_only);
    EXPECT_EQ(c.source.server_id, 7u);
    EXPECT_TRUE(c.kafka.brokers.empty());
    EXPECT_CONTAINS(error_of(text), "t.yaml:1:1: kafka: required key missing");
}

// ---- values that load ----

TEST(ConfigValues, EverySectionAsWritten) {
    Config c = loaded(R"(source:
  name: prod-1
  host: db
  port: 3307
  user: 1234
  password: s3cret
  server_id: 4294967295
  tls: {mode: verify_ca, ca: /ca.pem, cert: /c.pem, key: /k.pem, server_name: db.example}
  start: {gtid: "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-23"}
  heartbeat_s: 2
  reconnect: {min_ms: 5, max_ms: 5}
schema: {on_mismatch: reread_once, history_topic: "{name}.hist"}
filter:
  include: ["shop.*", "crm.a?c"]
  exclude: ["shop.tmp_*"]
  exclude_columns: ["*.*.secret_*"]
kafka:
  brokers: a:9092,b:9092
  topic: "cdc.{db}_{table}"
  format: maxwell
  tombstones: false
  oversize: skip
  properties: {compression.type: zstd, linger.ms: 5, enable.idempotence: true}
pipeline: {ring_events: 1024, ring_bytes: 1048576, shutdown_timeout_s: 5}
checkpoint: {store: kafka, path: /x/cp.json, topic: "{name}.cp", interval_ms: 250}
http: {listen: "[::1]:0"}
log: {level: debug, format: json, progress_interval_s: 0}
)");
    EXPECT_EQ(c.source.port, 3307);
    EXPECT_EQ(c.source.user, "1234");
    EXPECT_EQ(c.source.password.resolve().value(), "s3cret");
    EXPECT_EQ(c.source.server_id, 4294967295u);
    EXPECT_EQ(c.source.tls.mode, mysql::TlsMode::verify_ca);
    EXPECT_EQ(c.source.tls.key, "/k.pem");
    EXPECT_EQ(c.source.tls.server_name, "db.example");
    EXPECT_EQ(to_string(c.source.start), "gtid 3E11FA47-71CA-11E1-9E33-C80AA9429562:1-23");
    EXPECT_EQ(c.source.reconnect.max_ms, 5u);
    EXPECT_EQ(c.schema.on_mismatch, OnMismatch::reread_once);
    EXPECT_EQ(c.schema.history_topic.expand("prod-1"), "prod-1.hist");
    EXPECT_TRUE(c.filter.captures("crm", "abc"));
    EXPECT_FALSE(c.filter.captures("crm", "abbc"));
    EXPECT_TRUE(c.filter.drops_column("x", "y", "SECRET_KEY"));
    EXPECT_EQ(c.kafka.topic.expand("prod-1", "shop", "items"), "cdc.shop_items");
    EXPECT_EQ(c.kafka.format, MessageFormat::maxwell);
    EXPECT_FALSE(c.kafka.tombstones);
    EXPECT_EQ(c.kafka.oversize, Oversize::skip);
    EXPECT_EQ(c.kafka.properties.at("linger.ms").resolve().value(), "5");
    EXPECT_EQ(c.kafka.properties.at("enable.idempotence").resolve().value(), "true");
    EXPECT_EQ(c.pipeline.ring_events, 1024u);
    EXPECT_EQ(c.checkpoint.store, CheckpointStore::kafka);
    EXPECT_EQ(c.checkpoint.interval_ms, 250u);
    EXPECT_EQ(c.http.host, "::1");
    EXPECT_EQ(c.http.port, 0);
    EXPECT_EQ(c.http.listen(), "[::1]:0");
    EXPECT_EQ(c.log.level, LogLevel::debug);
    EXPECT_EQ(c.log.progress_interval_s, 0u);
}

TEST(ConfigValues, StartForms) {
    auto start_of = [](std::string_view start) {
        std::string text = std::string(kMinimal);
        text.insert(text.find("kafka:"), "  start: " + std::string(start) + "\n");
        return loaded(text).source.start;
    };
    EXPECT_EQ(start_of("earliest"), StartPosition{StartEarliest{}});
    EXPECT_EQ(start_of("latest"), StartPosition{StartLatest{}});
    EXPECT_EQ(start_of("{gtid: 0-1-100}"), StartPosition{StartGtid{"0-1-100"}});
    EXPECT_EQ(start_of("{file: mysql-bin.000003, pos: 154}"),
              (StartPosition{StartFilePos{"mysql-bin.000003", 154, ""}}));
    EXPECT_EQ(start_of("{file: mysql-bin.000003}"),
              (StartPosition{StartFilePos{"mysql-bin.000003", 4, ""}}));
    EXPECT_EQ(start_of("{file: mysql-bin.000003, pos: 0}"),
              (StartPosition{StartFilePos{"mysql-bin.000003", 0, ""}}));
}

TEST(ConfigValues, ListenForms) {
    auto listen_of = [](std::string_view l) {
        return loaded(std::string(kMinimal) + "http: {listen: \"" + std::string(l) + "\"}\n").http;
    };
    EXPECT_EQ(listen_of("0.0.0.0:9187").host, "0.0.0.0");
    EXPECT_EQ(listen_of("localhost:80").port, 80);
    EXPECT_EQ(listen_of("[fe80::1]:9187").host, "fe80::1");
}

TEST(ConfigValues, PropertiesMayReferenceSecrets) {
    Config c = loaded(std::string(kMinimal) + R"(  properties:
    sasl.username: me
    sasl.password: ${env:B2K_TEST_SASL}
    ssl.key.password: literal-key-pass
    compression.type: lz4
)");
    auto shown = c.kafka.redacted_properties();
    EXPECT_EQ(shown.at("sasl.username"), "me");
    EXPECT_EQ(shown.at("sasl.password"), "${env:B2K_TEST_SASL}");
    EXPECT_EQ(shown.at("ssl.key.password"), "(redacted)");
    EXPECT_EQ(shown.at("compression.type"), "lz4");
}

// ---- one test per error class: each names the key path, line and column ----

TEST(ConfigErrors, UnknownTopLevelKey) {
    std::string msg = error_of(std::string(kMinimal) + "sink:\n  x: 1\n");
    EXPECT_CONTAINS(msg,
                    "t.yaml:8:1: sink: unknown key (allowed here: source, schema, filter, "
                    "kafka, pipeline, checkpoint, http, log)");
}

TEST(ConfigErrors, UnknownNestedKeySuggestsTheClosest) {
    std::string msg = error_of(R"(source:
  name: t
  host: h
  user: u
  server_id: 7
  tls:
    moed: required
kafka: {brokers: embedded}
)");
    EXPECT_CONTAINS(msg,
                    "t.yaml:7:5: source.tls.moed: unknown key (allowed here: mode, ca, cert, "
                    "key, server_public_key, server_name); did you mean 'mode'?");
    EXPECT_EQ(lines_of(msg).size(), 1u) << msg;
}

TEST(ConfigErrors, WrongType) {
    std::string msg = error_of(std::string(kMinimal) + "  tombstones: maybe\n" +
                               "pipeline:\n  ring_events: [1, 2]\n" + "log: debug\n");
    EXPECT_CONTAINS(msg, "t.yaml:8:15: kafka.tombstones: expected true or false, found 'maybe'");
    EXPECT_CONTAINS(msg,
                    "t.yaml:10:16: pipeline.ring_events: expected an integer 16..16777216, "
                    "found a list");
    EXPECT_CONTAINS(msg,
                    "t.yaml:11:6: log: expected a mapping with the keys level, format, "
                    "progress_interval_s, found 'debug'");
}

TEST(ConfigErrors, BadEnumValueListsTheAllowedValues) {
    std::string msg = error_of(R"(source:
  name: t
  host: h
  user: u
  server_id: 7
  tls: {mode: strict}
kafka: {brokers: embedded, format: avro}
)");
    EXPECT_CONTAINS(msg,
                    "t.yaml:6:15: source.tls.mode: unknown TLS mode 'strict' (allowed: "
                    "disabled, preferred, required, verify_ca, verify_identity)");
    EXPECT_CONTAINS(msg,
                    "t.yaml:7:36: kafka.format: unknown value 'avro' (allowed: debezium, "
                    "maxwell, invalidation)");
}

TEST(ConfigErrors, OutOfRangeNumber) {
    std::string msg = error_of(R"(source:
  name: t
  host: h
  port: 70000
  user: u
  server_id: 4294967296
  heartbeat_s: 0
  reconnect: {min_ms: 500, max_ms: 100}
kafka: {brokers: embedded}
pipeline: {ring_bytes: -1}
)");
    EXPECT_CONTAINS(msg, "t.yaml:4:9: source.port: 70000 is out of range (allowed: 1..65535)");
    EXPECT_CONTAINS(msg,
                    "t.yaml:6:14: source.server_id: 4294967296 is out of range (allowed: "
                    "1..4294967295)");
    EXPECT_CONTAINS(msg, "t.yaml:7:16: source.heartbeat_s: 0 is out of range");
    EXPECT_CONTAINS(msg, "t.yaml:8:14: source.reconnect: min_ms (500) is larger than max_ms (100)");
    EXPECT_CONTAINS(msg, "t.yaml:10:24: pipeline.ring_bytes: -1 is out of range");
    EXPECT_EQ(lines_of(msg).size(), 5u) << msg;
}

TEST(ConfigErrors, ServerIdZeroIsOutOfRange) {
    std::string text = std::string(kMinimal);
    text.replace(text.find("server_id: 7"), 12, "server_id: 0");
    EXPECT_CONTAINS(error_of(text), "t.yaml:5:14: source.server_id: 0 is out of range");
}

TEST(ConfigErrors, MissingRequiredKeysAreNamed) {
    std::string msg = error_of(R"(log: {level: info}
source:
  host: h
  password: x
kafka:
  topic: x
)");
    // Reported at the key of the section that lacks them.
    EXPECT_CONTAINS(msg, "t.yaml:2:1: source.name: required key missing");
    EXPECT_CONTAINS(msg, "t.yaml:2:1: source.user: required key missing");
    EXPECT_CONTAINS(msg,
                    "t.yaml:2:1: source.server_id: required key missing: a number "
                    "1..4294967295, unique among the server's replicas");
    EXPECT_CONTAINS(msg, "t.yaml:5:1: kafka.brokers: required key missing");
    EXPECT_EQ(lines_of(msg).size(), 4u) << msg;
}

TEST(ConfigErrors, RequiredKeyWithoutValue) {
    std::string text = std::string(kMinimal);
    text.replace(text.find("host: h"), 7, "host:");
    EXPECT_CONTAINS(error_of(text), "t.yaml:3:3: source.host: required key has no value");
}

TEST(ConfigErrors, BadStartForm) {
    auto start_error = [](std::string_view start) {
        std::string text = std::string(kMinimal);
        text.insert(text.find("kafka:"), "  start: " + std::string(start) + "\n");
        return error_of(text);
    };
    EXPECT_CONTAINS(start_error("newest"),
                    "t.yaml:6:10: source.start: unknown value 'newest' (allowed: latest, "
                    "earliest, {gtid: SET}, {file: F, pos: P})");
    EXPECT_CONTAINS(start_error("{gtid: banana}"),
                    "t.yaml:6:17: source.start.gtid: 'banana' is neither a MySQL GTID set");
    EXPECT_CONTAINS(start_error("{gtid: 0-1-1, file: f}"),
                    "t.yaml:6:10: source.start: give either {gtid: SET} or {file: F, pos: P}");
    EXPECT_CONTAINS(start_error("{pos: 4}"), "t.yaml:6:10: source.start: pos needs file");
    EXPECT_CONTAINS(start_error("{file: f, pos: 2}"),
                    "t.yaml:6:25: source.start.pos: 2 is inside the binlog's magic number");
    EXPECT_CONTAINS(start_error("{file: a/b}"), "source.start.file: 'a/b' is not a binlog file");
    EXPECT_CONTAINS(start_error("{offset: 4}"),
                    "t.yaml:6:11: source.start.offset: unknown key (allowed here: gtid, file, "
                    "pos)");
    EXPECT_CONTAINS(start_error("[latest]"), "source.start: expected one of latest, earliest");
}

TEST(ConfigErrors, BadGlob) {
    std::string msg = error_of(std::string(kMinimal) + R"(filter:
  include: ["shop", "shop.items"]
  exclude: ["a..b", "x.y\\"]
  exclude_columns: ["shop.users"]
)");
    EXPECT_CONTAINS(msg,
                    "t.yaml:9:13: filter.include[0]: pattern 'shop' has 1 part, expected "
                    "db.table");
    EXPECT_CONTAINS(msg, "t.yaml:10:13: filter.exclude[0]: pattern 'a..b' has 3 parts");
    EXPECT_CONTAINS(msg, "t.yaml:10:21: filter.exclude[1]: pattern 'x.y\\' ends with a lone '\\'");
    EXPECT_CONTAINS(msg,
                    "t.yaml:11:21: filter.exclude_columns[0]: pattern 'shop.users' has 2 "
                    "parts, expected db.table.column");
    EXPECT_EQ(lines_of(msg).size(), 4u) << msg;
    EXPECT_CONTAINS(error_of(std::string(kMinimal) + "filter: {include: shop.*}\n"),
                    "t.yaml:8:19: filter.include: expected a list of db.table patterns, found "
                    "'shop.*'");
}

TEST(ConfigErrors, BadTopicTemplatePlaceholder) {
    std::string msg = error_of(std::string(kMinimal) + R"(  topic: "{name}.{schema}.{table}"
checkpoint:
  topic: "{name}.{db}"
schema:
  history_topic: "{name}.hist{"
)");
    EXPECT_CONTAINS(msg,
                    "t.yaml:8:10: kafka.topic: '{name}.{schema}.{table}' has the unknown "
                    "placeholder {schema} (allowed: {name}, {db}, {table})");
    EXPECT_CONTAINS(msg,
                    "t.yaml:10:10: checkpoint.topic: '{name}.{db}' has the unknown "
                    "placeholder {db} (allowed: {name})");
    EXPECT_CONTAINS(msg,
                    "t.yaml:12:18: schema.history_topic: '{name}.hist{' has a '{' without a "
                    "closing '}'");
    EXPECT_CONTAINS(error_of(std::string(kMinimal) + "  topic: \"cdc/{table}\"\n"),
                    "kafka.topic: 'cdc/{table}' has the character '/'");
}

TEST(ConfigErrors, BadSourceName) {
    std::string text = std::string(kMinimal);
    text.replace(text.find("name: t"), 7, "name: \"my db\"");
    EXPECT_CONTAINS(error_of(text), "t.yaml:2:9: source.name: 'my db' has the character ' '");
}

TEST(ConfigErrors, TlsCertWithoutKey) {
    std::string text = std::string(kMinimal);
    text.insert(text.find("kafka:"), "  tls: {mode: required, cert: /c.pem}\n");
    EXPECT_CONTAINS(error_of(text), "t.yaml:6:8: source.tls: cert is set but key is not");
}

TEST(ConfigErrors, BadListen) {
    auto listen_error = [](std::string_view l) {
        return error_of(std::string(kMinimal) + "http: {listen: \"" + std::string(l) + "\"}\n");
    };
    EXPECT_CONTAINS(listen_error("localhost"), "t.yaml:8:16: http.listen: 'localhost' has no port");
    EXPECT_CONTAINS(listen_error("::1:80"), "write an IPv6 address in brackets");
    EXPECT_CONTAINS(listen_error("h:99999"), "is not a host and a port 0..65535");
    EXPECT_CONTAINS(listen_error(":80"), "is not a host and a port");
}

TEST(ConfigErrors, BadProperties) {
    std::string msg = error_of(std::string(kMinimal) + R"(  brokers: embedded
  properties:
    bootstrap.servers: x:9092
    sasl: {mechanism: PLAIN}
    linger.ms:
)");
    EXPECT_CONTAINS(msg, "t.yaml:8:3: kafka.brokers: duplicate key (first given on line 7)");
    EXPECT_CONTAINS(msg,
                    "t.yaml:10:5: kafka.properties.bootstrap.servers: set kafka.brokers "
                    "instead");
    EXPECT_CONTAINS(msg, "t.yaml:11:11: kafka.properties.sasl: expected a single value");
    EXPECT_CONTAINS(msg, "t.yaml:12:5: kafka.properties.linger.ms: has no value");
}

TEST(ConfigErrors, EmptyBrokerEntry) {
    std::string text = std::string(kMinimal);
    text.replace(text.find("brokers: embedded"), 17, "brokers: a:1,,b:2");
    EXPECT_CONTAINS(error_of(text), "t.yaml:7:12: kafka.brokers: has an empty entry");
}

TEST(ConfigErrors, DuplicateKey) {
    std::string msg = error_of(std::string(kMinimal) + "log: {}\nlog: {}\n");
    EXPECT_CONTAINS(msg, "t.yaml:9:1: log: duplicate key (first given on line 8)");
}

TEST(ConfigErrors, YamlSyntaxError) {
    std::string msg = error_of("source:\n  name: [unclosed\n");
    EXPECT_CONTAINS(msg, "t.yaml:");
    EXPECT_CONTAINS(msg, "YAML syntax error");
}

TEST(ConfigErrors, EmptyOrNotAMapping) {
    EXPECT_CONTAINS(error_of(""), "t.yaml:1:1: the configuration is empty");
    EXPECT_CONTAINS(error_of("# only a comment\n"), "the configuration is empty");
    EXPECT_CONTAINS(error_of("- a\n- b\n"), "t.yaml:1:1: expected a mapping with the keys source,");
    EXPECT_CONTAINS(error_of(std::string(kMinimal) + "---\nlog: {}\n"), "holds 2 YAML documents");
}

TEST(ConfigErrors, AllReportedAtOnceInDocumentOrder) {
    std::string msg = error_of(R"(source:
  name: t
  host: h
  port: http
  user: u
  tls: {mode: sometimes}
  start: never
kafka:
  brokers: embedded
  format: avro
  tombstone: true
pipeline: {ring_events: 1}
)");
    std::vector<std::string> lines = lines_of(msg);
    ASSERT_EQ(lines.size(), 7u) << msg;
    EXPECT_EQ(lines[0].rfind("t.yaml:1:1: source.server_id: required key missing", 0), 0u) << msg;
    EXPECT_EQ(lines[1].rfind("t.yaml:4:9: source.port: expected an integer 1..65535, found "
                             "'http'",
                             0),
              0u)
        << msg;
    EXPECT_EQ(lines[2].rfind("t.yaml:6:15: source.tls.mode:", 0), 0u) << msg;
    EXPECT_EQ(lines[3].rfind("t.yaml:7:10: source.start:", 0), 0u) << msg;
    EXPECT_EQ(lines[4].rfind("t.yaml:10:11: kafka.format:", 0), 0u) << msg;
    EXPECT_EQ(lines[5].rfind("t.yaml:11:3: kafka.tombstone: unknown key", 0), 0u) << msg;
    EXPECT_CONTAINS(lines[5], "did you mean 'tombstones'?");
    EXPECT_EQ(lines[6].rfind("t.yaml:12:25: pipeline.ring_events: 1 is out of range", 0), 0u)
        << msg;
}

// ---- secrets in the config ----

TEST(ConfigSecrets, NoErrorShowsASecretValue) {
    constexpr std::string_view kSecret = "Pa55-literal-XYZ";
    // Everything else in the file is wrong, so the loader walks past the password.
    std::string msg = error_of(R"(source:
  name: t
  host: h
  user: u
  password: Pa55-literal-XYZ
  port: Pa55-literal-XYZ-is-not-a-port
kafka:
  properties: {sasl.password: "${Pa55-literal-XYZ"}
)");
    // The port error echoes what it found (not a secret field); the secrets never appear.
    std::string without_port;
    for (const auto& line : lines_of(msg)) {
        if (line.find("source.port") == std::string::npos) without_port += line + "\n";
    }
    EXPECT_EQ(without_port.find(kSecret), std::string::npos) << without_port;
    EXPECT_CONTAINS(msg, "kafka.properties.sasl.password: starts with '${'");
    EXPECT_CONTAINS(msg, "value not shown");

    std::string msg2 = error_of(std::string(kMinimal) + "  properties: {x: 1}\n" +
                                "source2: {password: \"${env:Pa55-literal-XYZ}\"}\n");
    EXPECT_EQ(msg2.find(kSecret), std::string::npos) << msg2;
    EXPECT_CONTAINS(error_of("source: {name: t, host: h, user: u, server_id: 1, password: "
                             "\"${oops:Pa55-literal-XYZ}\"}\nkafka: {brokers: embedded}\n"),
                    "source.password: unknown reference");
    EXPECT_EQ(error_of("source: {name: t, host: h, user: u, server_id: 1, password: "
                       "\"${oops:Pa55-literal-XYZ}\"}\nkafka: {brokers: embedded}\n")
                  .find(kSecret),
              std::string::npos);
}

TEST(ConfigSecrets, WrongTypePasswordIsNotEchoed) {
    std::string text = std::string(kMinimal);
    text.insert(text.find("kafka:"), "  password: [Pa55-in-a-list]\n");
    std::string msg = error_of(text);
    EXPECT_CONTAINS(msg, "t.yaml:6:13: source.password: expected a string");
    EXPECT_EQ(msg.find("Pa55"), std::string::npos) << msg;
}

TEST(ConfigSecrets, CheckSecretsReportsEveryFailureWithoutValues) {
    ::unsetenv("B2K_TEST_UNSET_A");
    ::setenv("B2K_TEST_SET_B", "value-of-b-XYZ", 1);
    std::string text = std::string(kMinimal);
    text.insert(text.find("  server_id"), "  password: ${env:B2K_TEST_UNSET_A}\n");
    text += R"(  properties:
    sasl.password: ${env:B2K_TEST_SET_B}
    ssl.key.password: ${file:/nonexistent/b2k-key-pass}
)";
    Config c = loaded(text);
    auto r = check_secrets(c);
    ASSERT_FALSE(r);
    const std::string& msg = r.error().message;
    // Each names the file, line and column of the reference, as load errors do.
    EXPECT_CONTAINS(msg,
                    "t.yaml:5:13: source.password: environment variable B2K_TEST_UNSET_A is "
                    "not set");
    EXPECT_CONTAINS(msg,
                    "t.yaml:11:23: kafka.properties.ssl.key.password: cannot read secret file "
                    "/nonexistent/b2k-key-pass");
    EXPECT_EQ(lines_of(msg).size(), 2u) << msg;
    EXPECT_EQ(msg.find("value-of-b-XYZ"), std::string::npos);
    ::unsetenv("B2K_TEST_SET_B");
}

}  // namespace
}  // namespace b2k::config
