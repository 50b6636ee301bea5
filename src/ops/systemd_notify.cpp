#include "ops/systemd_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace b2k::ops {

SystemdNotify::SystemdNotify() {
    const char* socket_path = std::getenv("NOTIFY_SOCKET");
    if (socket_path == nullptr || socket_path[0] == '\0') return;
    path_ = socket_path;
    if (path_.size() >= sizeof(sockaddr_un{}.sun_path)) return;
    if (path_[0] != '/' && path_[0] != '@') return;
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (const char* usec = std::getenv("WATCHDOG_USEC")) {
        const char* pid = std::getenv("WATCHDOG_PID");
        const bool ours = pid == nullptr || std::strtol(pid, nullptr, 10) == ::getpid();
        const long long us = std::strtoll(usec, nullptr, 10);
        if (ours && us > 0) watchdog_ = std::chrono::milliseconds(us / 2000);
    }
}

SystemdNotify::~SystemdNotify() {
    if (fd_ >= 0) ::close(fd_);
}

void SystemdNotify::send(std::string_view state) const {
    if (fd_ < 0) return;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path_.data(), path_.size());
    if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';  // abstract namespace
    const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path_.size());
    // Best effort, as sd_notify: a lost notification must not stop the daemon.
    (void)::sendto(fd_, state.data(), state.size(), MSG_NOSIGNAL,
                   reinterpret_cast<const sockaddr*>(&addr), len);
}

}  // namespace b2k::ops
