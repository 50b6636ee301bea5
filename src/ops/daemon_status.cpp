#include "ops/daemon_status.h"

#include "format/json_writer.h"

namespace b2k::ops {
namespace {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void position_json(std::string& out, const StatusPosition& p) {
    if (p.file.empty()) {
        out.append("null");
        return;
    }
    out.append("{\"file\":");
    format::append_json_string(out, p.file);
    out.append(",\"pos\":");
    format::append_int(out, p.pos);
    out.append(",\"gtid_set\":");
    format::append_json_string(out, p.gtid_set);
    out.append(",\"ts_ms\":");
    format::append_int(out, p.ts_ms);
    out.push_back('}');
}

}  // namespace

std::string_view to_string(DaemonState s) noexcept {
    switch (s) {
        case DaemonState::starting:
            return "starting";
        case DaemonState::connecting:
            return "connecting";
        case DaemonState::streaming:
            return "streaming";
        case DaemonState::reconnecting:
            return "reconnecting";
        case DaemonState::stopping:
            return "stopping";
        case DaemonState::stopped:
            return "stopped";
        case DaemonState::failed:
            return "failed";
    }
    return "unknown";
}

DaemonStatus::DaemonStatus(std::string source_name, std::string source_address, std::string user)
    : name_(std::move(source_name)),
      address_(std::move(source_address)),
      user_(std::move(user)),
      started_ms_(now_ms()) {}

void DaemonStatus::set_state(DaemonState s) {
    const std::lock_guard lock(mutex_);
    state_ = s;
    if (s == DaemonState::streaming) last_alive_ = std::chrono::steady_clock::now();
}

void DaemonStatus::set_read(StatusPosition p) {
    const std::lock_guard lock(mutex_);
    read_ = std::move(p);
}

void DaemonStatus::set_committed(StatusPosition p) {
    const std::lock_guard lock(mutex_);
    committed_ = std::move(p);
}

void DaemonStatus::set_error(std::string message) {
    const std::lock_guard lock(mutex_);
    last_error_ = std::move(message);
    last_error_ms_ = now_ms();
}

void DaemonStatus::set_lag_ms(std::int64_t lag_ms) {
    const std::lock_guard lock(mutex_);
    lag_ms_ = lag_ms;
}

void DaemonStatus::touch() {
    const std::lock_guard lock(mutex_);
    last_alive_ = std::chrono::steady_clock::now();
}

DaemonState DaemonStatus::state() const {
    const std::lock_guard lock(mutex_);
    return state_;
}

bool DaemonStatus::ready(std::chrono::milliseconds max_silence, std::string& why) const {
    const std::lock_guard lock(mutex_);
    if (state_ != DaemonState::streaming) {
        why = "not streaming: " + std::string(to_string(state_));
        if (!last_error_.empty()) why += " (last error: " + last_error_ + ")";
        return false;
    }
    const auto silent = std::chrono::steady_clock::now() - last_alive_;
    if (silent > max_silence) {
        why = "no event or heartbeat from the server for " +
              std::to_string(std::chrono::duration_cast<std::chrono::seconds>(silent).count()) +
              " s";
        return false;
    }
    return true;
}

std::string DaemonStatus::to_json() const {
    const std::lock_guard lock(mutex_);
    std::string out = "{\"state\":\"";
    out.append(to_string(state_));
    out.append("\",\"source\":{\"name\":");
    format::append_json_string(out, name_);
    out.append(",\"address\":");
    format::append_json_string(out, address_);
    out.append(",\"user\":");
    format::append_json_string(out, user_);
    out.append("},\"read\":");
    position_json(out, read_);
    out.append(",\"committed\":");
    position_json(out, committed_);
    out.append(",\"lag_seconds\":");
    if (lag_ms_ < 0) {
        out.append("null");
    } else {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(lag_ms_) / 1000.0);
        out.append(buf);
    }
    out.append(",\"last_error\":");
    if (last_error_.empty()) {
        out.append("null");
    } else {
        out.append("{\"message\":");
        format::append_json_string(out, last_error_);
        out.append(",\"time_ms\":");
        format::append_int(out, last_error_ms_);
        out.push_back('}');
    }
    out.append(",\"started_ms\":");
    format::append_int(out, started_ms_);
    out.push_back('}');
    return out;
}

std::string DaemonStatus::summary() const {
    const std::lock_guard lock(mutex_);
    std::string s(to_string(state_));
    if (!read_.file.empty()) s += "; read " + read_.file + ":" + std::to_string(read_.pos);
    if (!committed_.file.empty()) {
        s += "; committed " + committed_.file + ":" + std::to_string(committed_.pos);
    }
    if (lag_ms_ >= 0) s += "; lag " + std::to_string(lag_ms_ / 1000) + " s";
    return s;
}

}  // namespace b2k::ops
