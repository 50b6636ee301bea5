#include "config/kafka_config.h"

namespace b2k::config {

bool is_sensitive_property(std::string_view key) noexcept {
    for (std::string_view word : {"password", "secret", "token", "credential"}) {
        if (key.find(word) != std::string_view::npos) return true;
    }
    for (std::string_view exact : {"ssl.key.pem", "ssl_key.pem", "sasl.oauthbearer.config"}) {
        if (key == exact) return true;
    }
    return false;
}

std::map<std::string, std::string> KafkaConfig::redacted_properties() const {
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : properties) {
        if (value.kind() == SecretRef::Kind::literal && !is_sensitive_property(key)) {
            out.emplace(key, value.resolve().value());  // a literal resolves without I/O
        } else {
            out.emplace(key, value.redacted());
        }
    }
    return out;
}

}  // namespace b2k::config
