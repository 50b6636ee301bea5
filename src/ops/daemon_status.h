#pragma once
// DaemonStatus: what /status, /readyz and systemd's STATUS= report — like SHOW REPLICA STATUS:
// the state, the source, the position read and the position committed (checkpointed), the
// last error with its time. Secrets never enter it (the source is host:port and user only).
//
// Thread-safety: every method locks; writers update at transaction boundaries and state
// changes, not per row.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace b2k::ops {

enum class DaemonState { starting, connecting, streaming, reconnecting, stopping, stopped, failed };
std::string_view to_string(DaemonState s) noexcept;

struct StatusPosition {
    std::string file;
    std::uint64_t pos = 0;
    std::string gtid_set;
    std::uint64_t ts_ms = 0;  // commit time of the transaction that ends there
};

class DaemonStatus {
  public:
    DaemonStatus(std::string source_name, std::string source_address, std::string user);

    void set_state(DaemonState s);
    void set_read(StatusPosition p);
    void set_committed(StatusPosition p);
    void set_error(std::string message);
    void set_lag_ms(std::int64_t lag_ms);
    // The stream is alive: an event or heartbeat arrived.
    void touch();

    DaemonState state() const;
    // Ready: streaming, and the stream showed life within `max_silence` (heartbeats arrive
    // every source.heartbeat_s). The reason when not ready.
    bool ready(std::chrono::milliseconds max_silence, std::string& why) const;
    // One JSON object.
    std::string to_json() const;
    // One line for systemd's STATUS= and the progress log.
    std::string summary() const;

  private:
    mutable std::mutex mutex_;
    std::string name_;
    std::string address_;
    std::string user_;
    DaemonState state_ = DaemonState::starting;
    StatusPosition read_;
    StatusPosition committed_;
    std::string last_error_;
    std::int64_t last_error_ms_ = 0;
    std::int64_t lag_ms_ = -1;
    std::chrono::steady_clock::time_point last_alive_{};
    std::int64_t started_ms_ = 0;
};

}  // namespace b2k::ops
