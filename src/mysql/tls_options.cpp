#include "mysql/tls_options.h"

#include <array>
#include <cctype>
#include <utility>

namespace b2k::mysql {
namespace {

constexpr std::array<std::pair<std::string_view, TlsMode>, 5> kModes{{
    {"disabled", TlsMode::disabled},
    {"preferred", TlsMode::preferred},
    {"required", TlsMode::required},
    {"verify_ca", TlsMode::verify_ca},
    {"verify_identity", TlsMode::verify_identity},
}};

}  // namespace

std::string_view to_string(TlsMode m) noexcept {
    for (const auto& [name, mode] : kModes) {
        if (mode == m) return name;
    }
    return "unknown";
}

Result<TlsMode> parse_tls_mode(std::string_view text) {
    std::string norm;
    for (char c : text) {
        norm.push_back(c == '-' ? '_'
                                : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    for (const auto& [name, mode] : kModes) {
        if (name == norm) return mode;
    }
    return failure(Errc::config,
                   "unknown TLS mode '" + std::string(text) +
                       "' (allowed: disabled, preferred, required, verify_ca, verify_identity)");
}

}  // namespace b2k::mysql
