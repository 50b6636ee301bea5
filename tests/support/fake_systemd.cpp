#include "support/fake_systemd.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace b2k::test {

FakeSystemd::FakeSystemd(const std::filesystem::path& dir) {
    path_ = dir.empty() ? (std::filesystem::temp_directory_path() /
                           ("b2k-notify-" + std::to_string(::getpid()) + ".sock"))
                              .string()
                        : (dir / "notify.sock").string();
    sockaddr_un addr{};
    if (path_.size() >= sizeof(addr.sun_path)) {
        throw std::runtime_error("notify socket path too long for a unix socket: " + path_);
    }
    ::unlink(path_.c_str());
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0)
        throw std::runtime_error("socket(AF_UNIX, SOCK_DGRAM): " + std::string(strerror(errno)));
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path_.c_str(), path_.size());
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        const std::string why = strerror(errno);
        ::close(fd_);
        throw std::runtime_error("cannot bind the notify socket " + path_ + ": " + why);
    }
    timeval tv{2, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

FakeSystemd::~FakeSystemd() {
    stop_ = true;
    if (collector_.joinable()) collector_.join();
    ::close(fd_);
    ::unlink(path_.c_str());
}

std::string FakeSystemd::receive() {
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("<nothing>");
}

void FakeSystemd::collect() {
    timeval tv{0, 100'000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    collector_ = std::thread([this] {
        while (!stop_) {
            char buf[4096];
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) continue;
            const std::lock_guard lock(mutex_);
            messages_.emplace_back(buf, static_cast<std::size_t>(n));
        }
    });
}

std::vector<std::string> FakeSystemd::messages() const {
    const std::lock_guard lock(mutex_);
    return messages_;
}

}  // namespace b2k::test
