#include "ops/logger.h"

#include <chrono>
#include <ctime>
#include <string>

#include "format/json_writer.h"

namespace b2k::ops {
namespace {

// RFC 3339 UTC with milliseconds: 2026-11-24T23:50:01.123Z
std::string timestamp() {
    const auto now = std::chrono::system_clock::now();
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms % 1000));
    return buf;
}

}  // namespace

void Logger::log(config::LogLevel level, std::string_view component, std::string_view message) {
    if (!enabled(level)) return;
    std::string line;
    line.reserve(64 + message.size());
    const std::string_view level_name = config::to_string(level);
    if (config_.format == config::LogFormat::json) {
        line.append("{\"ts\":\"");
        line.append(timestamp());
        line.append("\",\"level\":\"");
        line.append(level_name);
        line.append("\",\"component\":");
        format::append_json_string(line, component);
        line.append(",\"msg\":");
        format::append_json_string(line, message);
        line.append("}\n");
    } else {
        line.append(timestamp());
        line.push_back(' ');
        line.append(level_name);
        line.append(5 - level_name.size() + 1, ' ');
        line.append(component);
        line.append(": ");
        line.append(message);
        line.push_back('\n');
    }
    const std::lock_guard lock(mutex_);
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fflush(out_);
}

}  // namespace b2k::ops
