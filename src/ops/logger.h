#pragma once
// Logger: the daemon's log lines on stderr (config log: {level, format}).
//
//   text: 2026-11-24T23:50:01.123Z info  pipeline: caught up at mysql-bin.000003:1234
//   json: {"ts":"2026-11-24T23:50:01.123Z","level":"info","component":"pipeline","msg":"..."}
//
// Messages never carry secrets: callers log config values only through their redacted forms.
// Thread-safety: log() may be called from any thread (one write per line, under a mutex).

#include <cstdio>
#include <mutex>
#include <string_view>

#include "config/log_config.h"

namespace b2k::ops {

class Logger {
  public:
    explicit Logger(config::LogConfig config = {}, std::FILE* out = stderr)
        : config_(config), out_(out) {}

    bool enabled(config::LogLevel level) const noexcept {
        return static_cast<int>(level) >= static_cast<int>(config_.level);
    }
    void log(config::LogLevel level, std::string_view component, std::string_view message);

    void debug(std::string_view component, std::string_view message) {
        log(config::LogLevel::debug, component, message);
    }
    void info(std::string_view component, std::string_view message) {
        log(config::LogLevel::info, component, message);
    }
    void warn(std::string_view component, std::string_view message) {
        log(config::LogLevel::warn, component, message);
    }
    void error(std::string_view component, std::string_view message) {
        log(config::LogLevel::error, component, message);
    }

  private:
    config::LogConfig config_;
    std::FILE* out_;
    std::mutex mutex_;
};

}  // namespace b2k::ops
