#pragma once
// kafka: — where and how messages are published.

#include <array>
#include <map>
#include <string>
#include <string_view>

#include "config/enum_names.h"
#include "config/secret.h"
#include "config/topic_template.h"

namespace b2k::config {

enum class MessageFormat { debezium, maxwell, invalidation };
inline constexpr std::array<EnumName<MessageFormat>, 3> kMessageFormatNames{{
    {"debezium", MessageFormat::debezium},
    {"maxwell", MessageFormat::maxwell},
    {"invalidation", MessageFormat::invalidation},
}};
constexpr std::string_view to_string(MessageFormat v) noexcept {
    return name_of(kMessageFormatNames, v);
}

// What a message larger than the producer's message.max.bytes does.
enum class Oversize {
    fail,  // stop, naming the table, key and size
    skip,  // log it, count it, go on
};
inline constexpr std::array<EnumName<Oversize>, 2> kOversizeNames{{
    {"fail", Oversize::fail},
    {"skip", Oversize::skip},
}};
constexpr std::string_view to_string(Oversize v) noexcept {
    return name_of(kOversizeNames, v);
}

// The broker list that starts an in-process mock cluster on loopback (demo, tests).
inline constexpr std::string_view kEmbeddedBrokers = "embedded";

struct KafkaConfig {
    // bootstrap.servers, e.g. "kafka-0:9092,kafka-1:9092", or "embedded". Required by `run`
    // and `check`; empty only when the config was loaded for the source alone.
    std::string brokers;
    TopicTemplate topic =
        TopicTemplate::parse("{name}.{db}.{table}", TopicTemplate::Scope::table).value();
    MessageFormat format = MessageFormat::debezium;
    bool tombstones = true;  // a delete is followed by (key, null)
    Oversize oversize = Oversize::fail;
    // librdkafka properties, passed as they are (after resolving references: any value may
    // be ${env:…} or ${file:…}, re-read whenever a producer is created). Print them with
    // redacted_properties().
    std::map<std::string, SecretRef> properties;

    bool embedded() const noexcept { return brokers == kEmbeddedBrokers; }
    // The properties safe to print: literal values of non-sensitive keys as they are, every
    // other value in its redacted form.
    std::map<std::string, std::string> redacted_properties() const;

    bool operator==(const KafkaConfig&) const = default;
};

// True for librdkafka keys whose values are credentials (sasl.password, ssl.key.password,
// sasl.oauthbearer.client.secret, ssl.key.pem, …).
bool is_sensitive_property(std::string_view key) noexcept;

}  // namespace b2k::config
