#include "ops/systemd_notify.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

namespace b2k::ops {
namespace {

// A datagram socket standing in for systemd's notify socket.
class FakeSystemd {
  public:
    FakeSystemd() {
        path_ = (std::filesystem::temp_directory_path() /
                 ("b2k-notify-" + std::to_string(::getpid()) + ".sock"))
                    .string();
        ::unlink(path_.c_str());
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path_.c_str(), sizeof(addr.sun_path) - 1);
        EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        timeval tv{2, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~FakeSystemd() {
        ::close(fd_);
        ::unlink(path_.c_str());
    }
    std::string receive() {
        char buf[512];
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("<nothing>");
    }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
    int fd_ = -1;
};

TEST(SystemdNotify, SendsStatesToTheNotifySocket) {
    FakeSystemd systemd;
    ::setenv("NOTIFY_SOCKET", systemd.path().c_str(), 1);
    ::setenv("WATCHDOG_USEC", "30000000", 1);
    ::unsetenv("WATCHDOG_PID");
    SystemdNotify n;
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    ASSERT_TRUE(n.active());
    ASSERT_TRUE(n.watchdog_interval().has_value());
    EXPECT_EQ(n.watchdog_interval()->count(), 15000);  // half of WatchdogSec
    n.ready();
    EXPECT_EQ(systemd.receive(), "READY=1");
    n.status("streaming; read mysql-bin.000001:4");
    EXPECT_EQ(systemd.receive(), "STATUS=streaming; read mysql-bin.000001:4");
    n.watchdog();
    EXPECT_EQ(systemd.receive(), "WATCHDOG=1");
    n.stopping();
    EXPECT_EQ(systemd.receive(), "STOPPING=1");
}

TEST(SystemdNotify, InactiveWithoutSystemd) {
    ::unsetenv("NOTIFY_SOCKET");
    SystemdNotify n;
    EXPECT_FALSE(n.active());
    n.ready();  // a no-op, not a crash
}

TEST(SystemdNotify, WatchdogOfAnotherProcessIsNotOurs) {
    FakeSystemd systemd;
    ::setenv("NOTIFY_SOCKET", systemd.path().c_str(), 1);
    ::setenv("WATCHDOG_USEC", "30000000", 1);
    ::setenv("WATCHDOG_PID", "1", 1);
    SystemdNotify n;
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
    EXPECT_TRUE(n.active());
    EXPECT_FALSE(n.watchdog_interval().has_value());
}

}  // namespace
}  // namespace b2k::ops
