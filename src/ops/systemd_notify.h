#pragma once
// SystemdNotify: the sd_notify(3) protocol without libsystemd — one datagram per message to the
// unix socket named by $NOTIFY_SOCKET (a path, or an abstract name starting with '@').
// READY=1 once the first binlog dump request succeeded, STATUS=<one line>, WATCHDOG=1 when
// $WATCHDOG_USEC is set (every half of it, while the daemon is healthy), STOPPING=1 at shutdown.
// Without $NOTIFY_SOCKET (not under systemd with Type=notify) every call does nothing.
//
// Thread-safety: send() may be called from any thread.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace b2k::ops {

class SystemdNotify {
  public:
    // Reads $NOTIFY_SOCKET and $WATCHDOG_USEC (and $WATCHDOG_PID: the watchdog is ours only
    // when it names this process or is unset).
    SystemdNotify();
    ~SystemdNotify();
    SystemdNotify(const SystemdNotify&) = delete;
    SystemdNotify& operator=(const SystemdNotify&) = delete;

    bool active() const noexcept { return fd_ >= 0; }
    // How often to send WATCHDOG=1 (half the configured timeout); nullopt: no watchdog.
    std::optional<std::chrono::milliseconds> watchdog_interval() const noexcept {
        return watchdog_;
    }
    void send(std::string_view state) const;
    void ready() const { send("READY=1"); }
    void status(std::string_view line) const { send("STATUS=" + std::string(line)); }
    void watchdog() const { send("WATCHDOG=1"); }
    void stopping() const { send("STOPPING=1"); }

  private:
    int fd_ = -1;
    std::string path_;
    std::optional<std::chrono::milliseconds> watchdog_;
};

}  // namespace b2k::ops
