#include "config/config.h"

namespace b2k::config {

Result<void> check_secrets(const Config& config) {
    std::string problems;
    auto check = [&](const std::string& key, const SecretRef& ref) {
        auto r = ref.resolve();
        if (r) return;
        if (!problems.empty()) problems += '\n';
        if (!ref.origin().empty()) problems += ref.origin() + ": ";
        problems += key + ": " + r.error().message;
    };
    check("source.password", config.source.password);
    for (const auto& [key, value] : config.kafka.properties) {
        check("kafka.properties." + key, value);
    }
    if (!problems.empty()) return failure(Errc::config, problems);
    return success();
}

}  // namespace b2k::config
