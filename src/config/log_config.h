#pragma once
// log: — what is logged and how.

#include <array>
#include <cstdint>

#include "config/enum_names.h"

namespace b2k::config {

enum class LogLevel { debug, info, warn, error };
inline constexpr std::array<EnumName<LogLevel>, 4> kLogLevelNames{{
    {"debug", LogLevel::debug},
    {"info", LogLevel::info},
    {"warn", LogLevel::warn},
    {"error", LogLevel::error},
}};
constexpr std::string_view to_string(LogLevel v) noexcept {
    return name_of(kLogLevelNames, v);
}

enum class LogFormat {
    text,  // one readable line per record
    json,  // one JSON object per line
};
inline constexpr std::array<EnumName<LogFormat>, 2> kLogFormatNames{{
    {"text", LogFormat::text},
    {"json", LogFormat::json},
}};
constexpr std::string_view to_string(LogFormat v) noexcept {
    return name_of(kLogFormatNames, v);
}

struct LogConfig {
    LogLevel level = LogLevel::info;
    LogFormat format = LogFormat::text;
    // How often the one-line progress summary (position, lag, rows/s) is logged at info level
    // and sent as systemd STATUS=; 0: never.
    std::uint32_t progress_interval_s = 10;
    bool operator==(const LogConfig&) const = default;
};

}  // namespace b2k::config
